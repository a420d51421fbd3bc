/* pk-api-verification.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pk-api-enums.h"

G_BEGIN_DECLS

/* POST /verify: the central API's verdict on a QR payload. */
typedef struct
{
  PkApiVerdict  verdict;
  char         *verdict_name;
  char         *permit_no;      /* nullable: from the permit summary, when there is one */
  JsonNode     *permit;         /* nullable: the permit summary object as sent */
  char         *renovation_code; /* nullable: from the permit summary */
  char         *expires_on;     /* nullable: YYYY-MM-DD, from the permit summary */
} PkApiVerification;

#define PK_TYPE_API_VERIFICATION (pk_api_verification_get_type ())

GType              pk_api_verification_get_type (void) G_GNUC_CONST;
PkApiVerification *pk_api_verification_new      (void);
PkApiVerification *pk_api_verification_ref      (PkApiVerification *self);
void               pk_api_verification_unref    (PkApiVerification *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkApiVerification, pk_api_verification_unref)

G_END_DECLS
