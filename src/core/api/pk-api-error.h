/* pk-api-error.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PK_API_ERROR (pk_api_error_quark ())

/**
 * PkApiError:
 *
 * What went wrong with a call to the central API, as a caller can act on it. Every error the
 * API client reports is in this domain — including cancellation, which is
 * %PK_API_ERROR_CANCELLED and never %G_IO_ERROR_CANCELLED. The mapping of HTTP statuses and
 * error codes is the table in docs/api-v1.md.
 */
typedef enum
{
  PK_API_ERROR_NETWORK,             /* no connection, connection lost, TLS failure */
  PK_API_ERROR_TIMEOUT,             /* no complete answer within the client's timeout */
  PK_API_ERROR_CANCELLED,           /* the caller cancelled */
  PK_API_ERROR_UNAUTHORIZED,        /* no or unknown (revoked) token: log in again */
  PK_API_ERROR_INVALID_CREDENTIALS, /* login refused */
  PK_API_ERROR_TOKEN_EXPIRED,       /* the session ran out: log in again */
  PK_API_ERROR_FORBIDDEN,           /* this role may not do that */
  PK_API_ERROR_NOT_FOUND,
  PK_API_ERROR_VALIDATION,          /* see pk_api_error_get_fields() */
  PK_API_ERROR_CONFLICT,            /* idempotency key reused, or invalid state */
  PK_API_ERROR_TOO_LARGE,           /* the request body or document is over the limit */
  PK_API_ERROR_UNSUPPORTED_TYPE,    /* document type not allowed or not matching its content */
  PK_API_ERROR_MALFORMED_REQUEST,   /* the server did not understand us: a client bug */
  PK_API_ERROR_SERVER,              /* server fault, maintenance or rate limit: retry later */
  PK_API_ERROR_MALFORMED_REPLY,     /* the reply is not the documented JSON (or is too big) */
} PkApiError;

GQuark       pk_api_error_quark                (void);

GHashTable  *pk_api_error_get_fields           (const GError *error);
const char  *pk_api_error_get_field            (const GError *error,
                                                const char   *field);
guint        pk_api_error_get_http_status      (const GError *error);
const char  *pk_api_error_get_server_code      (const GError *error);
guint        pk_api_error_get_retry_after      (const GError *error);
gboolean     pk_api_error_is_retryable         (const GError *error);

const char  *pk_api_error_to_user_message      (const GError *error);
const char  *pk_api_field_code_to_user_message (const char   *field_code);

PkApiError   pk_api_error_code_from_server     (guint         http_status,
                                                const char   *server_code);
GError      *pk_api_error_new_from_server      (guint         http_status,
                                                const char   *server_code,
                                                const char   *server_message,
                                                GHashTable   *fields,
                                                guint         retry_after);

G_END_DECLS
