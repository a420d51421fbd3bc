/* pk-printer.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cups/cups.h>
#include <string.h>

#include "pk-printer-private.h"
#include "pk-printer.h"

/* Printing through libcups, to a CUPS queue or straight to an IPP printer by URI, and following
 * each job until the printer says it is done: a permit is "printed" only when the job completed,
 * never when it was merely sent.
 *
 * Every libcups call runs on a GTask worker thread with an http_t of its own (libcups is
 * thread-safe per connection, and its last-error state is per thread). libcups blocks, so each
 * connection gets a timeout callback that gives up when the caller cancels or when the printer
 * stays silent for longer than PkPrinter:timeout; that is what turns a hung printer into
 * PK_PRINTER_ERROR_TIMEOUT instead of a frozen kiosk. This file holds the object, its
 * destinations and the start of a job; pk-printer-job.c one job's life on its worker. */

#define DEFAULT_TIMEOUT      15
#define DEFAULT_JOB_TIMEOUT  300

struct _PkPrinter
{
  GObject parent_instance;

  guint   timeout;
  guint   job_timeout;
};

G_DEFINE_FINAL_TYPE (PkPrinter, pk_printer, G_TYPE_OBJECT)

G_DEFINE_QUARK (pk-printer-error-quark, pk_printer_error)

enum {
  PROP_0,
  PROP_TIMEOUT,
  PROP_JOB_TIMEOUT,
  N_PROPS
};

enum {
  JOB_STATE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
pk_printer_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PkPrinter *self = PK_PRINTER (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_JOB_TIMEOUT:
      g_value_set_uint (value, self->job_timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_printer_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PkPrinter *self = PK_PRINTER (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      pk_printer_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_JOB_TIMEOUT:
      pk_printer_set_job_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_printer_class_init (PkPrinterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = pk_printer_get_property;
  object_class->set_property = pk_printer_set_property;

  /* Seconds the printer may stay silent within one exchange (connect, a request, a write), and
   * how long a job may sit stopped before it counts as a stopped printer. */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, 3600, DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Seconds from submission to completion before the job is given up (and cancelled). */
  properties[PROP_JOB_TIMEOUT] =
    g_param_spec_uint ("job-timeout", NULL, NULL, 1, 24 * 3600, DEFAULT_JOB_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PkPrinter::job-state-changed:
   * @job_id: the printer's job id
   * @state: a #PkPrintJobState
   * @reasons: the printer's job-state-reasons, comma-separated
   * @destination: the destination as passed to pk_printer_print_async()
   *
   * Every state change of every job, in the main context that started the job.
   */
  signals[JOB_STATE_CHANGED] =
    g_signal_new ("job-state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 4, G_TYPE_INT, G_TYPE_UINT, G_TYPE_STRING,
                  G_TYPE_STRING);
}

static void
pk_printer_init (PkPrinter *self)
{
  self->timeout = DEFAULT_TIMEOUT;
  self->job_timeout = DEFAULT_JOB_TIMEOUT;
}

PkPrinter *
pk_printer_new (void)
{
  return g_object_new (PK_TYPE_PRINTER, NULL);
}

guint
pk_printer_get_timeout (PkPrinter *self)
{
  g_return_val_if_fail (PK_IS_PRINTER (self), 0);

  return self->timeout;
}

void
pk_printer_set_timeout (PkPrinter *self,
                        guint      seconds)
{
  g_return_if_fail (PK_IS_PRINTER (self));
  g_return_if_fail (seconds >= 1);

  if (self->timeout == seconds)
    return;
  self->timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
pk_printer_get_job_timeout (PkPrinter *self)
{
  g_return_val_if_fail (PK_IS_PRINTER (self), 0);

  return self->job_timeout;
}

void
pk_printer_set_job_timeout (PkPrinter *self,
                            guint      seconds)
{
  g_return_if_fail (PK_IS_PRINTER (self));
  g_return_if_fail (seconds >= 1);

  if (self->job_timeout == seconds)
    return;
  self->job_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB_TIMEOUT]);
}

const char *
pk_print_job_state_to_string (PkPrintJobState state)
{
  static const char * const names[] = {
    "pending", "held", "processing", "stopped", "cancelled", "aborted", "completed",
  };

  g_return_val_if_fail (state <= PK_PRINT_JOB_STATE_COMPLETED, NULL);

  return names[state];
}

/* From a job's report, in the caller's main context. */
void
pk_printer_job_state_changed (PkPrinter       *self,
                              int              job_id,
                              PkPrintJobState  state,
                              const char      *reasons,
                              const char      *destination)
{
  g_signal_emit (self, signals[JOB_STATE_CHANGED], 0, job_id, (guint) state, reasons,
                 destination);
}

static void
start_print (PkPrinter           *self,
             const char          *destination,
             GBytes              *pdf,
             GFile               *file,
             const char          *title,
             PkPrintProgressFunc  progress,
             gpointer             progress_data,
             GDestroyNotify       progress_destroy,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PkPrintJob *job = g_new0 (PkPrintJob, 1);

  job->printer = g_object_ref (self);
  job->destination = g_strdup (destination);
  job->pdf = pdf != NULL ? g_bytes_ref (pdf) : NULL;
  job->file = file != NULL ? g_object_ref (file) : NULL;
  job->title = g_strdup (title);
  job->progress = progress;
  job->progress_data = progress_data;
  job->progress_destroy = progress_destroy;
  job->context = g_main_context_ref_thread_default ();
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  job->timeout = self->timeout;
  job->job_timeout = self->job_timeout;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pk_printer_print_async);
  g_task_set_task_data (task, job, pk_print_job_free);
  g_task_run_in_thread (task, pk_print_job_run);
}

/**
 * pk_printer_print_async:
 * @destination: a CUPS queue name, or an ipp:// / ipps:// URI to print directly without cupsd
 * @pdf: the document, a PDF
 * @title: (nullable): the job's name in the printer's queue
 * @progress: (nullable) (scope notified): told of every state of this job, in the caller's
 *   main context; #PkPrinter::job-state-changed tells the same for all jobs
 * @cancellable: cancelling it cancels the job at the printer
 *
 * Sends @pdf and follows the job until the printer completes it. The callback runs only then:
 * when pk_printer_print_finish() succeeds, the printer has said "completed".
 */
void
pk_printer_print_async (PkPrinter            *self,
                        const char           *destination,
                        GBytes               *pdf,
                        const char           *title,
                        PkPrintProgressFunc   progress,
                        gpointer              progress_data,
                        GDestroyNotify        progress_destroy,
                        GCancellable         *cancellable,
                        GAsyncReadyCallback   callback,
                        gpointer              user_data)
{
  g_return_if_fail (PK_IS_PRINTER (self));
  g_return_if_fail (destination != NULL && *destination != '\0');
  g_return_if_fail (pdf != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_print (self, destination, pdf, NULL, title, progress, progress_data, progress_destroy,
               cancellable, callback, user_data);
}

/**
 * pk_printer_print_file_async:
 * @pdf: a PDF file, read on the worker thread
 *
 * As pk_printer_print_async(), for a document on disk. Finish with pk_printer_print_finish().
 */
void
pk_printer_print_file_async (PkPrinter            *self,
                             const char           *destination,
                             GFile                *pdf,
                             const char           *title,
                             PkPrintProgressFunc   progress,
                             gpointer              progress_data,
                             GDestroyNotify        progress_destroy,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  g_return_if_fail (PK_IS_PRINTER (self));
  g_return_if_fail (destination != NULL && *destination != '\0');
  g_return_if_fail (G_IS_FILE (pdf));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_print (self, destination, NULL, pdf, title, progress, progress_data, progress_destroy,
               cancellable, callback, user_data);
}

/**
 * pk_printer_print_finish:
 *
 * Returns: the printer's job id of the completed job, or 0 with @error set.
 */
int
pk_printer_print_finish (PkPrinter     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  gssize id;

  g_return_val_if_fail (PK_IS_PRINTER (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pk_printer_print_async, 0);

  id = g_task_propagate_int (G_TASK (result), error);
  return id > 0 ? (int) id : 0;
}

/* Destinations */

static PkPrinterDestination *
destination_from_cups (cups_dest_t *dest,
                       gboolean     direct)
{
  PkPrinterDestination *out = g_new0 (PkPrinterDestination, 1);
  const char *uri = cupsGetOption ("printer-uri-supported", dest->num_options, dest->options);

  if (uri == NULL)
    uri = cupsGetOption ("device-uri", dest->num_options, dest->options);
  out->name = g_strdup (direct && uri != NULL ? uri : dest->name);
  out->uri = g_strdup (uri);
  out->info = g_strdup (cupsGetOption ("printer-info", dest->num_options, dest->options));
  out->make_and_model = g_strdup (cupsGetOption ("printer-make-and-model", dest->num_options,
                                                 dest->options));
  out->is_default = dest->is_default != 0;
  out->is_direct = direct;
  return out;
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char * const *direct = task_data;
  g_autoptr(GPtrArray) list = NULL;
  cups_dest_t *dests = NULL;
  int n;

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_printer_destination_free);

  /* Queues of the local cupsd; none (and no error) when it is not running, as on a kiosk that
   * prints only to a network printer by URI. */
  n = cupsGetDests2 (CUPS_HTTP_DEFAULT, &dests);
  for (int i = 0; i < n; i++)
    if (dests[i].instance == NULL)
      g_ptr_array_add (list, destination_from_cups (&dests[i], FALSE));
  cupsFreeDests (n, dests);

  for (guint i = 0; direct != NULL && direct[i] != NULL; i++)
    {
      cups_dest_t *dest = cupsGetDestWithURI (NULL, direct[i]);

      if (dest == NULL)
        continue;
      g_ptr_array_add (list, destination_from_cups (dest, TRUE));
      cupsFreeDests (1, dest);
    }

  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, g_steal_pointer (&list), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * pk_printer_list_destinations_async:
 * @direct_uris: (nullable) (array zero-terminated=1): IPP printers configured by URI; each is
 *   listed as it is described by its URI, without contacting it
 *
 * The CUPS queues of this computer, then the direct printers.
 */
void
pk_printer_list_destinations_async (PkPrinter            *self,
                                    const char * const   *direct_uris,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PK_IS_PRINTER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pk_printer_list_destinations_async);
  g_task_set_task_data (task, g_strdupv ((char **) direct_uris), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, list_thread);
}

/**
 * pk_printer_list_destinations_finish:
 *
 * Returns: (transfer container) (element-type PkPrinterDestination): the destinations.
 */
GPtrArray *
pk_printer_list_destinations_finish (PkPrinter     *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (PK_IS_PRINTER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pk_printer_list_destinations_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
