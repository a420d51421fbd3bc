/* pk-permit-page.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <gtk/gtkunixprint.h>
#include <string.h>

#include "pk-api-error.h"
#include "pk-enum-types.h"
#include "pk-format.h"
#include "pk-gui-util.h"
#include "pk-page-context.h"
#include "pk-pdf-actions.h"
#include "pk-permit-page.h"
#include "pk-printer.h"
#include "pk-resettable.h"

/* An issued permit: its one-page sheet previewed, printed and reprinted. Printing goes through
 * libcups and counts only when the printer reports the job completed; only then is it journaled
 * and the copy counted, so the next print is marked as a duplicate (المثنی) with its number.
 * Operators choose the printer in the print dialog; kiosks print silently to the configured one. */
struct _PkPermitPage
{
  GtkWidget      parent_instance;

  /* template widgets */
  GtkLabel      *heading_label;
  GtkPicture    *preview;
  GtkSpinner    *spinner;
  GtkLabel      *copies_label;
  GtkLabel      *status_label;
  GtkLabel      *error_label;

  /* owned */
  PkPageContext *context;
  PkApiClient   *client;
  PkSettings    *settings;
  PkJournal     *journal;
  PkPrinter     *printer;
  PkApiPermit   *permit;
  GCancellable  *cancellable;
  char          *copies_path;     /* key file: permit number → completed prints on this terminal */
  char          *office;
  char          *operator_name;
  PkPermitSheetInfo last_sheet;

  PkLanguage     language;
  gboolean       silent_print;
  guint          copies;
};

static void
reset_page (PkResettable *resettable)
{
  pk_permit_page_reset (PK_PERMIT_PAGE (resettable));
}

static void
pk_permit_page_resettable_iface_init (PkResettableInterface *iface)
{
  iface->reset = reset_page;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (PkPermitPage, pk_permit_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (PK_TYPE_RESETTABLE,
                                                      pk_permit_page_resettable_iface_init))

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_error (PkPermitPage *self,
            const char   *message)
{
  pk_gui_show_error (self->error_label, message);
}

static void
set_busy (PkPermitPage *self,
          gboolean      busy)
{
  pk_gui_show_busy (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "permit-print.print", !busy && self->permit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "permit-print.save-pdf", !busy && self->permit);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
finish_step (PkPermitPage *self)
{
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
}

static void
update_copies (PkPermitPage *self)
{
  g_autofree char *n = pk_format_integer (self->copies, self->language);
  g_autofree char *text = NULL;

  if (self->copies == 0)
    text = g_strdup (_("Not printed on this terminal yet: the next print is the original."));
  else
    /* TRANSLATORS: %s is how many times the permit was printed */
    text = g_strdup_printf (_("Printed %s times: the next print is marked as a duplicate."), n);
  gtk_label_set_label (self->copies_label, text);
}

/* The copies file is tiny; it is read and written whole. */
static guint
read_copies (PkPermitPage *self,
             const char   *permit_no)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();

  if (!g_key_file_load_from_file (file, self->copies_path, G_KEY_FILE_NONE, NULL))
    return 0;
  return (guint) g_key_file_get_uint64 (file, "copies", permit_no, NULL);
}

static void
write_copies (PkPermitPage *self,
              const char   *permit_no,
              guint         copies)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (self->copies_path);

  g_key_file_load_from_file (file, self->copies_path, G_KEY_FILE_NONE, NULL);
  g_key_file_set_uint64 (file, "copies", permit_no, copies);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_key_file_save_to_file (file, self->copies_path, &error))
    g_warning ("Cannot record the copies of %s: %s", permit_no,
               error ? error->message : g_strerror (errno));
}

static PkPermitSheetOptions
sheet_options (PkPermitPage *self,
               guint         reprint_count)
{
  PkPermitSheetOptions options = { 0 };

  options.office = self->office;
  options.operator_name = self->operator_name;
  options.reprint_count = reprint_count;
  return options;
}

static void
preview_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PkPermitPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = pk_permit_sheet_render_finish (result, NULL, &error);
  g_autoptr(GdkTexture) texture = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  finish_step (self);
  if (png != NULL)
    texture = gdk_texture_new_from_bytes (png, &error);
  if (texture == NULL)
    {
      g_warning ("Permit preview: %s", error->message);
      show_error (self, _("The permit could not be prepared. Please try again."));
      return;
    }
  gtk_picture_set_paintable (self->preview, GDK_PAINTABLE (texture));
}

static void
permit_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PkPermitPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiPermit) permit = pk_api_client_get_permit_finish (PK_API_CLIENT (source), result,
                                                                   &error);
  g_autofree char *number = NULL;
  g_autofree char *heading = NULL;
  PkPermitSheetOptions options;

  if (g_error_matches (error, PK_API_ERROR, PK_API_ERROR_CANCELLED))
    return;
  if (permit == NULL)
    {
      finish_step (self);
      show_error (self, pk_api_error_to_user_message (error));
      return;
    }

  self->permit = pk_api_permit_ref (permit);
  self->copies = read_copies (self, permit->permit_no);
  update_copies (self);
  number = pk_format_identifier (permit->permit_no, self->language);
  /* TRANSLATORS: the permit number, then its title (e.g. "Building permit") */
  heading = g_strdup_printf (_("Permit %s — %s"), number, permit->title_fa ? permit->title_fa : "");
  gtk_label_set_label (self->heading_label, heading);

  /* The preview is what will be printed next, duplicate mark included. */
  options = sheet_options (self, self->copies);
  pk_permit_sheet_render_async (self->permit, &options, PK_PAGE_FORMAT_PNG, 72, self->cancellable,
                                preview_cb, g_object_ref (self));
}

/**
 * pk_permit_page_show_permit:
 * @silent_print: print to the configured printer without asking (kiosks)
 */
void
pk_permit_page_show_permit (PkPermitPage *self,
                            const char   *permit_no,
                            const char   *office,
                            const char   *operator_name,
                            gboolean      silent_print)
{
  g_return_if_fail (PK_IS_PERMIT_PAGE (self));
  g_return_if_fail (permit_no != NULL);

  pk_permit_page_reset (self);
  self->office = g_strdup (office);
  self->operator_name = g_strdup (operator_name);
  self->silent_print = silent_print;
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  pk_api_client_get_permit_async (self->client, permit_no, self->cancellable, permit_cb,
                                  g_object_ref (self));
}

static void
journal_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PkJournalEntry) entry = pk_journal_append_finish (PK_JOURNAL (source), result, &error);

  if (entry == NULL)
    g_critical ("The journal refused a print entry: %s", error->message);
}

static void
printed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PkPermitPage) self = user_data;
  g_autoptr(GError) error = NULL;
  int job = pk_printer_print_finish (PK_PRINTER (source), result, &error);
  g_autoptr(PkJournalEntry) entry = NULL;
  g_autofree char *detail = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  finish_step (self);
  if (job <= 0)
    {
      /* Nothing is recorded as printed: a reprint will be offered with the same number. */
      gtk_label_set_label (self->status_label, "");
      show_error (self, error->message);
      return;
    }

  entry = pk_journal_entry_new (self->copies == 0 ? PK_JOURNAL_KIND_PRINT : PK_JOURNAL_KIND_REPRINT,
                                self->operator_name ? self->operator_name : "", "printed");
  entry->service_code = g_strdup (self->permit->service_code);
  entry->tracking_code = g_strdup (self->permit->tracking_code);
  detail = g_strdup_printf ("{\"document\":\"permit\",\"permit_no\":\"%s\",\"copy\":%u,\"job\":%d}",
                            self->permit->permit_no, self->copies, job);
  entry->detail_json = g_steal_pointer (&detail);
  if (self->journal)
    pk_journal_append_async (self->journal, entry, NULL, journal_cb, NULL);

  self->copies++;
  write_copies (self, self->permit->permit_no, self->copies);
  update_copies (self);
  show_error (self, NULL);
  gtk_label_set_label (self->status_label, _("The permit was printed."));

  /* The preview now shows what the next print will be: a duplicate. */
  {
    PkPermitSheetOptions options = sheet_options (self, self->copies);

    self->cancellable = g_cancellable_new ();
    set_busy (self, TRUE);
    pk_permit_sheet_render_async (self->permit, &options, PK_PAGE_FORMAT_PNG, 72,
                                  self->cancellable, preview_cb, g_object_ref (self));
  }
}

static void
print_progress (int              job_id,
                PkPrintJobState  state,
                const char      *reasons,
                gpointer         user_data)
{
  PkPermitPage *self = user_data;
  const char *status = pk_print_job_state_to_status (state);

  if (status != NULL)
    gtk_label_set_label (self->status_label, status);
}

typedef struct
{
  PkPermitPage *self;
  char         *destination;
} PrintRequest;

static void
print_request_free (PrintRequest *request)
{
  g_object_unref (request->self);
  g_free (request->destination);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrintRequest, print_request_free)

static void
print_rendered_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PrintRequest) request = user_data;
  PkPermitPage *self = request->self;
  PkPermitSheetInfo info = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = pk_permit_sheet_render_finish (result, &info, &error);
  g_autofree char *title = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (pdf == NULL)
    {
      finish_step (self);
      g_warning ("Permit sheet: %s", error->message);
      show_error (self, _("The permit could not be prepared. Please try again."));
      return;
    }
  self->last_sheet = info;
  g_set_object (&self->printer, pk_page_context_get_printer (self->context));
  title = g_strdup_printf ("permit %s", self->permit->permit_no);
  gtk_label_set_label (self->status_label, _("Sending to the printer…"));
  pk_printer_print_async (self->printer, request->destination, pdf, title, print_progress, self,
                          NULL, self->cancellable, printed_cb, g_object_ref (self));
}

/* The sheet is laid out off the main thread (tens of milliseconds for a long one), then sent. */
static void
print_to (PkPermitPage *self,
          const char   *destination)
{
  PkPermitSheetOptions options = sheet_options (self, self->copies);
  PrintRequest *request = g_new0 (PrintRequest, 1);

  request->self = g_object_ref (self);
  request->destination = g_strdup (destination);
  gtk_label_set_label (self->status_label, _("Preparing the permit…"));
  pk_permit_sheet_render_async (self->permit, &options, PK_PAGE_FORMAT_PDF, 0, self->cancellable,
                                print_rendered_cb, request);
}

static void
dialog_response_cb (GtkDialog    *dialog,
                    int           response,
                    PkPermitPage *self)
{
  GtkPrinter *printer = NULL;

  if (response == GTK_RESPONSE_OK)
    printer = gtk_print_unix_dialog_get_selected_printer (GTK_PRINT_UNIX_DIALOG (dialog));
  if (printer != NULL)
    printer = g_object_ref (printer);
  gtk_window_destroy (GTK_WINDOW (dialog));

  if (printer == NULL)
    {
      finish_step (self);
      return;
    }
  if (gtk_printer_is_virtual (printer))
    {
      /* "Print to file" is not a printer: saving a PDF is its own button. */
      g_object_unref (printer);
      finish_step (self);
      show_error (self, _("Choose a real printer, or use “Save as PDF”."));
      return;
    }
  print_to (self, gtk_printer_get_name (printer));
  g_object_unref (printer);
}

static void
print_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PkPermitPage *self = PK_PERMIT_PAGE (widget);
  const char *name = pk_settings_get_printer_name (self->settings);

  if (self->permit == NULL || self->cancellable != NULL)
    return;

  show_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  if (self->silent_print)
    {
      if (name == NULL || *name == '\0')
        {
          finish_step (self);
          show_error (self, _("No printer is set up for this kiosk. Ask the office's technician."));
          return;
        }
      print_to (self, name);
      return;
    }

  {
    GtkWidget *dialog = gtk_print_unix_dialog_new (_("Print the permit"),
                                                   GTK_WINDOW (gtk_widget_get_root (widget)));

    gtk_print_unix_dialog_set_manual_capabilities (GTK_PRINT_UNIX_DIALOG (dialog), 0);
    /* The office's printer comes preselected; otherwise GTK offers the system's default. */
    if (name != NULL && *name != '\0')
      {
        g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();

        gtk_print_settings_set_printer (settings, name);
        gtk_print_unix_dialog_set_settings (GTK_PRINT_UNIX_DIALOG (dialog), settings);
      }
    gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
    g_signal_connect (dialog, "response", G_CALLBACK (dialog_response_cb), self);
    gtk_window_present (GTK_WINDOW (dialog));
  }
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PkPermitPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (pk_save_pdf_finish (result, &error))
    gtk_label_set_label (self->status_label, _("The permit was saved as PDF."));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (self, _("The PDF could not be saved. Choose another place and try again."));
}

static void
save_rendered_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PkPermitPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = pk_permit_sheet_render_finish (result, NULL, &error);
  g_autofree char *name = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->permit == NULL)
    return;
  if (pdf == NULL)
    {
      g_warning ("Permit sheet: %s", error->message);
      show_error (self, _("The permit could not be prepared. Please try again."));
      return;
    }
  name = g_strdup_printf ("permit-%s.pdf", self->permit->permit_no);
  pk_save_pdf_async (GTK_WIDGET (self), _("Save the permit"), name, pdf, saved_cb,
                     g_object_ref (self));
}

static void
save_pdf_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PkPermitPage *self = PK_PERMIT_PAGE (widget);
  PkPermitSheetOptions options;

  if (self->permit == NULL)
    return;

  /* A saved copy is a copy too: it carries the same duplicate mark as a print would. */
  options = sheet_options (self, self->copies);
  show_error (self, NULL);
  pk_permit_sheet_render_async (self->permit, &options, PK_PAGE_FORMAT_PDF, 0, NULL,
                                save_rendered_cb, g_object_ref (self));
}

static void
pk_permit_page_dispose (GObject *object)
{
  PkPermitPage *self = PK_PERMIT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PK_TYPE_PERMIT_PAGE);
  g_clear_object (&self->context);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_object (&self->journal);
  g_clear_object (&self->printer);
  g_clear_pointer (&self->permit, pk_api_permit_unref);

  G_OBJECT_CLASS (pk_permit_page_parent_class)->dispose (object);
}

static void
pk_permit_page_finalize (GObject *object)
{
  PkPermitPage *self = PK_PERMIT_PAGE (object);

  g_free (self->copies_path);
  g_free (self->office);
  g_free (self->operator_name);

  G_OBJECT_CLASS (pk_permit_page_parent_class)->finalize (object);
}

static void
pk_permit_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PkPermitPage *self = PK_PERMIT_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, pk_permit_page_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_permit_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PkPermitPage *self = PK_PERMIT_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      g_set_object (&self->client, pk_page_context_get_client (self->context));
      g_set_object (&self->settings, pk_page_context_get_settings (self->context));
      g_set_object (&self->journal, pk_page_context_get_journal (self->context));
      self->language = pk_page_context_get_language (self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_permit_page_class_init (PkPermitPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pk_permit_page_dispose;
  object_class->finalize = pk_permit_page_finalize;
  object_class->get_property = pk_permit_page_get_property;
  object_class->set_property = pk_permit_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PK_TYPE_PAGE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "permit-print.print", NULL, print_activated);
  gtk_widget_class_install_action (widget_class, "permit-print.save-pdf", NULL, save_pdf_activated);

  gtk_widget_class_set_template_from_resource (widget_class, PK_RESOURCE_PATH "/pk-permit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PkPermitPage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, PkPermitPage, preview);
  gtk_widget_class_bind_template_child (widget_class, PkPermitPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PkPermitPage, copies_label);
  gtk_widget_class_bind_template_child (widget_class, PkPermitPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, PkPermitPage, error_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pkpermitpage");
}

static void
pk_permit_page_init (PkPermitPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "permit-print.print", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "permit-print.save-pdf", FALSE);
}

/**
 * pk_permit_page_new:
 * @context: client, settings and (nullable) the journal prints are recorded in
 * @copies_path: the file counting completed prints per permit on this terminal
 */
GtkWidget *
pk_permit_page_new (PkPageContext *context,
                    const char    *copies_path)
{
  PkPermitPage *self;

  g_return_val_if_fail (PK_IS_PAGE_CONTEXT (context), NULL);
  g_return_val_if_fail (PK_IS_SETTINGS (pk_page_context_get_settings (context)), NULL);
  g_return_val_if_fail (copies_path != NULL, NULL);

  self = g_object_new (PK_TYPE_PERMIT_PAGE, "context", context, NULL);
  self->copies_path = g_strdup (copies_path);
  return GTK_WIDGET (self);
}

PkApiPermit *
pk_permit_page_get_permit (PkPermitPage *self)
{
  g_return_val_if_fail (PK_IS_PERMIT_PAGE (self), NULL);
  return self->permit;
}

/**
 * pk_permit_page_get_copies:
 *
 * Returns: how many prints of the permit shown completed on this terminal
 */
guint
pk_permit_page_get_copies (PkPermitPage *self)
{
  g_return_val_if_fail (PK_IS_PERMIT_PAGE (self), 0);
  return self->copies;
}

gboolean
pk_permit_page_get_busy (PkPermitPage *self)
{
  g_return_val_if_fail (PK_IS_PERMIT_PAGE (self), FALSE);
  return self->cancellable != NULL;
}

/**
 * pk_permit_page_get_last_sheet:
 *
 * Returns: what the last sheet sent to a printer contained (level, duplicate mark, …)
 */
const PkPermitSheetInfo *
pk_permit_page_get_last_sheet (PkPermitPage *self)
{
  g_return_val_if_fail (PK_IS_PERMIT_PAGE (self), NULL);
  return &self->last_sheet;
}

void
pk_permit_page_reset (PkPermitPage *self)
{
  g_return_if_fail (PK_IS_PERMIT_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->permit, pk_api_permit_unref);
  g_clear_pointer (&self->office, g_free);
  g_clear_pointer (&self->operator_name, g_free);
  memset (&self->last_sheet, 0, sizeof self->last_sheet);
  self->copies = 0;
  gtk_picture_set_paintable (self->preview, NULL);
  gtk_label_set_label (self->heading_label, "");
  gtk_label_set_label (self->copies_label, "");
  gtk_label_set_label (self->status_label, "");
  show_error (self, NULL);
  set_busy (self, FALSE);
}
