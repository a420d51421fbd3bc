/* pk-api-client.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "pk-api-client.h"

/* The one way the terminal talks to the central API (docs/api-v1.md).
 *
 * Every call is an _async/_finish pair on a GTask. A call owns a private cancellable that is
 * cancelled either by the caller's cancellable or by the call's own deadline timer; which of
 * the two fired decides between CANCELLED and TIMEOUT. The reply body is read in a bounded
 * loop (never more than max-reply-size + 1 bytes) rather than with
 * soup_session_send_and_read_async(), which would buffer whatever a broken server sends.
 * All failures are PK_API_ERROR, cancellation included. */

struct _PkApiClient
{
  GObject        parent_instance;

  SoupSession   *session;
  GTlsDatabase  *tls_database;
  PkApiSession  *api_session;   /* the last login's answer, NULL when logged out */

  char          *base_url;      /* without trailing slash */
  char          *ca_file;
  char          *user_agent;
  char          *token;
  guint          timeout;
  gsize          max_reply_size;
  gint64         clock_offset;
};

static void pk_api_client_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PkApiClient, pk_api_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      pk_api_client_initable_iface_init))

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_CA_FILE,
  PROP_TIMEOUT,
  PROP_USER_AGENT,
  PROP_MAX_REPLY_SIZE,
  PROP_TOKEN,
  PROP_ROLE,
  PROP_EXPIRES_AT,
  PROP_SESSION,
  PROP_CLOCK_OFFSET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TOKEN_EXPIRED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define DEFAULT_USER_AGENT "Pishkhan/" PACKAGE_VERSION " "
#define READ_CHUNK (64 * 1024)

/* Turns a successful reply's JSON into the call's result. */
typedef gpointer (*ParseFunc) (JsonNode  *node,
                               GError   **error);

typedef struct _Request Request;

/* Runs on success before the result is handed to the caller. */
typedef void (*ResultHook) (PkApiClient *self,
                            Request     *request,
                            gpointer     result);

struct _Request
{
  SoupMessage    *msg;
  GCancellable   *cancellable;        /* ours: handed to libsoup */
  GCancellable   *caller_cancellable;
  gulong          caller_handler;
  GSource        *timer;
  gboolean        timed_out;
  guint           timeout;
  GInputStream   *stream;
  GByteArray     *body;
  gsize           limit;
  char           *sent_token;         /* the token sent, NULL if none */
  gsize           chunk;              /* size of the read in flight */
  ParseFunc       parse;              /* NULL: the reply has no body worth reading */
  GDestroyNotify  result_free;
  ResultHook      hook;
};

static void
request_free (Request *request)
{
  if (request->caller_handler != 0)
    g_cancellable_disconnect (request->caller_cancellable, request->caller_handler);
  if (request->timer != NULL)
    {
      g_source_destroy (request->timer);
      g_source_unref (request->timer);
    }
  g_clear_object (&request->caller_cancellable);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->stream);
  g_clear_object (&request->msg);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_free (request->sent_token);
  g_free (request);
}

static void
set_gint64_prop (PkApiClient *self,
                 gint64      *field,
                 gint64       value,
                 guint        prop_id)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* ---------------------------------------------------------------------------------------- */
/* Properties */

const char *
pk_api_client_get_base_url (PkApiClient *self)
{
  g_return_val_if_fail (PK_IS_API_CLIENT (self), NULL);

  return self->base_url;
}

const char *
pk_api_client_get_ca_file (PkApiClient *self)
{
  g_return_val_if_fail (PK_IS_API_CLIENT (self), NULL);

  return self->ca_file;
}

/* Returns: the whole-call deadline in seconds (0: none). */
guint
pk_api_client_get_timeout (PkApiClient *self)
{
  g_return_val_if_fail (PK_IS_API_CLIENT (self), 0);

  return self->timeout;
}

void
pk_api_client_set_timeout (PkApiClient *self,
                           guint        timeout)
{
  g_return_if_fail (PK_IS_API_CLIENT (self));

  if (self->timeout == timeout)
    return;
  self->timeout = timeout;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

const char *
pk_api_client_get_user_agent (PkApiClient *self)
{
  g_return_val_if_fail (PK_IS_API_CLIENT (self), NULL);

  return self->user_agent;
}

/* A user agent ending in a space gets libsoup's own appended, as with SoupSession. */
void
pk_api_client_set_user_agent (PkApiClient *self,
                              const char  *user_agent)
{
  g_return_if_fail (PK_IS_API_CLIENT (self));

  if (user_agent == NULL)
    user_agent = DEFAULT_USER_AGENT;
  if (g_strcmp0 (self->user_agent, user_agent) == 0)
    return;
  g_free (self->user_agent);
  self->user_agent = g_strdup (user_agent);
  if (self->session != NULL)
    soup_session_set_user_agent (self->session, self->user_agent);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_AGENT]);
}

gsize
pk_api_client_get_max_reply_size (PkApiClient *self)
{
  g_return_val_if_fail (PK_IS_API_CLIENT (self), 0);

  return self->max_reply_size;
}

/* Replies larger than this fail with PK_API_ERROR_MALFORMED_REPLY without being read further. */
void
pk_api_client_set_max_reply_size (PkApiClient *self,
                                  gsize        max_reply_size)
{
  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (max_reply_size > 0);

  if (self->max_reply_size == max_reply_size)
    return;
  self->max_reply_size = max_reply_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_REPLY_SIZE]);
}

/* Returns: (nullable): the bearer token sent with each call. */
const char *
pk_api_client_get_token (PkApiClient *self)
{
  g_return_val_if_fail (PK_IS_API_CLIENT (self), NULL);

  return self->token;
}

/**
 * pk_api_client_set_token:
 * @token: (nullable): a bearer token
 *
 * Uses a token obtained elsewhere (a kiosk's provisioned token). Role and expiry stay unknown
 * until the next login; %NULL is pk_api_client_clear_session().
 */
void
pk_api_client_set_token (PkApiClient *self,
                         const char  *token)
{
  g_return_if_fail (PK_IS_API_CLIENT (self));

  if (token == NULL)
    {
      pk_api_client_clear_session (self);
      return;
    }
  if (g_strcmp0 (self->token, token) == 0)
    return;
  g_free (self->token);
  self->token = g_strdup (token);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
}

PkApiRole
pk_api_client_get_role (PkApiClient *self)
{
  g_return_val_if_fail (PK_IS_API_CLIENT (self), PK_API_ROLE_UNKNOWN);

  return self->api_session ? self->api_session->role : PK_API_ROLE_UNKNOWN;
}

/* Returns: (nullable) (transfer none): when the server said the token expires. */
GDateTime *
pk_api_client_get_expires_at (PkApiClient *self)
{
  g_return_val_if_fail (PK_IS_API_CLIENT (self), NULL);

  return self->api_session ? self->api_session->expires_at : NULL;
}

/* Returns: (nullable) (transfer none): the last login's answer while it holds. */
PkApiSession *
pk_api_client_get_session (PkApiClient *self)
{
  g_return_val_if_fail (PK_IS_API_CLIENT (self), NULL);

  return self->api_session;
}

/**
 * pk_api_client_get_clock_offset:
 *
 * Returns: the server's clock minus ours in seconds, from the `Date` header of the latest
 *   reply (0 until one arrives). Add it to the local time to judge expiry dates as the server
 *   does.
 */
gint64
pk_api_client_get_clock_offset (PkApiClient *self)
{
  g_return_val_if_fail (PK_IS_API_CLIENT (self), 0);

  return self->clock_offset;
}

static void
set_session (PkApiClient  *self,
             PkApiSession *session)
{
  PkApiRole old_role = pk_api_client_get_role (self);
  GDateTime *old_expiry = pk_api_client_get_expires_at (self);
  gboolean expiry_changed;
  gboolean had_session = self->api_session != NULL;
  const char *token = session ? session->token : NULL;

  g_object_freeze_notify (G_OBJECT (self));

  expiry_changed = (old_expiry == NULL) != (session == NULL)
                   || (old_expiry != NULL && !g_date_time_equal (old_expiry, session->expires_at));
  g_clear_pointer (&self->api_session, pk_api_session_unref);
  if (session != NULL)
    self->api_session = pk_api_session_ref (session);

  if (g_strcmp0 (self->token, token) != 0)
    {
      g_free (self->token);
      self->token = g_strdup (token);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
    }
  if (old_role != pk_api_client_get_role (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
  if (expiry_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRES_AT]);
  if (had_session || session != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);

  g_object_thaw_notify (G_OBJECT (self));
}

/* Forgets the token, role and expiry locally, without telling the server (see logout). */
void
pk_api_client_clear_session (PkApiClient *self)
{
  g_return_if_fail (PK_IS_API_CLIENT (self));

  set_session (self, NULL);
}

/* ---------------------------------------------------------------------------------------- */
/* GObject */

static void
pk_api_client_dispose (GObject *object)
{
  PkApiClient *self = PK_API_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->tls_database);
  g_clear_pointer (&self->api_session, pk_api_session_unref);

  G_OBJECT_CLASS (pk_api_client_parent_class)->dispose (object);
}

static void
pk_api_client_finalize (GObject *object)
{
  PkApiClient *self = PK_API_CLIENT (object);

  g_free (self->base_url);
  g_free (self->ca_file);
  g_free (self->user_agent);
  g_free (self->token);

  G_OBJECT_CLASS (pk_api_client_parent_class)->finalize (object);
}

static void
pk_api_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PkApiClient *self = PK_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, pk_api_client_get_base_url (self));
      break;
    case PROP_CA_FILE:
      g_value_set_string (value, pk_api_client_get_ca_file (self));
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, pk_api_client_get_timeout (self));
      break;
    case PROP_USER_AGENT:
      g_value_set_string (value, pk_api_client_get_user_agent (self));
      break;
    case PROP_MAX_REPLY_SIZE:
      g_value_set_uint64 (value, pk_api_client_get_max_reply_size (self));
      break;
    case PROP_TOKEN:
      g_value_set_string (value, pk_api_client_get_token (self));
      break;
    case PROP_ROLE:
      g_value_set_enum (value, pk_api_client_get_role (self));
      break;
    case PROP_EXPIRES_AT:
      g_value_set_boxed (value, pk_api_client_get_expires_at (self));
      break;
    case PROP_SESSION:
      g_value_set_boxed (value, pk_api_client_get_session (self));
      break;
    case PROP_CLOCK_OFFSET:
      g_value_set_int64 (value, pk_api_client_get_clock_offset (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_api_client_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PkApiClient *self = PK_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      /* construct-only */
      {
        const char *url = g_value_get_string (value);
        gsize len = url ? strlen (url) : 0;

        while (len > 0 && url[len - 1] == '/')
          len--;
        self->base_url = g_strndup (url ? url : "", len);
      }
      break;
    case PROP_CA_FILE:
      /* construct-only */
      self->ca_file = g_value_dup_string (value);
      if (self->ca_file != NULL && *self->ca_file == '\0')
        g_clear_pointer (&self->ca_file, g_free);
      break;
    case PROP_TIMEOUT:
      pk_api_client_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_USER_AGENT:
      pk_api_client_set_user_agent (self, g_value_get_string (value));
      break;
    case PROP_MAX_REPLY_SIZE:
      pk_api_client_set_max_reply_size (self, (gsize) g_value_get_uint64 (value));
      break;
    case PROP_TOKEN:
      pk_api_client_set_token (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_api_client_class_init (PkApiClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pk_api_client_dispose;
  object_class->finalize = pk_api_client_finalize;
  object_class->get_property = pk_api_client_get_property;
  object_class->set_property = pk_api_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CA_FILE] =
    g_param_spec_string ("ca-file", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT / 1000, PK_API_CLIENT_DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY
                       | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER_AGENT] =
    g_param_spec_string ("user-agent", NULL, NULL, DEFAULT_USER_AGENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY
                         | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_REPLY_SIZE] =
    g_param_spec_uint64 ("max-reply-size", NULL, NULL, 1, G_MAXSIZE - 1,
                         PK_API_CLIENT_DEFAULT_MAX_REPLY_SIZE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY
                         | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, PK_TYPE_API_ROLE, PK_API_ROLE_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPIRES_AT] =
    g_param_spec_boxed ("expires-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_boxed ("session", NULL, NULL, PK_TYPE_API_SESSION,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLOCK_OFFSET] =
    g_param_spec_int64 ("clock-offset", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PkApiClient::token-expired:
   *
   * The server refused the held token as expired or unknown: the session is already cleared
   * and the call that found out fails with %PK_API_ERROR_TOKEN_EXPIRED or
   * %PK_API_ERROR_UNAUTHORIZED. The GUI brings back the login.
   */
  signals[TOKEN_EXPIRED] =
    g_signal_new ("token-expired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pk_api_client_init (PkApiClient *self)
{
}

static gboolean
pk_api_client_initable_init (GInitable     *initable,
                             GCancellable  *cancellable,
                             GError       **error)
{
  PkApiClient *self = PK_API_CLIENT (initable);
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  uri = g_uri_parse (self->base_url, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL
      || (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Not an http(s) base URL: “%s”", self->base_url);
      return FALSE;
    }

  /* With a pinned CA only that CA is trusted; without one, the system's. Certificate
   * verification itself is never turned off. */
  if (self->ca_file != NULL)
    {
      self->tls_database = g_tls_file_database_new (self->ca_file, error);
      if (self->tls_database == NULL)
        return FALSE;
    }

  self->session = g_object_new (SOUP_TYPE_SESSION,
                                "user-agent", self->user_agent,
                                "max-conns-per-host", 4,
                                NULL);
  if (self->tls_database != NULL)
    soup_session_set_tls_database (self->session, self->tls_database);
  return TRUE;
}

static void
pk_api_client_initable_iface_init (GInitableIface *iface)
{
  iface->init = pk_api_client_initable_init;
}

/**
 * pk_api_client_new:
 * @base_url: the API's base, e.g. `https://api.example.ir/api/v1`
 * @ca_file: (nullable): a PEM file of the only CAs to trust, or %NULL for the system's
 *
 * Returns: (transfer full): a client, or %NULL with @error set (%G_IO_ERROR_INVALID_ARGUMENT
 *   for a bad URL, a %G_TLS_ERROR or %G_FILE_ERROR for an unreadable CA file).
 */
PkApiClient *
pk_api_client_new (const char  *base_url,
                   const char  *ca_file,
                   GError     **error)
{
  g_return_val_if_fail (base_url != NULL, NULL);

  return g_initable_new (PK_TYPE_API_CLIENT, NULL, error,
                         "base-url", base_url,
                         "ca-file", ca_file,
                         NULL);
}

/* ---------------------------------------------------------------------------------------- */
/* Idempotency keys */

/**
 * pk_api_generate_idempotency_key:
 *
 * Returns: (transfer full): a fresh key for one application (a random UUID: 36 characters of
 *   `[0-9a-f-]`). The outbox stores it with the application and sends the same key on every
 *   retry.
 */
char *
pk_api_generate_idempotency_key (void)
{
  return g_uuid_string_random ();
}

/* Returns: whether @key is 16–64 characters of `[A-Za-z0-9-]`, as the API requires. */
gboolean
pk_api_idempotency_key_is_valid (const char *key)
{
  gsize len;

  if (key == NULL)
    return FALSE;
  len = strlen (key);
  if (len < 16 || len > 64)
    return FALSE;
  for (const char *p = key; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/* ---------------------------------------------------------------------------------------- */
/* The request machinery */

static void read_next (GTask *task);

static GError *
map_transport_error (Request      *request,
                     const GError *error)
{
  if (request->timed_out)
    return g_error_new (PK_API_ERROR, PK_API_ERROR_TIMEOUT,
                        "No complete answer within %u s", request->timeout);
  if (g_cancellable_is_cancelled (request->caller_cancellable)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new_literal (PK_API_ERROR, PK_API_ERROR_CANCELLED, "Cancelled");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (PK_API_ERROR, PK_API_ERROR_TIMEOUT, "Timed out: %s", error->message);
  /* The server spoke, but not HTTP: a reply we cannot read rather than a network failure. */
  if (error->domain == SOUP_SESSION_ERROR
      && (error->code == SOUP_SESSION_ERROR_PARSING || error->code == SOUP_SESSION_ERROR_ENCODING
          || error->code == SOUP_SESSION_ERROR_TOO_MANY_REDIRECTS
          || error->code == SOUP_SESSION_ERROR_REDIRECT_BAD_URI))
    return g_error_new (PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY, "Malformed reply: %s",
                        error->message);
  if (error->domain == G_TLS_ERROR)
    return g_error_new (PK_API_ERROR, PK_API_ERROR_NETWORK, "TLS: %s", error->message);
  return g_error_new (PK_API_ERROR, PK_API_ERROR_NETWORK, "%s", error->message);
}

static void
fail_transport (GTask        *task,
                const GError *error)
{
  Request *request = g_task_get_task_data (task);

  g_task_return_error (task, map_transport_error (request, error));
  g_object_unref (task);
}

static void
on_caller_cancelled (GCancellable *caller,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

static gboolean
on_deadline (gpointer data)
{
  Request *request = data;

  request->timed_out = TRUE;
  g_cancellable_cancel (request->cancellable);
  g_clear_pointer (&request->timer, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
record_clock_offset (PkApiClient *self,
                     SoupMessage *msg)
{
  const char *date = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                   "Date");
  g_autoptr(GDateTime) server = NULL;

  if (date == NULL || (server = soup_date_time_new_from_http_string (date)) == NULL)
    return;
  set_gint64_prop (self, &self->clock_offset,
                   g_date_time_to_unix (server) - g_get_real_time () / G_USEC_PER_SEC,
                   PROP_CLOCK_OFFSET);
}

static guint
retry_after (SoupMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                    "Retry-After");
  guint64 seconds;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, 24 * 3600, &seconds, NULL))
    return 0;
  return (guint) seconds;
}

static void
complete (GTask *task)
{
  PkApiClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  guint status = soup_message_get_status (request->msg);
  g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&request->body));
  g_autoptr(JsonNode) node = NULL;
  SoupMessageHeaders *headers = soup_message_get_response_headers (request->msg);
  const char *content_encoding = soup_message_headers_get_one (headers, "Content-Encoding");
  GError *error = NULL;
  gpointer result;

  if (g_cancellable_is_cancelled (request->caller_cancellable))
    {
      g_task_return_new_error (task, PK_API_ERROR, PK_API_ERROR_CANCELLED, "Cancelled");
      return;
    }
  /* libsoup ends the body quietly when the connection closes early; a short body is a
   * transfer that failed, not a reply to parse. (Not checkable under a content coding, where
   * the length counts the encoded bytes.) */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
      && (content_encoding == NULL || g_ascii_strcasecmp (content_encoding, "identity") == 0)
      && g_bytes_get_size (body) != (gsize) soup_message_headers_get_content_length (headers))
    {
      g_task_return_new_error (task, PK_API_ERROR, PK_API_ERROR_NETWORK,
                               "Connection closed after %" G_GSIZE_FORMAT " of %" G_GOFFSET_FORMAT
                               " bytes", g_bytes_get_size (body),
                               soup_message_headers_get_content_length (headers));
      return;
    }

  if (status >= 400)
    {
      error = pk_api_parse_error_reply (status, body, retry_after (request->msg));
      /* Only if the refused token is still ours: a late answer to a call made before a new
       * login must not end the new session, nor one to the logout call end anything. */
      if (request->sent_token != NULL && g_strcmp0 (request->sent_token, self->token) == 0
          && (error->code == PK_API_ERROR_TOKEN_EXPIRED
              || error->code == PK_API_ERROR_UNAUTHORIZED))
        {
          pk_api_client_clear_session (self);
          g_signal_emit (self, signals[TOKEN_EXPIRED], 0);
        }
      g_task_return_error (task, error);
      return;
    }
  if (status < 200 || status >= 300)
    {
      g_task_return_new_error (task, PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY,
                               "Unexpected HTTP status %u", status);
      return;
    }

  if (request->parse == NULL)
    {
      if (request->hook)
        request->hook (self, request, NULL);
      g_task_return_boolean (task, TRUE);
      return;
    }

  node = pk_api_parse_json (body, &error);
  result = node ? request->parse (node, &error) : NULL;
  if (result == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (request->hook)
    request->hook (self, request, result);
  g_task_return_pointer (task, result, request->result_free);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GTask) task = data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (n < 0)
    {
      fail_transport (g_steal_pointer (&task), error);
      return;
    }
  g_byte_array_set_size (request->body, request->body->len - (guint) (request->chunk - (gsize) n));
  if (n == 0)
    {
      complete (task);
      return;
    }
  if (request->body->len > request->limit)
    {
      g_task_return_new_error (task, PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY,
                               "Malformed reply: larger than %" G_GSIZE_FORMAT " bytes",
                               request->limit);
      return;
    }
  read_next (g_steal_pointer (&task));
}

/* Reads the next chunk into the end of the body, never past limit + 1 bytes in all: one byte
 * over the limit is enough to know the reply is too large. */
static void
read_next (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  guint len = request->body->len;

  g_assert (len <= request->limit);
  request->chunk = MIN (READ_CHUNK, request->limit + 1 - len);
  g_byte_array_set_size (request->body, len + request->chunk);
  g_input_stream_read_async (request->stream, request->body->data + len, request->chunk,
                             G_PRIORITY_DEFAULT, request->cancellable, on_read, task);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GTask) task = data;
  PkApiClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  request->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (request->stream == NULL)
    {
      fail_transport (g_steal_pointer (&task), error);
      return;
    }

  record_clock_offset (self, request->msg);
  headers = soup_message_get_response_headers (request->msg);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
      && soup_message_headers_get_content_length (headers) > (goffset) request->limit)
    {
      g_task_return_new_error (task, PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY,
                               "Malformed reply: announces %" G_GOFFSET_FORMAT " bytes",
                               soup_message_headers_get_content_length (headers));
      return;
    }

  request->body = g_byte_array_sized_new (READ_CHUNK);
  read_next (g_steal_pointer (&task));
}

/* Appends "/" + @segment percent-encoded, so an identifier can never change the path. */
static void
append_segment (GString    *url,
                const char *segment)
{
  g_autofree char *escaped = g_uri_escape_string (segment, NULL, FALSE);

  g_string_append_c (url, '/');
  g_string_append (url, escaped);
}

static void
append_query (GString    *url,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL)
    return;
  escaped = g_uri_escape_string (value, NULL, FALSE);
  g_string_append_c (url, strchr (url->str, '?') ? '&' : '?');
  g_string_append (url, name);
  g_string_append_c (url, '=');
  g_string_append (url, escaped);
}

static GBytes *
json_body (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize len;
  char *data;

  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &len);
  return g_bytes_new_take (data, len);
}

/* Sets up a call as @task's data. Returns: (nullable): the request to complete and pass to
 * start(), or NULL when the task has already failed (and been released). */
static Request *
prepare (PkApiClient *self,
              GTask       *task,
              const char  *method,
              GString     *url,
              gboolean     needs_auth,
              GBytes      *body,
              const char  *content_type,
              ParseFunc    parse,
              GDestroyNotify result_free)
{
  Request *request = g_new0 (Request, 1);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  /* Results are decided here, cancellation included, so the domain is always PK_API_ERROR. */
  g_task_set_check_cancellable (task, FALSE);
  request->parse = parse;
  request->result_free = result_free;
  request->limit = self->max_reply_size;
  request->timeout = self->timeout;
  request->cancellable = g_cancellable_new ();

  uri = g_uri_parse (url->str, G_URI_FLAGS_ENCODED, &error);
  if (uri == NULL)
    {
      g_task_return_new_error (task, PK_API_ERROR, PK_API_ERROR_MALFORMED_REQUEST,
                               "Bad request URL: %s", error->message);
      g_object_unref (task);
      return NULL;
    }
  request->msg = soup_message_new_from_uri (method, uri);
  /* The API never redirects; following one could leak the bearer token elsewhere. */
  soup_message_add_flags (request->msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (request->msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (needs_auth && self->token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", auth);
      request->sent_token = g_strdup (self->token);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (request->msg, content_type, body);
  return request;
}

/* Sends the prepared call; @task is released when it completes. */
static void
start (PkApiClient *self,
       GTask       *task)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  if (g_task_get_cancellable (task) != NULL)
    {
      request->caller_cancellable = g_object_ref (g_task_get_cancellable (task));
      request->caller_handler = g_cancellable_connect (request->caller_cancellable,
                                                       G_CALLBACK (on_caller_cancelled),
                                                       g_object_ref (request->cancellable),
                                                       g_object_unref);
    }
  if (self->timeout > 0)
    {
      request->timer = g_timeout_source_new (self->timeout * 1000);
      g_source_set_callback (request->timer, on_deadline, request, NULL);
      g_source_set_static_name (request->timer, "[pishkhan] api call deadline");
      g_source_attach (request->timer, context);
    }

  soup_session_send_async (self->session, request->msg, G_PRIORITY_DEFAULT,
                           request->cancellable, on_sent, task);
}

static GString *
url_for (PkApiClient *self,
         const char  *path)
{
  GString *url = g_string_new (self->base_url);

  g_string_append (url, path);
  return url;
}

static GTask *
new_task (PkApiClient         *self,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  return task;
}

static gpointer
finish_pointer (PkApiClient   *self,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  g_return_val_if_fail (PK_IS_API_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------------------------------- */
/* Endpoints */

static void
login_hook (PkApiClient *self,
            Request     *request,
            gpointer     result)
{
  set_session (self, result);
}

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
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GString) url = NULL;
  g_autoptr(GBytes) body = NULL;
  Request *request;
  GTask *task;

  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (office_code != NULL);
  g_return_if_fail (username != NULL);
  g_return_if_fail (password != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "office_code");
  json_builder_add_string_value (builder, office_code);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, username);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  body = json_body (builder);

  task = new_task (self, pk_api_client_login_async, cancellable, callback, user_data);
  url = url_for (self, "/sessions");
  request = prepare (self, task, "POST", url, FALSE, body, "application/json",
                    (ParseFunc) pk_api_parse_session, (GDestroyNotify) pk_api_session_unref);
  if (request == NULL)
    return;
  request->hook = login_hook;
  start (self, task);
}

/* Returns: (transfer full): the session */
PkApiSession *
pk_api_client_login_finish (PkApiClient   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return finish_pointer (self, result, pk_api_client_login_async, error);
}

static void
logout_hook (PkApiClient *self,
             Request     *request,
             gpointer     result)
{
  pk_api_client_clear_session (self);
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
  g_autoptr(GString) url = NULL;
  Request *request;
  GTask *task;

  g_return_if_fail (PK_IS_API_CLIENT (self));

  task = new_task (self, pk_api_client_logout_async, cancellable, callback, user_data);
  url = url_for (self, "/sessions/current");
  request = prepare (self, task, "DELETE", url, TRUE, NULL, NULL, NULL, NULL);
  if (request == NULL)
    return;
  request->hook = logout_hook;
  /* The request holds the token already; forget it locally now. */
  pk_api_client_clear_session (self);
  start (self, task);
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
  g_autoptr(GString) url = NULL;
  Request *request;
  GTask *task;

  g_return_if_fail (PK_IS_API_CLIENT (self));

  task = new_task (self, pk_api_client_get_services_async, cancellable, callback, user_data);
  url = url_for (self, "/services");
  request = prepare (self, task, "GET", url, TRUE, NULL, NULL,
                    (ParseFunc) pk_api_parse_catalogue, (GDestroyNotify) pk_api_catalogue_unref);
  if (request == NULL)
    return;
  start (self, task);
}

/* Returns: (transfer full): the catalogue */
PkApiCatalogue *
pk_api_client_get_services_finish (PkApiClient   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return finish_pointer (self, result, pk_api_client_get_services_async, error);
}

/* GET /services/{code}: one service, e.g. to refresh a form without the whole catalogue */
void
pk_api_client_get_service_async (PkApiClient         *self,
                                 const char          *code,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GString) url = NULL;
  Request *request;
  GTask *task;

  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (code != NULL);

  task = new_task (self, pk_api_client_get_service_async, cancellable, callback, user_data);
  url = url_for (self, "/services");
  append_segment (url, code);
  request = prepare (self, task, "GET", url, TRUE, NULL, NULL,
                     (ParseFunc) pk_api_parse_service, (GDestroyNotify) pk_api_service_unref);
  if (request == NULL)
    return;
  start (self, task);
}

/* Returns: (transfer full): the service */
PkApiService *
pk_api_client_get_service_finish (PkApiClient   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_pointer (self, result, pk_api_client_get_service_async, error);
}

/* GET /parcels/{renovation_code} */
void
pk_api_client_get_parcel_async (PkApiClient         *self,
                                const char          *renovation_code,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GString) url = NULL;
  Request *request;
  GTask *task;

  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (renovation_code != NULL);

  task = new_task (self, pk_api_client_get_parcel_async, cancellable, callback, user_data);
  url = url_for (self, "/parcels");
  append_segment (url, renovation_code);
  request = prepare (self, task, "GET", url, TRUE, NULL, NULL,
                    (ParseFunc) pk_api_parse_parcel, (GDestroyNotify) pk_api_parcel_unref);
  if (request == NULL)
    return;
  start (self, task);
}

/* Returns: (transfer full): the parcel */
PkApiParcel *
pk_api_client_get_parcel_finish (PkApiClient   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return finish_pointer (self, result, pk_api_client_get_parcel_async, error);
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
  g_autoptr(GString) url = NULL;
  Request *request;
  GTask *task;

  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (postal_code != NULL);

  task = new_task (self, pk_api_client_find_parcels_async, cancellable, callback, user_data);
  url = url_for (self, "/parcels");
  append_query (url, "postal_code", postal_code);
  append_query (url, "cursor", cursor);
  request = prepare (self, task, "GET", url, TRUE, NULL, NULL,
                    (ParseFunc) pk_api_parse_parcel_page, (GDestroyNotify) pk_api_parcel_page_unref);
  if (request == NULL)
    return;
  start (self, task);
}

/* Returns: (transfer full): a page of parcels */
PkApiParcelPage *
pk_api_client_find_parcels_finish (PkApiClient   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return finish_pointer (self, result, pk_api_client_find_parcels_async, error);
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
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GString) url = NULL;
  g_autoptr(GBytes) body = NULL;
  Request *request;
  GTask *task;

  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (renovation_code != NULL);
  g_return_if_fail (service_code != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "renovation_code");
  json_builder_add_string_value (builder, renovation_code);
  json_builder_set_member_name (builder, "service_code");
  json_builder_add_string_value (builder, service_code);
  json_builder_end_object (builder);
  body = json_body (builder);

  task = new_task (self, pk_api_client_create_inquiry_async, cancellable, callback, user_data);
  url = url_for (self, "/inquiries");
  request = prepare (self, task, "POST", url, TRUE, body, "application/json",
                    (ParseFunc) pk_api_parse_inquiry, (GDestroyNotify) pk_api_inquiry_unref);
  if (request == NULL)
    return;
  start (self, task);
}

/* Returns: (transfer full): the inquiry */
PkApiInquiry *
pk_api_client_create_inquiry_finish (PkApiClient   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return finish_pointer (self, result, pk_api_client_create_inquiry_async, error);
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
  g_autoptr(GString) url = NULL;
  g_autofree char *escaped = NULL;
  Request *request;
  GTask *task;

  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (contents != NULL);
  g_return_if_fail (content_type != NULL);
  g_return_if_fail (filename != NULL && g_utf8_validate (filename, -1, NULL));

  task = new_task (self, pk_api_client_upload_document_async, cancellable, callback, user_data);
  url = url_for (self, "/documents");
  request = prepare (self, task, "POST", url, TRUE, contents, content_type,
                    (ParseFunc) pk_api_parse_document, (GDestroyNotify) pk_api_document_unref);
  if (request == NULL)
    return;
  escaped = g_uri_escape_string (filename, NULL, FALSE);
  soup_message_headers_replace (soup_message_get_request_headers (request->msg),
                              "X-Filename", escaped);
  start (self, task);
}

/* Returns: (transfer full): the stored document */
PkApiDocument *
pk_api_client_upload_document_finish (PkApiClient   *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return finish_pointer (self, result, pk_api_client_upload_document_async, error);
}

static void
submission_hook (PkApiClient *self,
                 Request     *request,
                 gpointer     result)
{
  PkApiSubmission *submission = result;
  const char *replayed = soup_message_headers_get_one (
    soup_message_get_response_headers (request->msg), "Idempotent-Replayed");

  submission->replayed = g_strcmp0 (replayed, "true") == 0;
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
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(GString) url = NULL;
  g_autoptr(GBytes) body = NULL;
  Request *request;
  GTask *task;
  char *data;
  gsize len;

  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (application != NULL && JSON_NODE_HOLDS_OBJECT (application));

  task = new_task (self, pk_api_client_submit_application_async, cancellable, callback,
                   user_data);
  if (!pk_api_idempotency_key_is_valid (idempotency_key))
    {
      g_task_return_new_error (task, PK_API_ERROR, PK_API_ERROR_MALFORMED_REQUEST,
                               "Invalid idempotency key");
      g_object_unref (task);
      return;
    }

  generator = json_generator_new ();
  json_generator_set_root (generator, application);
  data = json_generator_to_data (generator, &len);
  body = g_bytes_new_take (data, len);

  url = url_for (self, "/applications");
  request = prepare (self, task, "POST", url, TRUE, body, "application/json",
                    (ParseFunc) pk_api_parse_submission, (GDestroyNotify) pk_api_submission_unref);
  if (request == NULL)
    return;
  request->hook = submission_hook;
  soup_message_headers_replace (soup_message_get_request_headers (request->msg),
                              "Idempotency-Key", idempotency_key);
  start (self, task);
}

/* Returns: (transfer full): the receipt */
PkApiSubmission *
pk_api_client_submit_application_finish (PkApiClient   *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return finish_pointer (self, result, pk_api_client_submit_application_async, error);
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
  g_autoptr(GString) url = NULL;
  Request *request;
  GTask *task;

  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (tracking_code != NULL);

  task = new_task (self, pk_api_client_get_application_async, cancellable, callback, user_data);
  url = url_for (self, "/applications");
  append_segment (url, tracking_code);
  append_query (url, "national_id", national_id);
  request = prepare (self, task, "GET", url, TRUE, NULL, NULL,
                    (ParseFunc) pk_api_parse_application, (GDestroyNotify) pk_api_application_unref);
  if (request == NULL)
    return;
  start (self, task);
}

/* Returns: (transfer full): the application's status */
PkApiApplication *
pk_api_client_get_application_finish (PkApiClient   *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return finish_pointer (self, result, pk_api_client_get_application_async, error);
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
  g_autoptr(GString) url = NULL;
  g_autoptr(GBytes) body = NULL;
  Request *request;
  GTask *task;

  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (application_id != NULL);
  g_return_if_fail (reference != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "reference");
  json_builder_add_string_value (builder, reference);
  json_builder_set_member_name (builder, "amount_rial");
  json_builder_add_int_value (builder, amount_rial);
  json_builder_end_object (builder);
  body = json_body (builder);

  task = new_task (self, pk_api_client_record_payment_async, cancellable, callback, user_data);
  url = url_for (self, "/applications");
  append_segment (url, application_id);
  g_string_append (url, "/payments");
  request = prepare (self, task, "POST", url, TRUE, body, "application/json",
                    (ParseFunc) pk_api_parse_payment, (GDestroyNotify) pk_api_payment_unref);
  if (request == NULL)
    return;
  start (self, task);
}

/* Returns: (transfer full): the payment */
PkApiPayment *
pk_api_client_record_payment_finish (PkApiClient   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return finish_pointer (self, result, pk_api_client_record_payment_async, error);
}

/* GET /permits/{permit_no} */
void
pk_api_client_get_permit_async (PkApiClient         *self,
                                const char          *permit_no,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GString) url = NULL;
  Request *request;
  GTask *task;

  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (permit_no != NULL);

  task = new_task (self, pk_api_client_get_permit_async, cancellable, callback, user_data);
  url = url_for (self, "/permits");
  append_segment (url, permit_no);
  request = prepare (self, task, "GET", url, TRUE, NULL, NULL,
                    (ParseFunc) pk_api_parse_permit, (GDestroyNotify) pk_api_permit_unref);
  if (request == NULL)
    return;
  start (self, task);
}

/* Returns: (transfer full): the permit */
PkApiPermit *
pk_api_client_get_permit_finish (PkApiClient   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return finish_pointer (self, result, pk_api_client_get_permit_async, error);
}

/* POST /verify (public: no token is sent) */
void
pk_api_client_verify_async (PkApiClient         *self,
                            const char          *payload,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GString) url = NULL;
  g_autoptr(GBytes) body = NULL;
  Request *request;
  GTask *task;

  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (payload != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "payload");
  json_builder_add_string_value (builder, payload);
  json_builder_end_object (builder);
  body = json_body (builder);

  task = new_task (self, pk_api_client_verify_async, cancellable, callback, user_data);
  url = url_for (self, "/verify");
  request = prepare (self, task, "POST", url, FALSE, body, "application/json",
                    (ParseFunc) pk_api_parse_verification,
                    (GDestroyNotify) pk_api_verification_unref);
  if (request == NULL)
    return;
  start (self, task);
}

/* Returns: (transfer full): the verdict */
PkApiVerification *
pk_api_client_verify_finish (PkApiClient   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return finish_pointer (self, result, pk_api_client_verify_async, error);
}

/* GET /keys (public: no token is sent) */
void
pk_api_client_get_keys_async (PkApiClient         *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GString) url = NULL;
  Request *request;
  GTask *task;

  g_return_if_fail (PK_IS_API_CLIENT (self));

  task = new_task (self, pk_api_client_get_keys_async, cancellable, callback, user_data);
  url = url_for (self, "/keys");
  request = prepare (self, task, "GET", url, FALSE, NULL, NULL,
                    (ParseFunc) pk_api_parse_keys, (GDestroyNotify) g_ptr_array_unref);
  if (request == NULL)
    return;
  start (self, task);
}

/* Returns: (transfer full) (element-type PkApiKey): the trust list */
GPtrArray *
pk_api_client_get_keys_finish (PkApiClient   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return finish_pointer (self, result, pk_api_client_get_keys_async, error);
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
  g_autoptr(GString) url = NULL;
  char iso[16] = "";
  Request *request;
  GTask *task;

  g_return_if_fail (PK_IS_API_CLIENT (self));
  g_return_if_fail (date == NULL || g_date_valid (date));

  if (date != NULL)
    g_snprintf (iso, sizeof iso, "%04u-%02u-%02u", (guint) g_date_get_year (date),
                (guint) g_date_get_month (date), (guint) g_date_get_day (date));

  task = new_task (self, pk_api_client_get_daily_report_async, cancellable, callback, user_data);
  url = url_for (self, "/reports/daily");
  append_query (url, "date", date ? iso : NULL);
  append_query (url, "office", office_code);
  request = prepare (self, task, "GET", url, TRUE, NULL, NULL,
                    (ParseFunc) pk_api_parse_daily_report, (GDestroyNotify) pk_api_daily_report_unref);
  if (request == NULL)
    return;
  start (self, task);
}

/* Returns: (transfer full): the report */
PkApiDailyReport *
pk_api_client_get_daily_report_finish (PkApiClient   *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return finish_pointer (self, result, pk_api_client_get_daily_report_async, error);
}
