/* pk-pdf-actions.h — what every page does with a PDF it made: save it where a person chooses,
 * and say in words how its print job is going.
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pk-printer.h"

G_BEGIN_DECLS

void        pk_save_pdf_async            (GtkWidget           *parent,
                                          const char          *title,
                                          const char          *suggested_name,
                                          GBytes              *pdf,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean    pk_save_pdf_finish           (GAsyncResult        *result,
                                          GError             **error);
const char *pk_print_job_state_to_status (PkPrintJobState      state);

G_END_DECLS
