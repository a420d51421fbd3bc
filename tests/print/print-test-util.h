/* print-test-util.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pk-inquiry-slip.h"

G_BEGIN_DECLS

PkInquirySlip *pt_sample_slip      (void);
PkInquirySlip *pt_worst_slip       (void);

gboolean       pt_have_program     (const char  *name);
char          *pt_run              (const char * const *argv,
                                    GError     **error);
char          *pt_pdf_info         (const char  *pdf_path);
int            pt_pdf_pages        (const char  *pdf_path);
char          *pt_pdf_text         (const char  *pdf_path);
char          *pt_decode_qr        (const char  *pdf_path);
char          *pt_write_temp       (GBytes      *bytes,
                                    const char  *name);

/* A real IPP printer (tests/print/ippeveprinter.sh) for the length of a test. */
typedef struct
{
  GSubprocess *harness;
  char        *uri;
  GPid         printer_pid;
  char        *spool_dir;
} PtPrinter;

PtPrinter     *pt_printer_start    (const char  *command);
void           pt_printer_stop     (PtPrinter   *printer);
void           pt_printer_wait_gone (PtPrinter  *printer,
                                     guint       timeout_ms);

G_END_DECLS
