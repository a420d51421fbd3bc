/* pk-api-permit.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-api-permit.h"

G_DEFINE_BOXED_TYPE (PkApiPermit, pk_api_permit, pk_api_permit_ref, pk_api_permit_unref)

PkApiPermit *
pk_api_permit_new (void)
{
  PkApiPermit *self = g_atomic_rc_box_new0 (PkApiPermit);
  self->owners = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_api_owner_free);
  self->conditions_fa = g_new0 (char *, 1);
  self->fee_items = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_api_fee_item_free);
  return self;
}

PkApiPermit *
pk_api_permit_ref (PkApiPermit *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
pk_api_permit_clear (gpointer data)
{
  PkApiPermit *self = data;

  g_free (self->permit_no);
  g_free (self->tracking_code);
  g_free (self->renovation_code);
  g_free (self->status_name);
  g_clear_pointer (&self->issued_at, g_date_time_unref);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  g_free (self->key_id);
  g_clear_pointer (&self->owners, g_ptr_array_unref);
  g_clear_pointer (&self->parcel, json_node_unref);
  g_clear_pointer (&self->building, json_node_unref);
  g_clear_pointer (&self->fees, json_node_unref);
  g_strfreev (self->conditions_fa);
  g_free (self->rulebook_version);
  g_free (self->qr_payload);
  g_free (self->signature);
  g_free (self->service_code);
  g_free (self->title_fa);
  g_free (self->qr_url);
  g_clear_pointer (&self->fee_items, g_ptr_array_unref);
}

void
pk_api_permit_unref (PkApiPermit *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, pk_api_permit_clear);
}
