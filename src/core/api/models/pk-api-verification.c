/* pk-api-verification.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-api-verification.h"

G_DEFINE_BOXED_TYPE (PkApiVerification, pk_api_verification, pk_api_verification_ref, pk_api_verification_unref)

PkApiVerification *
pk_api_verification_new (void)
{
  PkApiVerification *self = g_atomic_rc_box_new0 (PkApiVerification);

  return self;
}

PkApiVerification *
pk_api_verification_ref (PkApiVerification *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
pk_api_verification_clear (gpointer data)
{
  PkApiVerification *self = data;

  g_free (self->verdict_name);
  g_free (self->permit_no);
  g_free (self->renovation_code);
  g_free (self->expires_on);
  g_clear_pointer (&self->permit, json_node_unref);
}

void
pk_api_verification_unref (PkApiVerification *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, pk_api_verification_clear);
}
