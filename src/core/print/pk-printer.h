/* pk-printer.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pk-printer-destination.h"

G_BEGIN_DECLS

#define PK_PRINTER_ERROR (pk_printer_error_quark ())

/* What went wrong, so the caller can offer the right action. The caller's own cancellation is
 * G_IO_ERROR_CANCELLED, as everywhere in GIO. */
typedef enum
{
  PK_PRINTER_ERROR_NOT_FOUND,    /* no such queue: fix the settings */
  PK_PRINTER_ERROR_UNREACHABLE,  /* no answer on the network: check cable and power, retry */
  PK_PRINTER_ERROR_STOPPED,      /* the printer is stopped (paper, jam, paused): fix it, reprint */
  PK_PRINTER_ERROR_REJECTED,     /* it refuses jobs or this document: another printer */
  PK_PRINTER_ERROR_FAILED,       /* the job was aborted: reprint */
  PK_PRINTER_ERROR_CANCELLED,    /* someone cancelled the job at the printer: reprint if wanted */
  PK_PRINTER_ERROR_TIMEOUT,      /* it stopped answering, or the job never finished: check it */
  PK_PRINTER_ERROR_INVALID_DOCUMENT, /* not a PDF: a bug in the caller */
} PkPrinterError;

/* The life of a job, as IPP reports it (RFC 8011 job-state). */
typedef enum
{
  PK_PRINT_JOB_STATE_PENDING,
  PK_PRINT_JOB_STATE_HELD,
  PK_PRINT_JOB_STATE_PROCESSING,
  PK_PRINT_JOB_STATE_STOPPED,
  PK_PRINT_JOB_STATE_CANCELLED,
  PK_PRINT_JOB_STATE_ABORTED,
  PK_PRINT_JOB_STATE_COMPLETED,
} PkPrintJobState;

/* Called in the thread-default main context of the caller of pk_printer_print_async(). */
typedef void (*PkPrintProgressFunc) (int              job_id,
                                     PkPrintJobState  state,
                                     const char      *reasons,
                                     gpointer         user_data);

#define PK_TYPE_PRINTER (pk_printer_get_type ())

G_DECLARE_FINAL_TYPE (PkPrinter, pk_printer, PK, PRINTER, GObject)

GQuark      pk_printer_error_quark                 (void);
const char *pk_print_job_state_to_string           (PkPrintJobState       state);

PkPrinter  *pk_printer_new                         (void);
guint       pk_printer_get_timeout                 (PkPrinter            *self);
void        pk_printer_set_timeout                 (PkPrinter            *self,
                                                    guint                 seconds);
guint       pk_printer_get_job_timeout             (PkPrinter            *self);
void        pk_printer_set_job_timeout             (PkPrinter            *self,
                                                    guint                 seconds);

void        pk_printer_list_destinations_async     (PkPrinter            *self,
                                                    const char * const   *direct_uris,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GPtrArray  *pk_printer_list_destinations_finish    (PkPrinter            *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

void        pk_printer_print_async                 (PkPrinter            *self,
                                                    const char           *destination,
                                                    GBytes               *pdf,
                                                    const char           *title,
                                                    PkPrintProgressFunc   progress,
                                                    gpointer              progress_data,
                                                    GDestroyNotify        progress_destroy,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
void        pk_printer_print_file_async            (PkPrinter            *self,
                                                    const char           *destination,
                                                    GFile                *pdf,
                                                    const char           *title,
                                                    PkPrintProgressFunc   progress,
                                                    gpointer              progress_data,
                                                    GDestroyNotify        progress_destroy,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
int         pk_printer_print_finish                (PkPrinter            *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
