/* permit-test-util.h — sample and worst-case permits, signed with a test key
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pk-api-permit.h"
#include "pk-permit-code.h"

G_BEGIN_DECLS

/* An Ed25519 key pair standing in for the central API's signing key. */
typedef struct
{
  guint8 public_key[PK_PERMIT_CODE_PUBLIC_KEY_LEN];
  guint8 secret_key[PK_PERMIT_CODE_SECRET_KEY_LEN];
  char   key_id[PK_PERMIT_CODE_KEY_ID_LEN + 1];
} PtPermitKey;

#define PT_PERMIT_NO      "1405-000123"
#define PT_OWNER_ID       "0499370899"
#define PT_VERIFY_HOST    "VERIFY.PISHKHAN.IR"

void         pt_permit_key_init   (PtPermitKey       *key);
char        *pt_permit_sign       (const PtPermitKey *key,
                                   const char        *permit_no,
                                   guint              floors,
                                   double             total_area_m2);
PkApiPermit *pt_sample_permit     (const PtPermitKey *key);
PkApiPermit *pt_worst_permit      (const PtPermitKey *key);

G_END_DECLS
