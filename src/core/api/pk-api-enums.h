/* pk-api-enums.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Enumerations of the central API (docs/api-v1.md). Each has an UNKNOWN value 0 so that a
 * newer server's value is recognisable as such instead of being taken for a known one; the
 * models keep the server's string next to the enum for logs. */

typedef enum
{
  PK_API_ROLE_UNKNOWN,
  PK_API_ROLE_OPERATOR,
  PK_API_ROLE_SUPERVISOR,
  PK_API_ROLE_KIOSK,
} PkApiRole;

typedef enum
{
  PK_API_SERVICE_KIND_UNKNOWN,
  PK_API_SERVICE_KIND_INQUIRY,
  PK_API_SERVICE_KIND_PERMIT,
  PK_API_SERVICE_KIND_CERTIFICATE,
} PkApiServiceKind;

typedef enum
{
  PK_API_FIELD_TYPE_UNKNOWN,
  PK_API_FIELD_TYPE_TEXT,
  PK_API_FIELD_TYPE_INTEGER,
  PK_API_FIELD_TYPE_DECIMAL,
  PK_API_FIELD_TYPE_CHOICE,
  PK_API_FIELD_TYPE_BOOLEAN,
  PK_API_FIELD_TYPE_DATE,
  PK_API_FIELD_TYPE_NATIONAL_ID,
  PK_API_FIELD_TYPE_MOBILE,
  PK_API_FIELD_TYPE_POSTAL_CODE,
  PK_API_FIELD_TYPE_GROUP,
} PkApiFieldType;

typedef enum
{
  PK_API_APPLICATION_STATUS_UNKNOWN,
  PK_API_APPLICATION_STATUS_SUBMITTED,
  PK_API_APPLICATION_STATUS_UNDER_REVIEW,
  PK_API_APPLICATION_STATUS_APPROVED,
  PK_API_APPLICATION_STATUS_PERMIT_ISSUED,
  PK_API_APPLICATION_STATUS_REJECTED,
} PkApiApplicationStatus;

typedef enum
{
  PK_API_PERMIT_STATUS_UNKNOWN,
  PK_API_PERMIT_STATUS_VALID,
  PK_API_PERMIT_STATUS_REVOKED,
  PK_API_PERMIT_STATUS_SUPERSEDED,
} PkApiPermitStatus;

typedef enum
{
  PK_API_VERDICT_UNRECOGNIZED,
  PK_API_VERDICT_VALID,
  PK_API_VERDICT_REVOKED,
  PK_API_VERDICT_EXPIRED,
  PK_API_VERDICT_SUPERSEDED,
  PK_API_VERDICT_UNKNOWN_KEY,
  PK_API_VERDICT_FORGED,
  PK_API_VERDICT_MALFORMED,
  PK_API_VERDICT_UNKNOWN_PERMIT,  /* signature good, permit not on file: not confirmed */
} PkApiVerdict;

#define PK_TYPE_API_ROLE (pk_api_role_get_type ())
#define PK_TYPE_API_SERVICE_KIND (pk_api_service_kind_get_type ())
#define PK_TYPE_API_FIELD_TYPE (pk_api_field_type_get_type ())
#define PK_TYPE_API_APPLICATION_STATUS (pk_api_application_status_get_type ())
#define PK_TYPE_API_PERMIT_STATUS (pk_api_permit_status_get_type ())
#define PK_TYPE_API_VERDICT (pk_api_verdict_get_type ())

GType                  pk_api_role_get_type               (void) G_GNUC_CONST;
GType                  pk_api_service_kind_get_type       (void) G_GNUC_CONST;
GType                  pk_api_field_type_get_type         (void) G_GNUC_CONST;
GType                  pk_api_application_status_get_type (void) G_GNUC_CONST;
GType                  pk_api_permit_status_get_type      (void) G_GNUC_CONST;
GType                  pk_api_verdict_get_type            (void) G_GNUC_CONST;

/* The wire names are the GEnumValue nicks: "operator", "under_review", "unknown_key"… */
PkApiRole              pk_api_role_from_string               (const char *str);
PkApiServiceKind       pk_api_service_kind_from_string       (const char *str);
PkApiFieldType         pk_api_field_type_from_string         (const char *str);
PkApiApplicationStatus pk_api_application_status_from_string (const char *str);
PkApiPermitStatus      pk_api_permit_status_from_string      (const char *str);
PkApiVerdict           pk_api_verdict_from_string            (const char *str);
const char            *pk_api_role_to_string                 (PkApiRole role);

G_END_DECLS
