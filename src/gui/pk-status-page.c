/* pk-status-page.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pk-api-error.h"
#include "pk-enum-types.h"
#include "pk-format.h"
#include "pk-gui-util.h"
#include "pk-keypad.h"
#include "pk-page-context.h"
#include "pk-resettable.h"
#include "pk-status-page.h"
#include "pk-validate.h"

/* Where an application stands: its status and timeline by tracking code. On a kiosk the citizen
 * also gives the national ID of an applicant — the server refuses kiosks without it, so a
 * tracking code seen over someone's shoulder is not enough. */
struct _PkStatusPage
{
  GtkWidget         parent_instance;

  /* template widgets */
  GtkEntry         *tracking_entry;
  GtkLabel         *national_id_label;
  GtkEntry         *national_id_entry;
  GtkLabel         *error_label;
  GtkSpinner       *spinner;
  PkKeypad         *keypad;
  GtkWidget        *result_box;
  GtkLabel         *status_label;
  GtkLabel         *summary_label;
  GtkListBox       *timeline_list;
  GtkWidget        *permit_button;

  /* owned */
  PkPageContext    *context;
  PkApiClient      *client;
  PkSettings       *settings;
  PkApiApplication *application;
  GCancellable     *cancellable;

  PkLanguage        language;
  gboolean          needs_national_id;
};

static void
reset_page (PkResettable *resettable)
{
  pk_status_page_reset (PK_STATUS_PAGE (resettable));
}

static void
pk_status_page_resettable_iface_init (PkResettableInterface *iface)
{
  iface->reset = reset_page;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (PkStatusPage, pk_status_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (PK_TYPE_RESETTABLE,
                                                      pk_status_page_resettable_iface_init))

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PERMIT_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * pk_application_status_to_string:
 *
 * Returns: the status in words, for people
 */
const char *
pk_application_status_to_string (PkApiApplicationStatus status)
{
  switch (status)
    {
    case PK_API_APPLICATION_STATUS_SUBMITTED:
      return _("Received");
    case PK_API_APPLICATION_STATUS_UNDER_REVIEW:
      return _("Under review");
    case PK_API_APPLICATION_STATUS_APPROVED:
      return _("Approved");
    case PK_API_APPLICATION_STATUS_PERMIT_ISSUED:
      return _("Permit issued");
    case PK_API_APPLICATION_STATUS_REJECTED:
      return _("Rejected");
    case PK_API_APPLICATION_STATUS_UNKNOWN:
    default:
      return _("Unknown status");
    }
}

static void
show_error (PkStatusPage *self,
            const char   *message)
{
  pk_gui_show_error (self->error_label, message);
}

static void
set_busy (PkStatusPage *self,
          gboolean      busy)
{
  pk_gui_show_busy (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "status.look-up", !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
forget (PkStatusPage *self)
{
  GtkWidget *child;

  g_clear_pointer (&self->application, pk_api_application_unref);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->timeline_list))))
    gtk_list_box_remove (self->timeline_list, child);
  gtk_widget_set_visible (self->result_box, FALSE);
}

static void
show_application (PkStatusPage     *self,
                  PkApiApplication *application)
{
  PkAmountUnit unit = pk_settings_get_amount_unit (self->settings);
  g_autofree char *total = pk_format_amount (application->total_rial, unit, self->language);
  g_autofree char *paid = pk_format_amount (application->paid_rial, unit, self->language);
  g_autofree char *summary = NULL;

  forget (self);
  gtk_label_set_label (self->status_label, pk_application_status_to_string (application->status));
  if (application->permit_no != NULL)
    {
      g_autofree char *permit = pk_format_identifier (application->permit_no, self->language);
      /* TRANSLATORS: fees of an application, and the number of its issued permit */
      summary = g_strdup_printf (_("Fees %s, paid %s. Permit number %s."), total, paid, permit);
    }
  else
    /* TRANSLATORS: fees of an application: the total and what was paid */
    summary = g_strdup_printf (_("Fees %s, paid %s."), total, paid);
  gtk_label_set_label (self->summary_label, summary);

  /* Newest first: the citizen wants to know what happened last. */
  for (guint i = application->timeline->len; i > 0; i--)
    {
      PkApiTimelineEntry *entry = g_ptr_array_index (application->timeline, i - 1);
      g_autofree char *when = entry->at ? pk_format_date_time (entry->at, self->language)
                                        : g_strdup ("");
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     pk_application_status_to_string (entry->status));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), entry->note_fa ? entry->note_fa : "");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_label_new (when));
      gtk_list_box_append (self->timeline_list, row);
    }

  self->application = pk_api_application_ref (application);
  gtk_widget_set_visible (self->permit_button, application->permit_no != NULL);
  gtk_widget_set_visible (self->result_box, TRUE);
}

static void
application_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PkStatusPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiApplication) application =
    pk_api_client_get_application_finish (PK_API_CLIENT (source), result, &error);

  if (g_error_matches (error, PK_API_ERROR, PK_API_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  if (application != NULL)
    show_application (self, application);
  else if (g_error_matches (error, PK_API_ERROR, PK_API_ERROR_NOT_FOUND))
    /* The same words whether the code is unknown or the ID does not match: a kiosk must not
     * confirm which tracking codes exist. */
    show_error (self, _("No application matches this tracking code and national ID."));
  else
    show_error (self, pk_api_error_to_user_message (error));
}

/**
 * pk_status_page_look_up:
 * @national_id: (nullable): an applicant's national ID; required when the page needs one
 */
void
pk_status_page_look_up (PkStatusPage *self,
                        const char   *tracking_code,
                        const char   *national_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *id = NULL;

  g_return_if_fail (PK_IS_STATUS_PAGE (self));
  g_return_if_fail (tracking_code != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  forget (self);

  if (!pk_validate_tracking_code (tracking_code, &code, &error))
    {
      set_busy (self, FALSE);
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->tracking_entry));
      return;
    }
  if ((self->needs_national_id || (national_id && *national_id)) &&
      !pk_validate_national_id (national_id ? national_id : "", &id, &error))
    {
      set_busy (self, FALSE);
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->national_id_entry));
      return;
    }

  show_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  pk_api_client_get_application_async (self->client, code, id, self->cancellable, application_cb,
                                       g_object_ref (self));
}

static void
look_up_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PkStatusPage *self = PK_STATUS_PAGE (widget);

  pk_status_page_look_up (self, gtk_editable_get_text (GTK_EDITABLE (self->tracking_entry)),
                          gtk_editable_get_text (GTK_EDITABLE (self->national_id_entry)));
}

static void
permit_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PkStatusPage *self = PK_STATUS_PAGE (widget);

  if (self->application != NULL && self->application->permit_no != NULL)
    g_signal_emit (self, signals[PERMIT_REQUESTED], 0, self->application->permit_no);
}

static void
entry_activate_cb (PkStatusPage *self,
                   GtkEntry     *entry)
{
  if (entry == self->tracking_entry)
    gtk_widget_grab_focus (GTK_WIDGET (self->national_id_entry));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "status.look-up", NULL);
}

static void
entry_changed_cb (PkStatusPage *self)
{
  show_error (self, NULL);
}

/* The keypad types into whichever field the citizen last touched. */
static void
focus_enter_cb (GtkEventControllerFocus *controller,
                PkStatusPage            *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  pk_keypad_set_target (self->keypad, GTK_EDITABLE (entry));
}

static void
pk_status_page_dispose (GObject *object)
{
  PkStatusPage *self = PK_STATUS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PK_TYPE_STATUS_PAGE);
  g_clear_object (&self->context);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->application, pk_api_application_unref);

  G_OBJECT_CLASS (pk_status_page_parent_class)->dispose (object);
}

static void
pk_status_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PkStatusPage *self = PK_STATUS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, pk_status_page_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_status_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PkStatusPage *self = PK_STATUS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      g_set_object (&self->client, pk_page_context_get_client (self->context));
      g_set_object (&self->settings, pk_page_context_get_settings (self->context));
      self->language = pk_page_context_get_language (self->context);
      pk_keypad_set_language (self->keypad, self->language);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_status_page_class_init (PkStatusPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = pk_status_page_dispose;
  object_class->get_property = pk_status_page_get_property;
  object_class->set_property = pk_status_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PK_TYPE_PAGE_CONTEXT, construct);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PkStatusPage::permit-requested:
   * @permit_no: the number of the application's issued permit
   */
  signals[PERMIT_REQUESTED] =
    g_signal_new ("permit-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "status.look-up", NULL, look_up_activated);
  gtk_widget_class_install_action (widget_class, "status.permit", NULL, permit_activated);

  g_type_ensure (PK_TYPE_KEYPAD);
  gtk_widget_class_set_template_from_resource (widget_class, PK_RESOURCE_PATH "/pk-status-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PkStatusPage, tracking_entry);
  gtk_widget_class_bind_template_child (widget_class, PkStatusPage, national_id_label);
  gtk_widget_class_bind_template_child (widget_class, PkStatusPage, national_id_entry);
  gtk_widget_class_bind_template_child (widget_class, PkStatusPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, PkStatusPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PkStatusPage, keypad);
  gtk_widget_class_bind_template_child (widget_class, PkStatusPage, result_box);
  gtk_widget_class_bind_template_child (widget_class, PkStatusPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, PkStatusPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PkStatusPage, timeline_list);
  gtk_widget_class_bind_template_child (widget_class, PkStatusPage, permit_button);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pkstatuspage");
}

static void
pk_status_page_init (PkStatusPage *self)
{
  GtkEntry *entries[] = { NULL, NULL };

  gtk_widget_init_template (GTK_WIDGET (self));
  entries[0] = self->tracking_entry;
  entries[1] = self->national_id_entry;
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();

      g_signal_connect (focus, "enter", G_CALLBACK (focus_enter_cb), self);
      gtk_widget_add_controller (GTK_WIDGET (entries[i]), focus);
    }
  pk_keypad_set_target (self->keypad, GTK_EDITABLE (self->tracking_entry));
}

GtkWidget *
pk_status_page_new (PkPageContext *context)
{
  g_return_val_if_fail (PK_IS_PAGE_CONTEXT (context), NULL);
  g_return_val_if_fail (PK_IS_SETTINGS (pk_page_context_get_settings (context)), NULL);

  return g_object_new (PK_TYPE_STATUS_PAGE, "context", context, NULL);
}

/**
 * pk_status_page_set_needs_national_id:
 *
 * Kiosks must give an applicant's national ID with the tracking code; operators may.
 */
void
pk_status_page_set_needs_national_id (PkStatusPage *self,
                                      gboolean      needs)
{
  g_return_if_fail (PK_IS_STATUS_PAGE (self));

  self->needs_national_id = needs;
  gtk_label_set_label (self->national_id_label,
                       needs ? _("National ID of an applicant")
                             : _("National ID of an applicant (optional)"));
}

PkApiApplication *
pk_status_page_get_application (PkStatusPage *self)
{
  g_return_val_if_fail (PK_IS_STATUS_PAGE (self), NULL);
  return self->application;
}

gboolean
pk_status_page_get_busy (PkStatusPage *self)
{
  g_return_val_if_fail (PK_IS_STATUS_PAGE (self), FALSE);
  return self->cancellable != NULL;
}

/**
 * pk_status_page_reset:
 *
 * Forgets the codes typed and the answer: the next citizen sees nothing of this one's.
 */
void
pk_status_page_reset (PkStatusPage *self)
{
  g_return_if_fail (PK_IS_STATUS_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->tracking_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->national_id_entry), "");
  show_error (self, NULL);
  forget (self);
}
