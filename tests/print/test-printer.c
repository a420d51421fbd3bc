/* test-printer.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <string.h>

#include "pk-fonts.h"
#include "pk-inquiry-slip.h"
#include "pk-printer.h"
#include "print-test-util.h"

/* Printing through libcups to a real IPP printer (ippeveprinter) on loopback, started per test
 * by tests/print/ippeveprinter.sh. */

typedef struct
{
  PtPrinter *printer;
  PkPrinter *client;
  GBytes    *pdf;
  GArray    *states;
  GPtrArray *reasons;
  int        signal_count;
} Fixture;

static gboolean
have_printer_tools (void)
{
  if (pt_have_program ("ippeveprinter") && pt_have_program ("ipptool") &&
      pt_have_program ("dbus-daemon") && pt_have_program ("python3"))
    return TRUE;
  g_test_fail_printf ("ippeveprinter, ipptool, dbus-daemon or python3 is not installed: run build-aux/install-deps.sh");
  return FALSE;
}

static void
on_signal (PkPrinter  *printer,
           int         job_id,
           guint       state,
           const char *reasons,
           const char *destination,
           Fixture    *f)
{
  g_assert_cmpint (job_id, >, 0);
  g_assert_nonnull (destination);
  f->signal_count++;
}

static void
fixture_set_up_with (Fixture    *f,
                     const char *command)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PkInquirySlip) slip = NULL;

  memset (f, 0, sizeof *f);
  f->states = g_array_new (FALSE, FALSE, sizeof (PkPrintJobState));
  f->reasons = g_ptr_array_new_with_free_func (g_free);
  f->client = pk_printer_new ();
  g_signal_connect (f->client, "job-state-changed", G_CALLBACK (on_signal), f);

  slip = pt_sample_slip ();
  f->pdf = pk_inquiry_slip_render_pdf (slip, &error);
  g_assert_no_error (error);

  if (!have_printer_tools ())
    return;
  f->printer = pt_printer_start (command);
  g_assert_nonnull (f->printer);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  fixture_set_up_with (f, data);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  pt_printer_stop (f->printer);
  g_clear_object (&f->client);
  g_clear_pointer (&f->pdf, g_bytes_unref);
  g_clear_pointer (&f->states, g_array_unref);
  g_clear_pointer (&f->reasons, g_ptr_array_unref);
}

static void
on_progress (int              job_id,
             PkPrintJobState  state,
             const char      *reasons,
             gpointer         user_data)
{
  Fixture *f = user_data;

  g_test_message ("job %d: %s (%s)", job_id, pk_print_job_state_to_string (state), reasons);
  g_array_append_val (f->states, state);
  g_ptr_array_add (f->reasons, g_strdup (reasons));
}

static void
on_printed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Prints and waits; returns the job id or 0 with @error. */
static int
print_and_wait (Fixture       *f,
                const char    *destination,
                GBytes        *pdf,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pk_printer_print_async (f->client, destination, pdf, "Inquiry slip", on_progress, f, NULL,
                          cancellable, on_printed, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return pk_printer_print_finish (f->client, result, error);
}

static gboolean
saw_state (Fixture         *f,
           PkPrintJobState  state)
{
  for (guint i = 0; i < f->states->len; i++)
    if (g_array_index (f->states, PkPrintJobState, i) == state)
      return TRUE;
  return FALSE;
}

/* The one document the printer spooled, or NULL (it also leaves the command's output, .prn). */
static char *
spooled_file (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->printer->spool_dir, 0, NULL);
  const char *name;
  char *found = NULL;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (!g_str_has_suffix (name, ".pdf"))
        continue;
      g_assert_null (found);
      found = g_build_filename (f->printer->spool_dir, name, NULL);
    }
  return found;
}

static void
test_print_completes (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *spooled = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  int job_id;

  if (f->printer == NULL)
    return;

  job_id = print_and_wait (f, f->printer->uri, f->pdf, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (job_id, >, 0);

  /* Followed to the end: the last state reported is "completed", and the signal said the same. */
  g_assert_cmpuint (f->states->len, >=, 2);
  g_assert_cmpint (g_array_index (f->states, PkPrintJobState, 0), ==, PK_PRINT_JOB_STATE_PENDING);
  g_assert_cmpint (g_array_index (f->states, PkPrintJobState, f->states->len - 1), ==,
                   PK_PRINT_JOB_STATE_COMPLETED);
  g_assert_cmpint (f->signal_count, ==, f->states->len);

  /* What the printer received is, byte for byte, what was sent. */
  spooled = spooled_file (f);
  g_assert_nonnull (spooled);
  g_file_get_contents (spooled, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, g_bytes_get_data (f->pdf, NULL), g_bytes_get_size (f->pdf));
  if (pt_have_program ("pdfinfo"))
    g_assert_cmpint (pt_pdf_pages (spooled), ==, 1);
}

static void
on_printed_file (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_print_file (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  int job_id;

  if (f->printer == NULL)
    return;

  path = pt_write_temp (f->pdf, "pk-test-print-file.pdf");
  file = g_file_new_for_path (path);
  pk_printer_print_file_async (f->client, f->printer->uri, file, "From disk", NULL, NULL, NULL,
                               NULL, on_printed_file, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  job_id = pk_printer_print_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (job_id, >, 0);
  g_unlink (path);
}

/* A hung printer (SIGSTOP): the connection opens (the kernel accepts it) but nothing answers. */
static void
test_printer_hung (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 start;
  int job_id;

  if (f->printer == NULL)
    return;

  pk_printer_set_timeout (f->client, 2);
  g_assert_cmpint (kill (f->printer->printer_pid, SIGSTOP), ==, 0);
  start = g_get_monotonic_time ();
  job_id = print_and_wait (f, f->printer->uri, f->pdf, NULL, &error);
  kill (f->printer->printer_pid, SIGCONT);

  g_assert_error (error, PK_PRINTER_ERROR, PK_PRINTER_ERROR_TIMEOUT);
  g_assert_cmpint (job_id, ==, 0);
  g_assert_false (saw_state (f, PK_PRINT_JOB_STATE_COMPLETED));
  /* Given up after the timeout, not after libcups' own minutes. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_test_message ("%s", error->message);
}

/* The printer is gone: nothing listens on its port any more. */
static void
test_printer_gone (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  int job_id;

  if (f->printer == NULL)
    return;

  pk_printer_set_timeout (f->client, 2);
  g_assert_cmpint (kill (f->printer->printer_pid, SIGKILL), ==, 0);
  /* Not a moment later, but once its process has gone with its socket. */
  pt_printer_wait_gone (f->printer, 5000);
  job_id = print_and_wait (f, f->printer->uri, f->pdf, NULL, &error);

  g_assert_error (error, PK_PRINTER_ERROR, PK_PRINTER_ERROR_UNREACHABLE);
  g_assert_cmpint (job_id, ==, 0);
  g_assert_cmpuint (f->states->len, ==, 0);
  g_test_message ("%s", error->message);
}

/* A printer that takes its time (each job "prints" for 3 s). */
static char *
write_slow_command (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (g_get_tmp_dir (), "pk-test-slow-print.sh", NULL);

  g_file_set_contents (path, "#!/bin/sh\nsleep 3\n", -1, &error);
  g_assert_no_error (error);
  g_chmod (path, 0755);
  return path;
}

static void
fixture_set_up_slow (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *command = write_slow_command ();

  fixture_set_up_with (f, command);
}

/* The job never finishes in time: reported as a timeout, and the job is cancelled at the
 * printer so it cannot come out later. */
static void
test_job_timeout (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  int job_id;

  if (f->printer == NULL)
    return;

  pk_printer_set_job_timeout (f->client, 1);
  job_id = print_and_wait (f, f->printer->uri, f->pdf, NULL, &error);
  g_assert_error (error, PK_PRINTER_ERROR, PK_PRINTER_ERROR_TIMEOUT);
  g_assert_cmpint (job_id, ==, 0);
  g_assert_false (saw_state (f, PK_PRINT_JOB_STATE_COMPLETED));
}

static gboolean
cancel_when_processing (gpointer user_data)
{
  gpointer *pair = user_data;
  Fixture *f = pair[0];
  GCancellable *cancellable = pair[1];
  guint *id = pair[2];

  if (saw_state (f, PK_PRINT_JOB_STATE_PROCESSING) || saw_state (f, PK_PRINT_JOB_STATE_PENDING))
    {
      g_cancellable_cancel (cancellable);
      *id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  guint id = 0;
  gpointer pair[3] = { f, cancellable, &id };
  int job_id;

  if (f->printer == NULL)
    return;

  id = g_timeout_add (20, cancel_when_processing, pair);
  job_id = print_and_wait (f, f->printer->uri, f->pdf, cancellable, &error);
  g_clear_handle_id (&id, g_source_remove);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (job_id, ==, 0);
  g_assert_false (saw_state (f, PK_PRINT_JOB_STATE_COMPLETED));
  /* The printer itself said the job is cancelled: the cancellation reached CUPS. */
  g_assert_true (saw_state (f, PK_PRINT_JOB_STATE_CANCELLED));
}

static gboolean
stop_when_processing (gpointer user_data)
{
  gpointer *pair = user_data;
  Fixture *f = pair[0];
  guint *id = pair[1];

  if (saw_state (f, PK_PRINT_JOB_STATE_PROCESSING))
    {
      g_assert_cmpint (kill (f->printer->printer_pid, SIGSTOP), ==, 0);
      *id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* The printer hangs while the job is printing: never reported as completed. */
static void
test_hung_during_job (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint id = 0;
  gpointer pair[2] = { f, &id };
  int job_id;

  if (f->printer == NULL)
    return;

  pk_printer_set_timeout (f->client, 2);
  id = g_timeout_add (10, stop_when_processing, pair);
  job_id = print_and_wait (f, f->printer->uri, f->pdf, NULL, &error);
  g_clear_handle_id (&id, g_source_remove);
  kill (f->printer->printer_pid, SIGCONT);

  g_assert_error (error, PK_PRINTER_ERROR, PK_PRINTER_ERROR_TIMEOUT);
  g_assert_cmpint (job_id, ==, 0);
  g_assert_true (saw_state (f, PK_PRINT_JOB_STATE_PROCESSING));
  g_assert_false (saw_state (f, PK_PRINT_JOB_STATE_COMPLETED));
}

static void
test_not_pdf (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) text = g_bytes_new_static ("hello", 5);

  if (f->printer == NULL)
    return;

  g_assert_cmpint (print_and_wait (f, f->printer->uri, text, NULL, &error), ==, 0);
  g_assert_error (error, PK_PRINTER_ERROR, PK_PRINTER_ERROR_INVALID_DOCUMENT);
}

/* A queue name with no cupsd behind it, or none of that name: never success. */
static void
test_unknown_queue (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  pk_printer_set_timeout (f->client, 2);
  g_assert_cmpint (print_and_wait (f, "pishkhan-no-such-queue", f->pdf, NULL, &error), ==, 0);
  g_assert_true (g_error_matches (error, PK_PRINTER_ERROR, PK_PRINTER_ERROR_NOT_FOUND) ||
                 g_error_matches (error, PK_PRINTER_ERROR, PK_PRINTER_ERROR_UNREACHABLE));
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gboolean found = FALSE;

  if (f->printer == NULL)
    return;

  pk_printer_list_destinations_async (f->client,
                                      (const char * const[]) { f->printer->uri, NULL },
                                      NULL, on_listed, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  list = pk_printer_list_destinations_finish (f->client, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      PkPrinterDestination *dest = g_ptr_array_index (list, i);

      g_test_message ("destination %s (%s)", dest->name, dest->uri);
      if (dest->is_direct && g_strcmp0 (dest->uri, f->printer->uri) == 0)
        found = TRUE;
    }
  g_assert_true (found);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  if (!pk_fonts_load (&error))
    g_error ("%s", error->message);

#define ADD(path, setup, fn) \
  g_test_add (path, Fixture, NULL, setup, fn, fixture_tear_down)
  ADD ("/printer/print-completes", fixture_set_up, test_print_completes);
  ADD ("/printer/print-file", fixture_set_up, test_print_file);
  ADD ("/printer/hung", fixture_set_up, test_printer_hung);
  ADD ("/printer/gone", fixture_set_up, test_printer_gone);
  ADD ("/printer/job-timeout", fixture_set_up_slow, test_job_timeout);
  ADD ("/printer/cancel", fixture_set_up_slow, test_cancel);
  ADD ("/printer/hung-during-job", fixture_set_up_slow, test_hung_during_job);
  ADD ("/printer/not-pdf", fixture_set_up, test_not_pdf);
  ADD ("/printer/unknown-queue", fixture_set_up, test_unknown_queue);
  ADD ("/printer/list", fixture_set_up, test_list);
#undef ADD

  return g_test_run ();
}
