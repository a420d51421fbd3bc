/* pk-printer-destination.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-printer-destination.h"

G_DEFINE_BOXED_TYPE (PkPrinterDestination, pk_printer_destination, pk_printer_destination_copy,
                     pk_printer_destination_free)

PkPrinterDestination *
pk_printer_destination_copy (const PkPrinterDestination *self)
{
  PkPrinterDestination *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (PkPrinterDestination, 1);
  copy->name = g_strdup (self->name);
  copy->uri = g_strdup (self->uri);
  copy->info = g_strdup (self->info);
  copy->make_and_model = g_strdup (self->make_and_model);
  copy->is_default = self->is_default;
  copy->is_direct = self->is_direct;
  return copy;
}

void
pk_printer_destination_free (PkPrinterDestination *self)
{
  if (self == NULL)
    return;

  g_free (self->name);
  g_free (self->uri);
  g_free (self->info);
  g_free (self->make_and_model);
  g_free (self);
}
