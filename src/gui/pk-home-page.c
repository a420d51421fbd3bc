/* pk-home-page.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pk-enum-types.h"
#include "pk-home-page.h"

/* The start page: one large tile per task. A tile's action is enabled only once the window has
 * a page for its task, so a tile never leads nowhere. */
struct _PkHomePage
{
  GtkWidget     parent_instance;

  /* template widgets */
  GtkWidget    *parcel_tile;
  GtkWidget    *inquiry_tile;
  GtkWidget    *permit_tile;
  GtkWidget    *status_tile;
  GtkWidget    *verify_tile;
  GtkWidget    *report_tile;

  PkDeviceRole  device_role;
  PkApiRole     role;
};

G_DEFINE_FINAL_TYPE (PkHomePage, pk_home_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DEVICE_ROLE,
  PROP_ROLE,
  N_PROPS
};

enum {
  TASK_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const tasks[] = { "parcel", "inquiry", "permit", "status", "verify", "report" };

static void
task_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_assert (g_str_has_prefix (action_name, "home."));
  g_signal_emit (widget, signals[TASK_ACTIVATED], 0, action_name + strlen ("home."));
}

static void
update_tiles (PkHomePage *self)
{
  gboolean kiosk = self->device_role == PK_DEVICE_ROLE_KIOSK || self->role == PK_API_ROLE_KIOSK;
  gboolean supervisor = self->role == PK_API_ROLE_SUPERVISOR;

  /* A self-service kiosk never takes submissions; it looks things up and verifies. Only a
   * supervisor sees the day's log. The server enforces the same; this only hides. */
  gtk_widget_set_visible (self->parcel_tile, !kiosk);
  gtk_widget_set_visible (self->permit_tile, !kiosk);
  gtk_widget_set_visible (self->report_tile, !kiosk && supervisor);
}

static void
pk_home_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PK_TYPE_HOME_PAGE);
  G_OBJECT_CLASS (pk_home_page_parent_class)->dispose (object);
}

static void
pk_home_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PkHomePage *self = PK_HOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_DEVICE_ROLE:
      g_value_set_enum (value, self->device_role);
      break;
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_home_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PkHomePage *self = PK_HOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_DEVICE_ROLE:
      pk_home_page_set_device_role (self, g_value_get_enum (value));
      break;
    case PROP_ROLE:
      pk_home_page_set_role (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_home_page_class_init (PkHomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pk_home_page_dispose;
  object_class->get_property = pk_home_page_get_property;
  object_class->set_property = pk_home_page_set_property;

  properties[PROP_DEVICE_ROLE] =
    g_param_spec_enum ("device-role", NULL, NULL, PK_TYPE_DEVICE_ROLE, PK_DEVICE_ROLE_OPERATOR,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, PK_TYPE_API_ROLE, PK_API_ROLE_UNKNOWN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PkHomePage::task-activated:
   * @task: "parcel", "inquiry", "permit", "status", "verify" or "report"
   */
  signals[TASK_ACTIVATED] =
    g_signal_new ("task-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
    {
      g_autofree char *name = g_strconcat ("home.", tasks[i], NULL);

      gtk_widget_class_install_action (widget_class, name, NULL, task_activated);
    }

  gtk_widget_class_set_template_from_resource (widget_class, PK_RESOURCE_PATH "/pk-home-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PkHomePage, parcel_tile);
  gtk_widget_class_bind_template_child (widget_class, PkHomePage, inquiry_tile);
  gtk_widget_class_bind_template_child (widget_class, PkHomePage, permit_tile);
  gtk_widget_class_bind_template_child (widget_class, PkHomePage, status_tile);
  gtk_widget_class_bind_template_child (widget_class, PkHomePage, verify_tile);
  gtk_widget_class_bind_template_child (widget_class, PkHomePage, report_tile);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pkhomepage");
}

static void
pk_home_page_init (PkHomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
    {
      g_autofree char *name = g_strconcat ("home.", tasks[i], NULL);

      gtk_widget_action_set_enabled (GTK_WIDGET (self), name, FALSE);
    }
  update_tiles (self);
}

GtkWidget *
pk_home_page_new (void)
{
  return g_object_new (PK_TYPE_HOME_PAGE, NULL);
}

PkDeviceRole
pk_home_page_get_device_role (PkHomePage *self)
{
  g_return_val_if_fail (PK_IS_HOME_PAGE (self), PK_DEVICE_ROLE_OPERATOR);
  return self->device_role;
}

void
pk_home_page_set_device_role (PkHomePage   *self,
                              PkDeviceRole  device_role)
{
  g_return_if_fail (PK_IS_HOME_PAGE (self));

  if (self->device_role == device_role)
    return;
  self->device_role = device_role;
  update_tiles (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE_ROLE]);
}

PkApiRole
pk_home_page_get_role (PkHomePage *self)
{
  g_return_val_if_fail (PK_IS_HOME_PAGE (self), PK_API_ROLE_UNKNOWN);
  return self->role;
}

/**
 * pk_home_page_set_role:
 * @role: the role of the signed-in account
 */
void
pk_home_page_set_role (PkHomePage *self,
                       PkApiRole   role)
{
  g_return_if_fail (PK_IS_HOME_PAGE (self));

  if (self->role == role)
    return;
  self->role = role;
  update_tiles (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}

/**
 * pk_home_page_set_task_available:
 * @task: one of the task names of #PkHomePage::task-activated
 *
 * Enables the tile of @task; the window calls it for each task it has a page for.
 */
void
pk_home_page_set_task_available (PkHomePage *self,
                                 const char *task,
                                 gboolean    available)
{
  g_autofree char *name = NULL;

  g_return_if_fail (PK_IS_HOME_PAGE (self));
  g_return_if_fail (g_strv_contains (tasks, task));

  name = g_strconcat ("home.", task, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), name, available);
}
