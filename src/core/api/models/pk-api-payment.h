/* pk-api-payment.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pk-api-enums.h"

G_BEGIN_DECLS

/* POST /applications/{id}/payments */
typedef struct
{
  char                   *payment_id;
  gint64                  paid_rial;    /* total paid on the application so far */
  PkApiApplicationStatus  status;       /* the application's status after the payment */
  char                   *status_name;
} PkApiPayment;

#define PK_TYPE_API_PAYMENT (pk_api_payment_get_type ())

GType         pk_api_payment_get_type (void) G_GNUC_CONST;
PkApiPayment *pk_api_payment_new      (void);
PkApiPayment *pk_api_payment_ref      (PkApiPayment *self);
void          pk_api_payment_unref    (PkApiPayment *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkApiPayment, pk_api_payment_unref)

G_END_DECLS
