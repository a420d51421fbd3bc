/* pk-api-client-endpoints.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-api-client-private.h"

/* The central API's endpoints (docs/api-v1.md), each an _async/_finish pair: the _async
 * function checks its arguments, builds the URL and the body and hands them to
 * pk_api_client_send() with its row of the table below. */

static void
login_hook (PkApiClient *self,
            SoupMessage *msg,
            gpointer     result)
{
  pk_api_client_set_session (self, result);
}

static void
logout_hook (PkApiClient *self,
             SoupMessage *msg,
             gpointer     result)
{
  pk_api_client_clear_session (self);
}

static void
submission_hook (PkApiClient *self,
                 SoupMessage *msg,
                 gpointer     result)
{
  PkApiSubmission *submission = result;
  const char *replayed = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                       "Idempotent-Replayed");

  submission->replayed = g_strcmp0 (replayed, "true") == 0;
}

enum {
  LOGIN,
  LOGOUT,
  GET_SERVICES,
  GET_SERVICE,
  GET_PARCEL,
  FIND_PARCELS,
  CREATE_INQUIRY,
  UPLOAD_DOCUMENT,
  SUBMIT_APPLICATION,
  GET_APPLICATION,
  RECORD_PAYMENT,
  GET_PERMIT,
  VERIFY,
  GET_KEYS,
  GET_DAILY_REPORT,
  N_ENDPOINTS
};

/* Every endpoint's method, whether it sends the token, its parser and its hook, in one table.
 * Logging in, /keys and /verify send no token: a logged-out kiosk and a citizen's phone use
 * them too. */
static const PkApiEndpoint endpoints[N_ENDPOINTS] = {
  [LOGIN] = { pk_api_client_login_async, "POST", FALSE,
    (PkApiParseFunc) pk_api_parse_session, (GDestroyNotify) pk_api_session_unref, login_hook },
  [LOGOUT] = { pk_api_client_logout_async, "DELETE", TRUE,
    NULL, NULL, logout_hook },
  [GET_SERVICES] = { pk_api_client_get_services_async, "GET", TRUE,
    (PkApiParseFunc) pk_api_parse_catalogue, (GDestroyNotify) pk_api_catalogue_unref, NULL },
  [GET_SERVICE] = { pk_api_client_get_service_async, "GET", TRUE,
    (PkApiParseFunc) pk_api_parse_service, (GDestroyNotify) pk_api_service_unref, NULL },
  [GET_PARCEL] = { pk_api_client_get_parcel_async, "GET", TRUE,
    (PkApiParseFunc) pk_api_parse_parcel, (GDestroyNotify) pk_api_parcel_unref, NULL },
  [FIND_PARCELS] = { pk_api_client_find_parcels_async, "GET", TRUE,
    (PkApiParseFunc) pk_api_parse_parcel_page, (GDestroyNotify) pk_api_parcel_page_unref, NULL },
  [CREATE_INQUIRY] = { pk_api_client_create_inquiry_async, "POST", TRUE,
    (PkApiParseFunc) pk_api_parse_inquiry, (GDestroyNotify) pk_api_inquiry_unref, NULL },
  [UPLOAD_DOCUMENT] = { pk_api_client_upload_document_async, "POST", TRUE,
    (PkApiParseFunc) pk_api_parse_document, (GDestroyNotify) pk_api_document_unref, NULL },
  [SUBMIT_APPLICATION] = { pk_api_client_submit_application_async, "POST", TRUE,
    (PkApiParseFunc) pk_api_parse_submission,
    (GDestroyNotify) pk_api_submission_unref, submission_hook },
  [GET_APPLICATION] = { pk_api_client_get_application_async, "GET", TRUE,
    (PkApiParseFunc) pk_api_parse_application, (GDestroyNotify) pk_api_application_unref, NULL },
  [RECORD_PAYMENT] = { pk_api_client_record_payment_async, "POST", TRUE,
    (PkApiParseFunc) pk_api_parse_payment, (GDestroyNotify) pk_api_payment_unref, NULL },
  [GET_PERMIT] = { pk_api_client_get_permit_async, "GET", TRUE,
    (PkApiParseFunc) pk_api_parse_permit, (GDestroyNotify) pk_api_permit_unref, NULL },
  [VERIFY] = { pk_api_client_verify_async, "POST", FALSE,
    (PkApiParseFunc) pk_api_parse_verification, (GDestroyNotify) pk_api_verification_unref, NULL },
  [GET_KEYS] = { pk_api_client_get_keys_async, "GET", FALSE,
    (PkApiParseFunc) pk_api_parse_keys, (GDestroyNotify) g_ptr_array_unref, NULL },
  [GET_DAILY_REPORT] = { pk_api_client_get_daily_report_async, "GET", TRUE,
    (PkApiParseFunc) pk_api_parse_daily_report, (GDestroyNotify) pk_api_daily_report_unref, NULL },
};

/**
 * pk_api_client_login_async:
 *
 * POST /sessions. On success the client holds the new session's token, role and expiry.
 */
void
pk_api_client_login_async (PkApiClient         *self,
                           const char          *office_code,
                           const char          *username,
                           const char          *password,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GString *url;
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (office_code != NULL);
  g_return_if_fail (username != NULL);
  g_return_if_fail (password != NULL);

  body = pk_api_json_body_strings ("office_code", office_code,
                                   "username", username,
                                   "password", password, NULL);

  url = pk_api_client_url (self, "/sessions");
  pk_api_client_send (self, &endpoints[LOGIN], url, body, "application/json", NULL,
                      cancellable, callback, user_data);
}

/* Returns: (transfer full): the session */
PkApiSession *
pk_api_client_login_finish (PkApiClient   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return pk_api_client_finish_pointer (self, result, pk_api_client_login_async, error);
}

/**
 * pk_api_client_logout_async:
 *
 * DELETE /sessions/current: revokes the token. The local session is dropped whatever the
 * outcome (a kiosk must forget it even offline); the result says whether the server heard.
 */
void
pk_api_client_logout_async (PkApiClient         *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GString *url;

  g_return_if_fail (PK_IS_API_CLIENT (self));

  url = pk_api_client_url (self, "/sessions/current");
  /* The request holds the token already; forget it locally now. */
  if (pk_api_client_send (self, &endpoints[LOGOUT], url, NULL, NULL, NULL, cancellable, callback,
                          user_data))
    pk_api_client_clear_session (self);
}

gboolean
pk_api_client_logout_finish (PkApiClient   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (PK_IS_API_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pk_api_client_logout_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GET /services */
void
pk_api_client_get_services_async (PkApiClient         *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GString *url;

  g_return_if_fail (PK_IS_API_CLIENT (self));

  url = pk_api_client_url (self, "/services");
  pk_api_client_send (self, &endpoints[GET_SERVICES], url, NULL, NULL, NULL, cancellable, callback,
                      user_data);
}

/* Returns: (transfer full): the catalogue */
PkApiCatalogue *
pk_api_client_get_services_finish (PkApiClient   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return pk_api_client_finish_pointer (self, result, pk_api_client_get_services_async, error);
}

/* GET /services/{code}: one service, e.g. to refresh a form without the whole catalogue */
void
pk_api_client_get_service_async (PkApiClient         *self,
                                 const char          *code,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GString *url;

  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (code != NULL);

  url = pk_api_client_url (self, "/services");
  pk_api_url_append_segment (url, code);
  pk_api_client_send (self, &endpoints[GET_SERVICE], url, NULL, NULL, NULL, cancellable, callback,
                      user_data);
}

/* Returns: (transfer full): the service */
PkApiService *
pk_api_client_get_service_finish (PkApiClient   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return pk_api_client_finish_pointer (self, result, pk_api_client_get_service_async, error);
}

/* GET /parcels/{renovation_code} */
void
pk_api_client_get_parcel_async (PkApiClient         *self,
                                const char          *renovation_code,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GString *url;

  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (renovation_code != NULL);

  url = pk_api_client_url (self, "/parcels");
  pk_api_url_append_segment (url, renovation_code);
  pk_api_client_send (self, &endpoints[GET_PARCEL], url, NULL, NULL, NULL, cancellable, callback,
                      user_data);
}

/* Returns: (transfer full): the parcel */
PkApiParcel *
pk_api_client_get_parcel_finish (PkApiClient   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return pk_api_client_finish_pointer (self, result, pk_api_client_get_parcel_async, error);
}

/**
 * pk_api_client_find_parcels_async:
 * @cursor: (nullable): the previous page's `next_cursor`, %NULL for the first page
 *
 * GET /parcels?postal_code=…&cursor=…
 */
void
pk_api_client_find_parcels_async (PkApiClient         *self,
                                  const char          *postal_code,
                                  const char          *cursor,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GString *url;

  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (postal_code != NULL);

  url = pk_api_client_url (self, "/parcels");
  pk_api_url_append_query (url, "postal_code", postal_code);
  pk_api_url_append_query (url, "cursor", cursor);
  pk_api_client_send (self, &endpoints[FIND_PARCELS], url, NULL, NULL, NULL, cancellable, callback,
                      user_data);
}

/* Returns: (transfer full): a page of parcels */
PkApiParcelPage *
pk_api_client_find_parcels_finish (PkApiClient   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return pk_api_client_finish_pointer (self, result, pk_api_client_find_parcels_async, error);
}

/* POST /inquiries */
void
pk_api_client_create_inquiry_async (PkApiClient         *self,
                                    const char          *renovation_code,
                                    const char          *service_code,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GString *url;
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (renovation_code != NULL);
  g_return_if_fail (service_code != NULL);

  body = pk_api_json_body_strings ("renovation_code", renovation_code,
                                   "service_code", service_code, NULL);

  url = pk_api_client_url (self, "/inquiries");
  pk_api_client_send (self, &endpoints[CREATE_INQUIRY], url, body, "application/json", NULL,
                      cancellable, callback, user_data);
}

/* Returns: (transfer full): the inquiry */
PkApiInquiry *
pk_api_client_create_inquiry_finish (PkApiClient   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return pk_api_client_finish_pointer (self, result, pk_api_client_create_inquiry_async, error);
}

/**
 * pk_api_client_upload_document_async:
 * @contents: the file
 * @content_type: `application/pdf`, `image/jpeg` or `image/png`
 * @filename: the file's name as the operator sees it (UTF-8)
 *
 * POST /documents.
 */
void
pk_api_client_upload_document_async (PkApiClient         *self,
                                     GBytes              *contents,
                                     const char          *content_type,
                                     const char          *filename,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GString *url;
  g_autofree char *escaped = NULL;

  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (contents != NULL);
  g_return_if_fail (content_type != NULL);
  g_return_if_fail (filename != NULL && g_utf8_validate (filename, -1, NULL));

  url = pk_api_client_url (self, "/documents");
  escaped = g_uri_escape_string (filename, NULL, FALSE);
  pk_api_client_send (self, &endpoints[UPLOAD_DOCUMENT], url, contents, content_type,
                      (const char * const[]) { "X-Filename", escaped, NULL }, cancellable,
                      callback, user_data);
}

/* Returns: (transfer full): the stored document */
PkApiDocument *
pk_api_client_upload_document_finish (PkApiClient   *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return pk_api_client_finish_pointer (self, result, pk_api_client_upload_document_async, error);
}

/**
 * pk_api_client_submit_application_async:
 * @application: an object node: `service_code`, `renovation_code`, `applicants`, `fields`,
 *   `documents`, `fee_receipt` as in docs/api-v1.md
 * @idempotency_key: the key generated once for this application (see
 *   pk_api_generate_idempotency_key()) and sent again on every retry
 *
 * POST /applications. A replay of the same key and body answers as the first time (with
 * #PkApiSubmission.replayed set); the same key with another body fails with
 * %PK_API_ERROR_CONFLICT. A key the API would refuse fails with
 * %PK_API_ERROR_MALFORMED_REQUEST without sending anything.
 */
void
pk_api_client_submit_application_async (PkApiClient         *self,
                                        JsonNode            *application,
                                        const char          *idempotency_key,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GString *url;
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (application != NULL && JSON_NODE_HOLDS_OBJECT (application));

  if (!pk_api_idempotency_key_is_valid (idempotency_key))
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, pk_api_client_submit_application_async);
      g_task_return_new_error (task, PK_API_ERROR, PK_API_ERROR_MALFORMED_REQUEST,
                               "Invalid idempotency key");
      return;
    }

  body = pk_api_json_body (application);
  url = pk_api_client_url (self, "/applications");
  pk_api_client_send (self, &endpoints[SUBMIT_APPLICATION], url, body, "application/json",
                      (const char * const[]) { "Idempotency-Key", idempotency_key, NULL },
                      cancellable, callback, user_data);
}

/* Returns: (transfer full): the receipt */
PkApiSubmission *
pk_api_client_submit_application_finish (PkApiClient   *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return pk_api_client_finish_pointer (self, result, pk_api_client_submit_application_async, error);
}

/**
 * pk_api_client_get_application_async:
 * @national_id: (nullable): an applicant's national ID; kiosks must give it
 *
 * GET /applications/{tracking_code}[?national_id=…]
 */
void
pk_api_client_get_application_async (PkApiClient         *self,
                                     const char          *tracking_code,
                                     const char          *national_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GString *url;

  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (tracking_code != NULL);

  url = pk_api_client_url (self, "/applications");
  pk_api_url_append_segment (url, tracking_code);
  pk_api_url_append_query (url, "national_id", national_id);
  pk_api_client_send (self, &endpoints[GET_APPLICATION], url, NULL, NULL, NULL,
                      cancellable, callback, user_data);
}

/* Returns: (transfer full): the application's status */
PkApiApplication *
pk_api_client_get_application_finish (PkApiClient   *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return pk_api_client_finish_pointer (self, result, pk_api_client_get_application_async, error);
}

/* POST /applications/{application_id}/payments */
void
pk_api_client_record_payment_async (PkApiClient         *self,
                                    const char          *application_id,
                                    const char          *reference,
                                    gint64               amount_rial,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GString *url;
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (application_id != NULL);
  g_return_if_fail (reference != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "reference");
  json_builder_add_string_value (builder, reference);
  json_builder_set_member_name (builder, "amount_rial");
  json_builder_add_int_value (builder, amount_rial);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = pk_api_json_body (root);

  url = pk_api_client_url (self, "/applications");
  pk_api_url_append_segment (url, application_id);
  g_string_append (url, "/payments");
  pk_api_client_send (self, &endpoints[RECORD_PAYMENT], url, body, "application/json", NULL,
                      cancellable, callback, user_data);
}

/* Returns: (transfer full): the payment */
PkApiPayment *
pk_api_client_record_payment_finish (PkApiClient   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return pk_api_client_finish_pointer (self, result, pk_api_client_record_payment_async, error);
}

/* GET /permits/{permit_no} */
void
pk_api_client_get_permit_async (PkApiClient         *self,
                                const char          *permit_no,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GString *url;

  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (permit_no != NULL);

  url = pk_api_client_url (self, "/permits");
  pk_api_url_append_segment (url, permit_no);
  pk_api_client_send (self, &endpoints[GET_PERMIT], url, NULL, NULL, NULL, cancellable, callback,
                      user_data);
}

/* Returns: (transfer full): the permit */
PkApiPermit *
pk_api_client_get_permit_finish (PkApiClient   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return pk_api_client_finish_pointer (self, result, pk_api_client_get_permit_async, error);
}

/* POST /verify (public: no token is sent) */
void
pk_api_client_verify_async (PkApiClient         *self,
                            const char          *payload,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GString *url;
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (payload != NULL);

  body = pk_api_json_body_strings ("payload", payload, NULL);

  url = pk_api_client_url (self, "/verify");
  pk_api_client_send (self, &endpoints[VERIFY], url, body, "application/json", NULL, cancellable,
                      callback, user_data);
}

/* Returns: (transfer full): the verdict */
PkApiVerification *
pk_api_client_verify_finish (PkApiClient   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return pk_api_client_finish_pointer (self, result, pk_api_client_verify_async, error);
}

/* GET /keys (public: no token is sent) */
void
pk_api_client_get_keys_async (PkApiClient         *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GString *url;

  g_return_if_fail (PK_IS_API_CLIENT (self));

  url = pk_api_client_url (self, "/keys");
  pk_api_client_send (self, &endpoints[GET_KEYS], url, NULL, NULL, NULL, cancellable, callback,
                      user_data);
}

/* Returns: (transfer full) (element-type PkApiKey): the trust list */
GPtrArray *
pk_api_client_get_keys_finish (PkApiClient   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return pk_api_client_finish_pointer (self, result, pk_api_client_get_keys_async, error);
}

/**
 * pk_api_client_get_daily_report_async:
 * @date: (nullable): the office day (Gregorian, a Tehran day); %NULL for the server's today
 * @office_code: (nullable): the office; %NULL lets the server use the caller's
 *
 * GET /reports/daily?date=…&office=… (supervisors only).
 */
void
pk_api_client_get_daily_report_async (PkApiClient         *self,
                                      const GDate         *date,
                                      const char          *office_code,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GString *url;
  char iso[16] = "";

  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (date == NULL || g_date_valid (date));

  if (date != NULL)
    g_snprintf (iso, sizeof iso, "%04u-%02u-%02u", (guint) g_date_get_year (date),
                (guint) g_date_get_month (date), (guint) g_date_get_day (date));

  url = pk_api_client_url (self, "/reports/daily");
  pk_api_url_append_query (url, "date", date ? iso : NULL);
  pk_api_url_append_query (url, "office", office_code);
  pk_api_client_send (self, &endpoints[GET_DAILY_REPORT], url, NULL, NULL, NULL,
                      cancellable, callback, user_data);
}

/* Returns: (transfer full): the report */
PkApiDailyReport *
pk_api_client_get_daily_report_finish (PkApiClient   *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return pk_api_client_finish_pointer (self, result, pk_api_client_get_daily_report_async, error);
}
