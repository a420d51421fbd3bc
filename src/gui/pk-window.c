/* pk-window.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pk-format.h"
#include "pk-home-page.h"
#include "pk-window.h"

struct _PkWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkLabel             *office_label;
  GtkLabel             *operator_label;
  GtkLabel             *clock_label;
  GtkStack             *stack;
  PkHomePage           *home_page;

  /* owned */
  PkSettings           *settings;
  GCancellable         *cancellable;
  guint                 clock_source;

  PkLanguage            language;
  gboolean              kiosk;
  gboolean              training;
};

G_DEFINE_FINAL_TYPE (PkWindow, pk_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_LANGUAGE,
  PROP_KIOSK,
  PROP_TRAINING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean clock_tick_cb (gpointer data);

/* The clock shows minutes, so it wakes once a minute, on the minute, not every second. */
static void
schedule_clock (PkWindow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint ms = (guint) (60 - g_date_time_get_second (now)) * 1000 -
             (guint) (g_date_time_get_microsecond (now) / 1000 % 1000);

  self->clock_source = g_timeout_add_full (G_PRIORITY_LOW, MAX (ms, 50), clock_tick_cb, self, NULL);
}

static void
update_clock (PkWindow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = pk_format_date_long (now, self->language);
  g_autofree char *time = pk_format_time (now, self->language);
  /* TRANSLATORS: the header clock: the long Jalali date, then the time ("Saturday 30 Aban 1405,
   * 14:05"). Keep the order; Persian reads "%s، ساعت %s". */
  g_autofree char *text = g_strdup_printf (_("%s, %s"), date, time);

  gtk_label_set_label (self->clock_label, text);
}

static gboolean
clock_tick_cb (gpointer data)
{
  PkWindow *self = data;

  update_clock (self);
  schedule_clock (self);
  return G_SOURCE_REMOVE;
}

static void
update_office (PkWindow   *self,
               GParamSpec *pspec,
               PkSettings *settings)
{
  const char *code = pk_settings_get_office_code (settings);

  if (code == NULL || *code == '\0')
    gtk_label_set_label (self->office_label, _("Office not set"));
  else
    {
      g_autofree char *digits = pk_format_digits (code, self->language);
      /* TRANSLATORS: the counter office's code in the header, e.g. "Office 12034" */
      g_autofree char *text = g_strdup_printf (_("Office %s"), digits);

      gtk_label_set_label (self->office_label, text);
    }
}

static gboolean
pk_window_not (gpointer  instance,
               gboolean  value)
{
  return !value;
}

static void
go_home_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PkWindow *self = PK_WINDOW (widget);

  gtk_stack_set_visible_child_name (self->stack, "home");
}

static void
pk_window_constructed (GObject *object)
{
  PkWindow *self = PK_WINDOW (object);
  PkSettings *settings = self->settings;

  G_OBJECT_CLASS (pk_window_parent_class)->constructed (object);

  g_assert (PK_IS_SETTINGS (settings));

  g_object_bind_property (settings, "device-role", self->home_page, "device-role",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (settings, "notify::office-code", G_CALLBACK (update_office), self,
                           G_CONNECT_SWAPPED);
  update_office (self, NULL, settings);
  gtk_label_set_label (self->operator_label, _("Not signed in"));

  update_clock (self);
  schedule_clock (self);

  if (self->kiosk)
    {
      /* A kiosk shows nothing of the desktop and offers no way out by the window frame. */
      gtk_window_set_decorated (GTK_WINDOW (self), FALSE);
      gtk_window_set_deletable (GTK_WINDOW (self), FALSE);
      gtk_window_fullscreen (GTK_WINDOW (self));
    }
}

static void
pk_window_dispose (GObject *object)
{
  PkWindow *self = PK_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->clock_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), PK_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pk_window_parent_class)->dispose (object);
}

static void
pk_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PkWindow *self = PK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_LANGUAGE:
      g_value_set_enum (value, self->language);
      break;
    case PROP_KIOSK:
      g_value_set_boolean (value, self->kiosk);
      break;
    case PROP_TRAINING:
      g_value_set_boolean (value, self->training);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PkWindow *self = PK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_LANGUAGE:
      self->language = g_value_get_enum (value);
      break;
    case PROP_KIOSK:
      self->kiosk = g_value_get_boolean (value);
      break;
    case PROP_TRAINING:
      self->training = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_window_class_init (PkWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pk_window_constructed;
  object_class->dispose = pk_window_dispose;
  object_class->get_property = pk_window_get_property;
  object_class->set_property = pk_window_set_property;

  /* Construct-only: they come from the application's command line and settings. */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, PK_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE] =
    g_param_spec_enum ("language", NULL, NULL, PK_TYPE_LANGUAGE, PK_LANGUAGE_PERSIAN,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIOSK] =
    g_param_spec_boolean ("kiosk", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRAINING] =
    g_param_spec_boolean ("training", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "win.go-home", NULL, go_home_activated);

  g_type_ensure (PK_TYPE_HOME_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, PK_RESOURCE_PATH "/pk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PkWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PkWindow, office_label);
  gtk_widget_class_bind_template_child (widget_class, PkWindow, operator_label);
  gtk_widget_class_bind_template_child (widget_class, PkWindow, clock_label);
  gtk_widget_class_bind_template_child (widget_class, PkWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PkWindow, home_page);
  gtk_widget_class_bind_template_callback (widget_class, pk_window_not);
}

static void
pk_window_init (PkWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

PkWindow *
pk_window_new (PkApplication *application)
{
  g_return_val_if_fail (PK_IS_APPLICATION (application), NULL);

  return g_object_new (PK_TYPE_WINDOW,
                       "application", application,
                       "settings", pk_application_get_settings (application),
                       "language", pk_application_get_language (application),
                       "kiosk", pk_application_get_kiosk (application),
                       "training", pk_application_get_training (application),
                       NULL);
}

gboolean
pk_window_get_kiosk (PkWindow *self)
{
  g_return_val_if_fail (PK_IS_WINDOW (self), FALSE);
  return self->kiosk;
}

gboolean
pk_window_get_training (PkWindow *self)
{
  g_return_val_if_fail (PK_IS_WINDOW (self), FALSE);
  return self->training;
}

/**
 * pk_window_get_visible_page:
 *
 * Returns: the name of the page on screen ("home", …).
 */
const char *
pk_window_get_visible_page (PkWindow *self)
{
  g_return_val_if_fail (PK_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}
