/* test-http.c — the sandbox API over real loopback HTTP, with a plain SoupSession
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server runs in-process on this thread's main context, as in the kiosk's training mode;
 * requests are async and the test iterates the context until each reply arrives.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <malloc.h>
#include <sodium.h>
#include <string.h>

#include "pk-permit-code.h"
#include "pk-sandbox-server.h"

static PkSandboxServer *server;
static char *base_url;
static char *data_dir;
static SoupSession *session;

typedef struct
{
  guint               status;
  GBytes             *body;
  SoupMessageHeaders *headers;
  GError             *error;
  JsonNode           *json;
  gboolean            done;
} Reply;

static void
reply_free (Reply *r)
{
  g_clear_pointer (&r->body, g_bytes_unref);
  g_clear_pointer (&r->headers, soup_message_headers_unref);
  g_clear_error (&r->error);
  g_clear_pointer (&r->json, json_node_unref);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static void
read_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Reply *r = user_data;

  r->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &r->error);
  r->done = TRUE;
}

static Reply *
call_full (SoupSession *sess, const char *method, const char *path, const char *token,
           const char *content_type, const void *body, gsize len, const char *idem_key)
{
  g_autofree char *url = g_str_has_prefix (path, "/_") ?
    g_strdup_printf ("http://127.0.0.1:%u%s", pk_sandbox_server_get_port (server), path) :
    g_strconcat (base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  Reply *r = g_new0 (Reply, 1);

  g_assert_nonnull (msg);
  if (token)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (idem_key)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key",
                                  idem_key);
  if (body)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, len);

      soup_message_set_request_body_from_bytes (msg, content_type ? content_type
                                                                  : "application/json", bytes);
    }
  soup_session_send_and_read_async (sess, msg, G_PRIORITY_DEFAULT, NULL, read_done, r);
  while (!r->done)
    g_main_context_iteration (NULL, TRUE);
  r->status = soup_message_get_status (msg);
  r->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (r->body && g_bytes_get_size (r->body) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize blen;
      const char *data = g_bytes_get_data (r->body, &blen);

      if (json_parser_load_from_data (parser, data, (gssize) blen, NULL))
        r->json = json_node_ref (json_parser_get_root (parser));
    }
  return r;
}

static Reply *
call (const char *method, const char *path, const char *token, const char *json,
      const char *idem_key)
{
  return call_full (session, method, path, token, NULL, json, json ? strlen (json) : 0, idem_key);
}

static JsonObject *
obj (Reply *r)
{
  g_assert_nonnull (r->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (r->json));
  return json_node_get_object (r->json);
}

/* Every error has the documented shape; returns error.code. */
static const char *
error_code (Reply *r)
{
  JsonObject *e;

  g_assert_cmpuint (r->status, >=, 400);
  g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==, "application/json");
  e = json_object_get_object_member (obj (r), "error");
  g_assert_nonnull (e);
  g_assert_nonnull (json_object_get_string_member (e, "message"));
  g_assert_cmpuint (strlen (json_object_get_string_member (e, "message")), >, 0);
  return json_object_get_string_member (e, "code");
}

static const char *
field_code (Reply *r, const char *field)
{
  JsonObject *e = json_object_get_object_member (obj (r), "error");
  JsonObject *fields = json_object_get_object_member (e, "fields");

  g_assert_nonnull (fields);
  return json_object_get_string_member_with_default (fields, field, NULL);
}

static char *
login_as (const char *office, const char *user, const char *password)
{
  g_autofree char *body = g_strdup_printf ("{\"office_code\":\"%s\",\"username\":\"%s\","
                                           "\"password\":\"%s\"}", office, user, password);
  g_autoptr(Reply) r = call ("POST", "/sessions", NULL, body, NULL);

  g_assert_cmpuint (r->status, ==, 201);
  return g_strdup (json_object_get_string_member (obj (r), "token"));
}

static char *
sample_parcel (guint i)
{
  g_auto(GStrv) codes = pk_sandbox_server_dup_sample_parcels (server, i + 1);

  g_assert_cmpuint (g_strv_length (codes), ==, i + 1);
  return g_strdup (codes[i]);
}

static char *
application_body (const char *code, const char *nid, gdouble floor_area, const char *extra)
{
  return g_strdup_printf (
    "{\"service_code\":\"NEW_BUILD\",\"renovation_code\":\"%s\","
    "\"applicants\":[{\"first_name\":\"علی\",\"last_name\":\"رضایی\",\"national_id\":\"%s\","
    "\"mobile\":\"09121234567\",\"share_percent\":100}],"
    "\"fields\":{\"floors\":[{\"level\":0,\"use\":\"parking\",\"area_m2\":%.2f,\"units\":0},"
    "{\"level\":1,\"use\":\"residential\",\"area_m2\":%.2f,\"units\":1}],"
    "\"structure\":\"concrete\",\"parking_spaces\":1,\"engineer_license\":\"1-23-4567\","
    "\"contact_mobile\":\"09121234567\",\"accept_terms\":true},\"documents\":[]%s}",
    code, nid, floor_area, floor_area, extra ? extra : "");
}

static char *
unique_key (void)
{
  static guint n;

  return g_strdup_printf ("test-key-%08u-%08x", ++n, g_random_int ());
}

/* ------------------------------------------------------------------ tests */

static void
test_login (void)
{
  g_autoptr(Reply) bad = call ("POST", "/sessions", NULL,
                               "{\"office_code\":\"12034\",\"username\":\"op1\","
                               "\"password\":\"wrong\"}", NULL);
  g_autoptr(Reply) missing = call ("POST", "/sessions", NULL, "{\"office_code\":\"12034\"}", NULL);
  g_autoptr(Reply) garbage = call ("POST", "/sessions", NULL, "not json", NULL);
  g_autoptr(Reply) ok = call ("POST", "/sessions", NULL,
                              "{\"office_code\":\"12034\",\"username\":\"sup1\","
                              "\"password\":\"sup1-1405\"}", NULL);
  g_autoptr(Reply) services = NULL, logout = NULL, after = NULL, none = NULL;
  const char *token;

  g_assert_cmpstr (error_code (bad), ==, "invalid_credentials");
  g_assert_cmpuint (bad->status, ==, 401);
  g_assert_cmpstr (error_code (missing), ==, "bad_request");
  g_assert_cmpstr (error_code (garbage), ==, "bad_request");
  g_assert_cmpuint (ok->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (obj (ok), "role"), ==, "supervisor");
  g_assert_nonnull (json_object_get_string_member (obj (ok), "expires_at"));
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (obj (ok), "office"), "code"), ==, "12034");
  g_assert_nonnull (soup_message_headers_get_one (ok->headers, "Date"));
  token = json_object_get_string_member (obj (ok), "token");

  services = call ("GET", "/services", token, NULL, NULL);
  g_assert_cmpuint (services->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (services), "items")),
                    >=, 28);
  logout = call ("DELETE", "/sessions/current", token, NULL, NULL);
  g_assert_cmpuint (logout->status, ==, 204);
  after = call ("GET", "/services", token, NULL, NULL);
  g_assert_cmpstr (error_code (after), ==, "unauthorized");
  none = call ("GET", "/services", NULL, NULL, NULL);
  g_assert_cmpstr (error_code (none), ==, "unauthorized");
}

static void
test_token_expiry (void)
{
  g_autofree char *token = NULL;
  g_autoptr(Reply) r = NULL;

  pk_sandbox_server_set_token_lifetime (server, 0);
  token = login_as ("12034", "op1", "op1-1405");
  pk_sandbox_server_set_token_lifetime (server, PK_SANDBOX_DEFAULT_TOKEN_LIFETIME);
  r = call ("GET", "/services", token, NULL, NULL);
  g_assert_cmpuint (r->status, ==, 401);
  g_assert_cmpstr (error_code (r), ==, "token_expired");
}

static void
test_parcels (void)
{
  g_autofree char *token = login_as ("12034", "kiosk1", "kiosk1-1405");
  g_autofree char *code = sample_parcel (0);
  g_autofree char *digits = NULL;
  g_autofree char *path = g_strdup_printf ("/parcels/%s", code);
  g_autoptr(Reply) r = call ("GET", path, token, NULL, NULL);
  g_autoptr(Reply) r2 = NULL, unknown = NULL, invalid = NULL, bad_postal = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;
  JsonObject *p;
  guint pages = 0;

  g_assert_cmpuint (r->status, ==, 200);
  p = obj (r);
  g_assert_cmpstr (json_object_get_string_member (p, "renovation_code"), ==, code);
  g_assert_cmpuint (strlen (json_object_get_string_member (p, "postal_code")), ==, 10);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (
                   json_object_get_object_member (p, "geometry"), "type"), "Polygon"));

  /* The same code typed without dashes. */
  digits = g_strdup (code);
  {
    char *w = digits;

    for (const char *c = code; *c; c++)
      if (*c != '-')
        *w++ = *c;
    *w = '\0';
  }
  g_free (path);
  path = g_strdup_printf ("/parcels/%s", digits);
  r2 = call ("GET", path, token, NULL, NULL);
  g_assert_cmpuint (r2->status, ==, 200);

  unknown = call ("GET", "/parcels/99-999-999-000-000-000", token, NULL, NULL);
  g_assert_cmpstr (error_code (unknown), ==, "not_found");
  invalid = call ("GET", "/parcels/12-34", token, NULL, NULL);
  g_assert_cmpstr (error_code (invalid), ==, "validation");
  g_assert_cmpstr (field_code (invalid, "renovation_code"), ==, "invalid");
  bad_postal = call ("GET", "/parcels?postal_code=12ab", token, NULL, NULL);
  g_assert_cmpstr (field_code (bad_postal, "postal_code"), ==, "invalid");

  /* Postal area 57111 (district 1, first block) exists for every seed; walk all its pages. */
  do
    {
      g_autofree char *q = cursor ?
        g_strdup_printf ("/parcels?postal_code=57111&limit=7&cursor=%s", cursor) :
        g_strdup ("/parcels?postal_code=57111&limit=7");
      g_autoptr(Reply) page = call ("GET", q, token, NULL, NULL);
      JsonArray *items;
      JsonNode *next;

      g_assert_cmpuint (page->status, ==, 200);
      items = json_object_get_array_member (obj (page), "items");
      g_assert_cmpuint (json_array_get_length (items), <=, 7);
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *it = json_array_get_object_element (items, i);

          g_assert_true (g_str_has_prefix (json_object_get_string_member (it, "postal_code"),
                                           "57111"));
          g_assert_true (g_hash_table_add (seen, g_strdup (json_object_get_string_member (
                                                   it, "renovation_code"))));
        }
      g_clear_pointer (&cursor, g_free);
      next = json_object_get_member (obj (page), "next_cursor");
      g_assert_nonnull (next);
      if (!JSON_NODE_HOLDS_NULL (next))
        {
          g_assert_cmpuint (json_array_get_length (items), ==, 7);
          cursor = g_uri_escape_string (json_node_get_string (next), NULL, FALSE);
        }
      pages++;
    }
  while (cursor != NULL);
  g_assert_cmpuint (g_hash_table_size (seen), >=, 40);
  /* The server looks one row ahead, so a full last page still ends with next_cursor null. */
  g_assert_cmpuint (pages, ==, (g_hash_table_size (seen) + 6) / 7);
  {
    g_autofree char *q = g_strdup_printf ("/parcels?postal_code=57111&limit=%u",
                                          g_hash_table_size (seen));
    g_autoptr(Reply) exact = call ("GET", q, token, NULL, NULL);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (exact), "items")),
                      ==, g_hash_table_size (seen));
    g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (obj (exact), "next_cursor")));
  }
}

static void
test_inquiry (void)
{
  g_autofree char *token = login_as ("12034", "kiosk1", "kiosk1-1405");
  g_autofree char *code = sample_parcel (1);
  g_autofree char *body = g_strdup_printf ("{\"renovation_code\":\"%s\","
                                           "\"service_code\":\"NEW_BUILD\"}", code);
  g_autoptr(Reply) r = call ("POST", "/inquiries", token, body, NULL);
  g_autoptr(Reply) bad = call ("POST", "/inquiries", token,
                               "{\"renovation_code\":\"1\",\"service_code\":\"NOPE\"}", NULL);
  JsonObject *rules, *fees;
  JsonArray *items;
  gint64 sum = 0;

  g_assert_cmpuint (r->status, ==, 201);
  g_assert_cmpuint (strlen (json_object_get_string_member (obj (r), "tracking_code")), ==, 12);
  g_assert_cmpstr (json_object_get_string_member (obj (r), "rulebook_version"), ==, "1405.1");
  rules = json_object_get_object_member (obj (r), "rules");
  g_assert_cmpfloat (json_object_get_double_member (rules, "density_percent"), >, 0);
  g_assert_cmpint (json_object_get_int_member (rules, "max_floors"), >=, 2);
  fees = json_object_get_object_member (obj (r), "fees");
  items = json_object_get_array_member (fees, "items");
  g_assert_cmpuint (json_array_get_length (items), >=, 2);
  for (guint i = 0; i < json_array_get_length (items); i++)
    sum += json_object_get_int_member (json_array_get_object_element (items, i), "amount_rial");
  g_assert_cmpint (sum, ==, json_object_get_int_member (fees, "total_rial"));
  g_assert_cmpint (sum, >, 0);

  g_assert_cmpstr (error_code (bad), ==, "validation");
  g_assert_cmpstr (field_code (bad, "renovation_code"), ==, "invalid");
  g_assert_cmpstr (field_code (bad, "service_code"), ==, "unknown");
}

static void
test_roles (void)
{
  g_autofree char *kiosk = login_as ("12034", "kiosk1", "kiosk1-1405");
  g_autofree char *op = login_as ("12034", "op1", "op1-1405");
  g_autofree char *sup = login_as ("12034", "sup1", "sup1-1405");
  g_autofree char *code = sample_parcel (0);
  g_autofree char *body = application_body (code, "0499370899", 60, NULL);
  g_autofree char *key = unique_key ();
  g_autoptr(Reply) submit = call ("POST", "/applications", kiosk, body, key);
  g_autoptr(Reply) no_key = call ("POST", "/applications", kiosk, body, NULL);
  g_autoptr(Reply) doc = call_full (session, "POST", "/documents", kiosk, "application/pdf",
                                    "%PDF-1.4\n", 9, NULL);
  g_autoptr(Reply) pay = call ("POST", "/applications/APP-x/payments", kiosk,
                               "{\"reference\":\"r\",\"amount_rial\":1}", NULL);
  g_autoptr(Reply) report_op = call ("GET", "/reports/daily", op, NULL, NULL);
  g_autoptr(Reply) report_kiosk = call ("GET", "/reports/daily", kiosk, NULL, NULL);
  g_autoptr(Reply) report_sup = call ("GET", "/reports/daily", sup, NULL, NULL);
  g_autoptr(Reply) report_other = call ("GET", "/reports/daily?office=12035", sup, NULL, NULL);

  g_assert_cmpuint (submit->status, ==, 403);
  g_assert_cmpstr (error_code (submit), ==, "forbidden");
  /* Role before anything else: no key, still 403. */
  g_assert_cmpstr (error_code (no_key), ==, "forbidden");
  g_assert_cmpstr (error_code (doc), ==, "forbidden");
  g_assert_cmpstr (error_code (pay), ==, "forbidden");
  g_assert_cmpstr (error_code (report_op), ==, "forbidden");
  g_assert_cmpstr (error_code (report_kiosk), ==, "forbidden");
  g_assert_cmpuint (report_sup->status, ==, 200);
  g_assert_cmpstr (error_code (report_other), ==, "forbidden");
}

static void
test_idempotency (void)
{
  g_autofree char *op = login_as ("12034", "op1", "op1-1405");
  g_autofree char *op_b = login_as ("12035", "op1", "op1-1405");
  g_autofree char *code = sample_parcel (2);
  g_autofree char *body = application_body (code, "0499370899", 60, NULL);
  g_autofree char *other = application_body (code, "0499370899", 61, NULL);
  g_autofree char *key = unique_key ();
  g_autoptr(Reply) no_key = call ("POST", "/applications", op, body, NULL);
  g_autoptr(Reply) bad_key = call ("POST", "/applications", op, body, "short");
  g_autoptr(Reply) first = call ("POST", "/applications", op, body, key);
  g_autoptr(Reply) again = NULL, conflict = NULL, other_office = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *pretty = NULL;

  g_assert_cmpuint (no_key->status, ==, 428);
  g_assert_cmpstr (error_code (no_key), ==, "idempotency_key_required");
  g_assert_cmpstr (error_code (bad_key), ==, "bad_request");
  g_assert_cmpuint (first->status, ==, 201);
  g_assert_null (soup_message_headers_get_one (first->headers, "Idempotent-Replayed"));

  /* Same meaning, different text: pretty-printed (members keep their order here, but
   * whitespace and number formatting differ). */
  g_assert_true (json_parser_load_from_data (parser, body, -1, NULL));
  json_generator_set_root (gen, json_parser_get_root (parser));
  json_generator_set_pretty (gen, TRUE);
  pretty = json_generator_to_data (gen, NULL);
  g_assert_cmpstr (pretty, !=, body);
  again = call ("POST", "/applications", op, pretty, key);
  g_assert_cmpuint (again->status, ==, 201);
  g_assert_cmpstr (soup_message_headers_get_one (again->headers, "Idempotent-Replayed"), ==, "true");
  g_assert_true (g_bytes_equal (first->body, again->body));

  conflict = call ("POST", "/applications", op, other, key);
  g_assert_cmpuint (conflict->status, ==, 409);
  g_assert_cmpstr (error_code (conflict), ==, "conflict");

  /* Keys are per office. */
  other_office = call ("POST", "/applications", op_b, other, key);
  g_assert_cmpuint (other_office->status, ==, 201);
}

static void
test_canonical_member_order (void)
{
  g_autofree char *op = login_as ("12034", "op2", "op2-1405");
  g_autofree char *code = sample_parcel (3);
  g_autofree char *key = unique_key ();
  g_autofree char *a = g_strdup_printf (
    "{\"service_code\":\"DEMOLITION\",\"renovation_code\":\"%s\",\"applicants\":[{"
    "\"first_name\":\"سارا\",\"last_name\":\"نوری\",\"national_id\":\"0499370899\","
    "\"mobile\":\"09121234567\",\"share_percent\":100}],\"fields\":{\"area_m2\":120,"
    "\"start_date\":\"1405/09/01\",\"engineer_license\":\"1-23-4567\","
    "\"contact_mobile\":\"09121234567\"}}", code);
  g_autofree char *b = g_strdup_printf (
    "{ \"fields\": {\"contact_mobile\":\"09121234567\",\"engineer_license\":\"1-23-4567\","
    "\"start_date\":\"1405/09/01\",\"area_m2\":120.0}, \"applicants\":[{\"share_percent\":100,"
    "\"mobile\":\"09121234567\",\"national_id\":\"0499370899\",\"last_name\":\"نوری\","
    "\"first_name\":\"سارا\"}], \"renovation_code\":\"%s\", \"service_code\":\"DEMOLITION\" }",
    code);
  g_autoptr(Reply) first = call ("POST", "/applications", op, a, key);
  g_autoptr(Reply) again = call ("POST", "/applications", op, b, key);

  g_assert_cmpuint (first->status, ==, 201);
  g_assert_cmpuint (again->status, ==, 201);
  g_assert_cmpstr (soup_message_headers_get_one (again->headers, "Idempotent-Replayed"), ==, "true");
  g_assert_true (g_bytes_equal (first->body, again->body));
}

static void
test_validation (void)
{
  g_autofree char *op = login_as ("12034", "op1", "op1-1405");
  g_autofree char *code = sample_parcel (0);
  g_autofree char *bad_id = application_body (code, "0499370890", 60, NULL);
  g_autofree char *bad_receipt = application_body (code, "0499370899", 60,
                                                   ",\"fee_receipt\":{\"reference\":\"\"}");
  g_autofree char *no_floors = g_strdup_printf (
    "{\"service_code\":\"NEW_BUILD\",\"renovation_code\":\"%s\",\"applicants\":[{"
    "\"first_name\":\"علی\",\"last_name\":\"رضایی\",\"national_id\":\"0499370899\","
    "\"mobile\":\"0912\",\"share_percent\":100}],\"fields\":{\"structure\":\"wood\","
    "\"parking_spaces\":-1,\"engineer_license\":\"x\",\"contact_mobile\":\"09121234567\","
    "\"accept_terms\":true},\"documents\":[\"DOC-nope\"]}", code);
  g_autofree char *bad_row = NULL;
  g_autofree char *k1 = unique_key (), *k2 = unique_key (), *k3 = unique_key (), *k4 = unique_key ();
  g_autoptr(Reply) r1 = call ("POST", "/applications", op, bad_id, k1);
  g_autoptr(Reply) r2 = call ("POST", "/applications", op, no_floors, k2);
  g_autoptr(Reply) r3 = call ("POST", "/applications", op, bad_receipt, k3);
  g_autoptr(Reply) r4 = NULL;

  {
    gsize huge_len = 1024 * 1024 + 10;
    g_autofree char *huge = g_malloc (huge_len + 1);
    g_autofree char *k5 = unique_key ();
    g_autoptr(Reply) r5 = NULL;

    memset (huge, ' ', huge_len);
    huge[0] = '{';
    huge[huge_len - 1] = '}';
    huge[huge_len] = '\0';
    r5 = call ("POST", "/applications", op, huge, k5);
    g_assert_cmpuint (r5->status, ==, 413);
    g_assert_cmpstr (error_code (r5), ==, "too_large");
  }

  {
    g_autofree char *half = application_body (code, "0499370899", 60, NULL);
    g_autofree char *k6 = unique_key ();
    g_autoptr(Reply) r6 = NULL;
    char *pos = strstr (half, "\"share_percent\":100");

    g_assert_nonnull (pos);
    memcpy (pos, "\"share_percent\":050", strlen ("\"share_percent\":050"));
    /* "050" is not JSON: keep it a number. */
    pos[strlen ("\"share_percent\":")] = ' ';
    r6 = call ("POST", "/applications", op, half, k6);
    g_assert_cmpuint (r6->status, ==, 422);
    g_assert_cmpstr (field_code (r6, "applicants"), ==, "out_of_range");
  }

  g_assert_cmpuint (r1->status, ==, 422);
  g_assert_cmpstr (error_code (r1), ==, "validation");
  g_assert_cmpstr (field_code (r1, "applicants[0].national_id"), ==, "checksum");

  g_assert_cmpuint (r2->status, ==, 422);
  g_assert_cmpstr (field_code (r2, "fields.floors"), ==, "required");
  g_assert_cmpstr (field_code (r2, "fields.structure"), ==, "not_allowed");
  g_assert_cmpstr (field_code (r2, "fields.parking_spaces"), ==, "out_of_range");
  g_assert_cmpstr (field_code (r2, "fields.engineer_license"), ==, "invalid");
  g_assert_cmpstr (field_code (r2, "applicants[0].mobile"), ==, "invalid");
  g_assert_cmpstr (field_code (r2, "documents[0]"), ==, "unknown");

  g_assert_cmpstr (field_code (r3, "fee_receipt.reference"), ==, "required");
  g_assert_cmpstr (field_code (r3, "fee_receipt.amount_rial"), ==, "required");

  /* A repeated group row is checked field by field. */
  bad_row = g_strdup_printf (
    "{\"service_code\":\"NEW_BUILD\",\"renovation_code\":\"%s\",\"applicants\":[{"
    "\"first_name\":\"علی\",\"last_name\":\"رضایی\",\"national_id\":\"0499370899\","
    "\"mobile\":\"09121234567\",\"share_percent\":100}],\"fields\":{\"floors\":["
    "{\"level\":0,\"use\":\"parking\",\"area_m2\":50,\"units\":0},"
    "{\"level\":1,\"use\":\"residential\",\"area_m2\":12.345}],"
    "\"structure\":\"steel\",\"parking_spaces\":1,\"engineer_license\":\"1-23-4567\","
    "\"contact_mobile\":\"09121234567\",\"accept_terms\":true}}", code);
  r4 = call ("POST", "/applications", op, bad_row, k4);
  g_assert_cmpuint (r4->status, ==, 422);
  g_assert_cmpstr (field_code (r4, "fields.floors[1].area_m2"), ==, "invalid");
  g_assert_cmpstr (field_code (r4, "fields.floors[1].units"), ==, "required");
  g_assert_null (field_code (r4, "fields.floors[0].area_m2"));
}

static guint
count_open_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* libsoup 3.2's server leaked the socket of every keep-alive connection the client closed
 * while idle (fixed upstream in 3.3): the process ran out of descriptors after about a
 * thousand clients. A thousand clients, each making two requests on one kept-alive connection
 * and then hanging up, must leave the process with as many descriptors as before. */
static void
test_keepalive_sockets (void)
{
  g_autofree char *path = g_strconcat (base_url, "/keys", NULL);
  guint before, after;

  /* Warm up: whatever a first request opens for good (the database, caches) is open now. */
  {
    g_autoptr(Reply) r = call ("GET", "/keys", NULL, NULL, NULL);

    g_assert_cmpuint (r->status, ==, 200);
  }
  before = count_open_fds ();
  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(SoupSession) client = soup_session_new_with_options ("proxy-resolver", NULL,
                                                                     NULL);

      for (guint j = 0; j < 2; j++)
        {
          g_autoptr(Reply) r = call_full (client, "GET", "/keys", NULL, NULL, NULL, 0, NULL);

          g_assert_cmpuint (r->status, ==, 200);
        }
      /* The client hangs up: its session goes, and its socket with it. */
      soup_session_abort (client);
      g_clear_object (&client);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  /* The server notices each hang-up on its next read: let it read. */
  for (guint spin = 0; spin < 200 && count_open_fds () > before + 2; spin++)
    {
      g_usleep (1000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  after = count_open_fds ();
  g_test_message ("open descriptors: %u before, %u after 1,000 clients", before, after);
  g_assert_cmpuint (after, <=, before + 2);
}

/* Each 422 leaked its field errors (+10.6 MiB over 20,000 bad lookups). Bad lookups by the
 * thousand must leave the heap where it was, within noise. */
static void
test_validation_does_not_grow (void)
{
  g_autofree char *op = login_as ("12034", "op1", "op1-1405");
  struct mallinfo2 before, after;
  gssize grown;

  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(Reply) r = call ("GET", "/parcels/12-34", op, NULL, NULL);

      g_assert_cmpuint (r->status, ==, 422);
    }
  malloc_trim (0);
  before = mallinfo2 ();
  for (guint i = 0; i < 4000; i++)
    {
      g_autoptr(Reply) r = call ("GET", i % 2 ? "/parcels/12-34" : "/parcels?postal_code=12",
                                 op, NULL, NULL);

      g_assert_cmpuint (r->status, ==, 422);
    }
  malloc_trim (0);
  after = mallinfo2 ();
  grown = (gssize) after.uordblks - (gssize) before.uordblks;
  g_test_message ("heap after 4,000 answers of 422: %+" G_GSSIZE_FORMAT " bytes (%.1f per answer)",
                  grown, grown / 4000.0);
  /* 540 bytes an answer was 2.1 MB; allow a few caches filling. */
  g_assert_cmpint (grown, <, 200 * 1024);
}

/* A stranger's deeply nested body is refused before json-glib recurses into it (75,100 levels
 * overflowed its stack and took the sandbox, and in training mode the kiosk, down), on routes
 * that need no token too; the server answers the next request. */
static void
test_hostile_nesting (void)
{
  const char *paths[] = { "/verify", "/sessions", "/_sandbox/permits/1405-000001", "/payments" };
  const guint levels[] = { 33, 1000, 75100 };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    for (guint j = 0; j < G_N_ELEMENTS (levels); j++)
      {
        GString *body = g_string_new (NULL);
        g_autoptr(Reply) r = NULL;
        g_autofree char *text = NULL;

        for (guint k = 0; k < levels[j]; k++)
          g_string_append_c (body, '[');
        for (guint k = 0; k < levels[j]; k++)
          g_string_append_c (body, ']');
        text = g_string_free (body, FALSE);
        r = call ("POST", paths[i], NULL, text, NULL);
        g_assert_cmpuint (r->status, >=, 400);
        g_assert_cmpuint (r->status, <, 500);
      }

  /* Nesting the contract uses still parses: a login with a nested, ignored member. */
  {
    g_autoptr(Reply) ok = call ("POST", "/sessions", NULL,
                                "{\"office_code\":\"12034\",\"username\":\"op1\","
                                "\"password\":\"op1-1405\",\"x\":[[[[[[[[1]]]]]]]]}", NULL);

    g_assert_cmpuint (ok->status, ==, 201);
  }
}

/* Form dates are Jalali and checked against the calendar: 30 Esfand exists only in a leap year
 * (1403 is one, 1404 is not). */
static void
test_jalali_form_date (void)
{
  g_autofree char *op = login_as ("12034", "op1", "op1-1405");
  g_autofree char *code = sample_parcel (0);
  struct { const char *date; gboolean valid; } cases[] = {
    { "1403/12/30", TRUE }, { "1404/12/29", TRUE }, { "1405/06/31", TRUE },
    { "1404/12/30", FALSE }, { "1405/07/31", FALSE }, { "1405/13/01", FALSE },
    { "1405/00/10", FALSE }, { "1405/1/10", FALSE }, { "۱۴۰۵/۰۱/۰۱", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = unique_key ();
      g_autofree char *body = g_strdup_printf (
        "{\"service_code\":\"DEMOLITION\",\"renovation_code\":\"%s\",\"applicants\":[{"
        "\"first_name\":\"علی\",\"last_name\":\"رضایی\",\"national_id\":\"0499370899\","
        "\"mobile\":\"09121234567\",\"share_percent\":100}],\"fields\":{"
        "\"start_date\":\"%s\"}}", code, cases[i].date);
      g_autoptr(Reply) r = call ("POST", "/applications", op, body, key);

      /* Other fields are missing on purpose: the answer is a 422 either way. */
      g_assert_cmpuint (r->status, ==, 422);
      if (cases[i].valid)
        g_assert_null (field_code (r, "fields.start_date"));
      else
        g_assert_cmpstr (field_code (r, "fields.start_date"), ==, "invalid");
    }
}

static void
test_documents (void)
{
  g_autofree char *op = login_as ("12034", "op1", "op1-1405");
  gsize big_len = 10 * 1024 * 1024 + 1;
  g_autofree char *big = g_malloc0 (big_len);
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  static const char pdf[] = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
  g_autoptr(Reply) too_big = NULL, wrong_magic = NULL, wrong_type = NULL, ok = NULL, ok_png = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *stored_data = NULL;
  gsize stored_len = 0;

  memcpy (big, "%PDF-1.4", 8);
  too_big = call_full (session, "POST", "/documents", op, "application/pdf", big, big_len, NULL);
  g_assert_cmpuint (too_big->status, ==, 413);
  g_assert_cmpstr (error_code (too_big), ==, "too_large");

  wrong_magic = call_full (session, "POST", "/documents", op, "image/png", pdf, sizeof pdf - 1, NULL);
  g_assert_cmpuint (wrong_magic->status, ==, 415);
  g_assert_cmpstr (error_code (wrong_magic), ==, "unsupported_type");
  wrong_type = call_full (session, "POST", "/documents", op, "text/plain", "hello", 5, NULL);
  g_assert_cmpuint (wrong_type->status, ==, 415);

  ok = call_full (session, "POST", "/documents", op, "application/pdf", pdf, sizeof pdf - 1, NULL);
  g_assert_cmpuint (ok->status, ==, 201);
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) pdf, sizeof pdf - 1);
  g_assert_cmpstr (json_object_get_string_member (obj (ok), "sha256"), ==, sha);
  g_assert_cmpint (json_object_get_int_member (obj (ok), "size"), ==, sizeof pdf - 1);
  stored = g_build_filename (data_dir, "documents",
                             json_object_get_string_member (obj (ok), "document_id"), NULL);
  g_assert_true (g_file_get_contents (stored, &stored_data, &stored_len, NULL));
  g_assert_cmpmem (stored_data, stored_len, pdf, sizeof pdf - 1);

  ok_png = call_full (session, "POST", "/documents", op, "image/png", png, sizeof png - 1, NULL);
  g_assert_cmpuint (ok_png->status, ==, 201);
}

static void
test_workflow (void)
{
  g_autofree char *op = login_as ("12034", "op1", "op1-1405");
  g_autofree char *kiosk = login_as ("12034", "kiosk1", "kiosk1-1405");
  g_autofree char *sup = login_as ("12034", "sup1", "sup1-1405");
  g_autofree char *code = sample_parcel (4);
  g_autofree char *doc_id = NULL;
  g_autofree char *extra = NULL, *body = NULL, *key = unique_key ();
  g_autofree char *status_path = NULL, *pay_path = NULL, *permit_path = NULL, *pay_body = NULL;
  g_autofree char *verify_body = NULL, *forged_body = NULL, *kiosk_path = NULL, *wrong_path = NULL;
  g_autofree char *tc = NULL, *app_id = NULL, *permit_no = NULL, *qr = NULL, *forged = NULL;
  g_autoptr(Reply) doc = NULL, sub = NULL, st1 = NULL, pay = NULL, st2 = NULL, permit = NULL;
  g_autoptr(Reply) ver = NULL, ver_forged = NULL, keys = NULL, k_ok = NULL, k_none = NULL;
  g_autoptr(Reply) k_wrong = NULL, pay_again = NULL, report = NULL;
  g_autoptr(PkPermitCode) decoded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guchar *pub = NULL;
  gsize pub_len = 0;
  JsonArray *timeline;
  gint64 total;
  static const char pdf[] = "%PDF-1.4\n%%EOF\n";

  pk_sandbox_server_set_review_delay (server, 0);
  doc = call_full (session, "POST", "/documents", op, "application/pdf", pdf, sizeof pdf - 1, NULL);
  g_assert_cmpuint (doc->status, ==, 201);
  doc_id = g_strdup (json_object_get_string_member (obj (doc), "document_id"));
  extra = g_strdup_printf (",\"documents\":[\"%s\"]", doc_id);
  body = application_body (code, "0499370899", 55.5, NULL);
  /* The designer named with a licence, the builder by name only. */
  {
    g_autoptr(GString) with = g_string_new (body);

    g_assert_cmpuint (g_string_replace (with, "\"engineer_license\":",
                                        "\"designer_name\":\"سعید مرادی\",\"designer_license\":\"2-34-56789\","
                                        "\"builder_name\":\"شرکت آرمان‌سازان\",\"builder_license\":\"\","
                                        "\"engineer_license\":", 1), ==, 1);
    g_free (body);
    body = g_string_free (g_steal_pointer (&with), FALSE);
  }
  /* Swap the empty document list for the uploaded one. */
  {
    char *pos = strstr (body, ",\"documents\":[]");

    g_assert_nonnull (pos);
    *pos = '\0';
    {
      char *tmp = g_strconcat (body, extra, "}", NULL);

      g_free (body);
      body = tmp;
    }
  }
  sub = call ("POST", "/applications", op, body, key);
  g_assert_cmpuint (sub->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (obj (sub), "status"), ==, "submitted");
  tc = g_strdup (json_object_get_string_member (obj (sub), "tracking_code"));
  app_id = g_strdup (json_object_get_string_member (obj (sub), "application_id"));
  g_assert_true (g_str_has_prefix (tc, "PK"));
  g_assert_cmpuint (strlen (tc), ==, 12);
  total = json_object_get_int_member (json_object_get_object_member (obj (sub), "fees"),
                                      "total_rial");
  g_assert_cmpint (total, >, 0);

  status_path = g_strdup_printf ("/applications/%s", tc);
  st1 = call ("GET", status_path, op, NULL, NULL);
  g_assert_cmpuint (st1->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (obj (st1), "status"), ==, "approved");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (obj (st1), "permit_no")));

  /* Half now, half later: the permit waits for the full amount. */
  pay_path = g_strdup_printf ("/applications/%s/payments", app_id);
  pay_body = g_strdup_printf ("{\"reference\":\"RCPT-1\",\"amount_rial\":%" G_GINT64_FORMAT "}",
                              total / 2);
  pay = call ("POST", pay_path, op, pay_body, NULL);
  g_assert_cmpuint (pay->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (obj (pay), "status"), ==, "approved");
  g_free (pay_body);
  pay_body = g_strdup_printf ("{\"reference\":\"RCPT-2\",\"amount_rial\":%" G_GINT64_FORMAT "}",
                              total - total / 2);
  g_clear_pointer (&pay, reply_free);
  pay = call ("POST", pay_path, op, pay_body, NULL);
  g_assert_cmpuint (pay->status, ==, 201);
  g_assert_cmpint (json_object_get_int_member (obj (pay), "paid_rial"), ==, total);
  g_assert_cmpstr (json_object_get_string_member (obj (pay), "status"), ==, "permit_issued");
  pay_again = call ("POST", pay_path, op, "{\"reference\":\"RCPT-3\",\"amount_rial\":5}", NULL);
  g_assert_cmpstr (error_code (pay_again), ==, "invalid_state");

  st2 = call ("GET", status_path, op, NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (obj (st2), "status"), ==, "permit_issued");
  timeline = json_object_get_array_member (obj (st2), "timeline");
  g_assert_cmpuint (json_array_get_length (timeline), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (timeline, 0),
                                                  "status"), ==, "submitted");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (timeline, 3),
                                                  "status"), ==, "permit_issued");
  permit_no = g_strdup (json_object_get_string_member (obj (st2), "permit_no"));
  g_assert_cmpuint (strlen (permit_no), ==, 11);

  permit_path = g_strdup_printf ("/permits/%s", permit_no);
  permit = call ("GET", permit_path, kiosk, NULL, NULL);
  g_assert_cmpuint (permit->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (obj (permit), "status"), ==, "valid");
  qr = g_strdup (json_object_get_string_member (obj (permit), "qr_payload"));
  g_assert_true (g_str_has_prefix (qr, "PK1"));
  /* Engineers in designer, supervisor, builder order, each with what the form gave. */
  {
    JsonArray *eng = json_object_get_array_member (
      json_object_get_object_member (obj (permit), "building"), "engineers");
    JsonObject *e;

    g_assert_cmpuint (json_array_get_length (eng), ==, 3);
    e = json_array_get_object_element (eng, 0);
    g_assert_cmpstr (json_object_get_string_member (e, "role"), ==, "designer");
    g_assert_cmpstr (json_object_get_string_member (e, "name"), ==, "سعید مرادی");
    g_assert_cmpstr (json_object_get_string_member (e, "licence_no"), ==, "2-34-56789");
    e = json_array_get_object_element (eng, 1);
    g_assert_cmpstr (json_object_get_string_member (e, "role"), ==, "supervisor");
    g_assert_false (json_object_has_member (e, "name"));
    g_assert_cmpstr (json_object_get_string_member (e, "licence_no"), ==, "1-23-4567");
    e = json_array_get_object_element (eng, 2);
    g_assert_cmpstr (json_object_get_string_member (e, "role"), ==, "builder");
    g_assert_cmpstr (json_object_get_string_member (e, "name"), ==, "شرکت آرمان‌سازان");
    g_assert_false (json_object_has_member (e, "licence_no"));
  }
  /* The parcel's area after widening comes along; the days are Tehran days. */
  {
    JsonObject *parcel = json_object_get_object_member (obj (permit), "parcel");
    g_autoptr(GTimeZone) tehran = g_time_zone_new_identifier ("Asia/Tehran");
    g_autoptr(GDateTime) issued = g_date_time_new_from_iso8601 (
      json_object_get_string_member (obj (permit), "issued_at"), NULL);
    g_autoptr(GDateTime) issued_local = g_date_time_to_timezone (issued, tehran);
    g_autofree char *issued_day = g_date_time_format (issued_local, "%Y-%m-%d");
    g_autoptr(GDateTime) end = g_date_time_new_from_iso8601 (
      json_object_get_string_member (obj (permit), "expires_at"), NULL);
    g_autoptr(GDateTime) end_local = g_date_time_to_timezone (end, tehran);
    g_autofree char *end_text = g_date_time_format (end_local, "%Y-%m-%d %H:%M:%S");
    g_autofree char *want_end = g_strdup_printf ("%s 23:59:59",
                                                 json_object_get_string_member (obj (permit), "expires_on"));

    g_assert_true (json_object_has_member (parcel, "area_after_widening_m2"));
    g_assert_cmpfloat (json_object_get_double_member (parcel, "area_after_widening_m2"), <=,
                       json_object_get_double_member (parcel, "area_m2"));
    g_assert_cmpstr (json_object_get_string_member (obj (permit), "issued_on"), ==, issued_day);
    g_assert_cmpstr (end_text, ==, want_end);
  }

  /* Offline verification with the published key. */
  keys = call ("GET", "/keys", NULL, NULL, NULL);
  g_assert_cmpuint (keys->status, ==, 200);
  {
    JsonObject *k = json_array_get_object_element (json_object_get_array_member (obj (keys), "keys"), 0);

    g_assert_cmpstr (json_object_get_string_member (k, "algorithm"), ==, "Ed25519");
    g_assert_cmpstr (json_object_get_string_member (k, "key_id"), ==,
                     pk_sandbox_server_get_key_id (server));
    pub = g_base64_decode (json_object_get_string_member (k, "public_key"), &pub_len);
  }
  g_assert_cmpuint (pub_len, ==, 32);
  decoded = pk_permit_code_decode (qr, &error);
  g_assert_no_error (error);
  g_assert_true (pk_permit_code_verify (decoded, pub, &error));
  g_assert_cmpstr (decoded->permit_no, ==, permit_no);
  g_assert_cmpstr (decoded->renovation_code, ==, code);
  g_assert_cmpuint (decoded->floors, ==, 2);
  g_assert_cmpfloat_with_epsilon (decoded->total_area_m2, 111.0, 0.001);
  g_assert_true (pk_permit_code_matches_owner (decoded, "0499370899"));

  verify_body = g_strdup_printf ("{\"payload\":\"%s\"}", qr);
  ver = call ("POST", "/verify", NULL, verify_body, NULL);
  g_assert_cmpuint (ver->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (obj (ver), "verdict"), ==, "valid");
  forged = g_strdup (qr);
  forged[40] = forged[40] == 'A' ? 'B' : 'A';
  forged_body = g_strdup_printf ("{\"payload\":\"%s\"}", forged);
  ver_forged = call ("POST", "/verify", NULL, forged_body, NULL);
  g_assert_true (g_strv_contains ((const char *[]) { "forged", "malformed", NULL },
                                  json_object_get_string_member (obj (ver_forged), "verdict")));

  /* A payload signed by a key the server does not publish, and one that is not a payload. */
  {
    guint8 pk[32], sk[64];
    g_autoptr(PkPermitCode) other = pk_permit_code_decode (qr, NULL);
    g_autofree char *kid = NULL, *text = NULL, *b1 = NULL;
    g_autoptr(Reply) v_unknown = NULL, v_malformed = NULL;

    crypto_sign_keypair (pk, sk);
    kid = pk_permit_code_key_id_for_public_key (pk);
    g_strlcpy (other->key_id, kid, sizeof other->key_id);
    text = pk_permit_code_sign (other, sk, NULL);
    b1 = g_strdup_printf ("{\"payload\":\"%s\"}", text);
    v_unknown = call ("POST", "/verify", NULL, b1, NULL);
    g_assert_cmpstr (json_object_get_string_member (obj (v_unknown), "verdict"), ==, "unknown_key");
    v_malformed = call ("POST", "/verify", NULL, "{\"payload\":\"HELLO WORLD\"}", NULL);
    g_assert_cmpstr (json_object_get_string_member (obj (v_malformed), "verdict"), ==, "malformed");
  }

  /* The sandbox can withdraw a permit or cut its validity short. */
  {
    g_autofree char *sbx = g_strdup_printf ("/_sandbox/permits/%s", permit_no);
    g_autoptr(Reply) revoke = call ("POST", sbx, NULL, "{\"status\":\"revoked\"}", NULL);
    g_autoptr(Reply) v_revoked = call ("POST", "/verify", NULL, verify_body, NULL);
    g_autoptr(Reply) expire = call ("POST", sbx, NULL,
                                    "{\"status\":\"valid\",\"expires_on\":\"2020-01-01\"}", NULL);
    g_autoptr(Reply) v_expired = call ("POST", "/verify", NULL, verify_body, NULL);
    g_autoptr(Reply) bad = call ("POST", sbx, NULL, "{\"status\":\"burnt\"}", NULL);
    g_autoptr(Reply) missing = call ("POST", "/_sandbox/permits/1405-999999", NULL,
                                     "{\"status\":\"revoked\"}", NULL);
    g_autoptr(Reply) restore = NULL, v_valid = NULL;
    g_autofree char *future = g_strdup (json_object_get_string_member (obj (permit), "expires_on"));
    g_autofree char *restore_body = g_strdup_printf ("{\"expires_on\":\"%s\"}", future);

    g_assert_cmpuint (revoke->status, ==, 204);
    g_assert_cmpstr (json_object_get_string_member (obj (v_revoked), "verdict"), ==, "revoked");
    g_assert_cmpuint (expire->status, ==, 204);
    g_assert_cmpstr (json_object_get_string_member (obj (v_expired), "verdict"), ==, "expired");
    g_assert_cmpstr (field_code (bad, "status"), ==, "not_allowed");
    g_assert_cmpstr (error_code (missing), ==, "not_found");
    restore = call ("POST", sbx, NULL, restore_body, NULL);
    g_assert_cmpuint (restore->status, ==, 204);
    v_valid = call ("POST", "/verify", NULL, verify_body, NULL);
    g_assert_cmpstr (json_object_get_string_member (obj (v_valid), "verdict"), ==, "valid");
  }

  /* The kiosk sees the status only with an applicant's national ID. */
  k_none = call ("GET", status_path, kiosk, NULL, NULL);
  g_assert_cmpstr (error_code (k_none), ==, "forbidden");
  kiosk_path = g_strdup_printf ("/applications/%s?national_id=0499370899", tc);
  k_ok = call ("GET", kiosk_path, kiosk, NULL, NULL);
  g_assert_cmpuint (k_ok->status, ==, 200);
  wrong_path = g_strdup_printf ("/applications/%s?national_id=0013542419", tc);
  k_wrong = call ("GET", wrong_path, kiosk, NULL, NULL);
  g_assert_cmpstr (error_code (k_wrong), ==, "not_found");

  report = call ("GET", "/reports/daily", sup, NULL, NULL);
  g_assert_cmpuint (report->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (obj (report), "submissions"), >=, 1);
  g_assert_cmpint (json_object_get_int_member (obj (report), "fees_total_rial"), >=, total);
}

static void
test_review_delay (void)
{
  g_autofree char *op = login_as ("12034", "op1", "op1-1405");
  g_autofree char *code = sample_parcel (5);
  g_autofree char *body = application_body (code, "0499370899", 50, NULL);
  g_autofree char *key = unique_key ();
  g_autofree char *path = NULL;
  g_autoptr(Reply) sub = NULL, st = NULL;

  pk_sandbox_server_set_review_delay (server, 600);
  sub = call ("POST", "/applications", op, body, key);
  pk_sandbox_server_set_review_delay (server, 0);
  g_assert_cmpuint (sub->status, ==, 201);
  path = g_strdup_printf ("/applications/%s", json_object_get_string_member (obj (sub), "tracking_code"));
  st = call ("GET", path, op, NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (obj (st), "status"), ==, "submitted");
}

static void
test_rejection (void)
{
  g_autofree char *op = login_as ("12034", "op1", "op1-1405");
  g_autofree char *code = sample_parcel (6);
  /* Far more floor area than any density band allows. */
  g_autofree char *body = application_body (code, "0499370899", 9000, NULL);
  g_autofree char *key = unique_key ();
  g_autofree char *path = NULL, *pay_path = NULL;
  g_autoptr(Reply) sub = call ("POST", "/applications", op, body, key);
  g_autoptr(Reply) st = NULL, pay = NULL;

  g_assert_cmpuint (sub->status, ==, 201);
  path = g_strdup_printf ("/applications/%s", json_object_get_string_member (obj (sub), "tracking_code"));
  st = call ("GET", path, op, NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (obj (st), "status"), ==, "rejected");
  pay_path = g_strdup_printf ("/applications/%s/payments",
                              json_object_get_string_member (obj (sub), "application_id"));
  pay = call ("POST", pay_path, op, "{\"reference\":\"X-1\",\"amount_rial\":1000}", NULL);
  g_assert_cmpuint (pay->status, ==, 409);
  g_assert_cmpstr (error_code (pay), ==, "invalid_state");
}

static void
set_true (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static void
set_faults (const char *json)
{
  g_autoptr(Reply) r = call ("POST", "/_sandbox/faults", NULL, json, NULL);

  g_assert_cmpuint (r->status, ==, 200);
}

static void
test_faults (void)
{
  g_autofree char *op = login_as ("12034", "op1", "op1-1405");
  g_autoptr(Reply) disabled = call ("POST", "/_sandbox/faults", NULL, "{\"error_rate\":1}", NULL);
  g_autoptr(Reply) err = NULL, garbage = NULL, dropped = NULL, truncated = NULL, slow = NULL;
  g_autoptr(Reply) bad = NULL, clean = NULL;
  gint64 start;

  g_assert_cmpstr (error_code (disabled), ==, "not_found");
  pk_sandbox_server_set_faults_enabled (server, TRUE);

  bad = call ("POST", "/_sandbox/faults", NULL, "{\"error_rate\":2}", NULL);
  g_assert_cmpstr (field_code (bad, "error_rate"), ==, "out_of_range");

  set_faults ("{\"error_rate\":1}");
  err = call ("GET", "/services", op, NULL, NULL);
  g_assert_cmpuint (err->status, ==, 500);
  g_assert_cmpstr (error_code (err), ==, "internal");

  set_faults ("{\"garbage_rate\":1}");
  garbage = call ("GET", "/services", op, NULL, NULL);
  g_assert_cmpuint (garbage->status, ==, 200);
  g_assert_null (garbage->json);
  g_assert_cmpuint (g_bytes_get_size (garbage->body), >, 0);

  set_faults ("{\"drop_rate\":1}");
  dropped = call ("GET", "/services", op, NULL, NULL);
  g_assert_nonnull (dropped->error);
  g_test_message ("drop: %s", dropped->error->message);

  set_faults ("{\"truncate_rate\":1}");
  truncated = call ("GET", "/services", op, NULL, NULL);
  g_assert_true (truncated->error != NULL || truncated->json == NULL);
  if (truncated->error)
    g_test_message ("truncate: %s", truncated->error->message);
  else
    g_assert_cmpint (g_bytes_get_size (truncated->body), <,
                     soup_message_headers_get_content_length (truncated->headers));

  {
    static const char pdf[] = "%PDF-1.4\n%%EOF\n";
    g_autoptr(Reply) doc = call_full (session, "POST", "/documents", op, "application/pdf", pdf,
                                      sizeof pdf - 1, NULL);

    /* Uploads answer asynchronously and are not truncated. */
    g_assert_cmpuint (doc->status, ==, 201);
    g_assert_nonnull (doc->json);
  }

  set_faults ("{\"latency_ms\":150}");
  start = g_get_monotonic_time ();
  slow = call ("GET", "/services", op, NULL, NULL);
  g_assert_cmpuint (slow->status, ==, 200);
  g_assert_nonnull (slow->json);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 150 * 1000);

  /* The client gives up while the reply is held back: the server must not touch the dead
   * message when the delay ends (libsoup criticals are fatal here). */
  {
    g_autofree char *url = g_strconcat (base_url, "/keys", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(Reply) r = g_new0 (Reply, 1);
    gboolean fired = FALSE;

    soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, cancellable, read_done, r);
    g_timeout_add_once (30, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
    while (!r->done)
      g_main_context_iteration (NULL, TRUE);
    g_assert_error (r->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_timeout_add_once (300, set_true, &fired);
    while (!fired)
      g_main_context_iteration (NULL, TRUE);
  }

  /* An async handler (document upload) under latency answers once, correctly. */
  {
    static const char pdf[] = "%PDF-1.4\n%%EOF\n";
    g_autoptr(Reply) doc = call_full (session, "POST", "/documents", op, "application/pdf", pdf,
                                      sizeof pdf - 1, NULL);

    g_assert_cmpuint (doc->status, ==, 201);
    g_assert_nonnull (json_object_get_string_member (obj (doc), "document_id"));
  }

  set_faults ("{}");
  pk_sandbox_server_set_faults_enabled (server, FALSE);
  clean = call ("GET", "/services", op, NULL, NULL);
  g_assert_cmpuint (clean->status, ==, 200);
}

static void
test_not_found_routes (void)
{
  g_autofree char *op = login_as ("12034", "op1", "op1-1405");
  g_autoptr(Reply) a = call ("GET", "/nothing-here", op, NULL, NULL);
  g_autoptr(Reply) b = call ("PUT", "/services", op, "{}", NULL);
  g_autoptr(Reply) c = call ("GET", "/permits/1405-999999", op, NULL, NULL);
  g_autoptr(Reply) d = call ("GET", "/applications/PKNOTEXIST00", op, NULL, NULL);

  g_assert_cmpstr (error_code (a), ==, "not_found");
  g_assert_cmpuint (b->status, ==, 405);
  error_code (b);
  g_assert_cmpstr (error_code (c), ==, "not_found");
  g_assert_cmpstr (error_code (d), ==, "not_found");
}

/* POST /_sandbox/clock moves the sandbox's time on: tokens expire and reviews advance by it. */
static void
test_clock (void)
{
  g_autofree char *op = NULL;
  g_autofree char *code = sample_parcel (6);
  g_autofree char *body = application_body (code, "0499370899", 50, NULL);
  g_autofree char *key = unique_key ();
  g_autofree char *path = NULL;
  g_autoptr(Reply) before = call ("GET", "/_sandbox/clock", NULL, NULL, NULL);
  g_autoptr(Reply) under_api = call ("GET", "/clock", NULL, NULL, NULL);
  g_autoptr(Reply) sub = NULL, half = NULL, expired = NULL, after = NULL;
  g_autoptr(Reply) back = NULL, missing = NULL, wrong = NULL, put = NULL;
  g_autofree char *api_clock = g_strconcat (base_url, "/_sandbox/clock", NULL);
  gint64 offset;

  g_assert_cmpuint (before->status, ==, 200);
  g_assert_nonnull (json_object_get_string_member (obj (before), "now"));
  offset = json_object_get_int_member (obj (before), "offset_s");
  g_assert_cmpint (offset, >=, 0);
  /* Outside /_sandbox the API has no clock route. */
  g_assert_cmpstr (error_code (under_api), ==, "not_found");

  pk_sandbox_server_set_token_lifetime (server, 600);
  op = login_as ("12034", "op1", "op1-1405");
  pk_sandbox_server_set_token_lifetime (server, PK_SANDBOX_DEFAULT_TOKEN_LIFETIME);
  pk_sandbox_server_set_review_delay (server, 500);
  sub = call ("POST", "/applications", op, body, key);
  pk_sandbox_server_set_review_delay (server, 0);
  g_assert_cmpuint (sub->status, ==, 201);
  path = g_strdup_printf ("/applications/%s",
                          json_object_get_string_member (obj (sub), "tracking_code"));

  after = call ("POST", "/_sandbox/clock", NULL, "{\"advance_s\": 300}", NULL);
  g_assert_cmpuint (after->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (obj (after), "offset_s"), ==, offset + 300);
  half = call ("GET", path, op, NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (obj (half), "status"), ==, "under_review");

  g_clear_pointer (&after, reply_free);
  after = call ("POST", "/_sandbox/clock", NULL, "{\"advance_s\": 300}", NULL);
  g_assert_cmpuint (after->status, ==, 200);
  expired = call ("GET", path, op, NULL, NULL);
  g_assert_cmpstr (error_code (expired), ==, "token_expired");

  /* It only goes forward, by whole seconds; the API's base URL reaches it too. */
  back = call ("POST", "/_sandbox/clock", NULL, "{\"advance_s\": -1}", NULL);
  g_assert_cmpstr (field_code (back, "advance_s"), ==, "out_of_range");
  missing = call ("POST", "/_sandbox/clock", NULL, "{}", NULL);
  g_assert_cmpstr (field_code (missing, "advance_s"), ==, "required");
  wrong = call ("POST", "/_sandbox/clock", NULL, "{\"advance_s\": 1.5}", NULL);
  g_assert_cmpstr (field_code (wrong, "advance_s"), ==, "invalid");
  put = call ("PUT", "/_sandbox/clock", NULL, "{}", NULL);
  g_assert_cmpuint (put->status, ==, 405);
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", api_clock);
    g_autoptr(Reply) r = g_new0 (Reply, 1);

    soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, read_done, r);
    while (!r->done)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  }
}

/* What the route table answers for paths and methods it does not have. */
static void
test_routes (void)
{
  static const struct { const char *method, *path; guint status; } cases[] = {
    { "GET",    "/sessions",                   405 },
    { "GET",    "/sessions/current",           405 },
    { "DELETE", "/sessions/",                  404 },
    { "GET",    "/applications/X/payments",    405 },
    { "POST",   "/applications/X/other",       404 },
    { "GET",    "/applications/X/payments/Y",  404 },
    { "GET",    "/reports",                    404 },
    { "POST",   "/reports/daily",              405 },
    { "GET",    "/_sandbox/permits/1405-1",    405 },
    { "POST",   "/_sandbox/permits",           404 },
    { "GET",    "/_sandbox/nothing",           404 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) r = call (cases[i].method, cases[i].path, NULL, "{}", NULL);

      g_test_message ("%s %s", cases[i].method, cases[i].path);
      g_assert_cmpuint (r->status, ==, cases[i].status);
      g_assert_cmpstr (error_code (r), ==, cases[i].status == 404 ? "not_found"
                                                                  : "method_not_allowed");
    }
}

static void
remove_tree (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) en = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                             G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                                             NULL, NULL);
  GFileInfo *info;

  while (en && (info = g_file_enumerator_next_file (en, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child);
      else
        g_unlink (child);
      g_object_unref (info);
    }
  g_rmdir (path);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  data_dir = g_dir_make_tmp ("pk-sandbox-http-XXXXXX", &error);
  g_assert_no_error (error);
  server = pk_sandbox_server_new (data_dir, 42, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pk_sandbox_server_listen (server, 0, &error), >, 0);
  g_assert_no_error (error);
  base_url = pk_sandbox_server_get_base_url (server);
  g_assert_true (g_str_has_prefix (base_url, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (base_url, "/api/v1"));
  session = soup_session_new_with_options ("proxy-resolver", NULL, "timeout", 20, NULL);

  g_test_add_func ("/sandbox/http/login", test_login);
  g_test_add_func ("/sandbox/http/token-expiry", test_token_expiry);
  g_test_add_func ("/sandbox/http/parcels", test_parcels);
  g_test_add_func ("/sandbox/http/inquiry", test_inquiry);
  g_test_add_func ("/sandbox/http/roles", test_roles);
  g_test_add_func ("/sandbox/http/idempotency", test_idempotency);
  g_test_add_func ("/sandbox/http/idempotency-canonical", test_canonical_member_order);
  g_test_add_func ("/sandbox/http/validation", test_validation);
  g_test_add_func ("/sandbox/http/jalali-form-date", test_jalali_form_date);
  g_test_add_func ("/sandbox/http/hostile-nesting", test_hostile_nesting);
  g_test_add_func ("/sandbox/http/validation-does-not-grow", test_validation_does_not_grow);
  g_test_add_func ("/sandbox/http/keepalive-sockets", test_keepalive_sockets);
  g_test_add_func ("/sandbox/http/documents", test_documents);
  g_test_add_func ("/sandbox/http/workflow", test_workflow);
  g_test_add_func ("/sandbox/http/review-delay", test_review_delay);
  g_test_add_func ("/sandbox/http/rejection", test_rejection);
  g_test_add_func ("/sandbox/http/faults", test_faults);
  g_test_add_func ("/sandbox/http/not-found", test_not_found_routes);
  g_test_add_func ("/sandbox/http/routes", test_routes);
  /* Last: it moves the shared server's clock on. */
  g_test_add_func ("/sandbox/http/clock", test_clock);
  ret = g_test_run ();

  g_clear_object (&session);
  pk_sandbox_server_disconnect (server);
  g_assert_finalize_object (server);
  /* Let libsoup finish closing connections before the dir goes. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  remove_tree (data_dir);
  g_free (base_url);
  g_free (data_dir);
  return ret;
}
