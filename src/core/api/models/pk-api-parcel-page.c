/* pk-api-parcel-page.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-api-parcel-page.h"

G_DEFINE_BOXED_TYPE (PkApiParcelPage, pk_api_parcel_page, pk_api_parcel_page_ref, pk_api_parcel_page_unref)

PkApiParcelPage *
pk_api_parcel_page_new (void)
{
  PkApiParcelPage *self = g_atomic_rc_box_new0 (PkApiParcelPage);
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_api_parcel_unref);
  return self;
}

PkApiParcelPage *
pk_api_parcel_page_ref (PkApiParcelPage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
pk_api_parcel_page_clear (gpointer data)
{
  PkApiParcelPage *self = data;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_free (self->next_cursor);
}

void
pk_api_parcel_page_unref (PkApiParcelPage *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, pk_api_parcel_page_clear);
}
