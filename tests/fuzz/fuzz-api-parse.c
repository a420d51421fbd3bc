/* fuzz-api-parse.c — libFuzzer target for the API reply parsers
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stddef.h>
#include <stdint.h>

#include "pk-api-error.h"
#include "pk-api-parse.h"

/* Each input is a reply body. It goes through the JSON layer, then through every model parser
 * (whatever the body was meant to be) and through the error-reply reader. Each parser must
 * either return a model or set a MALFORMED_REPLY error — never both, never neither — and
 * ASan/UBSan watch the rest. */

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A critical or warning from a parser is a bug like a crash. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

typedef gpointer (*ParseFunc) (JsonNode *node, GError **error);

static void
check (ParseFunc       parse,
       GDestroyNotify  free_func,
       JsonNode       *node)
{
  GError *error = NULL;
  gpointer result = parse (node, &error);

  if ((result == NULL) == (error == NULL))
    g_error ("parser returned %p with error %p", result, (void *) error);
  if (error != NULL && !g_error_matches (error, PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY))
    g_error ("parser failed with an unexpected error: %s", error->message);
  if (result != NULL)
    free_func (result);
  g_clear_error (&error);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  GBytes *bytes = g_bytes_new_static (data, size);
  GError *error = NULL;
  GError *reply_error;
  JsonNode *node;

  reply_error = pk_api_parse_error_reply (400 + (guint) (size % 200), bytes, 0);
  g_assert (reply_error != NULL && reply_error->domain == PK_API_ERROR);
  (void) pk_api_error_to_user_message (reply_error);
  (void) pk_api_error_get_fields (reply_error);
  g_error_free (reply_error);

  node = pk_api_parse_json (bytes, &error);
  g_bytes_unref (bytes);
  if (node == NULL)
    {
      g_assert (g_error_matches (error, PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY));
      g_error_free (error);
      return 0;
    }

  check ((ParseFunc) pk_api_parse_session, (GDestroyNotify) pk_api_session_unref, node);
  check ((ParseFunc) pk_api_parse_catalogue, (GDestroyNotify) pk_api_catalogue_unref, node);
  check ((ParseFunc) pk_api_parse_service, (GDestroyNotify) pk_api_service_unref, node);
  check ((ParseFunc) pk_api_parse_parcel, (GDestroyNotify) pk_api_parcel_unref, node);
  check ((ParseFunc) pk_api_parse_parcel_page, (GDestroyNotify) pk_api_parcel_page_unref, node);
  check ((ParseFunc) pk_api_parse_inquiry, (GDestroyNotify) pk_api_inquiry_unref, node);
  check ((ParseFunc) pk_api_parse_document, (GDestroyNotify) pk_api_document_unref, node);
  check ((ParseFunc) pk_api_parse_submission, (GDestroyNotify) pk_api_submission_unref, node);
  check ((ParseFunc) pk_api_parse_application, (GDestroyNotify) pk_api_application_unref, node);
  check ((ParseFunc) pk_api_parse_payment, (GDestroyNotify) pk_api_payment_unref, node);
  check ((ParseFunc) pk_api_parse_permit, (GDestroyNotify) pk_api_permit_unref, node);
  check ((ParseFunc) pk_api_parse_verification, (GDestroyNotify) pk_api_verification_unref,
         node);
  check ((ParseFunc) pk_api_parse_keys, (GDestroyNotify) g_ptr_array_unref, node);
  check ((ParseFunc) pk_api_parse_daily_report, (GDestroyNotify) pk_api_daily_report_unref, node);

  json_node_unref (node);
  return 0;
}
