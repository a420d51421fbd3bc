/* pk-printer-private.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cups/cups.h>

#include "pk-printer.h"

G_BEGIN_DECLS

/* One job, owned by its GTask; the worker thread is the only one that touches the libcups
 * parts. */
typedef struct
{
  PkPrinter           *printer;
  char                *destination;
  GBytes              *pdf;
  GFile               *file;
  char                *title;
  PkPrintProgressFunc  progress;
  gpointer             progress_data;
  GDestroyNotify       progress_destroy;
  GMainContext        *context;
  GCancellable        *cancellable;
  guint                timeout;
  guint                job_timeout;

  /* worker only */
  gint64               io_deadline;
  gboolean             timed_out;
  int                  cancel_flag;
  gulong               cancel_handler;
  cups_dest_t         *dest;
  cups_dinfo_t        *dinfo;
  http_t              *http;
  char                 resource[1024];
  const char          *printer_uri;
  int                  job_id;
} PkPrintJob;

void pk_print_job_free            (gpointer         data);
void pk_print_job_run             (GTask           *task,
                                   gpointer         source_object,
                                   gpointer         task_data,
                                   GCancellable    *cancellable);

void pk_printer_job_state_changed (PkPrinter       *self,
                                   int              job_id,
                                   PkPrintJobState  state,
                                   const char      *reasons,
                                   const char      *destination);

G_END_DECLS
