/* pk-sandbox-server.c — the training/test implementation of the central API
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every handler answers from the main loop without waiting: reads are single indexed SQLite
 * queries on cached statements, writes are small transactions in WAL mode, document bodies are
 * written asynchronously with the message paused, and injected latency is a timeout on a paused
 * message.
 */
#include "config.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <math.h>
#include <sodium.h>
#include <sqlite3.h>
#include <string.h>

#include "pk-format.h"
#include "pk-office-day.h"
#include "pk-permit-code.h"
#include "pk-sandbox-catalogue.h"
#include "pk-sandbox-city.h"
#include "pk-sandbox-json.h"
#include "pk-sandbox-keys.h"
#include "pk-sandbox-server.h"
#include "pk-text.h"
#include "pk-validate.h"

#define API_PREFIX          "/api/v1/"
#define MAX_BODY            (1024 * 1024)
#define MAX_DOCUMENT        (10 * 1024 * 1024)
#define PAGE_DEFAULT        20
#define PAGE_MAX            100
#define INQUIRY_VALID_DAYS  90
#define PERMIT_VALID_DAYS   730
#define QR_URL_HOST         "VERIFY.PISHKHAN.IR"

typedef struct
{
  char   *token;
  char   *office_code;
  char   *office_name;
  char   *city;
  char   *username;
  char   *display_name;
  char   *role;
  gint64  expires_at;
} Session;

/* WAL checkpoints on a thread of their own, with a connection of their own: the
 * checkpoint copies pages into the database file and syncs it, and done by the committing
 * connection it stalled the main loop (every request) for that long every thousand pages. */
typedef struct
{
  GThread         *thread;
  GMutex           lock;
  GCond            cond;
  sqlite3         *db;
  gboolean         wanted;
  gboolean         quit;
} Checkpointer;

#define CHECKPOINT_PAGES 1000

struct _PkSandboxServer
{
  GObject          parent_instance;

  /* owned */
  char            *data_dir;
  sqlite3         *db;
  GHashTable      *stmts;       /* static SQL text → sqlite3_stmt */
  GHashTable      *sessions;    /* token → Session */
  GHashTable      *service_schemas; /* code → sealed JsonNode: the catalogue never changes */
  SoupServer      *soup;
  char            *services_json;
  PkSandboxKeys    keys;
  PkSandboxFaults  faults;
  guint64          fault_state;
  Checkpointer     checkpointer;

  guint64          seed;
  guint16          port;
  guint            review_delay;
  guint            token_lifetime;
  gboolean         faults_enabled;
};

enum {
  PROP_0,
  PROP_DATA_DIR,
  PROP_SEED,
  PROP_REVIEW_DELAY,
  PROP_TOKEN_LIFETIME,
  PROP_FAULTS_ENABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void initable_iface_init (GInitableIface *iface);
static void async_initable_iface_init (GAsyncInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PkSandboxServer, pk_sandbox_server, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_ASYNC_INITABLE,
                                                      async_initable_iface_init))

G_DEFINE_QUARK (pk-sandbox-error-quark, pk_sandbox_error)

static void
stmt_finalize (gpointer s)
{
  sqlite3_finalize (s);
}

static void
session_free (Session *s)
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

/* ------------------------------------------------------------------ storage helpers */

static sqlite3_stmt *
stmt (PkSandboxServer *self,
      const char      *sql)
{
  sqlite3_stmt *s = g_hash_table_lookup (self->stmts, sql);

  if (s == NULL)
    {
      if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK)
        g_error ("sandbox SQL does not compile: %s: %s", sqlite3_errmsg (self->db), sql);
      g_hash_table_insert (self->stmts, (gpointer) sql, s);
    }
  sqlite3_reset (s);
  sqlite3_clear_bindings (s);
  return s;
}

static gboolean
exec_stmt (PkSandboxServer *self, sqlite3_stmt *s)
{
  int rc = sqlite3_step (s);

  sqlite3_reset (s);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      g_warning ("sandbox SQL failed: %s", sqlite3_errmsg (self->db));
      return FALSE;
    }
  return TRUE;
}

static char *
col_dup (sqlite3_stmt *s, int i)
{
  return g_strdup ((const char *) sqlite3_column_text (s, i));
}

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static char *
rfc3339 (gint64 unix_s)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_s);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

/* The municipality's days are office (Tehran) days, from the core's one definition: a permit
 * issued at 02:30 local time is dated that day, not the UTC day before. */
static char *
iso_date (gint64 unix_s)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (unix_s);

  return pk_office_day_iso_of (at);
}

/* The office day @days after the office day of @unix_s, as YYYY-MM-DD. */
static char *
iso_date_after (gint64 unix_s,
                guint  days)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (unix_s);
  g_autoptr(GDate) day = pk_office_day_new (at);

  g_date_add_days (day, days);
  return pk_office_day_to_iso (day);
}

/* The last second of an office day (YYYY-MM-DD), in UTC. */
static char *
end_of_day (const char *iso_day)
{
  GDate day;
  g_autoptr(GDateTime) last = NULL;

  if (!pk_office_day_parse_iso (iso_day, &day))
    return NULL;
  last = pk_office_day_last_second (&day);
  return rfc3339 (g_date_time_to_unix (last));
}

/* The Solar Hijri year of the office day, through ICU like the core. */
static guint
jalali_year (gint64 unix_s)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (unix_s);

  return pk_office_day_jalali_year (at);
}

static char *
random_id (const char *prefix, guint n_bytes)
{
  guint8 buf[16];
  GString *s = g_string_new (prefix);

  g_assert (n_bytes <= sizeof buf);
  randombytes_buf (buf, n_bytes);
  for (guint i = 0; i < n_bytes; i++)
    g_string_append_printf (s, "%02x", buf[i]);
  return g_string_free (s, FALSE);
}

static char *
tracking_code (void)
{
  static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  char code[13] = "PK";

  for (guint i = 2; i < 12; i++)
    code[i] = alphabet[randombytes_uniform (sizeof alphabet - 1)];
  code[12] = '\0';
  return g_strdup (code);
}

/* ------------------------------------------------------------------ JSON helpers */

static char *
canonical_json (JsonNode *node)
{
  return pk_sandbox_json_canonical (node);
}

static char *
node_to_string (JsonNode *node)
{
  return pk_sandbox_json_to_string (node);
}

static JsonNode *
parse_json (const char *text, gsize len)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (!json_parser_load_from_data (parser, text, (gssize) len, NULL) ||
      json_parser_get_root (parser) == NULL)
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

static JsonNode *
parse_stored (const char *text)
{
  return text ? parse_json (text, strlen (text)) : json_node_new (JSON_NODE_NULL);
}

/* Lenient lookups: a wrong type reads as absent. */
static const char *
obj_string (JsonObject *obj, const char *name)
{
  JsonNode *n = obj ? json_object_get_member (obj, name) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static gboolean
obj_number (JsonObject *obj, const char *name, gdouble *out)
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

static gboolean
obj_integer (JsonObject *obj, const char *name, gint64 *out)
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

/* ------------------------------------------------------------------ responses */

static void
respond_text (SoupServerMessage *msg, guint status, char *json_take)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, json_take,
                                    strlen (json_take));
}

static void
respond_node (SoupServerMessage *msg, guint status, JsonNode *node)
{
  respond_text (msg, status, node_to_string (node));
}

static void
respond_builder (SoupServerMessage *msg, guint status, JsonBuilder *jb)
{
  g_autoptr(JsonNode) root = json_builder_get_root (jb);

  respond_node (msg, status, root);
}

static void
respond_error (SoupServerMessage *msg,
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

      json_node_set_object (n, fields);
      json_builder_set_member_name (jb, "fields");
      json_builder_add_value (jb, n);
    }
  json_builder_end_object (jb);
  json_builder_end_object (jb);
  respond_builder (msg, status, jb);
}

static void
respond_validation (SoupServerMessage *msg, JsonObject *fields)
{
  respond_error (msg, 422, "validation", "برخی از مقادیر ورودی معتبر نیستند.", fields);
}

#define ADD_STR(jb, name, value) G_STMT_START { \
    json_builder_set_member_name (jb, name); \
    if ((value) != NULL) json_builder_add_string_value (jb, value); \
    else json_builder_add_null_value (jb); \
  } G_STMT_END
#define ADD_INT(jb, name, value) G_STMT_START { \
    json_builder_set_member_name (jb, name); json_builder_add_int_value (jb, value); \
  } G_STMT_END
#define ADD_DBL(jb, name, value) G_STMT_START { \
    json_builder_set_member_name (jb, name); json_builder_add_double_value (jb, value); \
  } G_STMT_END
#define ADD_NODE(jb, name, node) G_STMT_START { \
    json_builder_set_member_name (jb, name); json_builder_add_value (jb, node); \
  } G_STMT_END

/* ------------------------------------------------------------------ sessions */

static Session *
authenticate (PkSandboxServer   *self,
              SoupServerMessage *msg)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");
  Session *s;

  if (auth == NULL || g_ascii_strncasecmp (auth, "Bearer ", 7) != 0)
    {
      respond_error (msg, 401, "unauthorized", "ورود لازم است.", NULL);
      return NULL;
    }
  s = g_hash_table_lookup (self->sessions, auth + 7);
  if (s == NULL)
    {
      respond_error (msg, 401, "unauthorized", "نشست معتبر نیست.", NULL);
      return NULL;
    }
  if (now_s () >= s->expires_at)
    {
      respond_error (msg, 401, "token_expired", "نشست منقضی شده است؛ دوباره وارد شوید.", NULL);
      return NULL;
    }
  return s;
}

static gboolean
is_kiosk (const Session *s)
{
  return strcmp (s->role, "kiosk") == 0;
}

static gboolean
forbid (SoupServerMessage *msg)
{
  respond_error (msg, 403, "forbidden", "این نقش اجازه این کار را ندارد.", NULL);
  return FALSE;
}

static JsonNode *
body_object (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *node;

  if (len > MAX_BODY)
    {
      respond_error (msg, 413, "too_large", "حجم درخواست بیش از حد مجاز است.", NULL);
      return NULL;
    }
  node = len > 0 ? parse_json (data, len) : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_clear_pointer (&node, json_node_unref);
      respond_error (msg, 400, "bad_request", "بدنه درخواست JSON معتبر نیست.", NULL);
      return NULL;
    }
  return node;
}

static void
handle_login (PkSandboxServer *self, SoupServerMessage *msg)
{
  g_autoptr(JsonNode) root = body_object (msg);
  g_autoptr(JsonBuilder) jb = NULL;
  JsonObject *obj;
  const char *office, *user, *pass;
  sqlite3_stmt *q;
  Session *s;
  guint8 raw[32];
  char token[sodium_base64_ENCODED_LEN (32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  g_autofree char *expires = NULL;
  g_autofree char *server_time = NULL;
  gint64 now = now_s ();
  gboolean ok;

  if (root == NULL)
    return;
  obj = json_node_get_object (root);
  office = obj_string (obj, "office_code");
  user = obj_string (obj, "username");
  pass = obj_string (obj, "password");
  if (office == NULL || user == NULL || pass == NULL)
    {
      respond_error (msg, 400, "bad_request", "کد دفتر، نام کاربری و گذرواژه لازم است.", NULL);
      return;
    }
  q = stmt (self, "SELECT a.password_hash, a.display_name, a.role, o.name_fa, o.city_fa"
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
      respond_error (msg, 401, "invalid_credentials", "نام کاربری یا گذرواژه نادرست است.", NULL);
      return;
    }
  randombytes_buf (raw, sizeof raw);
  sodium_bin2base64 (token, sizeof token, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  s = g_new0 (Session, 1);
  s->token = g_strdup (token);
  s->office_code = g_strdup (office);
  s->username = g_strdup (user);
  s->display_name = col_dup (q, 1);
  s->role = col_dup (q, 2);
  s->office_name = col_dup (q, 3);
  s->city = col_dup (q, 4);
  s->expires_at = now + self->token_lifetime;
  sqlite3_reset (q);

  /* Forget sessions that expired more than a day ago. */
  {
    GHashTableIter iter;
    Session *old;

    g_hash_table_iter_init (&iter, self->sessions);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &old))
      if (old->expires_at + 86400 < now)
        g_hash_table_iter_remove (&iter);
  }
  g_hash_table_insert (self->sessions, s->token, s);

  expires = rfc3339 (s->expires_at);
  server_time = rfc3339 (now);
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
  respond_builder (msg, 201, jb);
}

static void
handle_logout (PkSandboxServer *self, SoupServerMessage *msg)
{
  Session *s = authenticate (self, msg);

  if (s == NULL)
    return;
  g_hash_table_remove (self->sessions, s->token);
  soup_server_message_set_status (msg, 204, NULL);
}

/* ------------------------------------------------------------------ services, parcels */

static char *
build_services_json (PkSandboxServer *self)
{
  sqlite3_stmt *q = stmt (self, "SELECT json FROM services ORDER BY ord");
  GString *out = g_string_new ("{\"rulebook_version\":\"" PK_SANDBOX_RULEBOOK_VERSION
                               "\",\"items\":[");
  gboolean first = TRUE;

  while (sqlite3_step (q) == SQLITE_ROW)
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      g_string_append (out, (const char *) sqlite3_column_text (q, 0));
    }
  sqlite3_reset (q);
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

static void
handle_services (PkSandboxServer *self, SoupServerMessage *msg, const char *code)
{
  sqlite3_stmt *q;

  if (authenticate (self, msg) == NULL)
    return;
  if (code == NULL)
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        self->services_json, strlen (self->services_json));
      return;
    }
  q = stmt (self, "SELECT json FROM services WHERE code = ?");
  sqlite3_bind_text (q, 1, code, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (q) != SQLITE_ROW)
    respond_error (msg, 404, "not_found", "خدمت یافت نشد.", NULL);
  else
    respond_text (msg, 200, col_dup (q, 0));
  sqlite3_reset (q);
}

static char *
normalize_renovation (const char *input)
{
  char *norm = NULL;

  if (input == NULL || !pk_validate_renovation_code (input, PK_SANDBOX_CITY_PATTERN, &norm, NULL))
    return NULL;
  return norm;
}

static void
handle_parcel (PkSandboxServer *self, SoupServerMessage *msg, const char *code)
{
  g_autofree char *norm = NULL;
  sqlite3_stmt *q;

  if (authenticate (self, msg) == NULL)
    return;
  norm = normalize_renovation (code);
  if (norm == NULL)
    {
      JsonObject *fields = json_object_new ();

      json_object_set_string_member (fields, "renovation_code", "invalid");
      respond_validation (msg, fields);
      return;
    }
  q = stmt (self, "SELECT json FROM parcels WHERE renovation_code = ?");
  sqlite3_bind_text (q, 1, norm, -1, SQLITE_STATIC);
  if (sqlite3_step (q) != SQLITE_ROW)
    respond_error (msg, 404, "not_found", "پلاکی با این کد نوسازی یافت نشد.", NULL);
  else
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        (const char *) sqlite3_column_text (q, 0),
                                        (gsize) sqlite3_column_bytes (q, 0));
    }
  sqlite3_reset (q);
}

static void
handle_parcel_search (PkSandboxServer *self, SoupServerMessage *msg, GHashTable *query)
{
  const char *postal = query ? g_hash_table_lookup (query, "postal_code") : NULL;
  const char *cursor = query ? g_hash_table_lookup (query, "cursor") : NULL;
  const char *limit_s = query ? g_hash_table_lookup (query, "limit") : NULL;
  g_autofree char *hi = NULL;
  g_autofree char *after_postal = NULL;
  g_autofree char *after_code = NULL;
  g_autofree char *last_postal = NULL;
  g_autofree char *last_code = NULL;
  GString *out;
  sqlite3_stmt *q;
  guint64 limit = PAGE_DEFAULT;
  gsize plen;
  guint n = 0;
  JsonObject *fields = NULL;

  if (authenticate (self, msg) == NULL)
    return;
  plen = postal ? strlen (postal) : 0;
  if (postal == NULL)
    {
      fields = json_object_new ();
      json_object_set_string_member (fields, "postal_code", "required");
    }
  else if (plen < 5 || plen > 10 || strspn (postal, "0123456789") != plen ||
           (plen == 10 && !pk_validate_postal_code (postal, NULL, NULL)))
    {
      fields = json_object_new ();
      json_object_set_string_member (fields, "postal_code", "invalid");
    }
  if (limit_s != NULL &&
      (!g_ascii_string_to_unsigned (limit_s, 10, 1, PAGE_MAX, &limit, NULL)))
    {
      if (fields == NULL)
        fields = json_object_new ();
      json_object_set_string_member (fields, "limit", "out_of_range");
    }
  if (cursor != NULL)
    {
      gsize len = 0;
      g_autofree guchar *raw = NULL;
      g_autofree char *text = NULL;
      char *bar;

      raw = g_base64_decode (cursor, &len);
      text = g_strndup ((const char *) raw, len);
      bar = strchr (text, '|');
      if (bar == NULL)
        {
          if (fields == NULL)
            fields = json_object_new ();
          json_object_set_string_member (fields, "cursor", "invalid");
        }
      else
        {
          *bar = '\0';
          after_postal = g_strdup (text);
          after_code = g_strdup (bar + 1);
        }
    }
  if (fields != NULL)
    {
      respond_validation (msg, fields);
      return;
    }

  hi = g_strdup (postal);
  hi[plen - 1] = (char) (hi[plen - 1] + 1);
  if (plen == 10)
    {
      g_free (hi);
      hi = g_strconcat (postal, "~", NULL);
    }
  q = stmt (self, "SELECT json, postal_code, renovation_code FROM parcels"
                  " WHERE postal_code >= ?1 AND postal_code < ?2"
                  " AND (postal_code, renovation_code) > (?3, ?4)"
                  " ORDER BY postal_code, renovation_code LIMIT ?5");
  sqlite3_bind_text (q, 1, postal, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (q, 2, hi, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 3, after_postal ? after_postal : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 4, after_code ? after_code : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (q, 5, (sqlite3_int64) limit + 1);
  out = g_string_new ("{\"items\":[");
  while (sqlite3_step (q) == SQLITE_ROW)
    {
      if (n == limit)
        {
          g_autofree char *key = g_strdup_printf ("%s|%s", last_postal, last_code);
          g_autofree char *enc = g_base64_encode ((const guchar *) key, strlen (key));

          g_string_append_printf (out, "],\"next_cursor\":\"%s\"}", enc);
          n++;
          break;
        }
      if (n > 0)
        g_string_append_c (out, ',');
      g_string_append (out, (const char *) sqlite3_column_text (q, 0));
      g_free (last_postal);
      g_free (last_code);
      last_postal = col_dup (q, 1);
      last_code = col_dup (q, 2);
      n++;
    }
  sqlite3_reset (q);
  if (n <= limit)
    g_string_append (out, "],\"next_cursor\":null}");
  respond_text (msg, 200, g_string_free (out, FALSE));
}

/* ------------------------------------------------------------------ zoning and fees */

typedef struct
{
  char    *renovation_code;
  char    *zone;
  char    *land_use;
  gint     district;
  gint     block;
  gdouble  area;
  gdouble  frontage;
  char    *json;
} Parcel;

static void
parcel_clear (Parcel *p)
{
  g_free (p->renovation_code);
  g_free (p->zone);
  g_free (p->land_use);
  g_free (p->json);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parcel, parcel_clear)

static gboolean
load_parcel (PkSandboxServer *self, const char *code, Parcel *p)
{
  sqlite3_stmt *q = stmt (self, "SELECT renovation_code, zone, land_use, district, block,"
                                " area_m2, frontage_m, json FROM parcels"
                                " WHERE renovation_code = ?");
  gboolean found;

  sqlite3_bind_text (q, 1, code, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (q) == SQLITE_ROW;
  if (found)
    {
      p->renovation_code = col_dup (q, 0);
      p->zone = col_dup (q, 1);
      p->land_use = col_dup (q, 2);
      p->district = sqlite3_column_int (q, 3);
      p->block = sqlite3_column_int (q, 4);
      p->area = sqlite3_column_double (q, 5);
      p->frontage = sqlite3_column_double (q, 6);
      p->json = col_dup (q, 7);
    }
  sqlite3_reset (q);
  return found;
}

typedef struct
{
  gdouble density, occupancy, height, setback_front, setback_back, parking, min_plot;
  gint    max_floors;
} Rules;

static void
load_rules (PkSandboxServer *self, const Parcel *p, Rules *r)
{
  sqlite3_stmt *q = stmt (self, "SELECT r.density_percent, r.occupancy_percent, r.max_floors,"
                                " r.max_height_m, r.setback_front_m, r.setback_back_m,"
                                " r.parking_per_unit, z.min_plot_area_m2"
                                " FROM zone_rules r JOIN zones z ON z.code = r.zone"
                                " WHERE r.zone = ? AND r.min_area_m2 <= ?2 AND ?2 < r.max_area_m2");

  memset (r, 0, sizeof *r);
  sqlite3_bind_text (q, 1, p->zone, -1, SQLITE_STATIC);
  sqlite3_bind_double (q, 2, p->area);
  if (sqlite3_step (q) == SQLITE_ROW)
    {
      r->density = sqlite3_column_double (q, 0);
      r->occupancy = sqlite3_column_double (q, 1);
      r->max_floors = sqlite3_column_int (q, 2);
      r->height = sqlite3_column_double (q, 3);
      r->setback_front = sqlite3_column_double (q, 4);
      r->setback_back = sqlite3_column_double (q, 5);
      r->parking = sqlite3_column_double (q, 6);
      r->min_plot = sqlite3_column_double (q, 7);
    }
  sqlite3_reset (q);
}

static gint64
zone_price (PkSandboxServer *self, const Parcel *p, guint year)
{
  sqlite3_stmt *q = stmt (self, "SELECT price_p_rial FROM zone_prices WHERE district = ?"
                                " AND block = ? AND year <= ? ORDER BY year DESC LIMIT 1");
  gint64 price = 0;

  sqlite3_bind_int (q, 1, p->district);
  sqlite3_bind_int (q, 2, p->block);
  sqlite3_bind_int (q, 3, (int) year);
  if (sqlite3_step (q) == SQLITE_ROW)
    price = sqlite3_column_int64 (q, 0);
  sqlite3_reset (q);
  return price;
}

/* The fee items of @formula for @vars as a JSON array, written out directly: the text the
 * JSON builder and pk_sandbox_json_to_string() gave, at a fraction of the cost (a
 * submission stores and answers it). */
static char *
fee_items_text (PkSandboxServer *self, const char *formula, PkSandboxFeeVars *vars,
                gint64 *total_out)
{
  sqlite3_stmt *q = stmt (self, "SELECT code, title_fa, title_en, expression, display,"
                                " coefficient FROM fee_items WHERE formula = ? ORDER BY ord");
  GString *out = g_string_new ("[");
  gint64 total = 0;

  sqlite3_bind_text (q, 1, formula, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (q) == SQLITE_ROW)
    {
      gint64 amount = 0;
      g_autoptr(GError) error = NULL;

      vars->k = sqlite3_column_double (q, 5);
      if (!pk_sandbox_fee_eval ((const char *) sqlite3_column_text (q, 3), vars, &amount, &error))
        g_warning ("%s", error->message);
      total += amount;
      if (out->len > 1)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"code\":");
      pk_sandbox_json_append_string (out, (const char *) sqlite3_column_text (q, 0));
      g_string_append (out, ",\"title_fa\":");
      pk_sandbox_json_append_string (out, (const char *) sqlite3_column_text (q, 1));
      g_string_append (out, ",\"title_en\":");
      pk_sandbox_json_append_string (out, (const char *) sqlite3_column_text (q, 2));
      g_string_append (out, ",\"formula\":");
      pk_sandbox_json_append_string (out, (const char *) sqlite3_column_text (q, 4));
      g_string_append (out, ",\"inputs\":{\"area_m2\":");
      pk_sandbox_json_append_double (out, round (vars->area * 100) / 100);
      g_string_append_printf (out, ",\"price_p_rial\":%" G_GINT64_FORMAT ",\"coefficient\":",
                              (gint64) vars->P);
      pk_sandbox_json_append_double (out, vars->k);
      g_string_append (out, ",\"land_area_m2\":");
      pk_sandbox_json_append_double (out, vars->land_area);
      g_string_append (out, ",\"length_m\":");
      pk_sandbox_json_append_double (out, vars->length);
      g_string_append_printf (out, ",\"days\":%" G_GINT64_FORMAT "},\"amount_rial\":%"
                              G_GINT64_FORMAT "}", (gint64) vars->days, amount);
    }
  sqlite3_reset (q);
  g_string_append_c (out, ']');
  *total_out = total;
  return g_string_free (out, FALSE);
}

/* Builds {"items": […], "total_rial": N} for @formula. */
static JsonNode *
compute_fees (PkSandboxServer *self, const char *formula, PkSandboxFeeVars *vars,
              gint64 *total_out)
{
  g_autofree char *items = fee_items_text (self, formula, vars, total_out);
  g_autoptr(JsonBuilder) jb = json_builder_new ();

  json_builder_begin_object (jb);
  ADD_NODE (jb, "items", parse_json (items, strlen (items)));
  ADD_INT (jb, "total_rial", *total_out);
  json_builder_end_object (jb);
  return json_builder_get_root (jb);
}

static gboolean
lookup_service (PkSandboxServer *self, const char *code, char **kind, char **formula,
                JsonNode **json)
{
  sqlite3_stmt *q = stmt (self, "SELECT kind, fee_formula, json FROM services WHERE code = ?");
  gboolean found;

  sqlite3_bind_text (q, 1, code, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (q) == SQLITE_ROW;
  if (found)
    {
      if (kind)
        *kind = col_dup (q, 0);
      if (formula)
        *formula = col_dup (q, 1);
      if (json)
        {
          /* Parsing the schema was a quarter of every submission; it is read-only, so one
           * sealed copy serves every request. */
          JsonNode *cached = g_hash_table_lookup (self->service_schemas, code);

          if (cached == NULL)
            {
              cached = parse_stored ((const char *) sqlite3_column_text (q, 2));
              json_node_seal (cached);
              g_hash_table_insert (self->service_schemas, g_strdup (code), cached);
            }
          *json = json_node_ref (cached);
        }
    }
  sqlite3_reset (q);
  return found;
}

static void
handle_inquiry (PkSandboxServer *self, SoupServerMessage *msg)
{
  Session *s = authenticate (self, msg);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonBuilder) jb = NULL;
  g_autoptr(JsonNode) fees = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_auto(Parcel) parcel = { 0 };
  g_autofree char *norm = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *formula = NULL;
  g_autofree char *id = NULL;
  g_autofree char *tc = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *valid = NULL;
  g_autofree char *text = NULL;
  JsonObject *obj, *fields = NULL;
  const char *code, *service;
  PkSandboxFeeVars vars = { 0 };
  Rules rules;
  gint64 total = 0, now = now_s ();
  sqlite3_stmt *q;

  if (s == NULL || (root = body_object (msg)) == NULL)
    return;
  obj = json_node_get_object (root);
  code = obj_string (obj, "renovation_code");
  service = obj_string (obj, "service_code");
  norm = normalize_renovation (code);
  if (norm == NULL)
    {
      fields = json_object_new ();
      json_object_set_string_member (fields, "renovation_code", code ? "invalid" : "required");
    }
  if (service == NULL || !lookup_service (self, service, &kind, &formula, NULL))
    {
      if (fields == NULL)
        fields = json_object_new ();
      json_object_set_string_member (fields, "service_code", service ? "unknown" : "required");
    }
  if (fields != NULL)
    {
      respond_validation (msg, fields);
      return;
    }
  if (!load_parcel (self, norm, &parcel))
    {
      respond_error (msg, 404, "not_found", "پلاکی با این کد نوسازی یافت نشد.", NULL);
      return;
    }
  load_rules (self, &parcel, &rules);
  vars.land_area = parcel.area;
  vars.frontage = parcel.frontage;
  vars.length = parcel.frontage;
  vars.days = 30;
  vars.P = (gdouble) zone_price (self, &parcel, jalali_year (now));
  if (strcmp (kind, "permit") == 0)
    {
      /* A permit's fees are estimated for the most the rules allow. */
      vars.area = round (parcel.area * rules.density) / 100.0;
      vars.floors = rules.max_floors;
      vars.units = rules.max_floors;
    }
  else
    vars.area = parcel.area;
  fees = compute_fees (self, formula, &vars, &total);

  id = random_id ("INQ-", 8);
  tc = tracking_code ();
  issued = rfc3339 (now);
  valid = rfc3339 (now + INQUIRY_VALID_DAYS * 86400);
  jb = json_builder_new ();
  json_builder_begin_object (jb);
  ADD_STR (jb, "inquiry_id", id);
  ADD_STR (jb, "tracking_code", tc);
  ADD_STR (jb, "renovation_code", norm);
  ADD_STR (jb, "service_code", service);
  ADD_STR (jb, "rulebook_version", PK_SANDBOX_RULEBOOK_VERSION);
  ADD_STR (jb, "issued_at", issued);
  ADD_STR (jb, "valid_until", valid);
  json_builder_set_member_name (jb, "rules");
  json_builder_begin_object (jb);
  ADD_STR (jb, "zone", parcel.zone);
  ADD_STR (jb, "land_use", parcel.land_use);
  ADD_DBL (jb, "density_percent", rules.density);
  ADD_DBL (jb, "occupancy_percent", rules.occupancy);
  ADD_INT (jb, "max_floors", rules.max_floors);
  ADD_DBL (jb, "max_height_m", rules.height);
  ADD_DBL (jb, "setback_front_m", rules.setback_front);
  ADD_DBL (jb, "setback_back_m", rules.setback_back);
  ADD_DBL (jb, "parking_per_unit", rules.parking);
  ADD_DBL (jb, "min_plot_area_m2", rules.min_plot);
  ADD_DBL (jb, "max_built_area_m2", round (parcel.area * rules.density) / 100.0);
  json_builder_end_object (jb);
  ADD_NODE (jb, "fees", json_node_copy (fees));
  json_builder_set_member_name (jb, "fees_are_estimate");
  json_builder_add_boolean_value (jb, strcmp (kind, "permit") == 0);
  json_builder_end_object (jb);
  answer = json_builder_get_root (jb);
  text = node_to_string (answer);

  q = stmt (self, "INSERT INTO inquiries VALUES (?,?,?,?,?,?,?,?,?)");
  sqlite3_bind_text (q, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 2, tc, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 3, s->office_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 4, s->username, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 5, norm, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 6, service, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (q, 7, now);
  sqlite3_bind_int64 (q, 8, total);
  sqlite3_bind_text (q, 9, text, -1, SQLITE_STATIC);
  if (!exec_stmt (self, q))
    {
      respond_error (msg, 500, "internal", "خطای داخلی سرور.", NULL);
      return;
    }
  respond_text (msg, 201, g_steal_pointer (&text));
}

/* ------------------------------------------------------------------ documents */

typedef struct
{
  PkSandboxServer   *self;
  SoupServerMessage *msg;
  char              *id;
  char              *office_code;
  char              *username;
  char              *sha256;
  char              *content_type;
  char              *filename;
  gsize              size;
  gulong             gone_ids[2];
  gboolean           gone;
} Upload;

/* A paused message whose client hung up is finished by libsoup: it must not be answered or
 * unpaused afterwards. */
static void
on_message_gone (SoupServerMessage *msg,
                 gpointer           user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
watch_message (SoupServerMessage *msg, gboolean *gone, gulong ids[2])
{
  ids[0] = g_signal_connect (msg, "finished", G_CALLBACK (on_message_gone), gone);
  ids[1] = g_signal_connect (msg, "disconnected", G_CALLBACK (on_message_gone), gone);
}

static void
unwatch_message (SoupServerMessage *msg, gulong ids[2])
{
  g_clear_signal_handler (&ids[0], msg);
  g_clear_signal_handler (&ids[1], msg);
}

static void
upload_free (Upload *u)
{
  unwatch_message (u->msg, u->gone_ids);
  g_object_unref (u->self);
  g_object_unref (u->msg);
  g_free (u->id);
  g_free (u->office_code);
  g_free (u->username);
  g_free (u->sha256);
  g_free (u->content_type);
  g_free (u->filename);
  g_free (u);
}

static void
upload_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Upload *u = user_data;
  PkSandboxServer *self = u->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) jb = NULL;
  sqlite3_stmt *q;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_warning ("sandbox: storing a document failed: %s", error->message);
      respond_error (u->msg, 500, "internal", "ذخیره سند ممکن نشد.", NULL);
      goto out;
    }
  /* Kept even if the client left: a retry uploads it again under a new id, as it would after
   * any lost reply. */
  q = stmt (self, "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?)");
  sqlite3_bind_text (q, 1, u->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 2, u->office_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 3, u->username, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 4, u->sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (q, 5, (sqlite3_int64) u->size);
  sqlite3_bind_text (q, 6, u->content_type, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 7, u->filename, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (q, 8, now_s ());
  if (!exec_stmt (self, q))
    {
      respond_error (u->msg, 500, "internal", "خطای داخلی سرور.", NULL);
      goto out;
    }
  jb = json_builder_new ();
  json_builder_begin_object (jb);
  ADD_STR (jb, "document_id", u->id);
  ADD_STR (jb, "sha256", u->sha256);
  ADD_INT (jb, "size", (gint64) u->size);
  ADD_STR (jb, "content_type", u->content_type);
  ADD_STR (jb, "filename", u->filename);
  json_builder_end_object (jb);
  respond_builder (u->msg, 201, jb);

out:
  if (!u->gone)
    soup_server_message_unpause (u->msg);
  upload_free (u);
}

static gboolean
magic_matches (const char *type, const guint8 *data, gsize len)
{
  if (strcmp (type, "application/pdf") == 0)
    return len >= 5 && memcmp (data, "%PDF-", 5) == 0;
  if (strcmp (type, "image/jpeg") == 0)
    return len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;
  if (strcmp (type, "image/png") == 0)
    return len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0;
  return FALSE;
}

static void
handle_document (PkSandboxServer *self, SoupServerMessage *msg)
{
  Session *s = authenticate (self, msg);
  SoupMessageHeaders *headers;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  const char *type, *fname;
  const guint8 *data;
  gsize len;
  Upload *u;

  if (s == NULL)
    return;
  if (is_kiosk (s))
    {
      forbid (msg);
      return;
    }
  headers = soup_server_message_get_request_headers (msg);
  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (bytes, &len);
  if (len > MAX_DOCUMENT)
    {
      respond_error (msg, 413, "too_large", "حجم سند بیش از ۱۰ مگابایت است.", NULL);
      return;
    }
  type = soup_message_headers_get_content_type (headers, &params);
  if (type == NULL ||
      (strcmp (type, "application/pdf") != 0 && strcmp (type, "image/jpeg") != 0 &&
       strcmp (type, "image/png") != 0) ||
      !magic_matches (type, data, len))
    {
      respond_error (msg, 415, "unsupported_type",
                     "نوع سند پذیرفته نیست یا محتوای آن با نوع اعلام‌شده نمی‌خواند.", NULL);
      return;
    }

  u = g_new0 (Upload, 1);
  u->self = g_object_ref (self);
  u->msg = g_object_ref (msg);
  u->id = random_id ("DOC-", 8);
  u->office_code = g_strdup (s->office_code);
  u->username = g_strdup (s->username);
  u->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
  u->content_type = g_strdup (type);
  u->size = len;
  fname = soup_message_headers_get_one (headers, "X-Filename");
  if (fname != NULL)
    {
      g_autofree char *decoded = g_uri_unescape_string (fname, NULL);

      if (decoded != NULL && g_utf8_validate (decoded, -1, NULL) && strlen (decoded) <= 255)
        u->filename = g_steal_pointer (&decoded);
    }

  dir = g_build_filename (self->data_dir, "documents", NULL);
  path = g_build_filename (dir, u->id, NULL);
  file = g_file_new_for_path (path);
  soup_server_message_pause (msg);
  watch_message (msg, &u->gone, u->gone_ids);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL,
                                       upload_written, u);
}

/* ------------------------------------------------------------------ form validation */

static void
set_field_error (JsonObject *errors, const char *path, const char *code)
{
  if (!json_object_has_member (errors, path))
    json_object_set_string_member (errors, path, code);
}

/* A Jalali yyyy/MM/dd in Latin digits that exists in the calendar (ICU, as the core parses
 * what an operator types): 1404/12/30 does not, 1403 being the leap year. */
static gboolean
valid_jalali_date (const char *s)
{
  g_autoptr(GDateTime) parsed = NULL;
  guint y;

  if (strlen (s) != 10 || s[4] != '/' || s[7] != '/')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (s[i]))
      return FALSE;
  y = (guint) g_ascii_strtoull (s, NULL, 10);
  if (y < 1300 || y > 1499)
    return FALSE;
  parsed = pk_parse_date (s, NULL);
  return parsed != NULL;
}

static void validate_fields (JsonArray *schema, JsonObject *values, const char *prefix,
                             JsonObject *errors);

/* Field patterns come from the catalogue, a handful in all: each is compiled once rather
 * than on every submission. */
static gboolean
pattern_matches (const char *pattern, const char *s)
{
  static GMutex lock;
  static GHashTable *compiled;
  g_autoptr(GRegex) re = NULL;

  g_mutex_lock (&lock);
  if (compiled == NULL)
    compiled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) g_regex_unref);
  re = g_hash_table_lookup (compiled, pattern);
  if (re == NULL)
    {
      g_autoptr(GError) error = NULL;

      re = g_regex_new (pattern, 0, 0, &error);
      if (re == NULL)
        {
          g_warning ("catalogue pattern %s: %s", pattern, error->message);
          g_mutex_unlock (&lock);
          return FALSE;
        }
      g_hash_table_insert (compiled, g_strdup (pattern), g_regex_ref (re));
    }
  else
    g_regex_ref (re);
  g_mutex_unlock (&lock);
  return g_regex_match (re, s, 0, NULL);
}

static void
validate_value (JsonObject *f, JsonNode *v, const char *path, JsonObject *errors)
{
  const char *type = json_object_get_string_member_with_default (f, "type", "text");
  gdouble num, min, max;
  gint64 inum;

  if (strcmp (type, "group") == 0)
    {
      JsonArray *rows;
      gint64 min_items = json_object_get_int_member_with_default (f, "min_items", 0);
      gint64 max_items = json_object_get_int_member_with_default (f, "max_items", PAGE_MAX);
      JsonArray *sub = json_object_get_array_member (f, "fields");

      if (!JSON_NODE_HOLDS_ARRAY (v))
        return set_field_error (errors, path, "invalid");
      rows = json_node_get_array (v);
      if (json_array_get_length (rows) < (guint) min_items ||
          json_array_get_length (rows) > (guint) max_items)
        return set_field_error (errors, path, "out_of_range");
      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonNode *row = json_array_get_element (rows, i);
          g_autofree char *rp = g_strdup_printf ("%s[%u]", path, i);

          if (!JSON_NODE_HOLDS_OBJECT (row))
            set_field_error (errors, rp, "invalid");
          else
            validate_fields (sub, json_node_get_object (row), rp, errors);
        }
      return;
    }

  if (strcmp (type, "boolean") == 0)
    {
      if (!JSON_NODE_HOLDS_VALUE (v) || json_node_get_value_type (v) != G_TYPE_BOOLEAN)
        set_field_error (errors, path, "invalid");
      else if (json_object_get_boolean_member_with_default (f, "required", FALSE) &&
               strcmp (json_object_get_string_member (f, "name"), "accept_terms") == 0 &&
               !json_node_get_boolean (v))
        set_field_error (errors, path, "required");
      return;
    }

  if (strcmp (type, "integer") == 0 || strcmp (type, "decimal") == 0)
    {
      JsonObject *holder = json_object_new ();
      gboolean ok;

      json_object_set_member (holder, "v", json_node_ref (v));
      if (strcmp (type, "integer") == 0)
        {
          ok = obj_integer (holder, "v", &inum);
          num = (gdouble) inum;
        }
      else
        ok = obj_number (holder, "v", &num);
      json_object_unref (holder);
      if (!ok)
        return set_field_error (errors, path, "invalid");
      if (strcmp (type, "decimal") == 0 && fabs (num * 100 - round (num * 100)) > 1e-6)
        return set_field_error (errors, path, "invalid");
      if ((obj_number (f, "min", &min) && num < min) || (obj_number (f, "max", &max) && num > max))
        set_field_error (errors, path, "out_of_range");
      return;
    }

  /* The rest are strings. */
  if (!JSON_NODE_HOLDS_VALUE (v) || json_node_get_value_type (v) != G_TYPE_STRING)
    return set_field_error (errors, path, "invalid");
  {
    const char *s = json_node_get_string (v);
    g_autoptr(GError) error = NULL;

    if (*s == '\0' && json_object_get_boolean_member_with_default (f, "required", FALSE))
      return set_field_error (errors, path, "required");
    if (strcmp (type, "text") == 0)
      {
        gint64 max_len = json_object_get_int_member_with_default (f, "max_length", 200);
        const char *pattern = json_object_get_string_member_with_default (f, "pattern", NULL);

        if (!g_utf8_validate (s, -1, NULL) || pk_text_has_bidi_controls (s))
          set_field_error (errors, path, "invalid");
        else if (g_utf8_strlen (s, -1) > max_len)
          set_field_error (errors, path, "too_long");
        else if (pattern != NULL && *s != '\0' && !pattern_matches (pattern, s))
          set_field_error (errors, path, "invalid");
      }
    else if (strcmp (type, "choice") == 0)
      {
        JsonArray *choices = json_object_get_array_member (f, "choices");
        gboolean found = FALSE;

        for (guint i = 0; choices && i < json_array_get_length (choices); i++)
          if (g_strcmp0 (json_object_get_string_member (
                           json_array_get_object_element (choices, i), "value"), s) == 0)
            found = TRUE;
        if (!found)
          set_field_error (errors, path, "not_allowed");
      }
    else if (strcmp (type, "date") == 0)
      {
        if (!valid_jalali_date (s))
          set_field_error (errors, path, "invalid");
      }
    else if (strcmp (type, "national_id") == 0)
      {
        if (!pk_validate_national_id (s, NULL, &error))
          set_field_error (errors, path,
                           g_error_matches (error, PK_VALIDATION_ERROR,
                                            PK_VALIDATION_ERROR_CHECKSUM) ? "checksum" : "invalid");
      }
    else if (strcmp (type, "mobile") == 0)
      {
        if (!pk_validate_mobile (s, NULL, NULL))
          set_field_error (errors, path, "invalid");
      }
    else if (strcmp (type, "postal_code") == 0)
      {
        if (!pk_validate_postal_code (s, NULL, NULL))
          set_field_error (errors, path, "invalid");
      }
  }
}

static void
validate_fields (JsonArray *schema, JsonObject *values, const char *prefix, JsonObject *errors)
{
  for (guint i = 0; schema && i < json_array_get_length (schema); i++)
    {
      JsonObject *f = json_array_get_object_element (schema, i);
      const char *name = json_object_get_string_member (f, "name");
      g_autofree char *path = g_strdup_printf ("%s.%s", prefix, name);
      JsonNode *v = values ? json_object_get_member (values, name) : NULL;

      if (v == NULL || JSON_NODE_HOLDS_NULL (v))
        {
          if (json_object_get_boolean_member_with_default (f, "required", FALSE))
            set_field_error (errors, path, "required");
          continue;
        }
      validate_value (f, v, path, errors);
    }
}

static void
validate_applicants (JsonNode *node, JsonObject *errors)
{
  JsonArray *arr;
  gdouble share_sum = 0;
  gboolean shares_ok = TRUE;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (json_node_get_array (node)) == 0)
    return set_field_error (errors, "applicants", node ? "invalid" : "required");
  arr = json_node_get_array (node);
  if (json_array_get_length (arr) > 10)
    return set_field_error (errors, "applicants", "out_of_range");
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *el = json_array_get_element (arr, i);
      JsonObject *a;
      static const char *names[] = { "first_name", "last_name" };
      const char *nid, *mobile;
      gdouble share;
      g_autoptr(GError) error = NULL;
      g_autofree char *p_nid = g_strdup_printf ("applicants[%u].national_id", i);
      g_autofree char *p_mob = g_strdup_printf ("applicants[%u].mobile", i);
      g_autofree char *p_share = g_strdup_printf ("applicants[%u].share_percent", i);

      if (!JSON_NODE_HOLDS_OBJECT (el))
        {
          g_autofree char *p = g_strdup_printf ("applicants[%u]", i);

          set_field_error (errors, p, "invalid");
          continue;
        }
      a = json_node_get_object (el);
      for (guint k = 0; k < G_N_ELEMENTS (names); k++)
        {
          const char *v = obj_string (a, names[k]);
          g_autofree char *p = g_strdup_printf ("applicants[%u].%s", i, names[k]);
          g_autoptr(GError) nerr = NULL;

          if (v == NULL || *v == '\0')
            set_field_error (errors, p, "required");
          else if (!pk_validate_person_name (v, 50, NULL, &nerr))
            set_field_error (errors, p,
                             g_error_matches (nerr, PK_VALIDATION_ERROR,
                                              PK_VALIDATION_ERROR_TOO_LONG) ? "too_long" : "invalid");
        }
      nid = obj_string (a, "national_id");
      if (nid == NULL)
        set_field_error (errors, p_nid, "required");
      else if (!pk_validate_national_id (nid, NULL, &error))
        set_field_error (errors, p_nid,
                         g_error_matches (error, PK_VALIDATION_ERROR,
                                          PK_VALIDATION_ERROR_CHECKSUM) ? "checksum" : "invalid");
      mobile = obj_string (a, "mobile");
      if (mobile == NULL)
        set_field_error (errors, p_mob, "required");
      else if (!pk_validate_mobile (mobile, NULL, NULL))
        set_field_error (errors, p_mob, "invalid");
      if (!obj_number (a, "share_percent", &share))
        set_field_error (errors, p_share, "required"), shares_ok = FALSE;
      else if (share <= 0 || share > 100)
        set_field_error (errors, p_share, "out_of_range"), shares_ok = FALSE;
      else
        share_sum += share;
    }
  if (shares_ok && fabs (share_sum - 100) > 0.01)
    set_field_error (errors, "applicants", "out_of_range");
}

/* ------------------------------------------------------------------ workflow */

static void
add_timeline (PkSandboxServer *self, const char *app_id, const char *status, gint64 at,
              const char *note)
{
  sqlite3_stmt *q = stmt (self, "INSERT INTO timeline (application_id, seq, status, at, note_fa)"
                                " SELECT ?1, COALESCE(MAX(seq), 0) + 1, ?2, ?3, ?4 FROM timeline"
                                " WHERE application_id = ?1");

  sqlite3_bind_text (q, 1, app_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (q, 2, status, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (q, 3, at);
  sqlite3_bind_text (q, 4, note, -1, SQLITE_TRANSIENT);
  exec_stmt (self, q);
}

static void
set_status (PkSandboxServer *self, const char *app_id, const char *status)
{
  sqlite3_stmt *q = stmt (self, "UPDATE applications SET status = ? WHERE id = ?");

  sqlite3_bind_text (q, 1, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 2, app_id, -1, SQLITE_TRANSIENT);
  exec_stmt (self, q);
}

static gint64
next_counter (PkSandboxServer *self, const char *name)
{
  sqlite3_stmt *q = stmt (self, "INSERT INTO counters VALUES (?1, 1) ON CONFLICT (name)"
                                " DO UPDATE SET value = value + 1 RETURNING value");
  gint64 v = 0;

  sqlite3_bind_text (q, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (q) == SQLITE_ROW)
    v = sqlite3_column_int64 (q, 0);
  sqlite3_reset (q);
  return v;
}

static void
issue_permit (PkSandboxServer *self, const char *app_id, gint64 at)
{
  sqlite3_stmt *q = stmt (self, "SELECT tracking_code, service_code, renovation_code, floors,"
                                " built_area, units, total_rial, paid_rial, fees_json,"
                                " request_json FROM applications WHERE id = ?");
  g_autofree char *tc = NULL, *service = NULL, *reno = NULL, *fees_json = NULL, *req = NULL;
  g_autofree char *permit_no = NULL, *counter = NULL, *issued = NULL, *payload = NULL;
  g_autofree char *url = NULL, *sig_b64 = NULL, *text = NULL, *expires_at = NULL;
  g_autofree char *owner_nid = NULL, *title = NULL;
  g_autoptr(PkPermitCode) code = pk_permit_code_new ();
  g_autoptr(JsonBuilder) jb = json_builder_new ();
  g_autoptr(JsonNode) fees = NULL, request = NULL, root = NULL, svc = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Parcel) parcel = { 0 };
  g_autoptr(JsonNode) parcel_node = NULL;
  JsonObject *req_obj, *form, *pobj;
  gint floors, units;
  gdouble area;
  gint64 total, paid;
  guint year = jalali_year (at);

  sqlite3_bind_text (q, 1, app_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (q) != SQLITE_ROW)
    {
      sqlite3_reset (q);
      return;
    }
  tc = col_dup (q, 0);
  service = col_dup (q, 1);
  reno = col_dup (q, 2);
  floors = sqlite3_column_int (q, 3);
  area = sqlite3_column_double (q, 4);
  units = sqlite3_column_int (q, 5);
  total = sqlite3_column_int64 (q, 6);
  paid = sqlite3_column_int64 (q, 7);
  fees_json = col_dup (q, 8);
  req = col_dup (q, 9);
  sqlite3_reset (q);

  q = stmt (self, "SELECT national_id FROM applicants WHERE application_id = ? ORDER BY ord");
  sqlite3_bind_text (q, 1, app_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (q) == SQLITE_ROW)
    owner_nid = col_dup (q, 0);
  sqlite3_reset (q);
  load_parcel (self, reno, &parcel);
  lookup_service (self, service, NULL, NULL, &svc);
  title = g_strdup (json_object_get_string_member (json_node_get_object (svc), "title_fa"));

  counter = g_strdup_printf ("permit-%u", year);
  permit_no = g_strdup_printf ("%04u-%06" G_GINT64_FORMAT, year, next_counter (self, counter));
  issued = rfc3339 (at);

  g_strlcpy (code->key_id, self->keys.key_id, sizeof code->key_id);
  code->permit_no = g_strdup (permit_no);
  code->renovation_code = g_strdup (reno);
  code->issued_on = iso_date (at);
  code->expires_on = iso_date_after (at, PERMIT_VALID_DAYS);
  code->floors = (guint) CLAMP (floors, 0, 255);
  code->total_area_m2 = area;
  pk_permit_code_set_owner (code, owner_nid ? owner_nid : "");
  payload = pk_permit_code_sign (code, self->keys.secret_key, &error);
  if (payload == NULL)
    {
      g_warning ("sandbox: signing permit %s failed: %s", permit_no, error->message);
      return;
    }
  url = pk_permit_code_to_url (payload, QR_URL_HOST);
  sig_b64 = g_base64_encode (code->signature, sizeof code->signature);
  expires_at = end_of_day (code->expires_on);

  fees = parse_stored (fees_json);
  request = parse_stored (req);
  req_obj = json_node_get_object (request);
  form = json_object_get_object_member (req_obj, "fields");
  parcel_node = parse_stored (parcel.json);
  pobj = json_node_get_object (parcel_node);

  json_builder_begin_object (jb);
  ADD_STR (jb, "permit_no", permit_no);
  ADD_STR (jb, "tracking_code", tc);
  ADD_STR (jb, "renovation_code", reno);
  ADD_STR (jb, "service_code", service);
  ADD_STR (jb, "title_fa", title);
  ADD_STR (jb, "status", "valid");
  ADD_STR (jb, "issued_at", issued);
  ADD_STR (jb, "issued_on", code->issued_on);
  ADD_STR (jb, "expires_on", code->expires_on);
  ADD_STR (jb, "expires_at", expires_at);
  ADD_STR (jb, "key_id", self->keys.key_id);
  json_builder_set_member_name (jb, "owners");
  json_builder_begin_array (jb);
  {
    JsonArray *apps = json_object_get_array_member (req_obj, "applicants");

    for (guint i = 0; i < json_array_get_length (apps); i++)
      {
        JsonObject *a = json_array_get_object_element (apps, i);
        g_autofree char *full = g_strdup_printf ("%s %s", obj_string (a, "first_name"),
                                                 obj_string (a, "last_name"));
        g_autofree char *nid = NULL;
        g_autofree char *masked = NULL;
        gdouble share = 0;

        pk_validate_national_id (obj_string (a, "national_id"), &nid, NULL);
        masked = g_strdup_printf ("%.3s****%.3s", nid, nid + 7);
        obj_number (a, "share_percent", &share);
        json_builder_begin_object (jb);
        ADD_STR (jb, "name", full);
        ADD_STR (jb, "national_id_masked", masked);
        ADD_DBL (jb, "share_percent", share);
        json_builder_end_object (jb);
      }
  }
  json_builder_end_array (jb);
  json_builder_set_member_name (jb, "parcel");
  json_builder_begin_object (jb);
  ADD_STR (jb, "renovation_code", reno);
  ADD_NODE (jb, "registration_plate",
            json_node_copy (json_object_get_member (pobj, "registration_plate")));
  ADD_STR (jb, "postal_code", json_object_get_string_member (pobj, "postal_code"));
  ADD_STR (jb, "address_fa", json_object_get_string_member (pobj, "address_fa"));
  ADD_DBL (jb, "area_m2", parcel.area);
  if (json_object_has_member (pobj, "area_after_widening_m2"))
    ADD_NODE (jb, "area_after_widening_m2",
              json_node_copy (json_object_get_member (pobj, "area_after_widening_m2")));
  ADD_STR (jb, "zone", parcel.zone);
  ADD_STR (jb, "land_use", parcel.land_use);
  if (json_object_has_member (pobj, "geometry"))
    ADD_NODE (jb, "geometry", json_node_copy (json_object_get_member (pobj, "geometry")));
  json_builder_end_object (jb);
  json_builder_set_member_name (jb, "building");
  json_builder_begin_object (jb);
  ADD_INT (jb, "floors", floors);
  ADD_DBL (jb, "total_area_m2", area);
  ADD_INT (jb, "units", units);
  /* The building rights the permit grants: the zone's rules for this plot, and the floors the
   * application asked for, split above and below ground by their level. */
  {
    Rules rules = { 0 };
    gint64 above = 0, below = 0;
    gdouble parking = 0;

    load_rules (self, &parcel, &rules);
    ADD_DBL (jb, "density_percent", rules.density);
    ADD_DBL (jb, "occupancy_percent", rules.occupancy);
    ADD_DBL (jb, "setback_front_m", rules.setback_front);
    ADD_DBL (jb, "setback_back_m", rules.setback_back);
    if (form && json_object_has_member (form, "floors") &&
        JSON_NODE_HOLDS_ARRAY (json_object_get_member (form, "floors")))
      {
        JsonArray *rows = json_object_get_array_member (form, "floors");

        for (guint i = 0; i < json_array_get_length (rows); i++)
          {
            gdouble level = 0;

            if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (rows, i)) &&
                obj_number (json_array_get_object_element (rows, i), "level", &level) && level < 0)
              below++;
            else
              above++;
          }
      }
    else
      above = floors;
    ADD_INT (jb, "floors_above_ground", above);
    ADD_INT (jb, "floors_below_ground", below);
    if (form && obj_number (form, "parking_spaces", &parking))
      ADD_INT (jb, "parking_spaces", (gint64) parking);
  }
  if (form && json_object_has_member (form, "floors"))
    ADD_NODE (jb, "floor_rows", json_node_copy (json_object_get_member (form, "floors")));
  if (form && json_object_has_member (form, "structure"))
    ADD_STR (jb, "structure", json_object_get_string_member (form, "structure"));
  /* Engineers as the application named them; one with neither a name nor a licence is left
   * out rather than printed empty. */
  json_builder_set_member_name (jb, "engineers");
  json_builder_begin_array (jb);
  {
    static const struct { const char *role, *name, *licence; } engineers[] = {
      { "designer", "designer_name", "designer_license" },
      { "supervisor", "engineer_name", "engineer_license" },
      { "builder", "builder_name", "builder_license" },
    };

    for (guint i = 0; form != NULL && i < G_N_ELEMENTS (engineers); i++)
      {
        const char *name = obj_string (form, engineers[i].name);
        const char *licence = obj_string (form, engineers[i].licence);

        if ((name == NULL || *name == '\0') && (licence == NULL || *licence == '\0'))
          continue;
        json_builder_begin_object (jb);
        ADD_STR (jb, "role", engineers[i].role);
        if (name != NULL && *name != '\0')
          ADD_STR (jb, "name", name);
        if (licence != NULL && *licence != '\0')
          ADD_STR (jb, "licence_no", licence);
        json_builder_end_object (jb);
      }
  }
  json_builder_end_array (jb);
  json_builder_end_object (jb);
  json_builder_set_member_name (jb, "fees");
  json_builder_begin_object (jb);
  ADD_INT (jb, "total_rial", total);
  ADD_INT (jb, "paid_rial", paid);
  ADD_NODE (jb, "items", json_node_copy (json_object_get_member (json_node_get_object (fees),
                                                                 "items")));
  /* The receipts the fees were paid with. */
  json_builder_set_member_name (jb, "payments");
  json_builder_begin_array (jb);
  {
    sqlite3_stmt *pq = stmt (self, "SELECT reference, amount_rial, at FROM payments"
                                   " WHERE application_id = ? ORDER BY at");

    sqlite3_bind_text (pq, 1, app_id, -1, SQLITE_TRANSIENT);
    while (sqlite3_step (pq) == SQLITE_ROW)
      {
        g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (sqlite3_column_int64 (pq, 2));
        g_autofree char *when_text = when ? g_date_time_format_iso8601 (when) : NULL;

        json_builder_begin_object (jb);
        ADD_STR (jb, "reference", (const char *) sqlite3_column_text (pq, 0));
        ADD_INT (jb, "amount_rial", sqlite3_column_int64 (pq, 1));
        if (when_text)
          ADD_STR (jb, "paid_at", when_text);
        json_builder_end_object (jb);
      }
    sqlite3_reset (pq);
  }
  json_builder_end_array (jb);
  json_builder_end_object (jb);
  json_builder_set_member_name (jb, "conditions_fa");
  json_builder_begin_array (jb);
  json_builder_add_string_value (jb, "رعایت کامل نقشه‌های مصوب و ضوابط طرح تفصیلی الزامی است.");
  json_builder_add_string_value (jb, "شروع عملیات ساختمانی منوط به معرفی مهندس ناظر است.");
  json_builder_add_string_value (jb, "نصب تابلوی مشخصات پروانه در محل کارگاه الزامی است.");
  json_builder_add_string_value (jb, "اعتبار این پروانه دو سال از تاریخ صدور است.");
  json_builder_end_array (jb);
  ADD_STR (jb, "rulebook_version", PK_SANDBOX_RULEBOOK_VERSION);
  ADD_STR (jb, "qr_payload", payload);
  ADD_STR (jb, "qr_url", url);
  ADD_STR (jb, "signature", sig_b64);
  json_builder_end_object (jb);
  root = json_builder_get_root (jb);
  text = node_to_string (root);

  q = stmt (self, "INSERT INTO permits VALUES (?,?,?,?,'valid',?,?,?,?,?)");
  sqlite3_bind_text (q, 1, permit_no, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 2, app_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (q, 3, tc, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 4, reno, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (q, 5, at);
  sqlite3_bind_text (q, 6, code->expires_on, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 7, self->keys.key_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 8, payload, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 9, text, -1, SQLITE_STATIC);
  exec_stmt (self, q);
  q = stmt (self, "UPDATE applications SET status = 'permit_issued', permit_no = ? WHERE id = ?");
  sqlite3_bind_text (q, 1, permit_no, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 2, app_id, -1, SQLITE_TRANSIENT);
  exec_stmt (self, q);
  {
    g_autofree char *note = g_strdup_printf ("پروانه شماره %s صادر و امضا شد.", permit_no);

    add_timeline (self, app_id, "permit_issued", at, note);
  }
}

/* Moves an application along by the clock: under review half-way through the review delay,
 * decided at the end, permit issued once approved and fully paid. Lazy, so it also catches up
 * after a restart. */
static void
advance (PkSandboxServer *self, const char *app_id)
{
  sqlite3_stmt *q = stmt (self, "SELECT status, submitted_at, review_delay, total_rial,"
                                " paid_rial, decision_note FROM applications WHERE id = ?");
  g_autofree char *status = NULL, *note = NULL;
  gint64 submitted, delay, total, paid, now = now_s ();

  sqlite3_bind_text (q, 1, app_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (q) != SQLITE_ROW)
    {
      sqlite3_reset (q);
      return;
    }
  status = col_dup (q, 0);
  submitted = sqlite3_column_int64 (q, 1);
  delay = sqlite3_column_int64 (q, 2);
  total = sqlite3_column_int64 (q, 3);
  paid = sqlite3_column_int64 (q, 4);
  note = col_dup (q, 5);
  sqlite3_reset (q);

  if (strcmp (status, "submitted") == 0 && now >= submitted + delay / 2)
    {
      add_timeline (self, app_id, "under_review", submitted + delay / 2,
                    "پرونده در حال بررسی کارشناس شهرسازی است.");
      set_status (self, app_id, "under_review");
      g_free (status);
      status = g_strdup ("under_review");
    }
  if (strcmp (status, "under_review") == 0 && now >= submitted + delay)
    {
      if (note != NULL)
        {
          add_timeline (self, app_id, "rejected", submitted + delay, note);
          set_status (self, app_id, "rejected");
          return;
        }
      add_timeline (self, app_id, "approved", submitted + delay,
                    "درخواست تأیید شد؛ پس از پرداخت کامل عوارض، پروانه صادر می‌شود.");
      set_status (self, app_id, "approved");
      g_free (status);
      status = g_strdup ("approved");
    }
  if (strcmp (status, "approved") == 0 && paid >= total)
    issue_permit (self, app_id, now);
}

static void
handle_application_submit (PkSandboxServer *self, SoupServerMessage *msg)
{
  Session *s = authenticate (self, msg);
  SoupMessageHeaders *headers;
  const char *key, *service, *code;
  g_autoptr(JsonNode) root = NULL, svc = NULL;
  g_autoptr(JsonObject) errors = NULL;
  g_auto(Parcel) parcel = { 0 };
  g_autofree char *canon = NULL, *hash = NULL, *norm = NULL, *formula = NULL, *kind = NULL;
  g_autofree char *id = NULL, *tc = NULL, *submitted = NULL, *text = NULL, *fees_text = NULL;
  g_autofree char *decision = NULL, *items_text = NULL;
  JsonObject *obj, *form = NULL;
  JsonNode *n;
  PkSandboxFeeVars vars = { 0 };
  Rules rules;
  gint64 total = 0, paid = 0, now = now_s ();
  gint floors = 0, units = 0;
  gdouble built = 0;
  sqlite3_stmt *q;
  gsize klen;

  if (s == NULL)
    return;
  if (is_kiosk (s))
    {
      forbid (msg);
      return;
    }
  headers = soup_server_message_get_request_headers (msg);
  key = soup_message_headers_get_one (headers, "Idempotency-Key");
  if (key == NULL)
    {
      respond_error (msg, 428, "idempotency_key_required", "سرآیند Idempotency-Key لازم است.",
                     NULL);
      return;
    }
  klen = strlen (key);
  if (klen < 16 || klen > 64 || strspn (key, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                             "0123456789-") != klen)
    {
      respond_error (msg, 400, "bad_request", "قالب Idempotency-Key نادرست است.", NULL);
      return;
    }
  if ((root = body_object (msg)) == NULL)
    return;
  canon = canonical_json (root);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, canon, -1);

  q = stmt (self, "SELECT body_sha256, status, response FROM idempotency"
                  " WHERE office_code = ? AND key = ?");
  sqlite3_bind_text (q, 1, s->office_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 2, key, -1, SQLITE_STATIC);
  if (sqlite3_step (q) == SQLITE_ROW)
    {
      if (strcmp ((const char *) sqlite3_column_text (q, 0), hash) != 0)
        respond_error (msg, 409, "conflict",
                       "این Idempotency-Key پیش‌تر با درخواست دیگری به کار رفته است.", NULL);
      else
        {
          respond_text (msg, (guint) sqlite3_column_int (q, 1), col_dup (q, 2));
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Idempotent-Replayed", "true");
        }
      sqlite3_reset (q);
      return;
    }
  sqlite3_reset (q);

  obj = json_node_get_object (root);
  errors = json_object_new ();
  service = obj_string (obj, "service_code");
  code = obj_string (obj, "renovation_code");
  if (service == NULL)
    set_field_error (errors, "service_code", "required");
  else if (!lookup_service (self, service, &kind, &formula, &svc))
    set_field_error (errors, "service_code", "unknown");
  norm = normalize_renovation (code);
  if (code == NULL)
    set_field_error (errors, "renovation_code", "required");
  else if (norm == NULL)
    set_field_error (errors, "renovation_code", "invalid");
  else if (!load_parcel (self, norm, &parcel))
    set_field_error (errors, "renovation_code", "unknown");
  validate_applicants (json_object_get_member (obj, "applicants"), errors);
  n = json_object_get_member (obj, "fields");
  if (n != NULL && !JSON_NODE_HOLDS_OBJECT (n))
    set_field_error (errors, "fields", "invalid");
  else
    form = n ? json_node_get_object (n) : NULL;
  if (svc != NULL)
    {
      JsonObject *f = json_object_get_object_member (json_node_get_object (svc), "form");

      validate_fields (json_object_get_array_member (f, "fields"), form, "fields", errors);
    }
  n = json_object_get_member (obj, "documents");
  if (n != NULL && !JSON_NODE_HOLDS_ARRAY (n))
    set_field_error (errors, "documents", "invalid");
  else if (n != NULL)
    {
      JsonArray *docs = json_node_get_array (n);

      if (json_array_get_length (docs) > 50)
        set_field_error (errors, "documents", "out_of_range");
      for (guint i = 0; i < json_array_get_length (docs) && i < 50; i++)
        {
          JsonNode *d = json_array_get_element (docs, i);
          g_autofree char *p = g_strdup_printf ("documents[%u]", i);

          if (!JSON_NODE_HOLDS_VALUE (d) || json_node_get_value_type (d) != G_TYPE_STRING)
            {
              set_field_error (errors, p, "invalid");
              continue;
            }
          q = stmt (self, "SELECT 1 FROM documents WHERE id = ?");
          sqlite3_bind_text (q, 1, json_node_get_string (d), -1, SQLITE_TRANSIENT);
          if (sqlite3_step (q) != SQLITE_ROW)
            set_field_error (errors, p, "unknown");
          sqlite3_reset (q);
        }
    }
  n = json_object_get_member (obj, "fee_receipt");
  if (n != NULL && !JSON_NODE_HOLDS_NULL (n))
    {
      JsonObject *r = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      const char *ref = obj_string (r, "reference");

      if (r == NULL)
        set_field_error (errors, "fee_receipt", "invalid");
      else
        {
          if (ref == NULL || *ref == '\0')
            set_field_error (errors, "fee_receipt.reference", "required");
          else if (strlen (ref) > 64)
            set_field_error (errors, "fee_receipt.reference", "too_long");
          if (!obj_integer (r, "amount_rial", &paid))
            set_field_error (errors, "fee_receipt.amount_rial", "required");
          else if (paid < 0 || paid > PK_AMOUNT_MAX_RIAL)
            set_field_error (errors, "fee_receipt.amount_rial", "out_of_range");
        }
    }
  if (json_object_get_size (errors) > 0)
    {
      respond_validation (msg, g_steal_pointer (&errors));
      return;
    }

  /* What the application asks for, for the fees and the decision. */
  load_rules (self, &parcel, &rules);
  vars.land_area = parcel.area;
  vars.frontage = parcel.frontage;
  vars.area = parcel.area;
  vars.P = (gdouble) zone_price (self, &parcel, jalali_year (now));
  if (form && json_object_has_member (form, "floors"))
    {
      JsonArray *rows = json_object_get_array_member (form, "floors");

      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonObject *row = json_array_get_object_element (rows, i);
          gdouble a = 0;
          gint64 level = 0, u = 0;

          obj_number (row, "area_m2", &a);
          obj_integer (row, "level", &level);
          obj_integer (row, "units", &u);
          built += a;
          units += (gint) u;
          if (level >= 0)
            floors++;
        }
      vars.area = built;
    }
  else if (form && obj_number (form, "area_m2", &vars.area))
    built = vars.area;
  else if (form && obj_number (form, "width_m", &vars.area))
    {
      gdouble h = 0;

      obj_number (form, "height_m", &h);
      vars.area *= h;
    }
  vars.floors = floors;
  vars.units = units;
  if (!(form && obj_number (form, "length_m", &vars.length)))
    vars.length = parcel.frontage;
  if (!(form && obj_number (form, "duration_days", &vars.days)))
    vars.days = 30;
  /* The fee items go out twice, stored and answered: written once. */
  items_text = fee_items_text (self, formula, &vars, &total);
  fees_text = g_strdup_printf ("{\"items\":%s,\"total_rial\":%" G_GINT64_FORMAT "}",
                               items_text, total);

  if (strcmp (service, "NEW_BUILD") == 0)
    {
      gdouble max_built = round (parcel.area * rules.density) / 100.0;
      gdouble above = 0;
      JsonArray *rows = json_object_get_array_member (form, "floors");

      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonObject *row = json_array_get_object_element (rows, i);
          gint64 level = 0;
          gdouble a = 0;

          obj_integer (row, "level", &level);
          obj_number (row, "area_m2", &a);
          if (level >= 0)
            above += a;
        }
      if (parcel.zone[0] == 'G')
        decision = g_strdup ("احداث بنا در پهنه حفاظت و فضای سبز مجاز نیست.");
      else if (floors > rules.max_floors)
        decision = g_strdup_printf ("تعداد طبقات درخواستی (%d) بیش از حد مجاز پهنه (%d) است.",
                                    floors, rules.max_floors);
      else if (above > max_built + 0.005)
        decision = g_strdup_printf ("زیربنای درخواستی (%.2f متر مربع) بیش از تراکم مجاز"
                                    " (%.2f متر مربع) است.", above, max_built);
    }

  id = random_id ("APP-", 8);
  tc = tracking_code ();
  submitted = rfc3339 (now);
  /* Identifiers, a timestamp and numbers: nothing to escape. */
  text = g_strdup_printf ("{\"application_id\":\"%s\",\"tracking_code\":\"%s\","
                          "\"status\":\"submitted\",\"submitted_at\":\"%s\","
                          "\"fees\":{\"total_rial\":%" G_GINT64_FORMAT ","
                          "\"paid_rial\":%" G_GINT64_FORMAT ",\"items\":%s}}",
                          id, tc, submitted, total, paid, items_text);

  /* One transaction; BEGIN and COMMIT as cached statements like the rest. */
  exec_stmt (self, stmt (self, "BEGIN IMMEDIATE"));
  q = stmt (self, "INSERT INTO applications (id, tracking_code, office_code, username,"
                  " service_code, renovation_code, status, submitted_at, review_delay,"
                  " total_rial, paid_rial, floors, built_area, units, decision_note, fees_json,"
                  " request_json) VALUES (?,?,?,?,?,?,'submitted',?,?,?,?,?,?,?,?,?,?)");
  sqlite3_bind_text (q, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 2, tc, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 3, s->office_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 4, s->username, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 5, service, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 6, norm, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (q, 7, now);
  sqlite3_bind_int64 (q, 8, self->review_delay);
  sqlite3_bind_int64 (q, 9, total);
  sqlite3_bind_int64 (q, 10, paid);
  sqlite3_bind_int (q, 11, floors);
  sqlite3_bind_double (q, 12, built);
  sqlite3_bind_int (q, 13, units);
  sqlite3_bind_text (q, 14, decision, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 15, fees_text, -1, SQLITE_STATIC);
  /* The request as hashed for the idempotency store: the same JSON, members sorted. */
  sqlite3_bind_text (q, 16, canon, -1, SQLITE_STATIC);
  exec_stmt (self, q);
  {
    JsonArray *apps = json_object_get_array_member (obj, "applicants");

    for (guint i = 0; i < json_array_get_length (apps); i++)
      {
        JsonObject *a = json_array_get_object_element (apps, i);
        g_autofree char *nid = NULL;

        pk_validate_national_id (obj_string (a, "national_id"), &nid, NULL);
        q = stmt (self, "INSERT INTO applicants VALUES (?,?,?,?,?)");
        sqlite3_bind_text (q, 1, id, -1, SQLITE_STATIC);
        sqlite3_bind_int (q, 2, (int) i);
        sqlite3_bind_text (q, 3, nid, -1, SQLITE_STATIC);
        sqlite3_bind_text (q, 4, obj_string (a, "first_name"), -1, SQLITE_STATIC);
        sqlite3_bind_text (q, 5, obj_string (a, "last_name"), -1, SQLITE_STATIC);
        exec_stmt (self, q);
      }
  }
  if (paid > 0)
    {
      g_autofree char *pid = random_id ("PAY-", 8);
      JsonObject *r = json_object_get_object_member (obj, "fee_receipt");

      q = stmt (self, "INSERT INTO payments VALUES (?,?,?,?,?,?,?)");
      sqlite3_bind_text (q, 1, pid, -1, SQLITE_STATIC);
      sqlite3_bind_text (q, 2, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (q, 3, s->office_code, -1, SQLITE_STATIC);
      sqlite3_bind_text (q, 4, s->username, -1, SQLITE_STATIC);
      sqlite3_bind_text (q, 5, obj_string (r, "reference"), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (q, 6, paid);
      sqlite3_bind_int64 (q, 7, now);
      exec_stmt (self, q);
    }
  add_timeline (self, id, "submitted", now, "درخواست ثبت شد.");
  q = stmt (self, "INSERT INTO idempotency VALUES (?,?,?,201,?,?)");
  sqlite3_bind_text (q, 1, s->office_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 2, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 3, hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 4, text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (q, 5, now);
  exec_stmt (self, q);
  advance (self, id);
  if (!exec_stmt (self, stmt (self, "COMMIT")))
    {
      pk_sandbox_db_exec (self->db, "ROLLBACK", NULL);
      respond_error (msg, 500, "internal", "خطای داخلی سرور.", NULL);
      return;
    }
  respond_text (msg, 201, g_steal_pointer (&text));
}

static JsonNode *
application_json (PkSandboxServer *self, const char *column, const char *value, char **id_out)
{
  sqlite3_stmt *q;
  g_autoptr(JsonBuilder) jb = json_builder_new ();
  g_autofree char *id = NULL;
  gboolean by_id = strcmp (column, "id") == 0;

  q = by_id ? stmt (self, "SELECT id FROM applications WHERE id = ?")
            : stmt (self, "SELECT id FROM applications WHERE tracking_code = ?");
  sqlite3_bind_text (q, 1, value, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (q) == SQLITE_ROW)
    id = col_dup (q, 0);
  sqlite3_reset (q);
  if (id == NULL)
    return NULL;

  pk_sandbox_db_exec (self->db, "BEGIN IMMEDIATE", NULL);
  advance (self, id);
  pk_sandbox_db_exec (self->db, "COMMIT", NULL);

  q = stmt (self, "SELECT id, tracking_code, service_code, renovation_code, status, total_rial,"
                  " paid_rial, permit_no, submitted_at FROM applications WHERE id = ?");
  sqlite3_bind_text (q, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (q) != SQLITE_ROW)
    {
      sqlite3_reset (q);
      return NULL;
    }
  json_builder_begin_object (jb);
  ADD_STR (jb, "application_id", (const char *) sqlite3_column_text (q, 0));
  ADD_STR (jb, "tracking_code", (const char *) sqlite3_column_text (q, 1));
  ADD_STR (jb, "service_code", (const char *) sqlite3_column_text (q, 2));
  ADD_STR (jb, "renovation_code", (const char *) sqlite3_column_text (q, 3));
  ADD_STR (jb, "status", (const char *) sqlite3_column_text (q, 4));
  {
    g_autofree char *at = rfc3339 (sqlite3_column_int64 (q, 8));

    ADD_STR (jb, "submitted_at", at);
  }
  json_builder_set_member_name (jb, "fees");
  json_builder_begin_object (jb);
  ADD_INT (jb, "total_rial", sqlite3_column_int64 (q, 5));
  ADD_INT (jb, "paid_rial", sqlite3_column_int64 (q, 6));
  json_builder_end_object (jb);
  ADD_STR (jb, "permit_no", (const char *) sqlite3_column_text (q, 7));
  sqlite3_reset (q);
  json_builder_set_member_name (jb, "timeline");
  json_builder_begin_array (jb);
  q = stmt (self, "SELECT status, at, note_fa FROM timeline WHERE application_id = ? ORDER BY seq");
  sqlite3_bind_text (q, 1, id, -1, SQLITE_STATIC);
  while (sqlite3_step (q) == SQLITE_ROW)
    {
      g_autofree char *at = rfc3339 (sqlite3_column_int64 (q, 1));

      json_builder_begin_object (jb);
      ADD_STR (jb, "status", (const char *) sqlite3_column_text (q, 0));
      ADD_STR (jb, "at", at);
      ADD_STR (jb, "note_fa", (const char *) sqlite3_column_text (q, 2));
      json_builder_end_object (jb);
    }
  sqlite3_reset (q);
  json_builder_end_array (jb);
  json_builder_end_object (jb);
  if (id_out)
    *id_out = g_steal_pointer (&id);
  return json_builder_get_root (jb);
}

static void
handle_application_get (PkSandboxServer *self, SoupServerMessage *msg, const char *tc,
                        GHashTable *query)
{
  Session *s = authenticate (self, msg);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *id = NULL;

  if (s == NULL)
    return;
  if (is_kiosk (s))
    {
      const char *nid = query ? g_hash_table_lookup (query, "national_id") : NULL;
      g_autofree char *norm = NULL;
      sqlite3_stmt *q;
      gboolean match = FALSE;

      if (nid == NULL)
        {
          forbid (msg);
          return;
        }
      if (!pk_validate_national_id (nid, &norm, NULL))
        {
          JsonObject *fields = json_object_new ();

          json_object_set_string_member (fields, "national_id", "invalid");
          respond_validation (msg, fields);
          return;
        }
      /* A wrong ID answers like an unknown code: the kiosk must not confirm a code exists. */
      q = stmt (self, "SELECT 1 FROM applications a JOIN applicants p ON p.application_id = a.id"
                      " WHERE a.tracking_code = ? AND p.national_id = ?");
      sqlite3_bind_text (q, 1, tc, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (q, 2, norm, -1, SQLITE_STATIC);
      match = sqlite3_step (q) == SQLITE_ROW;
      sqlite3_reset (q);
      if (!match)
        {
          respond_error (msg, 404, "not_found", "درخواستی با این مشخصات یافت نشد.", NULL);
          return;
        }
    }
  node = application_json (self, "tracking_code", tc, &id);
  if (node == NULL)
    respond_error (msg, 404, "not_found", "درخواستی با این کد رهگیری یافت نشد.", NULL);
  else
    respond_node (msg, 200, node);
}

static void
handle_payment (PkSandboxServer *self, SoupServerMessage *msg, const char *app_id)
{
  Session *s = authenticate (self, msg);
  g_autoptr(JsonNode) root = NULL, app = NULL;
  g_autoptr(JsonBuilder) jb = NULL;
  g_autofree char *status = NULL, *pid = NULL;
  JsonObject *obj, *fields = NULL;
  const char *ref;
  gint64 amount = 0, paid = 0, now = now_s ();
  sqlite3_stmt *q;

  if (s == NULL)
    return;
  if (is_kiosk (s))
    {
      forbid (msg);
      return;
    }
  if ((root = body_object (msg)) == NULL)
    return;
  obj = json_node_get_object (root);
  ref = obj_string (obj, "reference");
  if (ref == NULL || *ref == '\0' || strlen (ref) > 64)
    {
      fields = json_object_new ();
      json_object_set_string_member (fields, "reference", ref ? "invalid" : "required");
    }
  if (!obj_integer (obj, "amount_rial", &amount) || amount <= 0 || amount > PK_AMOUNT_MAX_RIAL)
    {
      if (fields == NULL)
        fields = json_object_new ();
      json_object_set_string_member (fields, "amount_rial",
                                     json_object_has_member (obj, "amount_rial") ? "out_of_range"
                                                                                 : "required");
    }
  if (fields != NULL)
    {
      respond_validation (msg, fields);
      return;
    }
  app = application_json (self, "id", app_id, NULL);
  if (app == NULL)
    {
      respond_error (msg, 404, "not_found", "درخواست یافت نشد.", NULL);
      return;
    }
  status = g_strdup (json_object_get_string_member (json_node_get_object (app), "status"));

  /* The same receipt twice is a retry, not a second payment. */
  q = stmt (self, "SELECT id, amount_rial FROM payments WHERE application_id = ? AND reference = ?");
  sqlite3_bind_text (q, 1, app_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (q, 2, ref, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (q) == SQLITE_ROW)
    {
      gboolean same = sqlite3_column_int64 (q, 1) == amount;

      pid = col_dup (q, 0);
      sqlite3_reset (q);
      if (!same)
        {
          respond_error (msg, 409, "conflict", "این شماره رسید با مبلغ دیگری ثبت شده است.", NULL);
          return;
        }
    }
  else
    {
      sqlite3_reset (q);
      if (strcmp (status, "rejected") == 0 || strcmp (status, "permit_issued") == 0)
        {
          respond_error (msg, 409, "invalid_state", "در این وضعیت پرداخت پذیرفته نمی‌شود.", NULL);
          return;
        }
      pid = random_id ("PAY-", 8);
      pk_sandbox_db_exec (self->db, "BEGIN IMMEDIATE", NULL);
      q = stmt (self, "INSERT INTO payments VALUES (?,?,?,?,?,?,?)");
      sqlite3_bind_text (q, 1, pid, -1, SQLITE_STATIC);
      sqlite3_bind_text (q, 2, app_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (q, 3, s->office_code, -1, SQLITE_STATIC);
      sqlite3_bind_text (q, 4, s->username, -1, SQLITE_STATIC);
      sqlite3_bind_text (q, 5, ref, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (q, 6, amount);
      sqlite3_bind_int64 (q, 7, now);
      exec_stmt (self, q);
      q = stmt (self, "UPDATE applications SET paid_rial = paid_rial + ? WHERE id = ?");
      sqlite3_bind_int64 (q, 1, amount);
      sqlite3_bind_text (q, 2, app_id, -1, SQLITE_TRANSIENT);
      exec_stmt (self, q);
      advance (self, app_id);
      pk_sandbox_db_exec (self->db, "COMMIT", NULL);
    }
  q = stmt (self, "SELECT paid_rial, status FROM applications WHERE id = ?");
  sqlite3_bind_text (q, 1, app_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (q) == SQLITE_ROW)
    {
      paid = sqlite3_column_int64 (q, 0);
      g_free (status);
      status = col_dup (q, 1);
    }
  sqlite3_reset (q);
  jb = json_builder_new ();
  json_builder_begin_object (jb);
  ADD_STR (jb, "payment_id", pid);
  ADD_INT (jb, "paid_rial", paid);
  ADD_STR (jb, "status", status);
  json_builder_end_object (jb);
  respond_builder (msg, 201, jb);
}

/* ------------------------------------------------------------------ permits, verify, keys */

static void
handle_permit (PkSandboxServer *self, SoupServerMessage *msg, const char *permit_no)
{
  sqlite3_stmt *q;

  if (authenticate (self, msg) == NULL)
    return;
  q = stmt (self, "SELECT json, status FROM permits WHERE permit_no = ?");
  sqlite3_bind_text (q, 1, permit_no, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (q) != SQLITE_ROW)
    respond_error (msg, 404, "not_found", "پروانه‌ای با این شماره یافت نشد.", NULL);
  else
    {
      g_autoptr(JsonNode) node = parse_stored ((const char *) sqlite3_column_text (q, 0));

      json_object_set_string_member (json_node_get_object (node), "status",
                                     (const char *) sqlite3_column_text (q, 1));
      respond_node (msg, 200, node);
    }
  sqlite3_reset (q);
}

static void
respond_verdict (SoupServerMessage *msg, const char *verdict, const PkPermitCode *code,
                 const char *status, const char *title)
{
  g_autoptr(JsonBuilder) jb = json_builder_new ();

  json_builder_begin_object (jb);
  ADD_STR (jb, "verdict", verdict);
  if (code != NULL)
    {
      json_builder_set_member_name (jb, "permit");
      json_builder_begin_object (jb);
      ADD_STR (jb, "permit_no", code->permit_no);
      ADD_STR (jb, "renovation_code", code->renovation_code);
      ADD_STR (jb, "issued_on", code->issued_on);
      ADD_STR (jb, "expires_on", code->expires_on);
      ADD_INT (jb, "floors", code->floors);
      ADD_DBL (jb, "total_area_m2", code->total_area_m2);
      ADD_STR (jb, "key_id", code->key_id);
      if (status)
        ADD_STR (jb, "status", status);
      if (title)
        ADD_STR (jb, "title_fa", title);
      json_builder_end_object (jb);
    }
  json_builder_end_object (jb);
  respond_builder (msg, 200, jb);
}

static void
handle_verify (PkSandboxServer *self, SoupServerMessage *msg)
{
  g_autoptr(JsonNode) root = body_object (msg);
  g_autoptr(PkPermitCode) code = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL, *stored = NULL, *expires = NULL, *today = NULL;
  g_autofree char *title = NULL;
  const char *payload;
  sqlite3_stmt *q;

  if (root == NULL)
    return;
  payload = obj_string (json_node_get_object (root), "payload");
  if (payload == NULL)
    {
      respond_error (msg, 400, "bad_request", "متن کد QR لازم است.", NULL);
      return;
    }
  code = pk_permit_code_decode (payload, &error);
  if (code == NULL)
    {
      respond_verdict (msg, "malformed", NULL, NULL, NULL);
      return;
    }
  if (strcmp (code->key_id, self->keys.key_id) != 0)
    {
      respond_verdict (msg, "unknown_key", NULL, NULL, NULL);
      return;
    }
  if (!pk_permit_code_verify (code, self->keys.public_key, NULL))
    {
      respond_verdict (msg, "forged", NULL, NULL, NULL);
      return;
    }
  q = stmt (self, "SELECT p.status, p.qr_payload, p.expires_on, json_extract(p.json, '$.title_fa')"
                  " FROM permits p WHERE p.permit_no = ?");
  sqlite3_bind_text (q, 1, code->permit_no, -1, SQLITE_STATIC);
  if (sqlite3_step (q) == SQLITE_ROW)
    {
      status = col_dup (q, 0);
      stored = col_dup (q, 1);
      expires = col_dup (q, 2);
      title = col_dup (q, 3);
    }
  sqlite3_reset (q);
  if (status == NULL)
    {
      /* Signed by this key but not on file: the sandbox's data dir was reset. */
      respond_verdict (msg, "unknown_permit", code, NULL, NULL);
      return;
    }
  today = iso_date (now_s ());
  {
    g_autoptr(PkPermitCode) on_file = pk_permit_code_decode (stored, NULL);

    if (on_file == NULL || memcmp (on_file->signature, code->signature, sizeof code->signature) != 0)
      respond_verdict (msg, "superseded", code, status, title);
    else if (strcmp (status, "revoked") == 0)
      respond_verdict (msg, "revoked", code, status, title);
    else if (strcmp (status, "superseded") == 0)
      respond_verdict (msg, "superseded", code, status, title);
    else if (strcmp (code->expires_on, today) < 0 || strcmp (expires, today) < 0)
      respond_verdict (msg, "expired", code, status, title);
    else
      respond_verdict (msg, "valid", code, status, title);
  }
}

static void
handle_keys (PkSandboxServer *self, SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) jb = json_builder_new ();
  g_autofree char *pub = g_base64_encode (self->keys.public_key, sizeof self->keys.public_key);
  g_autofree char *from = rfc3339 (self->keys.created_at);

  json_builder_begin_object (jb);
  json_builder_set_member_name (jb, "keys");
  json_builder_begin_array (jb);
  json_builder_begin_object (jb);
  ADD_STR (jb, "key_id", self->keys.key_id);
  ADD_STR (jb, "algorithm", "Ed25519");
  ADD_STR (jb, "public_key", pub);
  ADD_STR (jb, "valid_from", from);
  json_builder_set_member_name (jb, "valid_until");
  json_builder_add_null_value (jb);
  json_builder_end_object (jb);
  json_builder_end_array (jb);
  json_builder_end_object (jb);
  respond_builder (msg, 200, jb);
}

/* ------------------------------------------------------------------ daily report */

static void
handle_report (PkSandboxServer *self, SoupServerMessage *msg, GHashTable *query)
{
  Session *s = authenticate (self, msg);
  const char *date = query ? g_hash_table_lookup (query, "date") : NULL;
  const char *office = query ? g_hash_table_lookup (query, "office") : NULL;
  g_autofree char *today = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(JsonBuilder) jb = NULL;
  gint64 from, to, inquiries = 0, submissions = 0, fees = 0;
  GDate day;
  sqlite3_stmt *q;

  if (s == NULL)
    return;
  if (strcmp (s->role, "supervisor") != 0)
    {
      forbid (msg);
      return;
    }
  if (office == NULL)
    office = s->office_code;
  if (strcmp (office, s->office_code) != 0)
    {
      forbid (msg);
      return;
    }
  if (date == NULL)
    date = today = iso_date (now_s ());
  if (!pk_office_day_parse_iso (date, &day))
    {
      JsonObject *fields = json_object_new ();

      json_object_set_string_member (fields, "date", "invalid");
      respond_validation (msg, fields);
      return;
    }
  start = pk_office_day_start (&day);
  from = g_date_time_to_unix (start);
  to = from + 86400;

  jb = json_builder_new ();
  json_builder_begin_object (jb);
  ADD_STR (jb, "date", date);
  ADD_STR (jb, "office", office);
  json_builder_set_member_name (jb, "items");
  json_builder_begin_array (jb);
  q = stmt (self, "SELECT at, kind, tracking_code, service_code, amount, username FROM ("
                  " SELECT created_at AS at, 'inquiry' AS kind, tracking_code, service_code,"
                  "  total_rial AS amount, username FROM inquiries"
                  "  WHERE office_code = ?1 AND created_at >= ?2 AND created_at < ?3"
                  " UNION ALL SELECT submitted_at, 'submission', tracking_code, service_code,"
                  "  total_rial, username FROM applications"
                  "  WHERE office_code = ?1 AND submitted_at >= ?2 AND submitted_at < ?3"
                  " UNION ALL SELECT p.at, 'payment', a.tracking_code, a.service_code,"
                  "  p.amount_rial, p.username FROM payments p"
                  "  JOIN applications a ON a.id = p.application_id"
                  "  WHERE p.office_code = ?1 AND p.at >= ?2 AND p.at < ?3)"
                  " ORDER BY at, kind, tracking_code");
  sqlite3_bind_text (q, 1, office, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (q, 2, from);
  sqlite3_bind_int64 (q, 3, to);
  while (sqlite3_step (q) == SQLITE_ROW)
    {
      g_autofree char *at = rfc3339 (sqlite3_column_int64 (q, 0));
      const char *kind = (const char *) sqlite3_column_text (q, 1);

      if (strcmp (kind, "inquiry") == 0)
        inquiries++;
      else if (strcmp (kind, "submission") == 0)
        submissions++;
      else
        fees += sqlite3_column_int64 (q, 4);
      json_builder_begin_object (jb);
      ADD_STR (jb, "at", at);
      ADD_STR (jb, "kind", kind);
      ADD_STR (jb, "tracking_code", (const char *) sqlite3_column_text (q, 2));
      ADD_STR (jb, "service_code", (const char *) sqlite3_column_text (q, 3));
      ADD_INT (jb, "amount_rial", sqlite3_column_int64 (q, 4));
      ADD_STR (jb, "operator", (const char *) sqlite3_column_text (q, 5));
      json_builder_end_object (jb);
    }
  sqlite3_reset (q);
  json_builder_end_array (jb);
  ADD_INT (jb, "inquiries", inquiries);
  ADD_INT (jb, "submissions", submissions);
  ADD_INT (jb, "fees_total_rial", fees);
  json_builder_end_object (jb);
  respond_builder (msg, 200, jb);
}

/* ------------------------------------------------------------------ faults */

static gdouble
fault_roll (PkSandboxServer *self)
{
  guint64 z = (self->fault_state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  z ^= z >> 31;
  return (gdouble) (z >> 11) / 9007199254740992.0;
}

static void
faults_to_builder (PkSandboxServer *self, JsonBuilder *jb)
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

static void
handle_faults (PkSandboxServer *self, SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) jb = json_builder_new ();
  const char *method = soup_server_message_get_method (msg);

  if (!self->faults_enabled)
    {
      respond_error (msg, 404, "not_found", "تزریق خطا فعال نیست (--enable-faults).", NULL);
      return;
    }
  if (strcmp (method, "POST") == 0)
    {
      g_autoptr(JsonNode) root = body_object (msg);
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
          (!obj_integer (obj, "latency_ms", &latency) || latency < 0 || latency > 60000))
        json_object_set_string_member (fields, "latency_ms", "out_of_range");
      for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
        if (json_object_has_member (obj, rates[i]) &&
            (!obj_number (obj, rates[i], &r[i]) || r[i] < 0 || r[i] > 1))
          json_object_set_string_member (fields, rates[i], "out_of_range");
      if (json_object_has_member (obj, "seed") && (!obj_integer (obj, "seed", &seed) || seed < 0))
        json_object_set_string_member (fields, "seed", "invalid");
      if (json_object_get_size (fields) > 0)
        {
          respond_validation (msg, fields);
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
      respond_error (msg, 405, "method_not_allowed", "این روش برای این نشانی پشتیبانی نمی‌شود.",
                     NULL);
      return;
    }
  faults_to_builder (self, jb);
  respond_builder (msg, 200, jb);
}

/* POST /_sandbox/permits/{permit_no} {"status"?, "expires_on"?}: lets tests and trainers
 * produce revoked, superseded and expired permits. */
static void
handle_sandbox_permit (PkSandboxServer *self, SoupServerMessage *msg, const char *permit_no)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *obj, *fields;
  const char *status, *expires;
  sqlite3_stmt *q;
  GDate day;

  if (strcmp (soup_server_message_get_method (msg), "POST") != 0)
    {
      respond_error (msg, 405, "method_not_allowed", "این روش برای این نشانی پشتیبانی نمی‌شود.",
                     NULL);
      return;
    }
  if ((root = body_object (msg)) == NULL)
    return;
  obj = json_node_get_object (root);
  status = obj_string (obj, "status");
  expires = obj_string (obj, "expires_on");
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
      respond_validation (msg, fields);
      return;
    }
  json_object_unref (fields);
  q = stmt (self, "UPDATE permits SET status = COALESCE(?1, status),"
                  " expires_on = COALESCE(?2, expires_on) WHERE permit_no = ?3");
  sqlite3_bind_text (q, 1, status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (q, 2, expires, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (q, 3, permit_no, -1, SQLITE_TRANSIENT);
  exec_stmt (self, q);
  if (sqlite3_changes (self->db) == 0)
    {
      respond_error (msg, 404, "not_found", "پروانه‌ای با این شماره یافت نشد.", NULL);
      return;
    }
  soup_server_message_set_status (msg, 204, NULL);
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

/* ------------------------------------------------------------------ routing */

static void
route (PkSandboxServer   *self,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  const char *rest = path + strlen (API_PREFIX);
  gboolean get = strcmp (method, "GET") == 0;
  gboolean post = strcmp (method, "POST") == 0;
  gboolean known = TRUE;
  g_auto(GStrv) seg = g_strsplit (rest, "/", 4);
  guint n = g_strv_length (seg);

  if (n == 1 && strcmp (seg[0], "sessions") == 0)
    post ? handle_login (self, msg) : (void) (known = FALSE);
  else if (n == 2 && strcmp (seg[0], "sessions") == 0 && strcmp (seg[1], "current") == 0)
    strcmp (method, "DELETE") == 0 ? handle_logout (self, msg) : (void) (known = FALSE);
  else if (n == 1 && strcmp (seg[0], "services") == 0)
    get ? handle_services (self, msg, NULL) : (void) (known = FALSE);
  else if (n == 2 && strcmp (seg[0], "services") == 0)
    get ? handle_services (self, msg, seg[1]) : (void) (known = FALSE);
  else if (n == 1 && strcmp (seg[0], "parcels") == 0)
    get ? handle_parcel_search (self, msg, query) : (void) (known = FALSE);
  else if (n == 2 && strcmp (seg[0], "parcels") == 0)
    get ? handle_parcel (self, msg, seg[1]) : (void) (known = FALSE);
  else if (n == 1 && strcmp (seg[0], "inquiries") == 0)
    post ? handle_inquiry (self, msg) : (void) (known = FALSE);
  else if (n == 1 && strcmp (seg[0], "documents") == 0)
    post ? handle_document (self, msg) : (void) (known = FALSE);
  else if (n == 1 && strcmp (seg[0], "applications") == 0)
    post ? handle_application_submit (self, msg) : (void) (known = FALSE);
  else if (n == 2 && strcmp (seg[0], "applications") == 0)
    get ? handle_application_get (self, msg, seg[1], query) : (void) (known = FALSE);
  else if (n == 3 && strcmp (seg[0], "applications") == 0 && strcmp (seg[2], "payments") == 0)
    post ? handle_payment (self, msg, seg[1]) : (void) (known = FALSE);
  else if (n == 2 && strcmp (seg[0], "permits") == 0)
    get ? handle_permit (self, msg, seg[1]) : (void) (known = FALSE);
  else if (n == 1 && strcmp (seg[0], "verify") == 0)
    post ? handle_verify (self, msg) : (void) (known = FALSE);
  else if (n == 1 && strcmp (seg[0], "keys") == 0)
    get ? handle_keys (self, msg) : (void) (known = FALSE);
  else if (n == 2 && strcmp (seg[0], "reports") == 0 && strcmp (seg[1], "daily") == 0)
    get ? handle_report (self, msg, query) : (void) (known = FALSE);
  else
    {
      respond_error (msg, 404, "not_found", "چنین نشانی‌ای وجود ندارد.", NULL);
      return;
    }
  if (!known)
    respond_error (msg, 405, "method_not_allowed", "این روش برای این نشانی پشتیبانی نمی‌شود.",
                   NULL);
}

typedef enum { FAULT_NONE, FAULT_DROP, FAULT_ERROR, FAULT_TRUNCATE, FAULT_GARBAGE } Fault;

static void
serve (PkSandboxServer *self, SoupServerMessage *msg, const char *path, GHashTable *query,
       Fault fault)
{
  static const char garbage[] = "<html><body><h1>502 Bad Gateway</h1>\x01\xfe{\"items\":[";

  switch (fault)
    {
    case FAULT_DROP:
      drop_connection (msg);
      return;
    case FAULT_ERROR:
      respond_error (msg, 500, "internal", "خطای داخلی سرور (تزریق‌شده).", NULL);
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

  unwatch_message (d->msg, d->gone_ids);
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

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  PkSandboxServer *self = user_data;
  Fault fault = FAULT_NONE;

  if (strcmp (path, "/_sandbox/faults") == 0 || strcmp (path, API_PREFIX "_sandbox/faults") == 0)
    {
      handle_faults (self, msg);
      return;
    }
  if (g_str_has_prefix (path, "/_sandbox/permits/"))
    {
      handle_sandbox_permit (self, msg, path + strlen ("/_sandbox/permits/"));
      return;
    }
  if (!g_str_has_prefix (path, API_PREFIX))
    {
      respond_error (msg, 404, "not_found", "چنین نشانی‌ای وجود ندارد.", NULL);
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
          watch_message (msg, &d->gone, d->gone_ids);
          g_timeout_add_full (G_PRIORITY_DEFAULT, self->faults.latency_ms, delayed_serve, d,
                              delayed_free);
          return;
        }
    }
  serve (self, msg, path, query, fault);
}

/* ------------------------------------------------------------------ object */

static gpointer
checkpoint_thread (gpointer data)
{
  Checkpointer *c = data;

  g_mutex_lock (&c->lock);
  for (;;)
    {
      while (!c->wanted && !c->quit)
        g_cond_wait (&c->cond, &c->lock);
      if (c->quit)
        break;
      c->wanted = FALSE;
      g_mutex_unlock (&c->lock);
      /* Passive: copies what it can without making the writer wait. */
      sqlite3_wal_checkpoint_v2 (c->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      g_mutex_lock (&c->lock);
    }
  g_mutex_unlock (&c->lock);
  return NULL;
}

/* Called by SQLite after each commit of the main connection, with the WAL's size. */
static int
wal_hook (void *data, sqlite3 *db, const char *name, int n_pages)
{
  Checkpointer *c = data;

  if (n_pages >= CHECKPOINT_PAGES)
    {
      g_mutex_lock (&c->lock);
      c->wanted = TRUE;
      g_cond_signal (&c->cond);
      g_mutex_unlock (&c->lock);
    }
  return SQLITE_OK;
}

static gboolean
checkpointer_start (PkSandboxServer *self, const char *db_path, GError **error)
{
  Checkpointer *c = &self->checkpointer;

  if (sqlite3_open_v2 (db_path, &c->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      g_set_error (error, PK_SANDBOX_ERROR, PK_SANDBOX_ERROR_STORAGE, "%s: %s", db_path,
                   c->db ? sqlite3_errmsg (c->db) : "out of memory");
      return FALSE;
    }
  sqlite3_busy_timeout (c->db, 2000);
  if (!pk_sandbox_db_exec (c->db, "PRAGMA synchronous = NORMAL", error))
    return FALSE;
  c->thread = g_thread_new ("sandbox-checkpoint", checkpoint_thread, c);
  /* Replaces SQLite's own automatic checkpoint on this connection. */
  sqlite3_wal_hook (self->db, wal_hook, c);
  return TRUE;
}

static void
checkpointer_stop (PkSandboxServer *self)
{
  Checkpointer *c = &self->checkpointer;

  if (self->db != NULL)
    sqlite3_wal_hook (self->db, NULL, NULL);
  if (c->thread != NULL)
    {
      g_mutex_lock (&c->lock);
      c->quit = TRUE;
      g_cond_signal (&c->cond);
      g_mutex_unlock (&c->lock);
      g_clear_pointer (&c->thread, g_thread_join);
    }
  g_clear_pointer (&c->db, sqlite3_close);
}

static gboolean
open_storage (PkSandboxServer *self, GError **error)
{
  g_autofree char *db_path = g_build_filename (self->data_dir, "sandbox.db", NULL);
  g_autofree char *docs = g_build_filename (self->data_dir, "documents", NULL);
  sqlite3_stmt *q = NULL;
  gboolean fresh;

  if (g_mkdir_with_parents (docs, 0700) != 0)
    {
      g_set_error (error, PK_SANDBOX_ERROR, PK_SANDBOX_ERROR_STORAGE, "cannot create %s: %s",
                   docs, g_strerror (errno));
      return FALSE;
    }
  if (sqlite3_open_v2 (db_path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      g_set_error (error, PK_SANDBOX_ERROR, PK_SANDBOX_ERROR_STORAGE, "%s: %s", db_path,
                   self->db ? sqlite3_errmsg (self->db) : "out of memory");
      return FALSE;
    }
  sqlite3_busy_timeout (self->db, 2000);
  /* Durability: WAL with synchronous=NORMAL. Every commit is in the WAL (the kernel's page
   * cache) before its answer goes out, so killing the sandbox never loses an acknowledged
   * application or idempotency key; an OS crash or power cut can lose the last ones (the WAL
   * is synced at checkpoints). Enough for a training and test server whose city is
   * generated. The real central API must make each commit durable (FULL, or replicated)
   * before answering: a kiosk drops a document's bytes once acknowledged, and exactly once
   * relies on the server remembering every key it answered. */
  if (!pk_sandbox_db_exec (self->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                                     " PRAGMA foreign_keys = ON;", error) ||
      !pk_sandbox_city_create_schema (self->db, error))
    goto fail;

  sqlite3_prepare_v2 (self->db, "SELECT value FROM meta WHERE key = 'seed'", -1, &q, NULL);
  fresh = sqlite3_step (q) != SQLITE_ROW;
  if (!fresh)
    self->seed = g_ascii_strtoull ((const char *) sqlite3_column_text (q, 0), NULL, 10);
  sqlite3_finalize (q);
  if (fresh && !pk_sandbox_city_generate (self->db, self->seed, error))
    goto fail;
  if (!pk_sandbox_catalogue_install (self->db, error))
    goto fail;
  if (!checkpointer_start (self, db_path, error))
    goto fail;
  return TRUE;

fail:
  if (error && *error && (*error)->domain != PK_SANDBOX_ERROR)
    {
      (*error)->domain = PK_SANDBOX_ERROR;
      (*error)->code = PK_SANDBOX_ERROR_STORAGE;
    }
  return FALSE;
}

static gboolean
pk_sandbox_server_initable_init (GInitable     *initable,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  PkSandboxServer *self = PK_SANDBOX_SERVER (initable);
  g_autoptr(GError) local = NULL;

  if (self->data_dir == NULL)
    {
      g_set_error_literal (error, PK_SANDBOX_ERROR, PK_SANDBOX_ERROR_STORAGE, "no data directory");
      return FALSE;
    }
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, PK_SANDBOX_ERROR, PK_SANDBOX_ERROR_KEYS, "libsodium init failed");
      return FALSE;
    }
  if (!open_storage (self, error))
    return FALSE;
  if (!pk_sandbox_keys_load_or_create (self->data_dir, &self->keys, &local))
    {
      g_set_error (error, PK_SANDBOX_ERROR, PK_SANDBOX_ERROR_KEYS, "%s", local->message);
      return FALSE;
    }
  self->services_json = build_services_json (self);
  return TRUE;
}

static void
initable_iface_init (GInitableIface *iface)
{
  iface->init = pk_sandbox_server_initable_init;
}

/* GAsyncInitable's default implementation runs GInitable.init in a worker thread: opening the
 * database and generating a city stay off the GUI's main loop. Nothing libsoup is touched
 * until listen(), on the caller's thread. */
static void
async_initable_iface_init (GAsyncInitableIface *iface)
{
}

static void
pk_sandbox_server_dispose (GObject *object)
{
  PkSandboxServer *self = PK_SANDBOX_SERVER (object);

  if (self->soup != NULL)
    {
      soup_server_disconnect (self->soup);
      g_clear_object (&self->soup);
    }
  G_OBJECT_CLASS (pk_sandbox_server_parent_class)->dispose (object);
}

static void
pk_sandbox_server_finalize (GObject *object)
{
  PkSandboxServer *self = PK_SANDBOX_SERVER (object);

  checkpointer_stop (self);
  g_clear_pointer (&self->stmts, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_clear_pointer (&self->sessions, g_hash_table_unref);
  g_clear_pointer (&self->service_schemas, g_hash_table_unref);
  g_free (self->services_json);
  g_free (self->data_dir);
  g_mutex_clear (&self->checkpointer.lock);
  g_cond_clear (&self->checkpointer.cond);
  sodium_memzero (&self->keys, sizeof self->keys);
  G_OBJECT_CLASS (pk_sandbox_server_parent_class)->finalize (object);
}

static void
pk_sandbox_server_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PkSandboxServer *self = PK_SANDBOX_SERVER (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;
    case PROP_SEED:
      g_value_set_uint64 (value, self->seed);
      break;
    case PROP_REVIEW_DELAY:
      g_value_set_uint (value, self->review_delay);
      break;
    case PROP_TOKEN_LIFETIME:
      g_value_set_uint (value, self->token_lifetime);
      break;
    case PROP_FAULTS_ENABLED:
      g_value_set_boolean (value, self->faults_enabled);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_sandbox_server_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  PkSandboxServer *self = PK_SANDBOX_SERVER (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_free (self->data_dir);
      self->data_dir = g_value_dup_string (value);
      break;
    case PROP_SEED:
      self->seed = g_value_get_uint64 (value);
      break;
    case PROP_REVIEW_DELAY:
      pk_sandbox_server_set_review_delay (self, g_value_get_uint (value));
      break;
    case PROP_TOKEN_LIFETIME:
      pk_sandbox_server_set_token_lifetime (self, g_value_get_uint (value));
      break;
    case PROP_FAULTS_ENABLED:
      pk_sandbox_server_set_faults_enabled (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_sandbox_server_class_init (PkSandboxServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pk_sandbox_server_dispose;
  object_class->finalize = pk_sandbox_server_finalize;
  object_class->get_property = pk_sandbox_server_get_property;
  object_class->set_property = pk_sandbox_server_set_property;

  properties[PROP_DATA_DIR] =
    g_param_spec_string ("data-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEED] =
    g_param_spec_uint64 ("seed", NULL, NULL, 0, G_MAXUINT64, PK_SANDBOX_DEFAULT_SEED,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVIEW_DELAY] =
    g_param_spec_uint ("review-delay", NULL, NULL, 0, 86400, PK_SANDBOX_DEFAULT_REVIEW_DELAY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN_LIFETIME] =
    g_param_spec_uint ("token-lifetime", NULL, NULL, 0, G_MAXINT, PK_SANDBOX_DEFAULT_TOKEN_LIFETIME,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FAULTS_ENABLED] =
    g_param_spec_boolean ("faults-enabled", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pk_sandbox_server_init (PkSandboxServer *self)
{
  self->seed = PK_SANDBOX_DEFAULT_SEED;
  self->review_delay = PK_SANDBOX_DEFAULT_REVIEW_DELAY;
  self->token_lifetime = PK_SANDBOX_DEFAULT_TOKEN_LIFETIME;
  self->stmts = g_hash_table_new_full (NULL, NULL, NULL, stmt_finalize);
  self->service_schemas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) json_node_unref);
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) session_free);
  g_mutex_init (&self->checkpointer.lock);
  g_cond_init (&self->checkpointer.cond);
}

/* ------------------------------------------------------------------ public API */

PkSandboxServer *
pk_sandbox_server_new (const char  *data_dir,
                       guint64      seed,
                       GError     **error)
{
  g_return_val_if_fail (data_dir != NULL, NULL);

  return g_initable_new (PK_TYPE_SANDBOX_SERVER, NULL, error, "data-dir", data_dir, "seed", seed,
                         NULL);
}

/**
 * pk_sandbox_server_new_async:
 *
 * Like pk_sandbox_server_new(), with the database work (up to ~0.3 s on first start) done on a
 * worker thread. Finish with pk_sandbox_server_new_finish().
 */
void
pk_sandbox_server_new_async (const char          *data_dir,
                             guint64              seed,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (data_dir != NULL);

  g_async_initable_new_async (PK_TYPE_SANDBOX_SERVER, G_PRIORITY_DEFAULT, cancellable, callback,
                              user_data, "data-dir", data_dir, "seed", seed, NULL);
}

PkSandboxServer *
pk_sandbox_server_new_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_autoptr(GObject) source = g_async_result_get_source_object (result);
  GObject *object;

  g_return_val_if_fail (G_IS_ASYNC_INITABLE (source), NULL);

  object = g_async_initable_new_finish (G_ASYNC_INITABLE (source), result, error);
  return object ? PK_SANDBOX_SERVER (object) : NULL;
}

guint16
pk_sandbox_server_listen (PkSandboxServer  *self,
                          guint16           port,
                          GError          **error)
{
  g_autoptr(GInetAddress) lo = NULL;
  g_autoptr(GSocketAddress) addr = NULL;
  GSList *uris;

  g_return_val_if_fail (PK_IS_SANDBOX_SERVER (self), 0);

  if (self->soup == NULL)
    {
      self->soup = soup_server_new ("server-header", "pishkhan-sandbox/" PACKAGE_VERSION " ", NULL);
      soup_server_add_handler (self->soup, NULL, server_callback, self, NULL);
    }
  lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  addr = g_inet_socket_address_new (lo, port);
  if (!soup_server_listen (self->soup, addr, 0, error))
    {
      if (error && *error)
        {
          (*error)->domain = PK_SANDBOX_ERROR;
          (*error)->code = PK_SANDBOX_ERROR_LISTEN;
        }
      return 0;
    }
  uris = soup_server_get_uris (self->soup);
  for (GSList *l = uris; l; l = l->next)
    {
      gint p = g_uri_get_port (l->data);

      if (p > 0)
        self->port = (guint16) p;
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return self->port;
}

void
pk_sandbox_server_disconnect (PkSandboxServer *self)
{
  g_return_if_fail (PK_IS_SANDBOX_SERVER (self));

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  self->port = 0;
}

guint16
pk_sandbox_server_get_port (PkSandboxServer *self)
{
  g_return_val_if_fail (PK_IS_SANDBOX_SERVER (self), 0);
  return self->port;
}

char *
pk_sandbox_server_get_base_url (PkSandboxServer *self)
{
  g_return_val_if_fail (PK_IS_SANDBOX_SERVER (self), NULL);

  if (self->port == 0)
    return NULL;
  return g_strdup_printf ("http://127.0.0.1:%u/api/v1", self->port);
}

guint
pk_sandbox_server_get_review_delay (PkSandboxServer *self)
{
  g_return_val_if_fail (PK_IS_SANDBOX_SERVER (self), 0);
  return self->review_delay;
}

void
pk_sandbox_server_set_review_delay (PkSandboxServer *self,
                                    guint            seconds)
{
  g_return_if_fail (PK_IS_SANDBOX_SERVER (self));

  if (self->review_delay == seconds)
    return;
  self->review_delay = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVIEW_DELAY]);
}

guint
pk_sandbox_server_get_token_lifetime (PkSandboxServer *self)
{
  g_return_val_if_fail (PK_IS_SANDBOX_SERVER (self), 0);
  return self->token_lifetime;
}

void
pk_sandbox_server_set_token_lifetime (PkSandboxServer *self,
                                      guint            seconds)
{
  g_return_if_fail (PK_IS_SANDBOX_SERVER (self));

  if (self->token_lifetime == seconds)
    return;
  self->token_lifetime = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN_LIFETIME]);
}

gboolean
pk_sandbox_server_get_faults_enabled (PkSandboxServer *self)
{
  g_return_val_if_fail (PK_IS_SANDBOX_SERVER (self), FALSE);
  return self->faults_enabled;
}

void
pk_sandbox_server_set_faults_enabled (PkSandboxServer *self,
                                      gboolean         enabled)
{
  g_return_if_fail (PK_IS_SANDBOX_SERVER (self));

  enabled = !!enabled;
  if (self->faults_enabled == enabled)
    return;
  self->faults_enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAULTS_ENABLED]);
}

void
pk_sandbox_server_set_faults (PkSandboxServer       *self,
                              const PkSandboxFaults *faults)
{
  g_return_if_fail (PK_IS_SANDBOX_SERVER (self));
  g_return_if_fail (faults != NULL);

  self->faults = *faults;
  self->fault_state = faults->seed;
}

void
pk_sandbox_server_get_faults (PkSandboxServer *self,
                              PkSandboxFaults *faults)
{
  g_return_if_fail (PK_IS_SANDBOX_SERVER (self));
  g_return_if_fail (faults != NULL);

  *faults = self->faults;
}

const char *
pk_sandbox_server_get_data_dir (PkSandboxServer *self)
{
  g_return_val_if_fail (PK_IS_SANDBOX_SERVER (self), NULL);
  return self->data_dir;
}

const char *
pk_sandbox_server_get_key_id (PkSandboxServer *self)
{
  g_return_val_if_fail (PK_IS_SANDBOX_SERVER (self), NULL);
  return self->keys.key_id;
}

GBytes *
pk_sandbox_server_dup_public_key (PkSandboxServer *self)
{
  g_return_val_if_fail (PK_IS_SANDBOX_SERVER (self), NULL);
  return g_bytes_new (self->keys.public_key, sizeof self->keys.public_key);
}

char *
pk_sandbox_server_dup_city_hash (PkSandboxServer  *self,
                                 GError          **error)
{
  g_return_val_if_fail (PK_IS_SANDBOX_SERVER (self), NULL);
  return pk_sandbox_city_hash (self->db, error);
}

char **
pk_sandbox_server_dup_sample_parcels (PkSandboxServer *self,
                                      guint            n)
{
  sqlite3_stmt *q;
  GPtrArray *out = g_ptr_array_new ();

  g_return_val_if_fail (PK_IS_SANDBOX_SERVER (self), NULL);

  q = stmt (self, "SELECT renovation_code FROM parcels WHERE zone IN ('R2', 'R3')"
                  " AND area_m2 >= 150 ORDER BY renovation_code LIMIT ?");
  sqlite3_bind_int (q, 1, (int) n);
  while (sqlite3_step (q) == SQLITE_ROW)
    g_ptr_array_add (out, col_dup (q, 0));
  sqlite3_reset (q);
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

const PkSandboxAccount *
pk_sandbox_server_get_training_accounts (guint *n_accounts)
{
  return pk_sandbox_city_accounts (n_accounts);
}
