/* test-print-dialog.c — an operator prints an issued permit through GTK's print dialog, as on a
 * counter PC: a real CUPS scheduler (tests/print/cupsd.sh) with one queue in front of a real IPP
 * printer (ippeveprinter), the queue listed by GTK's CUPS backend, preselected from the
 * settings, and the job followed to completion through the scheduler.
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtkunixprint.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gui-test-util.h"
#include "pk-permit-page.h"
#include "pk-printer.h"
#include "pk-status-page.h"
#include "print-test-util.h"

#define QUEUE "Office_Laser"

/* A private cupsd with QUEUE in front of @printer; CUPS_SERVER points every client at it. */
static GSubprocess *
start_cupsd (PtPrinter *printer)
{
  const char *script = g_getenv ("PK_CUPSD_SH");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  GSubprocess *cupsd;
  gboolean ready = FALSE;

  g_assert_nonnull (script);
  cupsd = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            "bash", script, printer->uri, QUEUE, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (cupsd));
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      if (line == NULL)
        break;
      if (g_str_has_prefix (line, "CUPS_SERVER="))
        g_setenv ("CUPS_SERVER", line + strlen ("CUPS_SERVER="), TRUE);
      else if (g_str_has_prefix (line, "PID="))
        {
          ready = TRUE;
          break;
        }
    }
  g_assert_true (ready);
  return cupsd;
}

static void
stop_cupsd (GSubprocess *cupsd)
{
  g_autoptr(GError) error = NULL;

  /* EOF on its stdin makes the harness stop the scheduler and remove its files. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (cupsd), NULL, NULL);
  g_subprocess_wait (cupsd, NULL, &error);
  g_assert_no_error (error);
  g_object_unref (cupsd);
}

/* cupsdisable / cupsenable on the queue, against the private scheduler. */
static void
run_cups_command (const char *command)
{
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *argv[] = { command, QUEUE, NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
}

static GtkPrintUnixDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* owned by GTK */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (GTK_IS_PRINT_UNIX_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_PRINT_UNIX_DIALOG (w);
    }
  return NULL;
}

/* The dialog is up and has selected @data (a printer name) from the list GTK's backends built. */
static gboolean
dialog_selected (PkWindow *window,
                 gpointer  data)
{
  GtkPrintUnixDialog *dialog = find_dialog ();
  GtkPrinter *printer = dialog ? gtk_print_unix_dialog_get_selected_printer (dialog) : NULL;

  return printer != NULL && g_strcmp0 (gtk_printer_get_name (printer), data) == 0;
}

static gboolean
no_dialog (PkWindow *window,
           gpointer  data)
{
  return find_dialog () == NULL;
}

/* GtkFileChooserNative falls back to GTK's own dialog when there is no portal, as here. */
static GtkFileChooser *
find_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* owned by GTK */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_FILE_CHOOSER (w);
    }
  return NULL;
}

static gboolean
chooser_names (PkWindow *window,
               gpointer  path)
{
  GtkFileChooser *chooser = find_chooser ();
  g_autoptr(GFile) file = chooser ? gtk_file_chooser_get_file (chooser) : NULL;
  g_autofree char *chosen = file ? g_file_get_path (file) : NULL;

  return g_strcmp0 (chosen, path) == 0;
}

typedef struct
{
  GAsyncResult *result;
} Listed;

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  ((Listed *) user_data)->result = g_object_ref (result);
}

static gboolean
listed (PkWindow *window,
        gpointer  data)
{
  return ((Listed *) data)->result != NULL;
}

/* The destinations this PC offers: the scheduler's queue, as its default. */
static void
assert_queue_listed (PkWindow *window)
{
  g_autoptr(PkPrinter) printer = pk_printer_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  Listed l = { NULL };
  gboolean found = FALSE;

  pk_printer_list_destinations_async (printer, NULL, NULL, listed_cb, &l);
  pk_test_wait_until (window, listed, &l, "the list of printers");
  list = pk_printer_list_destinations_finish (printer, l.result, &error);
  g_object_unref (l.result);
  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      PkPrinterDestination *d = g_ptr_array_index (list, i);

      if (g_strcmp0 (d->name, QUEUE) == 0)
        {
          g_assert_true (d->is_default);
          g_assert_false (d->is_direct);
          found = TRUE;
        }
    }
  g_assert_true (found);
}

/* The name GTK gives its "Print to File" pseudo-printer (translated). */
static gboolean
find_virtual (GtkPrinter *printer,
              gpointer    data)
{
  if (gtk_printer_is_virtual (printer) && *(char **) data == NULL)
    *(char **) data = g_strdup (gtk_printer_get_name (printer));
  return FALSE;
}

static void
scenario (PkApplication *app,
          PkWindow      *window,
          gpointer       data)
{
  PkApiClient *client = pk_application_get_client (app);
  PkSettings *settings = pk_application_get_settings (app);
  const PkSandboxAccount *op = pk_test_training_account ("operator");
  g_autoptr(PkApiApplication) application = pk_test_file_application (window, client,
                                                                       "0499370899", TRUE);
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();
  g_autofree char *file_printer = NULL;
  g_autofree char *text = NULL;
  PtPrinter *printer = data;
  GtkPrintUnixDialog *dialog;

  g_assert_nonnull (application->permit_no);
  assert_queue_listed (window);

  pk_test_sign_in (window, op->office_code, op->username, op->password);
  pk_test_wait_until (window, pk_test_page_is, (gpointer) "home", "the operator's home");
  pk_settings_set_printer_name (settings, QUEUE);

  pk_test_click (GTK_WIDGET (window), "home.status");
  pk_test_collect_type (GTK_WIDGET (window), PK_TYPE_STATUS_PAGE, pages);
  pk_test_collect_type (pages->pdata[0], GTK_TYPE_ENTRY, entries);
  gtk_editable_set_text (entries->pdata[0], application->tracking_code);
  pk_test_click (GTK_WIDGET (window), "status.look-up");
  pk_test_wait_until (window, pk_test_status_idle, NULL, "the status");
  pk_test_settle ();
  pk_test_click (GTK_WIDGET (window), "status.permit");
  g_assert_cmpstr (pk_window_get_visible_page (window), ==, "permit-print");
  pk_test_wait_until (window, pk_test_permit_idle, NULL, "the permit and its preview");

  /* The operator gets the dialog, with the office's queue listed and preselected. */
  pk_test_click (GTK_WIDGET (window), "permit-print.print");
  pk_test_wait_until (window, dialog_selected, (gpointer) QUEUE, "the print dialog with " QUEUE);
  dialog = find_dialog ();
  pk_test_settle ();
  pk_test_save_screenshot (GTK_WIDGET (dialog), "permit-print-dialog-fa.png");

  /* Cancelled: nothing printed, counted or journaled, and no error either. */
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  pk_test_wait_until (window, pk_test_permit_idle, NULL, "the cancelled dialog");
  g_assert_null (find_dialog ());
  g_assert_null (pk_test_find_label_with_class (GTK_WIDGET (pk_test_permit_page (window)), "field-error"));
  g_assert_cmpuint (pk_permit_page_get_copies (pk_test_permit_page (window)), ==, 0);
  g_assert_cmpuint (pk_test_count_pdfs (printer->spool_dir), ==, 0);
  g_assert_cmpuint (pk_test_count_journal (app, PK_JOURNAL_KIND_PRINT, application->tracking_code), ==, 0);

  /* Printed: through the scheduler to the printer, followed until the job completed there. */
  pk_test_click (GTK_WIDGET (window), "permit-print.print");
  pk_test_wait_until (window, dialog_selected, (gpointer) QUEUE, "the print dialog again");
  gtk_dialog_response (GTK_DIALOG (find_dialog ()), GTK_RESPONSE_OK);
  pk_test_wait_until (window, no_dialog, NULL, "the dialog to close");
  pk_test_wait_until (window, pk_test_permit_idle, NULL, "the job through " QUEUE);
  {
    GtkLabel *error = pk_test_find_label_with_class (GTK_WIDGET (pk_test_permit_page (window)), "field-error");

    g_assert_cmpstr (error ? gtk_label_get_label (error) : NULL, ==, NULL);
  }
  g_assert_cmpuint (pk_permit_page_get_copies (pk_test_permit_page (window)), ==, 1);
  g_assert_false (pk_permit_page_get_last_sheet (pk_test_permit_page (window))->duplicate);
  g_assert_cmpuint (pk_test_count_pdfs (printer->spool_dir), ==, 1);
  g_assert_cmpuint (pk_test_count_journal (app, PK_JOURNAL_KIND_PRINT, application->tracking_code), ==, 1);
  {
    g_autoptr(GDir) d = g_dir_open (printer->spool_dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)))
      if (g_str_has_suffix (name, ".pdf"))
        {
          g_autofree char *path = g_build_filename (printer->spool_dir, name, NULL);

          g_assert_cmpint (pt_pdf_pages (path), ==, 1);
          text = pt_pdf_text (path);
        }
  }
  g_assert_nonnull (strstr (text, application->permit_no));
  pk_test_save_screenshot (GTK_WIDGET (window), "permit-printed-operator-fa.png");

  /* The queue is stopped (as cupsd does after a failing job): reported in Persian before
   * anything is sent, nothing counted; once it is started again, printing again works and the
   * copy is the duplicate. */
  run_cups_command ("cupsdisable");
  pk_test_click (GTK_WIDGET (window), "permit-print.print");
  pk_test_wait_until (window, dialog_selected, (gpointer) QUEUE, "the dialog on a stopped queue");
  gtk_dialog_response (GTK_DIALOG (find_dialog ()), GTK_RESPONSE_OK);
  pk_test_wait_until (window, pk_test_permit_idle, NULL, "the refusal of a stopped queue");
  {
    GtkLabel *error = pk_test_find_label_with_class (GTK_WIDGET (pk_test_permit_page (window)), "field-error");

    g_assert_nonnull (error);
    g_assert_true (pk_test_has_arabic_script (gtk_label_get_label (error)));
    const char *stopped = _("The printer is stopped (%s). Check its paper, toner and display, "
                            "then print again.");
    g_autofree char *start = g_strndup (stopped, strstr (stopped, "%s") - stopped);

    g_assert_true (g_str_has_prefix (gtk_label_get_label (error), start));
  }
  g_assert_cmpuint (pk_permit_page_get_copies (pk_test_permit_page (window)), ==, 1);
  g_assert_cmpuint (pk_test_count_pdfs (printer->spool_dir), ==, 1);
  g_assert_cmpuint (pk_test_count_journal (app, PK_JOURNAL_KIND_REPRINT, application->tracking_code), ==, 0);
  pk_test_save_screenshot (GTK_WIDGET (window), "permit-printer-stopped-fa.png");

  run_cups_command ("cupsenable");
  pk_test_click (GTK_WIDGET (window), "permit-print.print");
  pk_test_wait_until (window, dialog_selected, (gpointer) QUEUE, "the dialog once started");
  gtk_dialog_response (GTK_DIALOG (find_dialog ()), GTK_RESPONSE_OK);
  pk_test_wait_until (window, pk_test_permit_idle, NULL, "the reprint");
  g_assert_null (pk_test_find_label_with_class (GTK_WIDGET (pk_test_permit_page (window)), "field-error"));
  g_assert_cmpuint (pk_permit_page_get_copies (pk_test_permit_page (window)), ==, 2);
  g_assert_true (pk_permit_page_get_last_sheet (pk_test_permit_page (window))->duplicate);
  g_assert_cmpuint (pk_test_count_pdfs (printer->spool_dir), ==, 2);
  g_assert_cmpuint (pk_test_count_journal (app, PK_JOURNAL_KIND_REPRINT, application->tracking_code), ==, 1);

  /* GTK's "Print to File" is not a printer: the operator is sent to "Save as PDF". */
  gtk_enumerate_printers (find_virtual, &file_printer, NULL, TRUE);
  g_assert_nonnull (file_printer);
  pk_settings_set_printer_name (settings, file_printer);
  pk_test_click (GTK_WIDGET (window), "permit-print.print");
  pk_test_wait_until (window, dialog_selected, file_printer, "the dialog on Print to File");
  gtk_dialog_response (GTK_DIALOG (find_dialog ()), GTK_RESPONSE_OK);
  pk_test_wait_until (window, pk_test_permit_idle, NULL, "the refusal");
  g_assert_nonnull (pk_test_find_label_with_class (GTK_WIDGET (pk_test_permit_page (window)), "field-error"));
  g_assert_cmpuint (pk_permit_page_get_copies (pk_test_permit_page (window)), ==, 2);
  g_assert_cmpuint (pk_test_count_pdfs (printer->spool_dir), ==, 2);

  /* Saved as PDF through the file chooser: the same one-page sheet, marked as the copy it is. */
  {
    g_autofree char *dir = g_dir_make_tmp ("pk-save-XXXXXX", NULL);
    g_autofree char *name = g_strdup_printf ("permit-%s.pdf", application->permit_no);
    g_autofree char *path = g_build_filename (dir, name, NULL);
    g_autofree char *cwd = g_get_current_dir ();
    g_autofree char *initial = g_build_filename (cwd, name, NULL);
    g_autoptr(GFile) folder = g_file_new_for_path (dir);
    g_autofree char *saved_text = NULL;
    g_autofree char *info = NULL;
    GtkFileChooser *chooser;

    pk_test_click (GTK_WIDGET (window), "permit-print.save-pdf");
    /* The chooser offers the permit's own file name; its first folder loads asynchronously and
     * would undo a folder chosen before, so the test waits for it, then picks its own. */
    pk_test_wait_until (window, chooser_names, initial, "the file chooser");
    chooser = find_chooser ();
    g_assert_true (gtk_file_chooser_set_current_folder (chooser, folder, NULL));
    pk_test_wait_until (window, chooser_names, path, "the chooser to show the folder");
    gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
    /* Said only once the file is written and closed. */
    pk_test_wait_until (window, pk_test_label_visible, (gpointer) _("The permit was saved as PDF."),
                        "the saved PDF");
    g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    g_assert_cmpint (pt_pdf_pages (path), ==, 1);
    info = pt_pdf_info (path);
    g_assert_nonnull (strstr (info, "A4"));
    saved_text = pt_pdf_text (path);
    g_assert_nonnull (strstr (saved_text, application->permit_no));
    g_assert_nonnull (strstr (saved_text, "المثنی"));
    g_assert_null (pk_test_find_label_with_class (GTK_WIDGET (pk_test_permit_page (window)), "field-error"));
    /* Saving is not printing: nothing counted or journaled. */
    g_assert_cmpuint (pk_permit_page_get_copies (pk_test_permit_page (window)), ==, 2);
    g_assert_cmpuint (pk_test_count_journal (app, PK_JOURNAL_KIND_REPRINT, application->tracking_code), ==, 1);
    g_unlink (path);
    g_rmdir (dir);
  }

  pk_settings_set_printer_name (settings, "");
}

/* The printer and the scheduler start before the application, so that CUPS_SERVER is in the
 * environment before any thread exists: libcups reads it once per thread. */
static void
test_print_dialog (void)
{
  PtPrinter *printer = pt_printer_start (NULL);
  GSubprocess *cupsd;

  g_assert_nonnull (printer);
  cupsd = start_cupsd (printer);
  pk_test_gui_run (FALSE, scenario, printer);
  stop_cupsd (cupsd);
  pt_printer_stop (printer);
  g_unsetenv ("CUPS_SERVER");
}

/* Under AddressSanitizer: full stacks for allocations, so that the leaks GTK's CUPS backend
 * keeps are matched by build-aux/lsan.supp (Debian's GLib has no frame pointers, and the fast
 * unwinder stops at g_malloc). Ignored in other builds; ASAN_OPTIONS still wins. */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

/* GTK's CUPS backend asks colord for colour profiles over the system bus, which a test machine
 * does not have; its warning about that is the one message this test lets through. */
static GLogWriterOutput
writer (GLogLevelFlags   log_level,
        const GLogField *fields,
        gsize            n_fields,
        gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0 &&
        g_str_has_prefix (fields[i].value, "failed to contact colord"))
      return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

int
main (int   argc,
      char *argv[])
{
  g_log_set_writer_func (writer, NULL, NULL);
  pk_test_gui_init (&argc, &argv);
  g_test_add_func ("/gui/print-dialog", test_print_dialog);
  return g_test_run ();
}
