/* pk-window.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one window and its header: which page shows, the session (login, expiry, logout), the
 * clock and the queue badge. The kiosk's idle wipe is in pk-window-idle.c.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pk-api-error.h"
#include "pk-format.h"
#include "pk-home-page.h"
#include "pk-inquiry-page.h"
#include "pk-login-page.h"
#include "pk-page-context.h"
#include "pk-parcel-page.h"
#include "pk-permit-page.h"
#include "pk-permit-wizard.h"
#include "pk-resettable.h"
#include "pk-sandbox-server.h"
#include "pk-status-page.h"
#include "pk-verify-page.h"
#include "pk-window-private.h"

G_DEFINE_FINAL_TYPE (PkWindow, pk_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_IDLE_TIMEOUT_MS,
  PROP_CLIENT,
  PROP_OUTBOX,
  PROP_SENDER,
  PROP_TRUST_LIST,
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

  if (self->session != NULL)
    code = self->session->office_code;

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

/* Focus leaves the old page before it is hidden: a focused text field that gets unmapped makes
 * GTK 4.8 warn and keeps the on-screen input method attached to a hidden field. */
void
pk_window_show_page (PkWindow   *self,
                     const char *name)
{
  gtk_root_set_focus (GTK_ROOT (self), NULL);
  gtk_stack_set_visible_child_name (self->stack, name);
}

/* The header tells how many saved applications have not reached the municipality yet, and
 * which failed for good; a touch sends the waiting ones now instead of after the back-off. */
static void
update_queue (PkWindow *self)
{
  guint waiting = pk_outbox_get_n_pending (self->outbox) + pk_outbox_get_n_sending (self->outbox);
  guint failed = pk_outbox_get_n_failed (self->outbox);
  g_autofree char *n_waiting = pk_format_integer (waiting, self->language);
  g_autofree char *n_failed = pk_format_integer (failed, self->language);
  g_autofree char *text = NULL;

  if (failed > 0)
    /* TRANSLATORS: the outbox in the header: applications waiting to be sent, and failed ones */
    text = g_strdup_printf (_("%s waiting · %s failed"), n_waiting, n_failed);
  else
    /* TRANSLATORS: the outbox in the header: applications waiting to be sent */
    text = g_strdup_printf (_("%s waiting to send"), n_waiting);
  gtk_label_set_label (self->queue_label, text);
  gtk_widget_set_visible (self->queue_button, waiting + failed > 0);
  if (failed > 0)
    gtk_widget_add_css_class (self->queue_button, "error");
  else
    gtk_widget_remove_css_class (self->queue_button, "error");
}

static void
send_now_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PkWindow *self = PK_WINDOW (widget);

  pk_outbox_sender_wake (self->sender);
}

static void
go_home_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PkWindow *self = PK_WINDOW (widget);

  if (self->session != NULL)
    pk_window_show_page (self, "home");
}

static const char *
role_label (PkApiRole role)
{
  switch (role)
    {
    case PK_API_ROLE_SUPERVISOR:
      return _("Supervisor");
    case PK_API_ROLE_KIOSK:
      return _("Kiosk");
    case PK_API_ROLE_OPERATOR:
    case PK_API_ROLE_UNKNOWN:
    default:
      return _("Operator");
    }
}

static void
update_session_widgets (PkWindow *self)
{
  gboolean signed_in = self->session != NULL;

  if (signed_in)
    {
      const char *name = self->session->display_name ? self->session->display_name
                                                     : self->session->username;
      /* TRANSLATORS: the signed-in person in the header: name · role */
      g_autofree char *text = g_strdup_printf (_("%s · %s"), name,
                                               role_label (self->session->role));

      gtk_label_set_label (self->operator_label, text);
      pk_home_page_set_role (self->home_page, self->session->role);
      pk_status_page_set_needs_national_id (self->status_page,
                                            self->session->role == PK_API_ROLE_KIOSK);
    }
  else
    gtk_label_set_label (self->operator_label, _("Not signed in"));

  update_office (self, NULL, self->settings);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.logout", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.go-home", signed_in);
}

/* Whatever one person entered must not be there for the next. */
void
pk_window_reset_pages (PkWindow *self)
{
  gpointer pages[] = {
    self->parcel_page, self->inquiry_page, self->status_page, self->permit_wizard,
    self->verify_page, self->permit_page,
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    pk_resettable_reset (PK_RESETTABLE (pages[i]));
}

static void
signed_in_cb (PkWindow     *self,
              PkApiSession *session)
{
  gboolean same_person = self->resume_page != NULL && self->session != NULL &&
                         g_strcmp0 (self->session->username, session->username) == 0 &&
                         g_strcmp0 (self->session->office_code, session->office_code) == 0;
  g_autofree char *resume = g_steal_pointer (&self->resume_page);

  g_clear_pointer (&self->session, pk_api_session_unref);
  self->session = pk_api_session_ref (session);
  update_session_widgets (self);

  /* After a session ran out, the same person goes back to the page they were on, with
   * everything they had entered; anyone else starts from home with clean pages. */
  if (same_person && resume != NULL)
    pk_window_show_page (self, resume);
  else
    {
      pk_window_reset_pages (self);
      pk_window_show_page (self, "home");
    }
}

static void
show_login (PkWindow   *self,
            const char *message)
{
  const char *office = pk_settings_get_office_code (self->settings);
  const char *username = NULL;

  if (self->session != NULL)
    {
      office = self->session->office_code;
      username = self->session->username;
    }
  pk_login_page_reset (self->login_page, office, username, message);
  pk_window_show_page (self, "login");
}

static void
token_expired_cb (PkWindow    *self,
                  PkApiClient *client)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (page, "login") == 0)
    return;

  /* The pages keep their widgets and data; only the login is put in front of them. */
  g_free (self->resume_page);
  self->resume_page = g_strdup (page);
  show_login (self, _("Your session has expired. Sign in again to continue; nothing you entered is lost."));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.go-home", FALSE);
}

gboolean
pk_window_is_kiosk (PkWindow *self)
{
  return pk_settings_get_device_role (self->settings) == PK_DEVICE_ROLE_KIOSK ||
         (self->session != NULL && self->session->role == PK_API_ROLE_KIOSK);
}

static void
logout_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Signing out locally never waits for the server; a failed revoke only goes to the log. */
  if (!pk_api_client_logout_finish (PK_API_CLIENT (source), result, &error) &&
      !g_error_matches (error, PK_API_ERROR, PK_API_ERROR_CANCELLED))
    g_message ("Logout on the server failed: %s", error->message);
}

static void
task_activated_cb (PkWindow   *self,
                   const char *task)
{
  if (self->session == NULL)
    return;
  /* An inquiry starts from its parcel: find it first, then ask from its card. */
  if (g_str_equal (task, "parcel") || g_str_equal (task, "inquiry"))
    pk_window_show_page (self, "parcel");
  else if (g_str_equal (task, "status"))
    pk_window_show_page (self, "status");
  else if (g_str_equal (task, "verify"))
    {
      pk_window_show_page (self, "verify");
      pk_verify_page_opened (self->verify_page);
    }
  else if (g_str_equal (task, "permit"))
    {
      const char *name = self->session->display_name ? self->session->display_name
                                                     : self->session->username;

      /* A new application starts clean unless one is half-way through. */
      if (g_strcmp0 (pk_permit_wizard_get_step (self->permit_wizard), "service") == 0 ||
          pk_permit_wizard_get_saved_item (self->permit_wizard) != NULL)
        pk_permit_wizard_start (self->permit_wizard, NULL, name);
      pk_window_show_page (self, "permit");
    }
}

static void
permit_requested_cb (PkWindow   *self,
                     const char *permit_no)
{
  const char *name;

  if (self->session == NULL)
    return;
  name = self->session->display_name ? self->session->display_name : self->session->username;
  /* Kiosks print silently to their configured printer; operators choose in the print dialog. */
  pk_permit_page_show_permit (self->permit_page, permit_no,
                              self->session->office_name ? self->session->office_name
                                                         : self->session->office_code,
                              name, pk_window_is_kiosk (self));
  pk_window_show_page (self, "permit-print");
}

static void
inquiry_requested_cb (PkWindow    *self,
                      PkApiParcel *parcel)
{
  const char *name;

  if (self->session == NULL)
    return;
  name = self->session->display_name ? self->session->display_name : self->session->username;
  pk_inquiry_page_set_operator (self->inquiry_page, self->session->office_name
                                                      ? self->session->office_name
                                                      : self->session->office_code, name);
  pk_inquiry_page_set_parcel (self->inquiry_page, parcel);
  pk_window_show_page (self, "inquiry");
}

static void
logout_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PkWindow *self = PK_WINDOW (widget);
  g_autoptr(PkApiSession) old = g_steal_pointer (&self->session);

  if (old == NULL)
    return;

  pk_api_client_logout_async (self->client, NULL, logout_cb, NULL);
  g_clear_pointer (&self->resume_page, g_free);
  pk_window_reset_pages (self);
  update_session_widgets (self);
  pk_login_page_reset (self->login_page, old->office_code, NULL, NULL);
  pk_window_show_page (self, "login");
}

static void
pk_window_constructed (GObject *object)
{
  PkWindow *self = PK_WINDOW (object);
  PkSettings *settings = self->settings;
  g_autoptr(PkPageContext) context = NULL;

  G_OBJECT_CLASS (pk_window_parent_class)->constructed (object);

  g_assert (PK_IS_SETTINGS (settings));
  g_assert (PK_IS_API_CLIENT (self->client));
  g_assert (PK_IS_OUTBOX (self->outbox));
  g_assert (PK_IS_OUTBOX_SENDER (self->sender));

  g_signal_connect_object (self->outbox, "changed", G_CALLBACK (update_queue), self,
                           G_CONNECT_SWAPPED);
  update_queue (self);

  g_object_bind_property (settings, "device-role", self->home_page, "device-role",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (settings, "notify::office-code", G_CALLBACK (update_office), self,
                           G_CONNECT_SWAPPED);

  self->login_page = PK_LOGIN_PAGE (pk_login_page_new (self->client));
  g_signal_connect_object (self->login_page, "signed-in", G_CALLBACK (signed_in_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->login_page), "login");

  /* One context for every page: what they work with comes from here, not from each page. */
  context = g_object_new (PK_TYPE_PAGE_CONTEXT,
                          "client", self->client,
                          "settings", settings,
                          "language", self->language,
                          "journal", pk_outbox_sender_get_journal (self->sender),
                          "outbox", self->outbox,
                          "trust-list", self->trust_list,
                          NULL);

  self->parcel_page = PK_PARCEL_PAGE (pk_parcel_page_new (context));
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->parcel_page), "parcel");
  pk_home_page_set_task_available (self->home_page, "parcel", TRUE);
  g_signal_connect_object (self->parcel_page, "inquiry-requested",
                           G_CALLBACK (inquiry_requested_cb), self, G_CONNECT_SWAPPED);

  self->inquiry_page = PK_INQUIRY_PAGE (pk_inquiry_page_new (context));
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->inquiry_page), "inquiry");
  pk_home_page_set_task_available (self->home_page, "inquiry", TRUE);

  self->permit_wizard = g_object_new (PK_TYPE_PERMIT_WIZARD, "context", context, NULL);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->permit_wizard), "permit");
  pk_home_page_set_task_available (self->home_page, "permit", TRUE);

  self->verify_page = PK_VERIFY_PAGE (pk_verify_page_new (context));
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->verify_page), "verify");
  pk_home_page_set_task_available (self->home_page, "verify", TRUE);

  self->status_page = PK_STATUS_PAGE (pk_status_page_new (context));
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->status_page), "status");
  g_signal_connect_object (self->status_page, "permit-requested", G_CALLBACK (permit_requested_cb),
                           self, G_CONNECT_SWAPPED);

  {
    g_autofree char *dir = g_path_get_dirname (pk_trust_list_get_path (self->trust_list));
    g_autofree char *copies = g_build_filename (dir, "permit-copies.ini", NULL);

    self->permit_page = PK_PERMIT_PAGE (pk_permit_page_new (context, copies));
    gtk_stack_add_named (self->stack, GTK_WIDGET (self->permit_page), "permit-print");
  }
  pk_home_page_set_task_available (self->home_page, "status", TRUE);
  g_signal_connect_object (self->home_page, "task-activated", G_CALLBACK (task_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client, "token-expired", G_CALLBACK (token_expired_cb), self,
                           G_CONNECT_SWAPPED);

  /* The sample accounts of the training city are offered in training mode, never otherwise. */
  if (self->training)
    {
      guint n_accounts = 0;
      const PkSandboxAccount *accounts = pk_sandbox_server_get_training_accounts (&n_accounts);

      for (guint i = 0; i < n_accounts; i++)
        pk_login_page_add_training_account (self->login_page, accounts[i].office_code,
                                            accounts[i].username, accounts[i].password,
                                            accounts[i].role, accounts[i].display_name);
    }

  update_session_widgets (self);
  show_login (self, NULL);

  pk_window_watch_activity (self);
  if (self->idle_timeout_ms == 0)
    pk_window_set_idle_timeout_ms (self, pk_settings_get_idle_timeout (settings) * 1000);

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
  g_clear_handle_id (&self->idle_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), PK_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->client);
  g_clear_object (&self->outbox);
  g_clear_object (&self->sender);
  g_clear_object (&self->trust_list);
  g_clear_pointer (&self->session, pk_api_session_unref);
  g_clear_pointer (&self->resume_page, g_free);

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
    case PROP_IDLE_TIMEOUT_MS:
      g_value_set_uint (value, self->idle_timeout_ms);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_OUTBOX:
      g_value_set_object (value, self->outbox);
      break;
    case PROP_SENDER:
      g_value_set_object (value, self->sender);
      break;
    case PROP_TRUST_LIST:
      g_value_set_object (value, self->trust_list);
      break;
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
    case PROP_IDLE_TIMEOUT_MS:
      pk_window_set_idle_timeout_ms (self, g_value_get_uint (value));
      break;
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_OUTBOX:
      self->outbox = g_value_dup_object (value);
      break;
    case PROP_SENDER:
      self->sender = g_value_dup_object (value);
      break;
    case PROP_TRUST_LIST:
      self->trust_list = g_value_dup_object (value);
      break;
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
  /* From the settings' idle-timeout; settable to shorten it (tests, demos). */
  properties[PROP_IDLE_TIMEOUT_MS] =
    g_param_spec_uint ("idle-timeout-ms", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, PK_TYPE_API_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTBOX] =
    g_param_spec_object ("outbox", NULL, NULL, PK_TYPE_OUTBOX,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SENDER] =
    g_param_spec_object ("sender", NULL, NULL, PK_TYPE_OUTBOX_SENDER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRUST_LIST] =
    g_param_spec_object ("trust-list", NULL, NULL, PK_TYPE_TRUST_LIST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
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
  gtk_widget_class_install_action (widget_class, "win.logout", NULL, logout_activated);
  gtk_widget_class_install_action (widget_class, "win.send-now", NULL, send_now_activated);

  g_type_ensure (PK_TYPE_HOME_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, PK_RESOURCE_PATH "/pk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PkWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PkWindow, office_label);
  gtk_widget_class_bind_template_child (widget_class, PkWindow, operator_label);
  gtk_widget_class_bind_template_child (widget_class, PkWindow, clock_label);
  gtk_widget_class_bind_template_child (widget_class, PkWindow, queue_button);
  gtk_widget_class_bind_template_child (widget_class, PkWindow, queue_label);
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
                       "client", pk_application_get_client (application),
                       "outbox", pk_application_get_outbox (application),
                       "sender", pk_application_get_sender (application),
                       "trust-list", pk_application_get_trust_list (application),
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
 * pk_window_set_idle_timeout_ms:
 *
 * How long a kiosk waits without a touch or key before it forgets the citizen; 0 never.
 */
void
pk_window_set_idle_timeout_ms (PkWindow *self,
                               guint     idle_timeout_ms)
{
  g_return_if_fail (PK_IS_WINDOW (self));

  if (self->idle_timeout_ms == idle_timeout_ms)
    return;
  self->idle_timeout_ms = idle_timeout_ms;
  self->last_activity = g_get_monotonic_time ();
  pk_window_arm_idle (self, idle_timeout_ms);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_TIMEOUT_MS]);
}

/**
 * pk_window_get_session:
 *
 * Returns: (nullable): the signed-in session
 */
PkApiSession *
pk_window_get_session (PkWindow *self)
{
  g_return_val_if_fail (PK_IS_WINDOW (self), NULL);
  return self->session;
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
