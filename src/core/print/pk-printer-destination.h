/* pk-printer-destination.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A printer the kiosk can print to: a CUPS queue, or an IPP printer reached directly by URI. */
typedef struct
{
  char     *name;          /* the CUPS queue name, or the URI for a direct printer */
  char     *uri;           /* ipp:// or ipps:// URI, when known */
  char     *info;          /* the human-readable description, when the printer gives one */
  char     *make_and_model;
  gboolean  is_default;
  gboolean  is_direct;     /* reached by URI, without cupsd */
} PkPrinterDestination;

#define PK_TYPE_PRINTER_DESTINATION (pk_printer_destination_get_type ())

GType                 pk_printer_destination_get_type (void) G_GNUC_CONST;
PkPrinterDestination *pk_printer_destination_copy     (const PkPrinterDestination *self);
void                  pk_printer_destination_free     (PkPrinterDestination       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkPrinterDestination, pk_printer_destination_free)

G_END_DECLS
