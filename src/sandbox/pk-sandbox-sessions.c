/* pk-sandbox-sessions.c — POST /sessions, DELETE /sessions/current and the bearer token check
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "pk-sandbox-server-private.h"

void
pk_sandbox_session_free (PkSandboxSession *s)
{
  g_free (s->token);
  g_free (s->office_code);
  g_free (s->office_name);
  g_free (s->city);
  g_free (s->username);
  g_free (s->display_name);
  g_free (s->role);
  g_free (s);
}

PkSandboxSession *
pk_sandbox_authenticate (PkSandboxServer   *self,
                         SoupServerMessage *msg)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");
  PkSandboxSession *s;

  if (auth == NULL || g_ascii_strncasecmp (auth, "Bearer ", 7) != 0)
    {
      pk_sandbox_respond_error (msg, 401, "unauthorized", "ورود لازم است.", NULL);
      return NULL;
    }
  s = g_hash_table_lookup (self->sessions, auth + 7);
  if (s == NULL)
    {
      pk_sandbox_respond_error (msg, 401, "unauthorized", "نشست معتبر نیست.", NULL);
      return NULL;
    }
  if (pk_sandbox_server_now (self) >= s->expires_at)
    {
      pk_sandbox_respond_error (msg, 401, "token_expired",
                                "نشست منقضی شده است؛ دوباره وارد شوید.", NULL);
      return NULL;
    }
  return s;
}

gboolean
pk_sandbox_is_kiosk (const PkSandboxSession *s)
{
  return strcmp (s->role, "kiosk") == 0;
}

void
pk_sandbox_handle_login (PkSandboxServer   *self,
                         SoupServerMessage *msg,
                         const char        *arg,
                         GHashTable        *query)
{
  g_autoptr(JsonNode) root = pk_sandbox_body_object (msg);
  g_autoptr(JsonBuilder) jb = NULL;
  JsonObject *obj;
  const char *office, *user, *pass;
  sqlite3_stmt *q;
  PkSandboxSession *s;
  guint8 raw[32];
  char token[sodium_base64_ENCODED_LEN (32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  g_autofree char *expires = NULL;
  g_autofree char *server_time = NULL;
  gint64 now = pk_sandbox_server_now (self);
  gboolean ok;

  if (root == NULL)
    return;
  obj = json_node_get_object (root);
  office = pk_sandbox_obj_string (obj, "office_code");
  user = pk_sandbox_obj_string (obj, "username");
  pass = pk_sandbox_obj_string (obj, "password");
  if (office == NULL || user == NULL || pass == NULL)
    {
      pk_sandbox_respond_error (msg, 400, "bad_request",
                                "کد دفتر، نام کاربری و گذرواژه لازم است.", NULL);
      return;
    }
  q = pk_sandbox_stmt (self, "SELECT a.password_hash, a.display_name, a.role, o.name_fa, o.city_fa"
                             " FROM accounts a JOIN offices o ON o.code = a.office_code"
                             " WHERE a.office_code = ? AND a.username = ?");
  sqlite3_bind_text (q, 1, office, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (q, 2, user, -1, SQLITE_TRANSIENT);
  ok = sqlite3_step (q) == SQLITE_ROW &&
       crypto_pwhash_str_verify ((const char *) sqlite3_column_text (q, 0), pass,
                                 strlen (pass)) == 0;
  if (!ok)
    {
      sqlite3_reset (q);
      pk_sandbox_respond_error (msg, 401, "invalid_credentials",
                                "نام کاربری یا گذرواژه نادرست است.", NULL);
      return;
    }
  randombytes_buf (raw, sizeof raw);
  sodium_bin2base64 (token, sizeof token, raw, sizeof raw,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  s = g_new0 (PkSandboxSession, 1);
  s->token = g_strdup (token);
  s->office_code = g_strdup (office);
  s->username = g_strdup (user);
  s->display_name = pk_sandbox_col_dup (q, 1);
  s->role = pk_sandbox_col_dup (q, 2);
  s->office_name = pk_sandbox_col_dup (q, 3);
  s->city = pk_sandbox_col_dup (q, 4);
  s->expires_at = now + self->token_lifetime;
  sqlite3_reset (q);

  /* Forget sessions that expired more than a day ago. */
  {
    GHashTableIter iter;
    PkSandboxSession *old;

    g_hash_table_iter_init (&iter, self->sessions);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &old))
      if (old->expires_at + 86400 < now)
        g_hash_table_iter_remove (&iter);
  }
  g_hash_table_insert (self->sessions, s->token, s);

  expires = pk_sandbox_rfc3339 (s->expires_at);
  server_time = pk_sandbox_rfc3339 (now);
  jb = json_builder_new ();
  json_builder_begin_object (jb);
  ADD_STR (jb, "token", s->token);
  ADD_STR (jb, "expires_at", expires);
  ADD_STR (jb, "role", s->role);
  json_builder_set_member_name (jb, "user");
  json_builder_begin_object (jb);
  ADD_STR (jb, "username", s->username);
  ADD_STR (jb, "display_name", s->display_name);
  json_builder_end_object (jb);
  json_builder_set_member_name (jb, "office");
  json_builder_begin_object (jb);
  ADD_STR (jb, "code", s->office_code);
  ADD_STR (jb, "name", s->office_name);
  ADD_STR (jb, "city", s->city);
  json_builder_end_object (jb);
  ADD_STR (jb, "server_time", server_time);
  json_builder_end_object (jb);
  pk_sandbox_respond_builder (msg, 201, jb);
}

void
pk_sandbox_handle_logout (PkSandboxServer   *self,
                          SoupServerMessage *msg,
                          const char        *arg,
                          GHashTable        *query)
{
  PkSandboxSession *s = pk_sandbox_authenticate (self, msg);

  if (s == NULL)
    return;
  g_hash_table_remove (self->sessions, s->token);
  soup_server_message_set_status (msg, 204, NULL);
}
