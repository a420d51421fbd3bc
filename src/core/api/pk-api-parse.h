/* pk-api-parse.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pk-api-application.h"
#include "pk-api-catalogue.h"
#include "pk-api-daily-report.h"
#include "pk-api-document.h"
#include "pk-api-inquiry.h"
#include "pk-api-key.h"
#include "pk-api-parcel-page.h"
#include "pk-api-parcel.h"
#include "pk-api-payment.h"
#include "pk-api-permit.h"
#include "pk-api-service.h"
#include "pk-api-session.h"
#include "pk-api-submission.h"
#include "pk-api-verification.h"

G_BEGIN_DECLS

/* Pure functions from a reply body to a model. They check the type of every member they read
 * and the presence of every required one, ignore unknown members, and fail with
 * PK_API_ERROR_MALFORMED_REPLY naming the offending member. No input makes them crash or leak;
 * tests/fuzz/fuzz-api-parse.c holds them to it. */

/* Nesting deeper than this is refused before json-glib's recursive parser sees it. */
#define PK_API_PARSE_MAX_DEPTH 64

JsonNode          *pk_api_parse_json          (GBytes    *body,
                                               GError   **error);

PkApiSession      *pk_api_parse_session       (JsonNode  *node,
                                               GError   **error);
PkApiCatalogue    *pk_api_parse_catalogue     (JsonNode  *node,
                                               GError   **error);
PkApiService      *pk_api_parse_service       (JsonNode  *node,
                                               GError   **error);
PkApiParcel       *pk_api_parse_parcel        (JsonNode  *node,
                                               GError   **error);
PkApiParcelPage   *pk_api_parse_parcel_page   (JsonNode  *node,
                                               GError   **error);
PkApiInquiry      *pk_api_parse_inquiry       (JsonNode  *node,
                                               GError   **error);
PkApiDocument     *pk_api_parse_document      (JsonNode  *node,
                                               GError   **error);
PkApiSubmission   *pk_api_parse_submission    (JsonNode  *node,
                                               GError   **error);
PkApiApplication  *pk_api_parse_application   (JsonNode  *node,
                                               GError   **error);
PkApiPayment      *pk_api_parse_payment       (JsonNode  *node,
                                               GError   **error);
PkApiPermit       *pk_api_parse_permit        (JsonNode  *node,
                                               GError   **error);
PkApiVerification *pk_api_parse_verification  (JsonNode  *node,
                                               GError   **error);
GPtrArray         *pk_api_parse_keys          (JsonNode  *node,
                                               GError   **error);
PkApiDailyReport  *pk_api_parse_daily_report  (JsonNode  *node,
                                               GError   **error);

GError            *pk_api_parse_error_reply   (guint      http_status,
                                               GBytes    *body,
                                               guint      retry_after);

G_END_DECLS
