/* pk-login-page.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pk-api-error.h"
#include "pk-format.h"
#include "pk-login-page.h"
#include "pk-text.h"

struct _PkLoginPage
{
  GtkWidget     parent_instance;

  /* template widgets */
  AdwEntryRow  *office_row;
  AdwEntryRow  *username_row;
  AdwEntryRow  *password_row;
  GtkLabel     *error_label;
  GtkSpinner   *spinner;
  GtkWidget    *training_group;

  /* owned */
  PkApiClient  *client;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (PkLoginPage, pk_login_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_BUSY,
  N_PROPS
};

enum {
  SIGNED_IN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
show_error (PkLoginPage *self,
            const char  *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_busy (PkLoginPage *self,
          gboolean     busy)
{
  if (pk_login_page_get_busy (self) == busy)
    return;

  if (busy)
    self->cancellable = g_cancellable_new ();
  else
    g_clear_object (&self->cancellable);

  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  /* Read-only rather than insensitive: taking sensitivity from the focused field would throw
   * the focus (and the on-screen keyboard) away in the middle of typing. */
  gtk_editable_set_editable (GTK_EDITABLE (self->office_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->username_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_row), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.sign-in", !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
login_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PkLoginPage) self = user_data;
  g_autoptr(PkApiSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = pk_api_client_login_finish (PK_API_CLIENT (source), result, &error);
  if (g_error_matches (error, PK_API_ERROR, PK_API_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);

  if (session == NULL)
    {
      /* Clear first: editing a field hides the previous error. */
      if (g_error_matches (error, PK_API_ERROR, PK_API_ERROR_INVALID_CREDENTIALS))
        {
          gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
          gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
        }
      show_error (self, pk_api_error_to_user_message (error));
      return;
    }

  /* The password is not kept a moment longer than needed. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  show_error (self, NULL);
  g_signal_emit (self, signals[SIGNED_IN], 0, session);
}

static void
sign_in_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PkLoginPage *self = PK_LOGIN_PAGE (widget);
  g_autofree char *office = NULL;
  g_autofree char *username = NULL;
  const char *password;

  if (pk_login_page_get_busy (self))
    return;

  office = pk_text_normalize_identifier (gtk_editable_get_text (GTK_EDITABLE (self->office_row)));
  username = pk_text_normalize_identifier (gtk_editable_get_text (GTK_EDITABLE (self->username_row)));
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (office == NULL || *office == '\0')
    {
      show_error (self, _("Enter the office code."));
      gtk_widget_grab_focus (GTK_WIDGET (self->office_row));
      return;
    }
  for (const char *p = office; *p; p++)
    if (!g_ascii_isdigit (*p))
      {
        show_error (self, _("The office code may contain digits only."));
        gtk_widget_grab_focus (GTK_WIDGET (self->office_row));
        return;
      }
  if (username == NULL || *username == '\0')
    {
      show_error (self, _("Enter the username."));
      gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
      return;
    }
  if (*password == '\0')
    {
      show_error (self, _("Enter the password."));
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  show_error (self, NULL);
  set_busy (self, TRUE);
  pk_api_client_login_async (self->client, office, username, password, self->cancellable,
                             login_cb, g_object_ref (self));
}

static void
row_activated_cb (PkLoginPage *self,
                  AdwEntryRow *row)
{
  /* Enter moves on to the next empty field, and signs in from the last one. */
  if (row == self->office_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
  else if (row == self->username_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "login.sign-in", NULL);
}

static void
field_changed_cb (PkLoginPage *self)
{
  if (!pk_login_page_get_busy (self))
    show_error (self, NULL);
}

static void
training_account_activated_cb (AdwActionRow *row,
                               PkLoginPage  *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->office_row), g_object_get_data (G_OBJECT (row), "office"));
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), g_object_get_data (G_OBJECT (row), "username"));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), g_object_get_data (G_OBJECT (row), "password"));
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
pk_login_page_dispose (GObject *object)
{
  PkLoginPage *self = PK_LOGIN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PK_TYPE_LOGIN_PAGE);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (pk_login_page_parent_class)->dispose (object);
}

static void
pk_login_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PkLoginPage *self = PK_LOGIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, pk_login_page_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_login_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PkLoginPage *self = PK_LOGIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_login_page_class_init (PkLoginPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pk_login_page_dispose;
  object_class->get_property = pk_login_page_get_property;
  object_class->set_property = pk_login_page_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, PK_TYPE_API_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PkLoginPage::signed-in:
   * @session: the new #PkApiSession
   */
  signals[SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PK_TYPE_API_SESSION);

  gtk_widget_class_install_action (widget_class, "login.sign-in", NULL, sign_in_activated);

  gtk_widget_class_set_template_from_resource (widget_class, PK_RESOURCE_PATH "/pk-login-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PkLoginPage, office_row);
  gtk_widget_class_bind_template_child (widget_class, PkLoginPage, username_row);
  gtk_widget_class_bind_template_child (widget_class, PkLoginPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, PkLoginPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, PkLoginPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PkLoginPage, training_group);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pkloginpage");
}

static void
pk_login_page_init (PkLoginPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pk_login_page_new (PkApiClient *client)
{
  g_return_val_if_fail (PK_IS_API_CLIENT (client), NULL);

  return g_object_new (PK_TYPE_LOGIN_PAGE, "client", client, NULL);
}

PkApiClient *
pk_login_page_get_client (PkLoginPage *self)
{
  g_return_val_if_fail (PK_IS_LOGIN_PAGE (self), NULL);
  return self->client;
}

gboolean
pk_login_page_get_busy (PkLoginPage *self)
{
  g_return_val_if_fail (PK_IS_LOGIN_PAGE (self), FALSE);
  return self->cancellable != NULL;
}

/**
 * pk_login_page_reset:
 * @office_code: (nullable): prefilled office code
 * @username: (nullable): prefilled username, e.g. after the session expired
 * @message: (nullable): why the login is shown again
 *
 * Cancels a login under way and clears the password.
 */
void
pk_login_page_reset (PkLoginPage *self,
                     const char  *office_code,
                     const char  *username,
                     const char  *message)
{
  g_return_if_fail (PK_IS_LOGIN_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->office_row), office_code ? office_code : "");
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username ? username : "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  show_error (self, message);

  if (office_code == NULL || *office_code == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->office_row));
  else if (username == NULL || *username == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

/**
 * pk_login_page_add_training_account:
 *
 * Offers a sample account of the training city; only ever called in training mode.
 */
void
pk_login_page_add_training_account (PkLoginPage *self,
                                    const char  *office_code,
                                    const char  *username,
                                    const char  *password,
                                    const char  *role,
                                    const char  *display_name)
{
  AdwActionRow *row;
  g_autofree char *office_digits = NULL;
  g_autofree char *subtitle = NULL;
  const char *role_label;

  g_return_if_fail (PK_IS_LOGIN_PAGE (self));

  if (g_strcmp0 (role, "supervisor") == 0)
    role_label = _("Supervisor");
  else if (g_strcmp0 (role, "kiosk") == 0)
    role_label = _("Kiosk");
  else
    role_label = _("Operator");

  office_digits = pk_format_digits (office_code, gtk_widget_get_default_direction () == GTK_TEXT_DIR_RTL
                                                   ? PK_LANGUAGE_PERSIAN : PK_LANGUAGE_ENGLISH);
  /* TRANSLATORS: a training account: role · office code · username · password */
  subtitle = g_strdup_printf (_("%s · office %s · user %s · password %s"), role_label,
                              office_digits, username, password);

  row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), display_name);
  adw_action_row_set_subtitle (row, subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (row, gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data_full (G_OBJECT (row), "office", g_strdup (office_code), g_free);
  g_object_set_data_full (G_OBJECT (row), "username", g_strdup (username), g_free);
  g_object_set_data_full (G_OBJECT (row), "password", g_strdup (password), g_free);
  g_signal_connect_object (row, "activated", G_CALLBACK (training_account_activated_cb), self, 0);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->training_group), GTK_WIDGET (row));
  gtk_widget_set_visible (self->training_group, TRUE);
}
