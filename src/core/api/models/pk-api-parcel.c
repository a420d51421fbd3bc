/* pk-api-parcel.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-api-parcel.h"

G_DEFINE_BOXED_TYPE (PkApiParcel, pk_api_parcel, pk_api_parcel_ref, pk_api_parcel_unref)

PkApiParcel *
pk_api_parcel_new (void)
{
  PkApiParcel *self = g_atomic_rc_box_new0 (PkApiParcel);
  self->owners = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_api_owner_free);
  self->polygon = g_array_new (FALSE, TRUE, sizeof (PkApiPoint));
  return self;
}

PkApiParcel *
pk_api_parcel_ref (PkApiParcel *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
pk_api_parcel_clear (gpointer data)
{
  PkApiParcel *self = data;

  g_free (self->renovation_code);
  g_free (self->postal_code);
  g_free (self->address_fa);
  g_free (self->zone);
  g_free (self->land_use);
  g_clear_pointer (&self->owners, g_ptr_array_unref);
  g_clear_pointer (&self->polygon, g_array_unref);
}

void
pk_api_parcel_unref (PkApiParcel *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, pk_api_parcel_clear);
}

PkApiOwner *
pk_api_owner_new (void)
{
  return g_new0 (PkApiOwner, 1);
}

void
pk_api_owner_free (PkApiOwner *owner)
{
  if (owner == NULL)
    return;
  g_free (owner->name);
  g_free (owner->national_id_masked);
  g_free (owner);
}
