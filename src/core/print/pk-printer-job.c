/* pk-printer-job.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cups/cups.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "pk-printer-private.h"

/* One print job's life on its GTask worker (see pk-printer.c for why every libcups call is
 * there): the destination, the connection and its timeout, the printer's state, sending the
 * PDF, then following the job until the printer completes it, with its reports to the caller. */

/* Job state polling starts fast (a local printer completes a one-page PDF in tens of ms) and
 * backs off to a quarter second for a printer that takes its time. */
#define POLL_MIN_US          (10 * 1000)
#define POLL_MAX_US          (250 * 1000)
#define POLL_INTERVAL_US     (100 * 1000)
#define WRITE_CHUNK          (64 * 1024)
#define CANCEL_CONFIRM_US    (5 * G_USEC_PER_SEC)

void
pk_print_job_free (gpointer data)
{
  PkPrintJob *job = data;

  if (job->cancel_handler != 0)
    g_cancellable_disconnect (job->cancellable, job->cancel_handler);
  g_clear_pointer (&job->dinfo, cupsFreeDestInfo);
  g_clear_pointer (&job->http, httpClose);
  if (job->dest != NULL)
    cupsFreeDests (1, job->dest);
  if (job->progress_destroy != NULL)
    job->progress_destroy (job->progress_data);
  g_clear_object (&job->printer);
  g_free (job->destination);
  g_clear_pointer (&job->pdf, g_bytes_unref);
  g_clear_object (&job->file);
  g_free (job->title);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_object (&job->cancellable);
  g_free (job);
}

typedef struct
{
  GTask           *task;
  int              job_id;
  PkPrintJobState  state;
  char            *reasons;
} Report;

static void
report_free (gpointer data)
{
  Report *report = data;

  g_object_unref (report->task);
  g_free (report->reasons);
  g_free (report);
}

static gboolean
report_dispatch (gpointer data)
{
  Report *report = data;
  PkPrintJob *job = g_task_get_task_data (report->task);

  if (job->progress != NULL)
    job->progress (report->job_id, report->state, report->reasons, job->progress_data);
  pk_printer_job_state_changed (job->printer, report->job_id, report->state, report->reasons,
                                job->destination);
  return G_SOURCE_REMOVE;
}

/* From the worker to the caller's main context: reports queue up in order ahead of the task's
 * own completion, so the last report a caller sees comes before its callback. */
static void
report_state (GTask           *task,
              PkPrintJob        *job,
              PkPrintJobState  state,
              const char      *reasons)
{
  Report *report = g_new0 (Report, 1);

  report->task = g_object_ref (task);
  report->job_id = job->job_id;
  report->state = state;
  report->reasons = g_strdup (reasons != NULL ? reasons : "");
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, report_dispatch, report,
                              report_free);
}

static void
begin_exchange (PkPrintJob *job)
{
  job->timed_out = FALSE;
  job->io_deadline = g_get_monotonic_time () + (gint64) job->timeout * G_USEC_PER_SEC;
}

/* libcups calls this whenever the connection has been silent for the interval given to
 * httpSetTimeout(); returning 0 abandons the request. */
static int
on_http_timeout (http_t *http,
                 void   *user_data)
{
  PkPrintJob *job = user_data;

  if (g_cancellable_is_cancelled (job->cancellable))
    return 0;
  if (g_get_monotonic_time () >= job->io_deadline)
    {
      job->timed_out = TRUE;
      return 0;
    }
  return 1;
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  PkPrintJob *job = user_data;

  /* Read by cupsConnectDest() while it tries addresses. */
  g_atomic_int_set (&job->cancel_flag, 1);
}

static gboolean
set_cancelled_error (PkPrintJob  *job,
                     GError   **error)
{
  return g_cancellable_set_error_if_cancelled (job->cancellable, error);
}

/* Turns libcups' last error into one a kiosk can act on. */
static void
set_cups_error (PkPrintJob   *job,
                GError    **error,
                const char *doing)
{
  ipp_status_t status = cupsLastError ();
  const char *message = cupsLastErrorString ();

  if (set_cancelled_error (job, error))
    return;
  if (job->timed_out)
    {
      g_set_error (error, PK_PRINTER_ERROR, PK_PRINTER_ERROR_TIMEOUT,
                   _("The printer stopped answering. Check that it is switched on and not "
                     "showing an error, then print again."));
      return;
    }

  g_debug ("%s on %s: %s (%s)", doing, job->destination, ippErrorString (status),
           message != NULL ? message : "");
  switch (status)
    {
    case IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS:
    case IPP_STATUS_ERROR_DOCUMENT_FORMAT_NOT_SUPPORTED:
    case IPP_STATUS_ERROR_ATTRIBUTES_OR_VALUES:
    case IPP_STATUS_ERROR_REQUEST_ENTITY:
    case IPP_STATUS_ERROR_FORBIDDEN:
    case IPP_STATUS_ERROR_NOT_AUTHORIZED:
      g_set_error (error, PK_PRINTER_ERROR, PK_PRINTER_ERROR_REJECTED,
                   _("The printer refused the document (%s). Choose another printer or ask "
                     "the office's support."), message != NULL ? message : ippErrorString (status));
      break;
    case IPP_STATUS_ERROR_NOT_FOUND:
      g_set_error (error, PK_PRINTER_ERROR, PK_PRINTER_ERROR_NOT_FOUND,
                   _("The printer “%s” is not set up on this computer. Check the printer in "
                     "the settings."), job->destination);
      break;
    case IPP_STATUS_ERROR_SERVICE_UNAVAILABLE:
    case IPP_STATUS_ERROR_INTERNAL:
      g_set_error (error, PK_PRINTER_ERROR, PK_PRINTER_ERROR_UNREACHABLE,
                   _("The printer cannot be reached. Check that it is switched on and "
                     "connected, then print again."));
      break;
    default:
      g_set_error (error, PK_PRINTER_ERROR, PK_PRINTER_ERROR_FAILED,
                   _("The printer could not print the document (%s). Print again."),
                   message != NULL ? message : ippErrorString (status));
    }
}

static char *
join_keywords (ipp_attribute_t *attr)
{
  GString *out = g_string_new (NULL);

  for (int i = 0; attr != NULL && i < ippGetCount (attr); i++)
    {
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, ippGetString (attr, i, NULL));
    }
  return g_string_free (out, FALSE);
}

/* printer-state-reasons keywords (RFC 8011, PWG 5100.9) in words an operator can act on; the
 * -error/-warning/-report suffixes are dropped first. Unknown keywords are left out. */
static char *
describe_reasons (const char *reasons)
{
  static const struct { const char *keyword; const char *text; } known[] = {
    /* TRANSLATORS: why a printer stopped, shown inside "The printer is stopped (%s)" */
    { "media-empty", N_("out of paper") },
    { "media-needed", N_("out of paper") },
    { "media-jam", N_("paper jam") },
    { "toner-empty", N_("out of toner") },
    { "marker-supply-empty", N_("out of toner or ink") },
    { "door-open", N_("a door is open") },
    { "cover-open", N_("a cover is open") },
    { "paused", N_("paused") },
    { "offline", N_("offline") },
    { "shutdown", N_("switched off") },
  };
  g_auto(GStrv) keywords = g_strsplit (reasons != NULL ? reasons : "", ",", -1);
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  for (guint i = 0; keywords[i] != NULL; i++)
    {
      static const char * const suffixes[] = { "-error", "-warning", "-report" };

      for (guint j = 0; j < G_N_ELEMENTS (suffixes); j++)
        if (g_str_has_suffix (keywords[i], suffixes[j]))
          {
            keywords[i][strlen (keywords[i]) - strlen (suffixes[j])] = '\0';
            break;
          }

      for (guint k = 0; k < G_N_ELEMENTS (known); k++)
        if (g_str_equal (keywords[i], known[k].keyword))
          {
            const char *text = _(known[k].text);

            if (!g_ptr_array_find_with_equal_func (parts, text, g_str_equal, NULL))
              g_ptr_array_add (parts, (gpointer) text);
          }
    }

  if (parts->len == 0)
    /* TRANSLATORS: shown inside "The printer is stopped (%s)" when the reason is unknown */
    return g_strdup (_("see the printer’s display"));
  g_ptr_array_add (parts, NULL);
  /* TRANSLATORS: separator between reasons, e.g. "out of paper, a door is open" */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}

static gboolean
resolve_destination (PkPrintJob  *job,
                     GError   **error)
{
  if (strstr (job->destination, "://") != NULL)
    job->dest = cupsGetDestWithURI (NULL, job->destination);
  else
    job->dest = cupsGetNamedDest (CUPS_HTTP_DEFAULT, job->destination, NULL);

  if (job->dest == NULL)
    {
      if (cupsLastError () == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE)
        g_set_error (error, PK_PRINTER_ERROR, PK_PRINTER_ERROR_UNREACHABLE,
                     _("The printing service of this computer is not running. Ask the "
                       "office's support to start it."));
      else
        g_set_error (error, PK_PRINTER_ERROR, PK_PRINTER_ERROR_NOT_FOUND,
                     _("The printer “%s” is not set up on this computer. Check the printer "
                       "in the settings."), job->destination);
      return FALSE;
    }

  job->printer_uri = cupsGetOption ("printer-uri-supported", job->dest->num_options,
                                    job->dest->options);
  if (job->printer_uri == NULL)
    job->printer_uri = cupsGetOption ("device-uri", job->dest->num_options, job->dest->options);
  return TRUE;
}

static gboolean
connect_printer (PkPrintJob  *job,
                 GError   **error)
{
  gboolean direct = strstr (job->destination, "://") != NULL;

  begin_exchange (job);
  job->http = cupsConnectDest (job->dest, direct ? CUPS_DEST_FLAGS_DEVICE : CUPS_DEST_FLAGS_NONE,
                               (int) job->timeout * 1000, &job->cancel_flag, job->resource,
                               sizeof job->resource, NULL, NULL);
  if (job->http == NULL)
    {
      if (!set_cancelled_error (job, error))
        g_set_error (error, PK_PRINTER_ERROR, PK_PRINTER_ERROR_UNREACHABLE,
                     _("The printer cannot be reached. Check that it is switched on and "
                       "connected, then print again."));
      return FALSE;
    }
  /* Woken every half second, so cancellation is felt quickly even inside a blocking call. */
  httpSetTimeout (job->http, 0.5, on_http_timeout, job);
  return TRUE;
}

/* A stopped printer or one that refuses jobs is reported before anything is sent: a kiosk must
 * not leave a permit queued on a printer that will print it tomorrow. */
static gboolean
check_printer_state (PkPrintJob  *job,
                     GError   **error)
{
  static const char * const wanted[] = {
    "printer-state", "printer-state-reasons", "printer-is-accepting-jobs",
  };
  ipp_t *request = ippNewRequest (IPP_OP_GET_PRINTER_ATTRIBUTES);
  ipp_t *response;
  ipp_attribute_t *attr;
  gboolean ok = TRUE;

  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, job->printer_uri);
  ippAddStrings (request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                 G_N_ELEMENTS (wanted), NULL, wanted);
  begin_exchange (job);
  response = cupsDoRequest (job->http, request, job->resource);
  if (response == NULL || cupsLastError () > IPP_STATUS_OK_CONFLICTING)
    {
      set_cups_error (job, error, "Get-Printer-Attributes");
      ippDelete (response);
      return FALSE;
    }

  attr = ippFindAttribute (response, "printer-state", IPP_TAG_ENUM);
  if (attr != NULL && ippGetInteger (attr, 0) == IPP_PSTATE_STOPPED)
    {
      g_autofree char *reasons = join_keywords (ippFindAttribute (response,
                                                                  "printer-state-reasons",
                                                                  IPP_TAG_KEYWORD));
      g_autofree char *why = describe_reasons (reasons);

      g_set_error (error, PK_PRINTER_ERROR, PK_PRINTER_ERROR_STOPPED,
                   _("The printer is stopped (%s). Check its paper, toner and display, then "
                     "print again."), why);
      ok = FALSE;
    }
  attr = ippFindAttribute (response, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN);
  if (ok && attr != NULL && !ippGetBoolean (attr, 0))
    {
      g_set_error (error, PK_PRINTER_ERROR, PK_PRINTER_ERROR_REJECTED,
                   _("The printer does not accept jobs at the moment. Choose another printer "
                     "or ask the office's support."));
      ok = FALSE;
    }
  ippDelete (response);
  return ok;
}

static gboolean
send_document (GTask     *task,
               PkPrintJob  *job,
               GError   **error)
{
  const char *data;
  gsize size;
  gsize done = 0;

  begin_exchange (job);
  job->dinfo = cupsCopyDestInfo (job->http, job->dest);
  if (job->dinfo == NULL)
    {
      set_cups_error (job, error, "Copy-Dest-Info");
      return FALSE;
    }

  begin_exchange (job);
  if (cupsCreateDestJob (job->http, job->dest, job->dinfo, &job->job_id,
                         job->title != NULL ? job->title : "Pishkhan", 0, NULL)
      > IPP_STATUS_OK_CONFLICTING || job->job_id <= 0)
    {
      set_cups_error (job, error, "Create-Job");
      return FALSE;
    }
  report_state (task, job, PK_PRINT_JOB_STATE_PENDING, NULL);

  begin_exchange (job);
  if (cupsStartDestDocument (job->http, job->dest, job->dinfo, job->job_id,
                             job->title != NULL ? job->title : "Pishkhan", CUPS_FORMAT_PDF, 0,
                             NULL, 1) != HTTP_STATUS_CONTINUE)
    {
      set_cups_error (job, error, "Send-Document");
      return FALSE;
    }

  data = g_bytes_get_data (job->pdf, &size);
  while (done < size)
    {
      gsize chunk = MIN (WRITE_CHUNK, size - done);

      if (g_cancellable_is_cancelled (job->cancellable))
        break;
      begin_exchange (job);
      if (cupsWriteRequestData (job->http, data + done, chunk) != HTTP_STATUS_CONTINUE)
        break;
      done += chunk;
    }

  begin_exchange (job);
  if (cupsFinishDestDocument (job->http, job->dest, job->dinfo) > IPP_STATUS_OK_CONFLICTING ||
      done < size)
    {
      set_cups_error (job, error, "Send-Document");
      return FALSE;
    }
  return TRUE;
}

static PkPrintJobState
state_from_ipp (int state)
{
  switch (state)
    {
    case IPP_JSTATE_HELD:
      return PK_PRINT_JOB_STATE_HELD;
    case IPP_JSTATE_PROCESSING:
      return PK_PRINT_JOB_STATE_PROCESSING;
    case IPP_JSTATE_STOPPED:
      return PK_PRINT_JOB_STATE_STOPPED;
    case IPP_JSTATE_CANCELED:
      return PK_PRINT_JOB_STATE_CANCELLED;
    case IPP_JSTATE_ABORTED:
      return PK_PRINT_JOB_STATE_ABORTED;
    case IPP_JSTATE_COMPLETED:
      return PK_PRINT_JOB_STATE_COMPLETED;
    case IPP_JSTATE_PENDING:
    default:
      return PK_PRINT_JOB_STATE_PENDING;
    }
}

static gboolean
query_job (PkPrintJob         *job,
           PkPrintJobState  *state,
           char            **reasons,
           GError          **error)
{
  static const char * const wanted[] = { "job-state", "job-state-reasons" };
  ipp_t *request = ippNewRequest (IPP_OP_GET_JOB_ATTRIBUTES);
  ipp_t *response;
  ipp_attribute_t *attr;

  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, job->printer_uri);
  ippAddInteger (request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job->job_id);
  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL,
                cupsUser ());
  ippAddStrings (request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                 G_N_ELEMENTS (wanted), NULL, wanted);
  begin_exchange (job);
  response = cupsDoRequest (job->http, request, job->resource);
  if (response == NULL || cupsLastError () > IPP_STATUS_OK_CONFLICTING)
    {
      set_cups_error (job, error, "Get-Job-Attributes");
      ippDelete (response);
      return FALSE;
    }
  attr = ippFindAttribute (response, "job-state", IPP_TAG_ENUM);
  *state = state_from_ipp (attr != NULL ? ippGetInteger (attr, 0) : IPP_JSTATE_PENDING);
  *reasons = join_keywords (ippFindAttribute (response, "job-state-reasons", IPP_TAG_KEYWORD));
  ippDelete (response);
  return TRUE;
}

/* Best effort: the job is ours and must not come out of the printer after we said it failed. */
static void
cancel_job (PkPrintJob *job)
{
  int saved = g_atomic_int_get (&job->cancel_flag);
  GCancellable *cancellable = job->cancellable;

  if (job->job_id <= 0 || job->http == NULL)
    return;
  /* The cancel request itself must not be cut short by the cancellation that caused it. */
  job->cancellable = NULL;
  begin_exchange (job);
  cupsCancelDestJob (job->http, job->dest, job->job_id);
  job->cancellable = cancellable;
  g_atomic_int_set (&job->cancel_flag, saved);
}

static gboolean
follow_job (GTask     *task,
            PkPrintJob  *job,
            GError   **error)
{
  gint64 job_deadline = g_get_monotonic_time () + (gint64) job->job_timeout * G_USEC_PER_SEC;
  gint64 stopped_since = 0;
  PkPrintJobState last = PK_PRINT_JOB_STATE_PENDING;
  g_autofree char *last_reasons = g_strdup ("");
  gint64 interval = POLL_MIN_US;

  for (;;)
    {
      g_autofree char *reasons = NULL;
      PkPrintJobState state;
      gint64 now;

      if (g_cancellable_is_cancelled (job->cancellable))
        {
          GCancellable *cancellable = job->cancellable;
          gint64 give_up = g_get_monotonic_time () + CANCEL_CONFIRM_US;

          cancel_job (job);
          /* Report what the printer says, not what we hope: a printer may take a moment to
           * stop (it is "processing-to-stop-point"), and a job it had already finished stays
           * "completed", so the caller knows the paper came out. Bounded, so a cancelled
           * print never keeps the caller waiting long. */
          job->cancellable = NULL;
          while (g_get_monotonic_time () < give_up)
            {
              g_autofree char *after = NULL;
              PkPrintJobState now_state;

              if (!query_job (job, &now_state, &after, NULL))
                break;
              if (now_state != last)
                {
                  report_state (task, job, now_state, after);
                  last = now_state;
                }
              if (now_state >= PK_PRINT_JOB_STATE_CANCELLED)
                break;
              g_usleep (POLL_INTERVAL_US);
            }
          job->cancellable = cancellable;
          return !set_cancelled_error (job, error);
        }
      if (!query_job (job, &state, &reasons, error))
        {
          /* Cancelled mid-request, or a printer that stopped answering: either way the job
           * must not print later, unseen. */
          if (g_error_matches (*error, PK_PRINTER_ERROR, PK_PRINTER_ERROR_TIMEOUT) ||
              g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            cancel_job (job);
          return FALSE;
        }

      if (state != last || g_strcmp0 (reasons, last_reasons) != 0)
        {
          report_state (task, job, state, reasons);
          last = state;
          interval = POLL_MIN_US;
          g_free (last_reasons);
          last_reasons = g_steal_pointer (&reasons);
        }

      now = g_get_monotonic_time ();
      switch (last)
        {
        case PK_PRINT_JOB_STATE_COMPLETED:
          return TRUE;
        case PK_PRINT_JOB_STATE_CANCELLED:
          g_set_error (error, PK_PRINTER_ERROR, PK_PRINTER_ERROR_CANCELLED,
                       _("The print job was cancelled at the printer. Print again if the "
                         "document is still needed."));
          return FALSE;
        case PK_PRINT_JOB_STATE_ABORTED:
          g_set_error (error, PK_PRINTER_ERROR, PK_PRINTER_ERROR_FAILED,
                       _("The printer could not print the document (%s). Print again."),
                       last_reasons);
          return FALSE;
        case PK_PRINT_JOB_STATE_STOPPED:
          if (stopped_since == 0)
            stopped_since = now;
          if (now - stopped_since >= (gint64) job->timeout * G_USEC_PER_SEC)
            {
              g_autofree char *why = describe_reasons (last_reasons);

              cancel_job (job);
              g_set_error (error, PK_PRINTER_ERROR, PK_PRINTER_ERROR_STOPPED,
                           _("The printer is stopped (%s). Check its paper, toner and display, "
                             "then print again."), why);
              return FALSE;
            }
          break;
        case PK_PRINT_JOB_STATE_PENDING:
        case PK_PRINT_JOB_STATE_HELD:
        case PK_PRINT_JOB_STATE_PROCESSING:
        default:
          stopped_since = 0;
          break;
        }

      if (now >= job_deadline)
        {
          cancel_job (job);
          g_set_error (error, PK_PRINTER_ERROR, PK_PRINTER_ERROR_TIMEOUT,
                       _("The printer did not finish the job in time. Check the printer, then "
                         "print again."));
          return FALSE;
        }

      /* Sleep in slices of at most 50 ms, so a cancellation is acted on at once. */
      for (gint64 slept = 0; slept < interval && !g_cancellable_is_cancelled (job->cancellable);
           slept += MIN (interval - slept, 50 * 1000))
        g_usleep (MIN (interval - slept, 50 * 1000));
      interval = MIN (interval * 2, POLL_MAX_US);
    }
}

static gboolean
is_pdf (GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return data != NULL && size >= 5 && memcmp (data, "%PDF-", 5) == 0;
}

void
pk_print_job_run (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  PkPrintJob *job = task_data;
  GError *error = NULL;

  if (job->pdf == NULL)
    {
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_file_load_contents (job->file, cancellable, &contents, &length, NULL, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      job->pdf = g_bytes_new_take (g_steal_pointer (&contents), length);
    }
  if (!is_pdf (job->pdf))
    {
      g_task_return_new_error (task, PK_PRINTER_ERROR, PK_PRINTER_ERROR_INVALID_DOCUMENT,
                               _("The document to print is not a PDF."));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  if (cancellable != NULL)
    job->cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), job,
                                                 NULL);

  if (!resolve_destination (job, &error) ||
      !connect_printer (job, &error) ||
      !check_printer_state (job, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (!send_document (task, job, &error))
    {
      /* A job that was created but not fully sent must not print half a permit. */
      cancel_job (job);
      g_task_return_error (task, error);
      return;
    }

  if (!follow_job (task, job, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_int (task, job->job_id);
}
