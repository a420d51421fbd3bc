/* pk-api-key.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-api-key.h"

G_DEFINE_BOXED_TYPE (PkApiKey, pk_api_key, pk_api_key_ref, pk_api_key_unref)

PkApiKey *
pk_api_key_new (void)
{
  PkApiKey *self = g_atomic_rc_box_new0 (PkApiKey);

  return self;
}

PkApiKey *
pk_api_key_ref (PkApiKey *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
pk_api_key_clear (gpointer data)
{
  PkApiKey *self = data;

  g_free (self->key_id);
  g_free (self->algorithm);
  g_clear_pointer (&self->public_key, g_bytes_unref);
  g_clear_pointer (&self->valid_from, g_date_time_unref);
  g_clear_pointer (&self->valid_until, g_date_time_unref);
}

void
pk_api_key_unref (PkApiKey *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, pk_api_key_clear);
}
