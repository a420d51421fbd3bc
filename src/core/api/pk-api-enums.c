/* pk-api-enums.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-api-enums.h"

/* Written out rather than generated with glib-mkenums because the nicks must be the API's wire
 * names (underscores, not dashes). */

static const GEnumValue role_values[] = {
  { PK_API_ROLE_UNKNOWN, "PK_API_ROLE_UNKNOWN", "unknown" },
  { PK_API_ROLE_OPERATOR, "PK_API_ROLE_OPERATOR", "operator" },
  { PK_API_ROLE_SUPERVISOR, "PK_API_ROLE_SUPERVISOR", "supervisor" },
  { PK_API_ROLE_KIOSK, "PK_API_ROLE_KIOSK", "kiosk" },
  { 0, NULL, NULL }
};

static const GEnumValue service_kind_values[] = {
  { PK_API_SERVICE_KIND_UNKNOWN, "PK_API_SERVICE_KIND_UNKNOWN", "unknown" },
  { PK_API_SERVICE_KIND_INQUIRY, "PK_API_SERVICE_KIND_INQUIRY", "inquiry" },
  { PK_API_SERVICE_KIND_PERMIT, "PK_API_SERVICE_KIND_PERMIT", "permit" },
  { PK_API_SERVICE_KIND_CERTIFICATE, "PK_API_SERVICE_KIND_CERTIFICATE", "certificate" },
  { 0, NULL, NULL }
};

static const GEnumValue field_type_values[] = {
  { PK_API_FIELD_TYPE_UNKNOWN, "PK_API_FIELD_TYPE_UNKNOWN", "unknown" },
  { PK_API_FIELD_TYPE_TEXT, "PK_API_FIELD_TYPE_TEXT", "text" },
  { PK_API_FIELD_TYPE_INTEGER, "PK_API_FIELD_TYPE_INTEGER", "integer" },
  { PK_API_FIELD_TYPE_DECIMAL, "PK_API_FIELD_TYPE_DECIMAL", "decimal" },
  { PK_API_FIELD_TYPE_CHOICE, "PK_API_FIELD_TYPE_CHOICE", "choice" },
  { PK_API_FIELD_TYPE_BOOLEAN, "PK_API_FIELD_TYPE_BOOLEAN", "boolean" },
  { PK_API_FIELD_TYPE_DATE, "PK_API_FIELD_TYPE_DATE", "date" },
  { PK_API_FIELD_TYPE_NATIONAL_ID, "PK_API_FIELD_TYPE_NATIONAL_ID", "national_id" },
  { PK_API_FIELD_TYPE_MOBILE, "PK_API_FIELD_TYPE_MOBILE", "mobile" },
  { PK_API_FIELD_TYPE_POSTAL_CODE, "PK_API_FIELD_TYPE_POSTAL_CODE", "postal_code" },
  { PK_API_FIELD_TYPE_GROUP, "PK_API_FIELD_TYPE_GROUP", "group" },
  { 0, NULL, NULL }
};

static const GEnumValue application_status_values[] = {
  { PK_API_APPLICATION_STATUS_UNKNOWN, "PK_API_APPLICATION_STATUS_UNKNOWN", "unknown" },
  { PK_API_APPLICATION_STATUS_SUBMITTED, "PK_API_APPLICATION_STATUS_SUBMITTED", "submitted" },
  { PK_API_APPLICATION_STATUS_UNDER_REVIEW, "PK_API_APPLICATION_STATUS_UNDER_REVIEW",
    "under_review" },
  { PK_API_APPLICATION_STATUS_APPROVED, "PK_API_APPLICATION_STATUS_APPROVED", "approved" },
  { PK_API_APPLICATION_STATUS_PERMIT_ISSUED, "PK_API_APPLICATION_STATUS_PERMIT_ISSUED",
    "permit_issued" },
  { PK_API_APPLICATION_STATUS_REJECTED, "PK_API_APPLICATION_STATUS_REJECTED", "rejected" },
  { 0, NULL, NULL }
};

static const GEnumValue permit_status_values[] = {
  { PK_API_PERMIT_STATUS_UNKNOWN, "PK_API_PERMIT_STATUS_UNKNOWN", "unknown" },
  { PK_API_PERMIT_STATUS_VALID, "PK_API_PERMIT_STATUS_VALID", "valid" },
  { PK_API_PERMIT_STATUS_REVOKED, "PK_API_PERMIT_STATUS_REVOKED", "revoked" },
  { PK_API_PERMIT_STATUS_SUPERSEDED, "PK_API_PERMIT_STATUS_SUPERSEDED", "superseded" },
  { 0, NULL, NULL }
};

static const GEnumValue verdict_values[] = {
  { PK_API_VERDICT_UNRECOGNIZED, "PK_API_VERDICT_UNRECOGNIZED", "unrecognized" },
  { PK_API_VERDICT_VALID, "PK_API_VERDICT_VALID", "valid" },
  { PK_API_VERDICT_REVOKED, "PK_API_VERDICT_REVOKED", "revoked" },
  { PK_API_VERDICT_EXPIRED, "PK_API_VERDICT_EXPIRED", "expired" },
  { PK_API_VERDICT_SUPERSEDED, "PK_API_VERDICT_SUPERSEDED", "superseded" },
  { PK_API_VERDICT_UNKNOWN_KEY, "PK_API_VERDICT_UNKNOWN_KEY", "unknown_key" },
  { PK_API_VERDICT_FORGED, "PK_API_VERDICT_FORGED", "forged" },
  { PK_API_VERDICT_MALFORMED, "PK_API_VERDICT_MALFORMED", "malformed" },
  { PK_API_VERDICT_UNKNOWN_PERMIT, "PK_API_VERDICT_UNKNOWN_PERMIT", "unknown_permit" },
  { 0, NULL, NULL }
};

static GType
register_enum (gsize            *once,
               const char       *name,
               const GEnumValue *values)
{
  if (g_once_init_enter (once))
    g_once_init_leave (once, g_enum_register_static (g_intern_static_string (name), values));
  return (GType) *once;
}

GType
pk_api_role_get_type (void)
{
  static gsize type;
  return register_enum (&type, "PkApiRole", role_values);
}

GType
pk_api_service_kind_get_type (void)
{
  static gsize type;
  return register_enum (&type, "PkApiServiceKind", service_kind_values);
}

GType
pk_api_field_type_get_type (void)
{
  static gsize type;
  return register_enum (&type, "PkApiFieldType", field_type_values);
}

GType
pk_api_application_status_get_type (void)
{
  static gsize type;
  return register_enum (&type, "PkApiApplicationStatus", application_status_values);
}

GType
pk_api_permit_status_get_type (void)
{
  static gsize type;
  return register_enum (&type, "PkApiPermitStatus", permit_status_values);
}

GType
pk_api_verdict_get_type (void)
{
  static gsize type;
  return register_enum (&type, "PkApiVerdict", verdict_values);
}

/* Value 0 (UNKNOWN) for NULL, for the placeholder nick itself and for anything unlisted. */
static int
from_nick (const GEnumValue *values,
           const char       *str)
{
  if (str == NULL)
    return 0;
  for (guint i = 1; values[i].value_nick != NULL; i++)
    if (g_str_equal (values[i].value_nick, str))
      return values[i].value;
  return 0;
}

PkApiRole
pk_api_role_from_string (const char *str)
{
  return from_nick (role_values, str);
}

PkApiServiceKind
pk_api_service_kind_from_string (const char *str)
{
  return from_nick (service_kind_values, str);
}

PkApiFieldType
pk_api_field_type_from_string (const char *str)
{
  return from_nick (field_type_values, str);
}

PkApiApplicationStatus
pk_api_application_status_from_string (const char *str)
{
  return from_nick (application_status_values, str);
}

PkApiPermitStatus
pk_api_permit_status_from_string (const char *str)
{
  return from_nick (permit_status_values, str);
}

PkApiVerdict
pk_api_verdict_from_string (const char *str)
{
  return from_nick (verdict_values, str);
}

const char *
pk_api_role_to_string (PkApiRole role)
{
  for (guint i = 0; role_values[i].value_nick != NULL; i++)
    if (role_values[i].value == (int) role)
      return role_values[i].value_nick;
  return "unknown";
}
