/* pk-sandbox-routes.c — the route table of docs/api-v1.md, and the faults injected around it
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every path the sandbox answers is in one of the tables below; a handler is reached only
 * through them. What a table does not have answers 404, a path it has with another method 405.
 */
#include "config.h"

#include <string.h>

#include "pk-sandbox-server-private.h"

typedef struct
{
  const char       *method;   /* NULL: the handler answers every method itself */
  const char       *pattern;  /* path segments; "*" is one segment, "**" the rest of the path */
  PkSandboxHandler  handler;
} Route;

/* Under /api/v1/, in the order of docs/api-v1.md. */
static const Route api_routes[] = {
  { "POST",   "sessions",                pk_sandbox_handle_login },
  { "DELETE", "sessions/current",        pk_sandbox_handle_logout },
  { "GET",    "services",                pk_sandbox_handle_services },
  { "GET",    "services/*",              pk_sandbox_handle_services },
  { "GET",    "parcels",                 pk_sandbox_handle_parcel_search },
  { "GET",    "parcels/*",               pk_sandbox_handle_parcel },
  { "POST",   "inquiries",               pk_sandbox_handle_inquiry },
  { "POST",   "documents",               pk_sandbox_handle_document },
  { "POST",   "applications",            pk_sandbox_handle_application_submit },
  { "GET",    "applications/*",          pk_sandbox_handle_application_get },
  { "POST",   "applications/*/payments", pk_sandbox_handle_payment },
  { "GET",    "permits/*",               pk_sandbox_handle_permit },
  { "POST",   "verify",                  pk_sandbox_handle_verify },
  { "GET",    "keys",                    pk_sandbox_handle_keys },
  { "GET",    "reports/daily",           pk_sandbox_handle_report },
};

/* Under /_sandbox/: no token, no injected faults. The faults control answers 404 while
 * faults are off, before it looks at the method, so it checks the method itself. */
static const Route control_routes[] = {
  { NULL,   "faults",     pk_sandbox_handle_faults },
  { NULL,   "clock",      pk_sandbox_handle_clock },
  { "POST", "permits/**", pk_sandbox_handle_permit_control },
};

/* The controls a client that knows only the API's base URL reaches, under /api/v1/_sandbox/. */
static const Route api_control_routes[] = {
  { NULL,   "faults",     pk_sandbox_handle_faults },
  { NULL,   "clock",      pk_sandbox_handle_clock },
};

/* Whether @path (after the prefix) has the segments of @pattern; @arg gets what the first
 * "*" or "**" matched. An empty segment matches "*", as "/services/" always did. */
static gboolean
route_matches (const char  *pattern,
               const char  *path,
               char       **arg)
{
  g_auto(GStrv) want = g_strsplit (pattern, "/", -1);
  g_autofree char *captured = NULL;
  const char *p = path;

  for (guint i = 0; want[i] != NULL; i++)
    {
      gsize len;

      if (i > 0 && *p++ != '/')
        return FALSE;
      if (strcmp (want[i], "**") == 0)
        {
          if (captured == NULL)
            captured = g_strdup (p);
          p += strlen (p);
          break;
        }
      len = strcspn (p, "/");
      if (strcmp (want[i], "*") == 0)
        {
          if (captured == NULL)
            captured = g_strndup (p, len);
        }
      else if (strlen (want[i]) != len || strncmp (want[i], p, len) != 0)
        return FALSE;
      p += len;
    }
  if (*p != '\0')
    return FALSE;
  *arg = g_steal_pointer (&captured);
  return TRUE;
}

/* Answers @msg from the route of @routes that has @path and its method, or 405 when only the
 * path is known. Returns FALSE when no route has the path (the caller answers 404). */
static gboolean
dispatch (PkSandboxServer   *self,
          const Route       *routes,
          gsize              n_routes,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  gboolean known = FALSE;

  for (gsize i = 0; i < n_routes; i++)
    {
      g_autofree char *arg = NULL;

      if (!route_matches (routes[i].pattern, path, &arg))
        continue;
      known = TRUE;
      if (routes[i].method == NULL || strcmp (routes[i].method, method) == 0)
        {
          routes[i].handler (self, msg, arg, query);
          return TRUE;
        }
    }
  if (known)
    pk_sandbox_respond_method_not_allowed (msg);
  return known;
}

static void
respond_no_such_path (SoupServerMessage *msg)
{
  pk_sandbox_respond_error (msg, 404, "not_found", "چنین نشانی‌ای وجود ندارد.", NULL);
}

static void
route (PkSandboxServer   *self,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query)
{
  if (!dispatch (self, api_routes, G_N_ELEMENTS (api_routes), msg, path + strlen (API_PREFIX),
                 query))
    respond_no_such_path (msg);
}

/* Fault injection (docs/api-v1.md, "Sandbox only"): drawn per /api/v1 request, in the
 * order drop, error, truncate, garbage, from a seeded generator so a run repeats. */
typedef enum { FAULT_NONE, FAULT_DROP, FAULT_ERROR, FAULT_TRUNCATE, FAULT_GARBAGE } Fault;

static gdouble
fault_roll (PkSandboxServer *self)
{
  guint64 z = (self->fault_state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  z ^= z >> 31;
  return (gdouble) (z >> 11) / 9007199254740992.0;
}

/* Writes a response by hand on the stolen connection, promising more body than it sends. */
static void
send_truncated (SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  g_autoptr(GIOStream) stream = NULL;
  g_autofree char *head = NULL;
  gsize len = g_bytes_get_size (body);
  GOutputStream *out;

  if (len < 2)
    {
      g_bytes_unref (body);
      body = g_bytes_new_static ("{\"items\":[1,2,3]}", 17);
      len = 17;
    }
  head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n",
                          len);
  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;
  out = g_io_stream_get_output_stream (stream);
  /* A few hundred bytes on loopback: the socket buffer takes them without blocking. */
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  g_output_stream_write_all (out, g_bytes_get_data (body, NULL), len / 2, NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static void
drop_connection (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

static void
serve (PkSandboxServer   *self,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       Fault              fault)
{
  static const char garbage[] = "<html><body><h1>502 Bad Gateway</h1>\x01\xfe{\"items\":[";

  switch (fault)
    {
    case FAULT_DROP:
      drop_connection (msg);
      return;
    case FAULT_ERROR:
      pk_sandbox_respond_error (msg, 500, "internal", "خطای داخلی سرور (تزریق‌شده).", NULL);
      return;
    case FAULT_GARBAGE:
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, garbage,
                                        sizeof garbage - 1);
      return;
    case FAULT_TRUNCATE:
      route (self, msg, path, query);
      /* An async handler (document upload) still owns the message: let it answer whole. */
      if (soup_server_message_get_status (msg) != 0)
        send_truncated (msg);
      return;
    case FAULT_NONE:
    default:
      route (self, msg, path, query);
      return;
    }
}

/* A request held back by the injected latency, answered from a timeout. */
typedef struct
{
  PkSandboxServer   *self;
  SoupServerMessage *msg;
  char              *path;
  GHashTable        *query;
  Fault              fault;
  gulong             gone_ids[2];
  gboolean           gone;
} Delayed;

static void
delayed_free (gpointer data)
{
  Delayed *d = data;

  pk_sandbox_unwatch_message (d->msg, d->gone_ids);
  g_object_unref (d->self);
  g_object_unref (d->msg);
  g_free (d->path);
  g_clear_pointer (&d->query, g_hash_table_unref);
  g_free (d);
}

static gboolean
delayed_serve (gpointer data)
{
  Delayed *d = data;

  if (d->gone)
    return G_SOURCE_REMOVE;
  serve (d->self, d->msg, d->path, d->query, d->fault);
  /* No status yet means an async handler (a document upload) took the message over and
   * unpauses it itself when it has answered; drop and truncate stole the connection. */
  if (!d->gone && d->fault != FAULT_DROP && d->fault != FAULT_TRUNCATE &&
      soup_server_message_get_status (d->msg) != 0)
    soup_server_message_unpause (d->msg);
  return G_SOURCE_REMOVE;
}

void
pk_sandbox_server_callback (SoupServer        *server,
                            SoupServerMessage *msg,
                            const char        *path,
                            GHashTable        *query,
                            gpointer           user_data)
{
  PkSandboxServer *self = user_data;
  Fault fault = FAULT_NONE;

  if (g_str_has_prefix (path, "/_sandbox/"))
    {
      if (!dispatch (self, control_routes, G_N_ELEMENTS (control_routes), msg,
                     path + strlen ("/_sandbox/"), query))
        respond_no_such_path (msg);
      return;
    }
  /* Any other /api/v1/_sandbox/ path is an API path like any unknown one: faults, then 404. */
  if (g_str_has_prefix (path, API_PREFIX "_sandbox/") &&
      dispatch (self, api_control_routes, G_N_ELEMENTS (api_control_routes), msg,
                path + strlen (API_PREFIX "_sandbox/"), query))
    return;
  if (!g_str_has_prefix (path, API_PREFIX))
    {
      respond_no_such_path (msg);
      return;
    }
  if (self->faults_enabled)
    {
      if (fault_roll (self) < self->faults.drop_rate)
        fault = FAULT_DROP;
      else if (fault_roll (self) < self->faults.error_rate)
        fault = FAULT_ERROR;
      else if (fault_roll (self) < self->faults.truncate_rate)
        fault = FAULT_TRUNCATE;
      else if (fault_roll (self) < self->faults.garbage_rate)
        fault = FAULT_GARBAGE;
      if (self->faults.latency_ms > 0)
        {
          Delayed *d = g_new0 (Delayed, 1);

          d->self = g_object_ref (self);
          d->msg = g_object_ref (msg);
          d->path = g_strdup (path);
          d->query = query ? g_hash_table_ref (query) : NULL;
          d->fault = fault;
          soup_server_message_pause (msg);
          pk_sandbox_watch_message (msg, &d->gone, d->gone_ids);
          g_timeout_add_full (G_PRIORITY_DEFAULT, self->faults.latency_ms, delayed_serve, d,
                              delayed_free);
          return;
        }
    }
  serve (self, msg, path, query, fault);
}
