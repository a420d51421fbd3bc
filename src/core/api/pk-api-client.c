/* pk-api-client.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pk-api-client-private.h"

/* The one way the terminal talks to the central API (docs/api-v1.md). This file holds the
 * object, its properties and its session; pk-api-client-call.c one call's life and
 * pk-api-client-endpoints.c the endpoints.
 *
 * Every call is an _async/_finish pair on a GTask. A call owns a private cancellable that is
 * cancelled either by the caller's cancellable or by the call's own deadline timer; which of
 * the two fired decides between CANCELLED and TIMEOUT. The reply body is read in a bounded
 * loop (never more than max-reply-size + 1 bytes) rather than with
 * soup_session_send_and_read_async(), which would buffer whatever a broken server sends.
 * All failures are PK_API_ERROR, cancellation included. */

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

/* Holds @session (nullable) and notifies what it changed. */
void
pk_api_client_set_session (PkApiClient  *self,
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

  pk_api_client_set_session (self, NULL);
}

/* The server's clock less ours, in seconds, from a reply's Date header. */
void
pk_api_client_set_clock_offset (PkApiClient *self,
                                gint64       offset)
{
  set_gint64_prop (self, &self->clock_offset, offset, PROP_CLOCK_OFFSET);
}

/* The server refused the token this client still holds: the session is over. */
void
pk_api_client_token_refused (PkApiClient *self)
{
  pk_api_client_clear_session (self);
  g_signal_emit (self, signals[TOKEN_EXPIRED], 0);
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
