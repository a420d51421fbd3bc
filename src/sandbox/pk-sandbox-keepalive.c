/* pk-sandbox-keepalive.c — one socket per client, given back when the client hangs up
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libsoup 3.2's server leaks every kept-alive connection that the client closes while it is
 * idle between two requests (fixed upstream in 3.3, commit d20c6601 "server: do not leak idle
 * connections closed by the client"): the message waiting for the next request has no
 * completion callback until its first byte arrives, so the end of the stream finishes it and
 * nothing disconnects the connection. One descriptor leaks per client; under the usual limit
 * of 1,024 the training sandbox, which runs inside the kiosk, stopped answering after about a
 * thousand clients. Debian bookworm ships 3.2, so the sandbox works around it.
 *
 * The first message of a connection is not affected: libsoup gives it its completion callback
 * at once, and a client that hangs up before sending it is disconnected. So once a response to
 * a kept-alive request is written, the sandbox takes the connection from libsoup
 * (soup_server_message_steal_connection(), documented to be safe from "wrote-body") and hands
 * the same stream straight back as a new connection (soup_server_accept_iostream()): every
 * request is the first of its connection, the client keeps its socket and its keep-alive, and
 * a hang-up closes the descriptor. A request pipelined behind the previous one would be lost
 * with libsoup's read buffer; no client of the sandbox pipelines (libsoup and wrk do not).
 */
#include "config.h"

#include <libsoup/soup.h>

#include "pk-sandbox-server-private.h"

/* What libsoup 3.2 decides in soup_server_message_is_keepalive(), which it does not export. */
static gboolean
is_keepalive (SoupServerMessage *msg)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);

  if (soup_server_message_get_status (msg) == SOUP_STATUS_OK &&
      g_strcmp0 (soup_server_message_get_method (msg), "CONNECT") == 0)
    return TRUE;
  if (soup_message_headers_get_encoding (response) == SOUP_ENCODING_EOF)
    return FALSE;
  if (soup_server_message_get_http_version (msg) == SOUP_HTTP_1_0)
    return soup_message_headers_header_contains (request, "Connection", "Keep-Alive") &&
           soup_message_headers_header_contains (response, "Connection", "Keep-Alive");
  return !soup_message_headers_header_contains (request, "Connection", "close") &&
         !soup_message_headers_header_contains (response, "Connection", "close");
}

static void
wrote_body_cb (SoupServerMessage *msg,
               gpointer           user_data)
{
  SoupServer *soup = user_data;
  GSocketAddress *local, *remote;
  g_autoptr(GSocketAddress) local_ref = NULL;
  g_autoptr(GSocketAddress) remote_ref = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  if (soup_server_message_get_http_version (msg) >= SOUP_HTTP_2_0 || !is_keepalive (msg))
    return;
  /* Cached by request_started_cb(), so this asks the socket nothing. */
  local = soup_server_message_get_local_address (msg);
  remote = soup_server_message_get_remote_address (msg);
  local_ref = local ? g_object_ref (local) : NULL;
  remote_ref = remote ? g_object_ref (remote) : NULL;
  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;
  /* What libsoup hands over is its own wrapper around the socket's stream; accepting that
   * would wrap it again, one layer more for every request on the connection (reads slowed
   * down with each: 3,000 submissions on three connections took 14 ms each instead of 1).
   * The wrapper never closes what it wraps when it goes, so the socket's own stream is taken
   * out of it instead. */
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (stream), "base-iostream") != NULL)
    {
      GIOStream *base = NULL;

      g_object_get (stream, "base-iostream", &base, NULL);
      if (base != NULL)
        {
          g_object_unref (stream);
          stream = base;
        }
    }
  /* A client that has gone meanwhile makes a new connection whose first read fails: libsoup
   * disconnects that one itself. */
  if (!soup_server_accept_iostream (soup, stream, local_ref, remote_ref, &error))
    {
      g_warning ("sandbox: could not keep a connection alive: %s", error->message);
      g_io_stream_close (stream, NULL, NULL);
    }
}

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  /* The connection caches its addresses on first use; stealing it asks for them, and warns
   * when the client has reset the connection by then. Asked now, while the client is there,
   * the answers are kept. */
  soup_server_message_get_local_address (msg);
  soup_server_message_get_remote_address (msg);
  g_signal_connect_object (msg, "wrote-body", G_CALLBACK (wrote_body_cb), soup, 0);
}

/**
 * pk_sandbox_keepalive_attach:
 * @soup: the sandbox's server, before it listens
 *
 * Works around libsoup 3.2's leak of idle kept-alive connections (see the top of this file).
 */
void
pk_sandbox_keepalive_attach (SoupServer *soup)
{
  g_return_if_fail (SOUP_IS_SERVER (soup));

  g_signal_connect (soup, "request-started", G_CALLBACK (request_started_cb), NULL);
}
