/* pk-api-payment.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-api-payment.h"

G_DEFINE_BOXED_TYPE (PkApiPayment, pk_api_payment, pk_api_payment_ref, pk_api_payment_unref)

PkApiPayment *
pk_api_payment_new (void)
{
  PkApiPayment *self = g_atomic_rc_box_new0 (PkApiPayment);

  return self;
}

PkApiPayment *
pk_api_payment_ref (PkApiPayment *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
pk_api_payment_clear (gpointer data)
{
  PkApiPayment *self = data;

  g_free (self->payment_id);
  g_free (self->status_name);
}

void
pk_api_payment_unref (PkApiPayment *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, pk_api_payment_clear);
}
