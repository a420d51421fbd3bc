/* pk-verify-page.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "pk-api-error.h"
#include "pk-enum-types.h"
#include "pk-format.h"
#include "pk-gui-util.h"
#include "pk-page-context.h"
#include "pk-resettable.h"
#include "pk-verify-page.h"

/* Is this permit genuine? The QR is checked at once against the municipality's keys kept on this
 * terminal — no network needed — and then, when the central API answers, for revocation and
 * replacement. A keyboard-wedge scanner types the code and presses Enter; so can a person. */
struct _PkVerifyPage
{
  GtkWidget     parent_instance;

  /* template widgets */
  GtkLabel     *clock_warning;
  GtkEntry     *code_entry;
  GtkSpinner   *spinner;
  GtkLabel     *keys_label;
  GtkWidget    *verdict_box;
  GtkImage     *verdict_icon;
  GtkLabel     *verdict_label;
  GtkLabel     *explanation_label;
  GtkGrid      *summary_grid;
  GtkLabel     *source_label;

  /* owned */
  PkPageContext *context;
  PkApiClient  *client;
  PkTrustList  *trust_list;
  GCancellable *cancellable;       /* the online check */
  GCancellable *keys_cancellable;  /* fetching /keys */

  PkLanguage    language;
  PkApiVerdict  verdict;
  gboolean      online;
};

static void
reset_page (PkResettable *resettable)
{
  pk_verify_page_reset (PK_VERIFY_PAGE (resettable));
}

static void
pk_verify_page_resettable_iface_init (PkResettableInterface *iface)
{
  iface->reset = reset_page;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (PkVerifyPage, pk_verify_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (PK_TYPE_RESETTABLE,
                                                      pk_verify_page_resettable_iface_init))

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_busy (PkVerifyPage *self,
          gboolean      busy)
{
  pk_gui_show_busy (self->spinner, busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
update_keys_label (PkVerifyPage *self)
{
  GDateTime *fetched = pk_trust_list_get_fetched_at (self->trust_list);
  g_autofree char *text = NULL;

  if (fetched == NULL)
    text = g_strdup (_("This terminal has no keys of the municipality yet: it needs the network once to verify permits."));
  else
    {
      g_autofree char *when = pk_format_date_time (fetched, self->language);
      /* TRANSLATORS: when the list of the municipality's signing keys was last updated */
      text = g_strdup_printf (_("Keys of the municipality updated %s"), when);
    }
  gtk_label_set_label (self->keys_label, text);
}

static void
update_clock_warning (PkVerifyPage *self)
{
  gint64 offset = pk_api_client_get_clock_offset (self->client);

  if (ABS (offset) > PK_VERIFY_CLOCK_TOLERANCE_S)
    {
      g_autofree char *minutes = pk_format_integer (ABS (offset) / 60, self->language);
      g_autofree char *text =
        /* TRANSLATORS: %s is a number of minutes */
        g_strdup_printf (_("This terminal's clock is off by about %s minutes. Expiry dates may be judged wrongly: ask the office's technician to set the clock."),
                         minutes);

      gtk_label_set_label (self->clock_warning, text);
      gtk_widget_set_visible (GTK_WIDGET (self->clock_warning), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->clock_warning), FALSE);
}

static void
verdict_texts (PkApiVerdict  verdict,
               const char  **title,
               const char  **explanation,
               const char  **icon,
               const char  **css)
{
  *css = "verdict-invalid";
  *icon = "dialog-error-symbolic";
  switch (verdict)
    {
    case PK_API_VERDICT_VALID:
      *title = _("Genuine permit");
      *explanation = _("This permit was issued by the municipality and is valid.");
      *icon = "emblem-ok-symbolic";
      *css = "verdict-valid";
      break;
    case PK_API_VERDICT_FORGED:
      *title = _("Not genuine");
      *explanation = _("The code does not match the municipality's signature: the permit has been altered or forged.");
      break;
    case PK_API_VERDICT_UNKNOWN_KEY:
      *title = _("Cannot be checked here");
      *explanation = _("It was signed with a key this terminal does not know. Connect to the network so the keys are updated, then verify again.");
      *icon = "dialog-question-symbolic";
      *css = "verdict-doubt";
      break;
    case PK_API_VERDICT_REVOKED:
      *title = _("Revoked");
      *explanation = _("The municipality has revoked this permit. It is no longer valid.");
      break;
    case PK_API_VERDICT_EXPIRED:
      *title = _("Expired");
      *explanation = _("This permit's validity has ended.");
      *icon = "dialog-warning-symbolic";
      break;
    case PK_API_VERDICT_SUPERSEDED:
      *title = _("Replaced");
      *explanation = _("A newer permit has replaced this one. Ask for the newer permit.");
      *icon = "dialog-warning-symbolic";
      break;
    case PK_API_VERDICT_MALFORMED:
      *title = _("Not a permit code");
      *explanation = _("What was scanned is not a permit code. Scan the QR code on the permit again.");
      *icon = "dialog-question-symbolic";
      *css = "verdict-doubt";
      break;
    case PK_API_VERDICT_UNRECOGNIZED:
    default:
      *title = _("Unknown permit");
      *explanation = _("The signature is right, but the municipality has no such permit on file.");
      break;
    }
}

static void
show_verdict (PkVerifyPage *self,
              PkApiVerdict  verdict,
              gboolean      online)
{
  const char *title, *explanation, *icon, *css;
  const char *classes[] = { "verdict-valid", "verdict-invalid", "verdict-doubt" };

  self->verdict = verdict;
  self->online = online;
  verdict_texts (verdict, &title, &explanation, &icon, &css);
  gtk_label_set_label (self->verdict_label, title);
  gtk_label_set_label (self->explanation_label, explanation);
  gtk_image_set_from_icon_name (self->verdict_icon, icon);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (self->verdict_box, classes[i]);
  gtk_widget_add_css_class (self->verdict_box, css);
  gtk_widget_set_visible (self->verdict_box, TRUE);
}

static char *
iso_day (PkVerifyPage *self,
         const char   *iso)
{
  g_autofree char *stamp = g_strconcat (iso, "T12:00:00Z", NULL);
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (stamp, NULL);

  return dt ? pk_format_date (dt, self->language) : g_strdup (iso);
}

static void
add_pair (PkVerifyPage *self,
          int           row,
          const char   *key,
          const char   *value)
{
  GtkWidget *k = gtk_label_new (key);
  GtkWidget *v = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (k), 0);
  gtk_label_set_xalign (GTK_LABEL (v), 0);
  gtk_widget_add_css_class (k, "detail-key");
  gtk_grid_attach (self->summary_grid, k, 0, row, 1, 1);
  gtk_grid_attach (self->summary_grid, v, 1, row, 1, 1);
}

static void
show_summary (PkVerifyPage       *self,
              const PkPermitCode *code)
{
  GtkWidget *child;
  g_autofree char *number = NULL;
  g_autofree char *renovation = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *floors = NULL;
  g_autofree char *area = NULL;
  g_autofree char *area_text = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->summary_grid))))
    gtk_grid_remove (self->summary_grid, child);
  if (code == NULL)
    return;

  number = pk_format_identifier (code->permit_no, self->language);
  renovation = pk_format_identifier (code->renovation_code, self->language);
  issued = iso_day (self, code->issued_on);
  expires = iso_day (self, code->expires_on);
  floors = pk_format_integer (code->floors, self->language);
  area = pk_format_decimal (code->total_area_m2, 2, self->language);
  area_text = g_strdup_printf (_("%s m²"), area);

  add_pair (self, 0, _("Permit number"), number);
  add_pair (self, 1, _("Renovation code"), renovation);
  add_pair (self, 2, _("Issued"), issued);
  add_pair (self, 3, _("Valid until"), expires);
  add_pair (self, 4, _("Floors"), floors);
  add_pair (self, 5, _("Total floor area"), area_text);
}

static void
verify_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PkVerifyPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiVerification) answer = pk_api_client_verify_finish (PK_API_CLIENT (source), result,
                                                                     &error);

  if (g_error_matches (error, PK_API_ERROR, PK_API_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  update_clock_warning (self);

  if (answer == NULL)
    {
      gtk_label_set_label (self->source_label,
                           _("Verified on this terminal only: the municipality could not be reached to check for revocation."));
      return;
    }

  /* The central API knows what no key can say: revoked, replaced, unknown permit. */
  show_verdict (self, answer->verdict, TRUE);
  gtk_label_set_label (self->source_label,
                       _("Verified on this terminal and with the municipality."));
}

/**
 * pk_verify_page_verify:
 * @text: the scanned or typed code
 */
void
pk_verify_page_verify (PkVerifyPage *self,
                       const char   *text)
{
  g_autoptr(PkPermitCode) code = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *trimmed = NULL;
  PkApiVerdict verdict;

  g_return_if_fail (PK_IS_VERIFY_PAGE (self));
  g_return_if_fail (text != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  trimmed = g_strstrip (g_strdup (text));
  /* Judge expiry by the server's clock when we know how far ours is off. */
  {
    g_autoptr(GDateTime) local = g_date_time_new_now_utc ();

    now = g_date_time_add_seconds (local, (gdouble) pk_api_client_get_clock_offset (self->client));
  }
  verdict = pk_trust_list_verify (self->trust_list, trimmed, now, &code);
  show_verdict (self, verdict, FALSE);
  show_summary (self, verdict == PK_API_VERDICT_MALFORMED ? NULL : code);
  gtk_label_set_label (self->source_label, _("Verified on this terminal. Checking with the municipality…"));

  /* The next scan replaces this one. */
  gtk_editable_select_region (GTK_EDITABLE (self->code_entry), 0, -1);

  if (verdict == PK_API_VERDICT_MALFORMED)
    {
      gtk_label_set_label (self->source_label, "");
      set_busy (self, FALSE);
      return;
    }
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  pk_api_client_verify_async (self->client, trimmed, self->cancellable, verify_cb,
                              g_object_ref (self));
}

static void
check_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PkVerifyPage *self = PK_VERIFY_PAGE (widget);

  pk_verify_page_verify (self, gtk_editable_get_text (GTK_EDITABLE (self->code_entry)));
}

static void
entry_activate_cb (PkVerifyPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "verify.check", NULL);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!pk_trust_list_save_finish (PK_TRUST_LIST (source), result, &error))
    g_warning ("The trust list could not be saved: %s", error->message);
}

static void
keys_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(PkVerifyPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = pk_api_client_get_keys_finish (PK_API_CLIENT (source), result, &error);
  g_autoptr(GDateTime) now = NULL;

  if (g_error_matches (error, PK_API_ERROR, PK_API_ERROR_CANCELLED))
    return;
  g_clear_object (&self->keys_cancellable);
  update_clock_warning (self);
  if (keys == NULL)
    {
      g_message ("Keys not updated: %s", error->message);
      return;
    }
  now = g_date_time_new_now_utc ();
  pk_trust_list_replace (self->trust_list, keys, now);
  pk_trust_list_save_async (self->trust_list, NULL, saved_cb, NULL);
  update_keys_label (self);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PkVerifyPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GDateTime *fetched;

  if (!pk_trust_list_load_finish (PK_TRUST_LIST (source), result, &error))
    g_warning ("The trust list could not be read: %s", error->message);
  update_keys_label (self);

  fetched = pk_trust_list_get_fetched_at (self->trust_list);
  if (self->keys_cancellable == NULL &&
      (fetched == NULL || pk_trust_list_get_n_keys (self->trust_list) == 0 ||
       ABS (g_date_time_difference (now, fetched)) > PK_VERIFY_KEYS_MAX_AGE))
    {
      self->keys_cancellable = g_cancellable_new ();
      pk_api_client_get_keys_async (self->client, self->keys_cancellable, keys_cb,
                                    g_object_ref (self));
    }
}

/**
 * pk_verify_page_opened:
 *
 * Called when the page comes on screen: reads the keys from disk, fetches them again when they
 * are old or missing, and puts the focus where the scanner types.
 */
void
pk_verify_page_opened (PkVerifyPage *self)
{
  g_return_if_fail (PK_IS_VERIFY_PAGE (self));

  update_clock_warning (self);
  pk_trust_list_load_async (self->trust_list, NULL, loaded_cb, g_object_ref (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->code_entry));
}

static void
pk_verify_page_dispose (GObject *object)
{
  PkVerifyPage *self = PK_VERIFY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->keys_cancellable);
  g_clear_object (&self->keys_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PK_TYPE_VERIFY_PAGE);
  g_clear_object (&self->context);
  g_clear_object (&self->client);
  g_clear_object (&self->trust_list);

  G_OBJECT_CLASS (pk_verify_page_parent_class)->dispose (object);
}

static void
pk_verify_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PkVerifyPage *self = PK_VERIFY_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, pk_verify_page_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_verify_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PkVerifyPage *self = PK_VERIFY_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      g_set_object (&self->client, pk_page_context_get_client (self->context));
      g_set_object (&self->trust_list, pk_page_context_get_trust_list (self->context));
      self->language = pk_page_context_get_language (self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_verify_page_class_init (PkVerifyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = pk_verify_page_dispose;
  object_class->get_property = pk_verify_page_get_property;
  object_class->set_property = pk_verify_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PK_TYPE_PAGE_CONTEXT, construct);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "verify.check", NULL, check_activated);

  gtk_widget_class_set_template_from_resource (widget_class, PK_RESOURCE_PATH "/pk-verify-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PkVerifyPage, clock_warning);
  gtk_widget_class_bind_template_child (widget_class, PkVerifyPage, code_entry);
  gtk_widget_class_bind_template_child (widget_class, PkVerifyPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PkVerifyPage, keys_label);
  gtk_widget_class_bind_template_child (widget_class, PkVerifyPage, verdict_box);
  gtk_widget_class_bind_template_child (widget_class, PkVerifyPage, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, PkVerifyPage, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, PkVerifyPage, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, PkVerifyPage, summary_grid);
  gtk_widget_class_bind_template_child (widget_class, PkVerifyPage, source_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pkverifypage");
}

static void
pk_verify_page_init (PkVerifyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->verdict = PK_API_VERDICT_UNRECOGNIZED;
}

GtkWidget *
pk_verify_page_new (PkPageContext *context)
{
  g_return_val_if_fail (PK_IS_PAGE_CONTEXT (context), NULL);
  g_return_val_if_fail (PK_IS_TRUST_LIST (pk_page_context_get_trust_list (context)), NULL);

  return g_object_new (PK_TYPE_VERIFY_PAGE, "context", context, NULL);
}

PkApiVerdict
pk_verify_page_get_verdict (PkVerifyPage *self)
{
  g_return_val_if_fail (PK_IS_VERIFY_PAGE (self), PK_API_VERDICT_UNRECOGNIZED);
  return self->verdict;
}

/**
 * pk_verify_page_get_online:
 *
 * Whether the verdict shown is the central API's (else it is this terminal's, offline).
 */
gboolean
pk_verify_page_get_online (PkVerifyPage *self)
{
  g_return_val_if_fail (PK_IS_VERIFY_PAGE (self), FALSE);
  return self->online;
}

gboolean
pk_verify_page_get_busy (PkVerifyPage *self)
{
  g_return_val_if_fail (PK_IS_VERIFY_PAGE (self), FALSE);
  return self->cancellable != NULL;
}

void
pk_verify_page_reset (PkVerifyPage *self)
{
  g_return_if_fail (PK_IS_VERIFY_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->code_entry), "");
  gtk_widget_set_visible (self->verdict_box, FALSE);
  show_summary (self, NULL);
  self->verdict = PK_API_VERDICT_UNRECOGNIZED;
  self->online = FALSE;
}
