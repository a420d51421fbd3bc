/* pk-sandbox-http.c — request bodies and JSON answers shared by every resource
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "pk-json-util.h"
#include "pk-sandbox-json.h"
#include "pk-sandbox-server-private.h"

JsonNode *
pk_sandbox_parse_json (const char *text,
                       gsize       len)
{
  g_autoptr(JsonParser) parser = NULL;

  /* Before json-glib sees it: an unauthenticated caller must not be able to nest deep enough
   * to overflow its recursion (and in training mode take the kiosk down with the sandbox). */
  if (!pk_json_structure_ok (text, len, PK_SANDBOX_MAX_JSON_DEPTH))
    return NULL;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, (gssize) len, NULL) ||
      json_parser_get_root (parser) == NULL)
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

JsonNode *
pk_sandbox_parse_stored (const char *text)
{
  return text ? pk_sandbox_parse_json (text, strlen (text)) : json_node_new (JSON_NODE_NULL);
}

/* Lenient lookups: a wrong type reads as absent. */
const char *
pk_sandbox_obj_string (JsonObject *obj,
                       const char *name)
{
  JsonNode *n = obj ? json_object_get_member (obj, name) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

gboolean
pk_sandbox_obj_number (JsonObject *obj,
                       const char *name,
                       gdouble    *out)
{
  JsonNode *n = obj ? json_object_get_member (obj, name) : NULL;
  GType t;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return FALSE;
  t = json_node_get_value_type (n);
  if (t == G_TYPE_INT64)
    *out = (gdouble) json_node_get_int (n);
  else if (t == G_TYPE_DOUBLE)
    *out = json_node_get_double (n);
  else
    return FALSE;
  return TRUE;
}

gboolean
pk_sandbox_obj_integer (JsonObject *obj,
                        const char *name,
                        gint64     *out)
{
  JsonNode *n = obj ? json_object_get_member (obj, name) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return FALSE;
  if (json_node_get_value_type (n) == G_TYPE_INT64)
    {
      *out = json_node_get_int (n);
      return TRUE;
    }
  if (json_node_get_value_type (n) == G_TYPE_DOUBLE &&
      json_node_get_double (n) == floor (json_node_get_double (n)) &&
      fabs (json_node_get_double (n)) < 9e15)
    {
      *out = (gint64) json_node_get_double (n);
      return TRUE;
    }
  return FALSE;
}

void
pk_sandbox_respond_text (SoupServerMessage *msg,
                         guint              status,
                         char              *json_take)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, json_take,
                                    strlen (json_take));
}

void
pk_sandbox_respond_node (SoupServerMessage *msg,
                         guint              status,
                         JsonNode          *node)
{
  pk_sandbox_respond_text (msg, status, pk_sandbox_json_to_string (node));
}

void
pk_sandbox_respond_builder (SoupServerMessage *msg,
                            guint              status,
                            JsonBuilder       *jb)
{
  g_autoptr(JsonNode) root = json_builder_get_root (jb);

  pk_sandbox_respond_node (msg, status, root);
}

void
pk_sandbox_respond_error (SoupServerMessage *msg,
                          guint              status,
                          const char        *code,
                          const char        *message_fa,
                          JsonObject        *fields)
{
  g_autoptr(JsonBuilder) jb = json_builder_new ();

  json_builder_begin_object (jb);
  json_builder_set_member_name (jb, "error");
  json_builder_begin_object (jb);
  json_builder_set_member_name (jb, "code");
  json_builder_add_string_value (jb, code);
  json_builder_set_member_name (jb, "message");
  json_builder_add_string_value (jb, message_fa);
  if (fields != NULL)
    {
      JsonNode *n = json_node_new (JSON_NODE_OBJECT);

      /* Every caller hands its field errors over: set_object() took a reference of its own,
       * and each 422 leaked its error object (about 540 bytes). */
      json_node_take_object (n, fields);
      json_builder_set_member_name (jb, "fields");
      json_builder_add_value (jb, n);
    }
  json_builder_end_object (jb);
  json_builder_end_object (jb);
  pk_sandbox_respond_builder (msg, status, jb);
}

void
pk_sandbox_respond_validation (SoupServerMessage *msg,
                               JsonObject        *fields)
{
  pk_sandbox_respond_error (msg, 422, "validation", "برخی از مقادیر ورودی معتبر نیستند.", fields);
}

void
pk_sandbox_respond_method_not_allowed (SoupServerMessage *msg)
{
  pk_sandbox_respond_error (msg, 405, "method_not_allowed",
                            "این روش برای این نشانی پشتیبانی نمی‌شود.", NULL);
}

gboolean
pk_sandbox_forbid (SoupServerMessage *msg)
{
  pk_sandbox_respond_error (msg, 403, "forbidden", "این نقش اجازه این کار را ندارد.", NULL);
  return FALSE;
}

JsonNode *
pk_sandbox_body_object (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *node;

  if (len > MAX_BODY)
    {
      pk_sandbox_respond_error (msg, 413, "too_large", "حجم درخواست بیش از حد مجاز است.", NULL);
      return NULL;
    }
  node = len > 0 ? pk_sandbox_parse_json (data, len) : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_clear_pointer (&node, json_node_unref);
      pk_sandbox_respond_error (msg, 400, "bad_request", "بدنه درخواست JSON معتبر نیست.", NULL);
      return NULL;
    }
  return node;
}

/* A paused message whose client hung up is finished by libsoup: it must not be answered or
 * unpaused afterwards. */
static void
on_message_gone (SoupServerMessage *msg,
                 gpointer           user_data)
{
  *(gboolean *) user_data = TRUE;
}

void
pk_sandbox_watch_message (SoupServerMessage *msg,
                          gboolean          *gone,
                          gulong             ids[2])
{
  ids[0] = g_signal_connect (msg, "finished", G_CALLBACK (on_message_gone), gone);
  ids[1] = g_signal_connect (msg, "disconnected", G_CALLBACK (on_message_gone), gone);
}

void
pk_sandbox_unwatch_message (SoupServerMessage *msg,
                            gulong             ids[2])
{
  g_clear_signal_handler (&ids[0], msg);
  g_clear_signal_handler (&ids[1], msg);
}
