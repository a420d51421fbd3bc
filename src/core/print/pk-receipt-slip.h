/* pk-receipt-slip.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "pk-page.h"

G_BEGIN_DECLS

/* What the counter receipt of a permit application shows, in plain types so it does not follow
 * the outbox or the form around. Strings are UTF-8; %NULL leaves a value empty. */
typedef struct
{
  char      *tracking_code;    /* as the screen shows it; %NULL until the municipality answers */
  GDateTime *created;          /* when the application was saved */
  char      *service;
  char      *renovation_code;
  char      *address;
  char      *operator_name;
  char      *idempotency_key;
  char      *applicants;       /* one applicant a line, as the form shows them */
} PkReceiptSlip;

PkPage *pk_receipt_slip_build (const PkReceiptSlip *slip);

G_END_DECLS
