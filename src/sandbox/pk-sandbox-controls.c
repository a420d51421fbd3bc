/* pk-sandbox-controls.c — the /_sandbox controls: fault injection, permit states and the clock
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pk-office-day.h"
#include "pk-sandbox-server-private.h"

static void
faults_to_builder (PkSandboxServer *self,
                   JsonBuilder     *jb)
{
  json_builder_begin_object (jb);
  json_builder_set_member_name (jb, "enabled");
  json_builder_add_boolean_value (jb, self->faults_enabled);
  ADD_INT (jb, "latency_ms", self->faults.latency_ms);
  ADD_DBL (jb, "error_rate", self->faults.error_rate);
  ADD_DBL (jb, "drop_rate", self->faults.drop_rate);
  ADD_DBL (jb, "truncate_rate", self->faults.truncate_rate);
  ADD_DBL (jb, "garbage_rate", self->faults.garbage_rate);
  ADD_INT (jb, "seed", (gint64) self->faults.seed);
  json_builder_end_object (jb);
}

void
pk_sandbox_handle_faults (PkSandboxServer   *self,
                          SoupServerMessage *msg,
                          const char        *arg,
                          GHashTable        *query)
{
  g_autoptr(JsonBuilder) jb = json_builder_new ();
  const char *method = soup_server_message_get_method (msg);

  if (!self->faults_enabled)
    {
      pk_sandbox_respond_error (msg, 404, "not_found",
                                "تزریق خطا فعال نیست (--enable-faults).", NULL);
      return;
    }
  if (strcmp (method, "POST") == 0)
    {
      g_autoptr(JsonNode) root = pk_sandbox_body_object (msg);
      static const char *rates[] = { "error_rate", "drop_rate", "truncate_rate", "garbage_rate" };
      PkSandboxFaults f = { 0 };
      JsonObject *obj, *fields;
      gint64 latency = 0, seed = 0;
      gdouble r[4] = { 0 };

      if (root == NULL)
        return;
      obj = json_node_get_object (root);
      fields = json_object_new ();
      if (json_object_has_member (obj, "latency_ms") &&
          (!pk_sandbox_obj_integer (obj, "latency_ms", &latency) || latency < 0 || latency > 60000))
        json_object_set_string_member (fields, "latency_ms", "out_of_range");
      for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
        if (json_object_has_member (obj, rates[i]) &&
            (!pk_sandbox_obj_number (obj, rates[i], &r[i]) || r[i] < 0 || r[i] > 1))
          json_object_set_string_member (fields, rates[i], "out_of_range");
      if (json_object_has_member (obj, "seed") &&
          (!pk_sandbox_obj_integer (obj, "seed", &seed) || seed < 0))
        json_object_set_string_member (fields, "seed", "invalid");
      if (json_object_get_size (fields) > 0)
        {
          pk_sandbox_respond_validation (msg, fields);
          return;
        }
      json_object_unref (fields);
      f.latency_ms = (guint) latency;
      f.error_rate = r[0];
      f.drop_rate = r[1];
      f.truncate_rate = r[2];
      f.garbage_rate = r[3];
      f.seed = (guint64) seed;
      pk_sandbox_server_set_faults (self, &f);
    }
  else if (strcmp (method, "GET") != 0)
    {
      pk_sandbox_respond_method_not_allowed (msg);
      return;
    }
  faults_to_builder (self, jb);
  pk_sandbox_respond_builder (msg, 200, jb);
}

/* POST /_sandbox/permits/{permit_no} {"status"?, "expires_on"?}: lets tests and trainers
 * produce revoked, superseded and expired permits. */
void
pk_sandbox_handle_permit_control (PkSandboxServer   *self,
                                  SoupServerMessage *msg,
                                  const char        *permit_no,
                                  GHashTable        *query)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *obj, *fields;
  const char *status, *expires;
  sqlite3_stmt *q;
  GDate day;

  /* Only POST reaches it: the route table answers 405 to the rest. */
  if ((root = pk_sandbox_body_object (msg)) == NULL)
    return;
  obj = json_node_get_object (root);
  status = pk_sandbox_obj_string (obj, "status");
  expires = pk_sandbox_obj_string (obj, "expires_on");
  fields = json_object_new ();
  if (json_object_has_member (obj, "status") &&
      (status == NULL || (strcmp (status, "valid") != 0 && strcmp (status, "revoked") != 0 &&
                          strcmp (status, "superseded") != 0)))
    json_object_set_string_member (fields, "status", "not_allowed");
  if (json_object_has_member (obj, "expires_on") &&
      (expires == NULL || !pk_office_day_parse_iso (expires, &day)))
    json_object_set_string_member (fields, "expires_on", "invalid");
  if (json_object_get_size (fields) > 0)
    {
      pk_sandbox_respond_validation (msg, fields);
      return;
    }
  json_object_unref (fields);
  q = pk_sandbox_stmt (self, "UPDATE permits SET status = COALESCE(?1, status),"
                             " expires_on = COALESCE(?2, expires_on) WHERE permit_no = ?3");
  sqlite3_bind_text (q, 1, status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (q, 2, expires, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (q, 3, permit_no, -1, SQLITE_TRANSIENT);
  pk_sandbox_exec_stmt (self, q);
  if (sqlite3_changes (self->db) == 0)
    {
      pk_sandbox_respond_error (msg, 404, "not_found", "پروانه‌ای با این شماره یافت نشد.", NULL);
      return;
    }
  soup_server_message_set_status (msg, 204, NULL);
}

/* The longest step POST /_sandbox/clock takes: ten years, past every expiry the sandbox has. */
#define CLOCK_MAX_ADVANCE (10 * 366 * 86400)

/* GET /_sandbox/clock, and POST {"advance_s": N} to move the sandbox's clock N seconds on:
 * tests see tokens expire, reviews end and permits lapse without waiting. It never goes
 * back, so nothing the sandbox stored is ever in its future. */
void
pk_sandbox_handle_clock (PkSandboxServer   *self,
                         SoupServerMessage *msg,
                         const char        *arg,
                         GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(JsonBuilder) jb = json_builder_new ();
  g_autofree char *now = NULL;

  if (strcmp (method, "POST") == 0)
    {
      g_autoptr(JsonNode) root = pk_sandbox_body_object (msg);
      JsonObject *obj;
      gint64 advance = 0;

      if (root == NULL)
        return;
      obj = json_node_get_object (root);
      if (!pk_sandbox_obj_integer (obj, "advance_s", &advance) || advance < 0 ||
          advance > CLOCK_MAX_ADVANCE)
        {
          JsonObject *fields = json_object_new ();

          json_object_set_string_member (fields, "advance_s",
                                         !json_object_has_member (obj, "advance_s") ? "required"
                                         : !pk_sandbox_obj_integer (obj, "advance_s", &advance)
                                         ? "invalid" : "out_of_range");
          pk_sandbox_respond_validation (msg, fields);
          return;
        }
      self->clock_offset += advance;
    }
  else if (strcmp (method, "GET") != 0)
    {
      pk_sandbox_respond_method_not_allowed (msg);
      return;
    }
  now = pk_sandbox_rfc3339 (pk_sandbox_server_now (self));
  json_builder_begin_object (jb);
  ADD_STR (jb, "now", now);
  ADD_INT (jb, "offset_s", self->clock_offset);
  json_builder_end_object (jb);
  pk_sandbox_respond_builder (msg, 200, jb);
}
