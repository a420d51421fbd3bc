/* pk-api-client-call.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pk-api-client-private.h"

/* One call's life, from the request to the result (see pk-api-client.c for the rules every
 * call follows): the private cancellable and the deadline, the bounded read of the reply and
 * the decision between an error and a parsed result. */

#define READ_CHUNK (64 * 1024)

typedef struct
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
  const PkApiEndpoint *endpoint;
} Request;

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
  pk_api_client_set_clock_offset (self, g_date_time_to_unix (server)
                                        - g_get_real_time () / G_USEC_PER_SEC);
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
        pk_api_client_token_refused (self);
      g_task_return_error (task, error);
      return;
    }
  if (status < 200 || status >= 300)
    {
      g_task_return_new_error (task, PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY,
                               "Unexpected HTTP status %u", status);
      return;
    }

  if (request->endpoint->parse == NULL)
    {
      if (request->endpoint->hook)
        request->endpoint->hook (self, request->msg, NULL);
      g_task_return_boolean (task, TRUE);
      return;
    }

  node = pk_api_parse_json (body, &error);
  result = node ? request->endpoint->parse (node, &error) : NULL;
  if (result == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (request->endpoint->hook)
    request->endpoint->hook (self, request->msg, result);
  g_task_return_pointer (task, result, request->endpoint->result_free);
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
void
pk_api_url_append_segment (GString    *url,
                           const char *segment)
{
  g_autofree char *escaped = g_uri_escape_string (segment, NULL, FALSE);

  g_string_append_c (url, '/');
  g_string_append (url, escaped);
}

/* Appends "name=value" percent-encoded; nothing when @value is %NULL. */
void
pk_api_url_append_query (GString    *url,
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

GString *
pk_api_client_url (PkApiClient *self,
                   const char  *path)
{
  GString *url = g_string_new (self->base_url);

  g_string_append (url, path);
  return url;
}

GBytes *
pk_api_json_body (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize len;
  char *data;

  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &len);
  return g_bytes_new_take (data, len);
}

/* A JSON object of string members: name, value, …, %NULL. */
GBytes *
pk_api_json_body_strings (const char *first_name,
                          ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  va_list args;

  json_builder_begin_object (builder);
  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      json_builder_set_member_name (builder, name);
      json_builder_add_string_value (builder, va_arg (args, const char *));
    }
  va_end (args);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return pk_api_json_body (root);
}

/* Sets up a call as @task's data. Returns: (nullable): the request to start(), or NULL when
 * the task has already failed (and been released). */
static Request *
prepare (PkApiClient         *self,
         GTask               *task,
         const PkApiEndpoint *endpoint,
         GString             *url,
         GBytes              *body,
         const char          *content_type)
{
  Request *request = g_new0 (Request, 1);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  /* Results are decided here, cancellation included, so the domain is always PK_API_ERROR. */
  g_task_set_check_cancellable (task, FALSE);
  request->endpoint = endpoint;
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
  request->msg = soup_message_new_from_uri (endpoint->method, uri);
  /* The API never redirects; following one could leak the bearer token elsewhere. */
  soup_message_add_flags (request->msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (request->msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (endpoint->needs_auth && self->token != NULL)
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

/**
 * pk_api_client_send:
 * @url: (transfer full): the call's URL, from pk_api_client_url()
 * @body: (nullable): sent with @content_type
 * @headers: (nullable): more request headers: name, value, …, %NULL
 *
 * Starts the call @endpoint describes, as a task of @callback with the endpoint's source tag.
 *
 * Returns: whether it was sent; %FALSE when the task has already failed (a bad URL).
 */
gboolean
pk_api_client_send (PkApiClient          *self,
                    const PkApiEndpoint  *endpoint,
                    GString              *url,
                    GBytes               *body,
                    const char           *content_type,
                    const char * const   *headers,
                    GCancellable         *cancellable,
                    GAsyncReadyCallback   callback,
                    gpointer              user_data)
{
  g_autoptr(GString) owned_url = url;
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *request;

  g_task_set_source_tag (task, endpoint->source_tag);
  request = prepare (self, task, endpoint, url, body, content_type);
  if (request == NULL)
    return FALSE;
  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    {
      soup_message_headers_replace (soup_message_get_request_headers (request->msg), headers[i],
                                    headers[i + 1]);
      /* libsoup sends a POST on a kept-alive connection only when told it is safe to send
       * again; a call with an Idempotency-Key is (the server answers a repeat from its store),
       * and a new TCP connection per submission cost a third of the drain rate. */
      if (g_ascii_strcasecmp (headers[i], "Idempotency-Key") == 0)
        soup_message_add_flags (request->msg, SOUP_MESSAGE_IDEMPOTENT);
    }
  start (self, task);
  return TRUE;
}

gpointer
pk_api_client_finish_pointer (PkApiClient   *self,
                              GAsyncResult  *result,
                              gpointer       source_tag,
                              GError       **error)
{
  g_return_val_if_fail (PK_IS_API_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
