/* pk-permit-code.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The signed payload printed as a QR code on every permit (docs/api-v1.md, "Permit QR payload").
 * Text form: "PK1" + RFC 4648 base32 (upper case, no padding), which QR encodes in alphanumeric
 * mode; URL form: "HTTPS://HOST/V/PK1…" with the same payload. */

#define PK_PERMIT_CODE_ERROR (pk_permit_code_error_quark ())

typedef enum
{
  PK_PERMIT_CODE_ERROR_MALFORMED,
  PK_PERMIT_CODE_ERROR_UNKNOWN_VERSION,
  PK_PERMIT_CODE_ERROR_BAD_SIGNATURE,
  PK_PERMIT_CODE_ERROR_INVALID_FIELD,
} PkPermitCodeError;

#define PK_PERMIT_CODE_PREFIX          "PK1"
#define PK_PERMIT_CODE_VERSION         1
#define PK_PERMIT_CODE_KEY_ID_LEN      8    /* upper-case hex characters */
#define PK_PERMIT_CODE_OWNER_HASH_LEN  8    /* bytes */
#define PK_PERMIT_CODE_PUBLIC_KEY_LEN  32
#define PK_PERMIT_CODE_SECRET_KEY_LEN  64
#define PK_PERMIT_CODE_SIGNATURE_LEN   64

#define PK_TYPE_PERMIT_CODE (pk_permit_code_get_type ())

typedef struct _PkPermitCode PkPermitCode;

struct _PkPermitCode
{
  guint8  version;
  char    key_id[PK_PERMIT_CODE_KEY_ID_LEN + 1];   /* e.g. "3FA01C9B" */
  char   *permit_no;                               /* "1405-000123" */
  char   *renovation_code;                         /* "03-012-456-000-000-000" */
  char   *issued_on;                               /* ISO date "2026-11-21" */
  char   *expires_on;                              /* ISO date */
  guint   floors;                                  /* 0–255 */
  gdouble total_area_m2;                           /* 0.01 m² resolution */
  guint8  owner_hash[PK_PERMIT_CODE_OWNER_HASH_LEN];
  guint8  signature[PK_PERMIT_CODE_SIGNATURE_LEN];
};

GType          pk_permit_code_get_type          (void) G_GNUC_CONST;
GQuark         pk_permit_code_error_quark       (void);

PkPermitCode  *pk_permit_code_new               (void);
PkPermitCode  *pk_permit_code_copy              (const PkPermitCode *code);
void           pk_permit_code_free              (PkPermitCode       *code);

void           pk_permit_code_set_owner         (PkPermitCode       *code,
                                                 const char         *national_id);
gboolean       pk_permit_code_matches_owner     (const PkPermitCode *code,
                                                 const char         *national_id);

char          *pk_permit_code_sign              (PkPermitCode       *code,
                                                 const guint8       *secret_key,
                                                 GError            **error);
PkPermitCode  *pk_permit_code_decode            (const char         *text,
                                                 GError            **error);
gboolean       pk_permit_code_verify            (const PkPermitCode *code,
                                                 const guint8       *public_key,
                                                 GError            **error);
char          *pk_permit_code_key_id_for_public_key (const guint8   *public_key);
char          *pk_permit_code_to_url            (const char         *payload,
                                                 const char         *host);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkPermitCode, pk_permit_code_free)

G_END_DECLS
