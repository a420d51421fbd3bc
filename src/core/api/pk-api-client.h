/* pk-api-client.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pk-api-enums.h"
#include "pk-api-error.h"
#include "pk-api-parse.h"

G_BEGIN_DECLS

#define PK_API_CLIENT_DEFAULT_TIMEOUT        15                  /* seconds */
#define PK_API_CLIENT_DEFAULT_MAX_REPLY_SIZE (4 * 1024 * 1024)   /* bytes */

#define PK_TYPE_API_CLIENT (pk_api_client_get_type ())

G_DECLARE_FINAL_TYPE (PkApiClient, pk_api_client, PK, API_CLIENT, GObject)

PkApiClient       *pk_api_client_new                       (const char          *base_url,
                                                            const char          *ca_file,
                                                            GError             **error);

const char        *pk_api_client_get_base_url              (PkApiClient         *self);
const char        *pk_api_client_get_ca_file               (PkApiClient         *self);
guint              pk_api_client_get_timeout               (PkApiClient         *self);
void               pk_api_client_set_timeout               (PkApiClient         *self,
                                                            guint                timeout);
const char        *pk_api_client_get_user_agent            (PkApiClient         *self);
void               pk_api_client_set_user_agent            (PkApiClient         *self,
                                                            const char          *user_agent);
gsize              pk_api_client_get_max_reply_size        (PkApiClient         *self);
void               pk_api_client_set_max_reply_size        (PkApiClient         *self,
                                                            gsize                max_reply_size);
const char        *pk_api_client_get_token                 (PkApiClient         *self);
void               pk_api_client_set_token                 (PkApiClient         *self,
                                                            const char          *token);
PkApiRole          pk_api_client_get_role                  (PkApiClient         *self);
GDateTime         *pk_api_client_get_expires_at            (PkApiClient         *self);
PkApiSession      *pk_api_client_get_session               (PkApiClient         *self);
gint64             pk_api_client_get_clock_offset          (PkApiClient         *self);
void               pk_api_client_clear_session             (PkApiClient         *self);

char              *pk_api_generate_idempotency_key         (void);
gboolean           pk_api_idempotency_key_is_valid         (const char          *key);

void               pk_api_client_login_async               (PkApiClient         *self,
                                                            const char          *office_code,
                                                            const char          *username,
                                                            const char          *password,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
PkApiSession      *pk_api_client_login_finish              (PkApiClient         *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

void               pk_api_client_logout_async              (PkApiClient         *self,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean           pk_api_client_logout_finish             (PkApiClient         *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

void               pk_api_client_get_services_async        (PkApiClient         *self,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
PkApiCatalogue    *pk_api_client_get_services_finish       (PkApiClient         *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

void               pk_api_client_get_service_async         (PkApiClient         *self,
                                                            const char          *code,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
PkApiService      *pk_api_client_get_service_finish        (PkApiClient         *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

void               pk_api_client_get_parcel_async          (PkApiClient         *self,
                                                            const char          *renovation_code,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
PkApiParcel       *pk_api_client_get_parcel_finish         (PkApiClient         *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

void               pk_api_client_find_parcels_async        (PkApiClient         *self,
                                                            const char          *postal_code,
                                                            const char          *cursor,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
PkApiParcelPage   *pk_api_client_find_parcels_finish       (PkApiClient         *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

void               pk_api_client_create_inquiry_async      (PkApiClient         *self,
                                                            const char          *renovation_code,
                                                            const char          *service_code,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
PkApiInquiry      *pk_api_client_create_inquiry_finish     (PkApiClient         *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

void               pk_api_client_upload_document_async     (PkApiClient         *self,
                                                            GBytes              *contents,
                                                            const char          *content_type,
                                                            const char          *filename,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
PkApiDocument     *pk_api_client_upload_document_finish    (PkApiClient         *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

void               pk_api_client_submit_application_async  (PkApiClient         *self,
                                                            JsonNode            *application,
                                                            const char          *idempotency_key,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
PkApiSubmission   *pk_api_client_submit_application_finish (PkApiClient         *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

void               pk_api_client_get_application_async     (PkApiClient         *self,
                                                            const char          *tracking_code,
                                                            const char          *national_id,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
PkApiApplication  *pk_api_client_get_application_finish    (PkApiClient         *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

void               pk_api_client_record_payment_async      (PkApiClient         *self,
                                                            const char          *application_id,
                                                            const char          *reference,
                                                            gint64               amount_rial,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
PkApiPayment      *pk_api_client_record_payment_finish     (PkApiClient         *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

void               pk_api_client_get_permit_async          (PkApiClient         *self,
                                                            const char          *permit_no,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
PkApiPermit       *pk_api_client_get_permit_finish         (PkApiClient         *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

void               pk_api_client_verify_async              (PkApiClient         *self,
                                                            const char          *payload,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
PkApiVerification *pk_api_client_verify_finish             (PkApiClient         *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

void               pk_api_client_get_keys_async            (PkApiClient         *self,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
GPtrArray         *pk_api_client_get_keys_finish           (PkApiClient         *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

void               pk_api_client_get_daily_report_async    (PkApiClient         *self,
                                                            const GDate         *date,
                                                            const char          *office_code,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
PkApiDailyReport  *pk_api_client_get_daily_report_finish   (PkApiClient         *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

G_END_DECLS
