/* pk-api-error.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pk-api-error.h"

/* The server's details travel with the GError itself (an extended error domain, GLib ≥ 2.68),
 * so they survive g_error_copy() and g_task_propagate_*() and need no side table. */
typedef struct
{
  guint       http_status;
  char       *server_code;
  GHashTable *fields;       /* field path → field code, or NULL */
  guint       retry_after;
} PkApiErrorPrivate;

static void
pk_api_error_private_init (PkApiErrorPrivate *priv)
{
}

static void
pk_api_error_private_copy (const PkApiErrorPrivate *src,
                           PkApiErrorPrivate       *dest)
{
  dest->http_status = src->http_status;
  dest->server_code = g_strdup (src->server_code);
  dest->retry_after = src->retry_after;
  if (src->fields != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      dest->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_iter_init (&iter, src->fields);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (dest->fields, g_strdup (key), g_strdup (value));
    }
}

static void
pk_api_error_private_clear (PkApiErrorPrivate *priv)
{
  g_clear_pointer (&priv->server_code, g_free);
  g_clear_pointer (&priv->fields, g_hash_table_unref);
}

G_DEFINE_EXTENDED_ERROR (PkApiError, pk_api_error)

static PkApiErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != PK_API_ERROR)
    return NULL;
  return pk_api_error_get_private (error);
}

/**
 * pk_api_error_get_fields:
 * @error: (nullable): an error from the API client
 *
 * Returns: (transfer none) (nullable) (element-type utf8 utf8): for %PK_API_ERROR_VALIDATION,
 *   the server's field paths (`applicants[0].national_id`) mapped to field codes (`checksum`);
 *   %NULL for other errors. Owned by @error.
 */
GHashTable *
pk_api_error_get_fields (const GError *error)
{
  PkApiErrorPrivate *priv = get_private (error);

  return priv ? priv->fields : NULL;
}

/**
 * pk_api_error_get_field:
 *
 * Returns: (nullable): the field code the server gave for @field, or %NULL.
 */
const char *
pk_api_error_get_field (const GError *error,
                        const char   *field)
{
  GHashTable *fields = pk_api_error_get_fields (error);

  g_return_val_if_fail (field != NULL, NULL);

  return fields ? g_hash_table_lookup (fields, field) : NULL;
}

/* Returns: the HTTP status of the reply that produced @error, 0 when there was none. */
guint
pk_api_error_get_http_status (const GError *error)
{
  PkApiErrorPrivate *priv = get_private (error);

  return priv ? priv->http_status : 0;
}

/* Returns: (nullable): the server's `error.code` string, for logs. */
const char *
pk_api_error_get_server_code (const GError *error)
{
  PkApiErrorPrivate *priv = get_private (error);

  return priv ? priv->server_code : NULL;
}

/* Returns: the server's `Retry-After` in seconds, 0 when absent. */
guint
pk_api_error_get_retry_after (const GError *error)
{
  PkApiErrorPrivate *priv = get_private (error);

  return priv ? priv->retry_after : 0;
}

/**
 * pk_api_error_is_retryable:
 *
 * Whether sending the same request again later may succeed: transport failures, timeouts,
 * server faults and malformed replies (which in the field are mostly broken proxies). An
 * outbox retries these with backoff and gives up on the others.
 */
gboolean
pk_api_error_is_retryable (const GError *error)
{
  if (error == NULL || error->domain != PK_API_ERROR)
    return FALSE;
  switch ((PkApiError) error->code)
    {
    case PK_API_ERROR_NETWORK:
    case PK_API_ERROR_TIMEOUT:
    case PK_API_ERROR_SERVER:
    case PK_API_ERROR_MALFORMED_REPLY:
      return TRUE;
    case PK_API_ERROR_CANCELLED:
    case PK_API_ERROR_UNAUTHORIZED:
    case PK_API_ERROR_INVALID_CREDENTIALS:
    case PK_API_ERROR_TOKEN_EXPIRED:
    case PK_API_ERROR_FORBIDDEN:
    case PK_API_ERROR_NOT_FOUND:
    case PK_API_ERROR_VALIDATION:
    case PK_API_ERROR_CONFLICT:
    case PK_API_ERROR_TOO_LARGE:
    case PK_API_ERROR_UNSUPPORTED_TYPE:
    case PK_API_ERROR_MALFORMED_REQUEST:
    default:
      return FALSE;
    }
}

static const struct
{
  const char *code;
  PkApiError  error;
} server_codes[] = {
  { "bad_request", PK_API_ERROR_MALFORMED_REQUEST },
  { "unauthorized", PK_API_ERROR_UNAUTHORIZED },
  { "invalid_credentials", PK_API_ERROR_INVALID_CREDENTIALS },
  { "token_expired", PK_API_ERROR_TOKEN_EXPIRED },
  { "forbidden", PK_API_ERROR_FORBIDDEN },
  { "not_found", PK_API_ERROR_NOT_FOUND },
  { "conflict", PK_API_ERROR_CONFLICT },
  { "invalid_state", PK_API_ERROR_CONFLICT },
  { "too_large", PK_API_ERROR_TOO_LARGE },
  { "unsupported_type", PK_API_ERROR_UNSUPPORTED_TYPE },
  { "validation", PK_API_ERROR_VALIDATION },
  { "idempotency_key_required", PK_API_ERROR_MALFORMED_REQUEST },
  { "rate_limited", PK_API_ERROR_SERVER },
  { "internal", PK_API_ERROR_SERVER },
  { "unavailable", PK_API_ERROR_SERVER },
};

/**
 * pk_api_error_code_from_server:
 * @http_status: the reply's status, ≥ 400
 * @server_code: (nullable): `error.code` from the body, if there was one
 *
 * Maps per the table in docs/api-v1.md. A known code wins; an unknown or missing one falls
 * back on the status, so a proxy's bare 502 page still reads as %PK_API_ERROR_SERVER.
 */
PkApiError
pk_api_error_code_from_server (guint       http_status,
                               const char *server_code)
{
  if (server_code != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (server_codes); i++)
      if (g_str_equal (server_codes[i].code, server_code))
        return server_codes[i].error;

  switch (http_status)
    {
    case 401:
      return PK_API_ERROR_UNAUTHORIZED;
    case 403:
      return PK_API_ERROR_FORBIDDEN;
    case 404:
    case 410:
      return PK_API_ERROR_NOT_FOUND;
    case 409:
      return PK_API_ERROR_CONFLICT;
    case 413:
      return PK_API_ERROR_TOO_LARGE;
    case 415:
      return PK_API_ERROR_UNSUPPORTED_TYPE;
    case 422:
      return PK_API_ERROR_VALIDATION;
    case 408:
    case 429:
      return PK_API_ERROR_SERVER;
    default:
      if (http_status >= 400 && http_status < 500)
        return PK_API_ERROR_MALFORMED_REQUEST;
      if (http_status >= 500 && http_status < 600)
        return PK_API_ERROR_SERVER;
      return PK_API_ERROR_MALFORMED_REPLY;
    }
}

/**
 * pk_api_error_new_from_server:
 * @fields: (nullable) (transfer none): field path → field code, kept for VALIDATION only
 *
 * Builds the error for an error reply. The message is for logs: the server's Persian
 * message if it gave one, otherwise the status and code.
 */
GError *
pk_api_error_new_from_server (guint       http_status,
                              const char *server_code,
                              const char *server_message,
                              GHashTable *fields,
                              guint       retry_after)
{
  PkApiError code = pk_api_error_code_from_server (http_status, server_code);
  PkApiErrorPrivate *priv;
  GError *error;

  if (server_message != NULL && *server_message != '\0')
    error = g_error_new (PK_API_ERROR, code, "HTTP %u %s: %s", http_status,
                         server_code ? server_code : "-", server_message);
  else
    error = g_error_new (PK_API_ERROR, code, "HTTP %u %s", http_status,
                         server_code ? server_code : "-");

  priv = pk_api_error_get_private (error);
  priv->http_status = http_status;
  priv->server_code = g_strdup (server_code);
  priv->retry_after = retry_after;
  if (code == PK_API_ERROR_VALIDATION && fields != NULL)
    {
      PkApiErrorPrivate tmp = { .fields = fields };
      PkApiErrorPrivate copy = { 0 };

      pk_api_error_private_copy (&tmp, &copy);
      priv->fields = g_steal_pointer (&copy.fields);
    }
  return error;
}

/**
 * pk_api_error_to_user_message:
 * @error: (nullable): any error
 *
 * Returns: a translated sentence to show a counter operator or a citizen. The error's own
 *   message is for logs and is never shown.
 */
const char *
pk_api_error_to_user_message (const GError *error)
{
  if (error == NULL || error->domain != PK_API_ERROR)
    return _("Something went wrong. Please try again.");

  switch ((PkApiError) error->code)
    {
    case PK_API_ERROR_NETWORK:
      return _("The municipality's server cannot be reached. Check the network connection.");
    case PK_API_ERROR_TIMEOUT:
      return _("The municipality's server is not answering. Please try again in a moment.");
    case PK_API_ERROR_CANCELLED:
      return _("The request was cancelled.");
    case PK_API_ERROR_UNAUTHORIZED:
      return _("You are not signed in. Please sign in again.");
    case PK_API_ERROR_INVALID_CREDENTIALS:
      return _("The office code, username or password is not correct.");
    case PK_API_ERROR_TOKEN_EXPIRED:
      return _("Your session has expired. Please sign in again.");
    case PK_API_ERROR_FORBIDDEN:
      return _("This account is not allowed to do that.");
    case PK_API_ERROR_NOT_FOUND:
      return _("Nothing was found. Check the code and try again.");
    case PK_API_ERROR_VALIDATION:
      return _("Some of the information is not valid. Check the marked fields.");
    case PK_API_ERROR_CONFLICT:
      return _("This request conflicts with one already recorded for it.");
    case PK_API_ERROR_TOO_LARGE:
      return _("The file is too large.");
    case PK_API_ERROR_UNSUPPORTED_TYPE:
      return _("This kind of file is not accepted. Use PDF, JPEG or PNG.");
    case PK_API_ERROR_MALFORMED_REQUEST:
      return _("The request could not be understood by the server. Please report this problem.");
    case PK_API_ERROR_SERVER:
      return _("The municipality's server has a problem. Please try again later.");
    case PK_API_ERROR_MALFORMED_REPLY:
      return _("The server's answer could not be read. Please try again later.");
    default:
      return _("Something went wrong. Please try again.");
    }
}

/**
 * pk_api_field_code_to_user_message:
 * @field_code: a field code from pk_api_error_get_fields()
 *
 * Returns: a translated hint to show next to the field.
 */
const char *
pk_api_field_code_to_user_message (const char *field_code)
{
  g_return_val_if_fail (field_code != NULL, NULL);

  if (g_str_equal (field_code, "required"))
    return _("This field is required.");
  if (g_str_equal (field_code, "checksum"))
    return _("The check digit does not match. Check the number.");
  if (g_str_equal (field_code, "too_long"))
    return _("This is too long.");
  if (g_str_equal (field_code, "out_of_range"))
    return _("This value is out of the allowed range.");
  if (g_str_equal (field_code, "not_allowed"))
    return _("This value is not allowed here.");
  if (g_str_equal (field_code, "unknown"))
    /* Translators: the server does not know the service, parcel or document referred to */
    return _("This does not exist.");
  return _("This value is not valid.");
}
