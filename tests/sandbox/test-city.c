/* test-city.c — the generated city, the catalogue, the fee formulas and the signing key
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "pk-sandbox-catalogue.h"
#include "pk-sandbox-keys.h"
#include "pk-sandbox-server.h"
#include "pk-validate.h"

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("pk-sandbox-city-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
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

static char *shared_dir;
static PkSandboxServer *shared_server;

/* One city for the read-only checks: generating is the slow part under sanitizers. */
static const char *
shared_city (void)
{
  if (shared_dir == NULL)
    {
      g_autoptr(GError) error = NULL;

      shared_dir = g_dir_make_tmp ("pk-sandbox-city-XXXXXX", &error);
      g_assert_no_error (error);
      shared_server = pk_sandbox_server_new (shared_dir, PK_SANDBOX_DEFAULT_SEED, &error);
      g_assert_no_error (error);
    }
  return shared_dir;
}

static PkSandboxServer *
open_server (const char *dir, guint64 seed)
{
  g_autoptr(GError) error = NULL;
  PkSandboxServer *server = pk_sandbox_server_new (dir, seed, &error);

  g_assert_no_error (error);
  g_assert_nonnull (server);
  return server;
}

static sqlite3 *
open_db (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "sandbox.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  return db;
}

static gint64
count (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *q = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &q, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (q), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (q, 0);
  sqlite3_finalize (q);
  return n;
}

static void
test_determinism (void)
{
  g_autofree char *a = make_dir (), *b = make_dir (), *c = make_dir ();
  g_autoptr(PkSandboxServer) sa = NULL, sb = NULL, sc = NULL;
  g_autofree char *ha = NULL, *hb = NULL, *hc = NULL, *ha2 = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gdouble first_start_s;

  sa = open_server (a, 77);
  first_start_s = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("first start (city generation) took %.3f s", first_start_s);
  /* Target < 1 s; the bound leaves room for sanitizer builds on a loaded machine. */
  g_assert_cmpfloat (first_start_s, <, 10.0);
  sb = open_server (b, 77);
  sc = open_server (c, 78);
  ha = pk_sandbox_server_dup_city_hash (sa, &error);
  g_assert_no_error (error);
  hb = pk_sandbox_server_dup_city_hash (sb, &error);
  hc = pk_sandbox_server_dup_city_hash (sc, &error);
  g_assert_cmpuint (strlen (ha), ==, 64);
  g_assert_cmpstr (ha, ==, hb);
  g_assert_cmpstr (ha, !=, hc);

  /* Reopening keeps the city (and ignores a different seed). */
  g_clear_object (&sa);
  sa = open_server (a, 999);
  ha2 = pk_sandbox_server_dup_city_hash (sa, &error);
  g_assert_cmpstr (ha, ==, ha2);

  g_clear_object (&sa);
  g_clear_object (&sb);
  g_clear_object (&sc);
  remove_tree (a);
  remove_tree (b);
  remove_tree (c);
}

static void
test_identifiers (void)
{
  const char *dir = shared_city ();
  sqlite3 *db = open_db (dir);
  sqlite3_stmt *q = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint parcels = 0, owners = 0, widened = 0;
  g_autoptr(GHashTable) postal = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM parcels"), >=, 2600);
  g_assert_cmpint (count (db, "SELECT COUNT(DISTINCT district) FROM parcels"), >=, 5);
  g_assert_cmpint (count (db, "SELECT COUNT(DISTINCT kind) FROM zones"), ==, 4);

  sqlite3_prepare_v2 (db, "SELECT renovation_code, postal_code, json FROM parcels", -1, &q, NULL);
  while (sqlite3_step (q) == SQLITE_ROW)
    {
      const char *code = (const char *) sqlite3_column_text (q, 0);
      const char *pc = (const char *) sqlite3_column_text (q, 1);
      g_autofree char *norm = NULL;
      JsonObject *p;
      JsonArray *ring;
      JsonArray *first, *last;
      g_autoptr(GError) error = NULL;

      g_assert_true (pk_validate_renovation_code (code, PK_RENOVATION_PATTERN_DEFAULT, &norm, NULL));
      g_assert_cmpstr (norm, ==, code);
      g_assert_true (pk_validate_postal_code (pc, NULL, NULL));
      g_assert_false (g_hash_table_contains (postal, pc));
      g_hash_table_add (postal, g_strdup (pc));

      g_assert_true (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (q, 2),
                                                 -1, &error));
      p = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member (p, "renovation_code"), ==, code);
      g_assert_cmpfloat (json_object_get_double_member (p, "area_m2"), >, 0);
      g_assert_cmpfloat (json_object_get_double_member (p, "frontage_m"), >, 0);
      g_assert_cmpfloat (json_object_get_double_member (p, "passage_width_m"), >, 0);
      /* Widening takes half the extra width along the frontage, never more. */
      {
        gdouble area = json_object_get_double_member (p, "area_m2");
        gdouble after = json_object_get_double_member (p, "area_after_widening_m2");
        gdouble extra = json_object_get_double_member (p, "planned_passage_width_m") -
                        json_object_get_double_member (p, "passage_width_m");

        g_assert_cmpfloat (extra, >=, 0);
        g_assert_cmpfloat (after, >, 0);
        g_assert_cmpfloat_with_epsilon (after,
                                        area - json_object_get_double_member (p, "frontage_m") * extra / 2,
                                        0.01);
        if (extra > 0)
          widened++;
      }
      g_assert_true (g_str_has_prefix (json_object_get_string_member (p, "address_fa"), "ارومیه"));
      g_assert_nonnull (json_object_get_object_member (p, "registration_plate"));
      ring = json_array_get_array_element (
        json_object_get_array_member (json_object_get_object_member (p, "geometry"),
                                      "coordinates"), 0);
      g_assert_cmpuint (json_array_get_length (ring), >=, 4);
      first = json_array_get_array_element (ring, 0);
      last = json_array_get_array_element (ring, json_array_get_length (ring) - 1);
      g_assert_cmpfloat (json_array_get_double_element (first, 0), ==,
                         json_array_get_double_element (last, 0));
      g_assert_cmpfloat (json_array_get_double_element (first, 1), ==,
                         json_array_get_double_element (last, 1));
      /* Full national IDs never leave the server. */
      g_assert_null (strstr ((const char *) sqlite3_column_text (q, 2), "\"national_id\""));
      parcels++;
    }
  sqlite3_finalize (q);
  g_assert_cmpuint (parcels, >=, 2600);
  /* Some streets are to be widened, most are not. */
  g_assert_cmpuint (widened, >, parcels / 20);
  g_assert_cmpuint (widened, <, parcels / 2);

  sqlite3_prepare_v2 (db, "SELECT national_id, first_name, last_name FROM owners", -1, &q, NULL);
  while (sqlite3_step (q) == SQLITE_ROW)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (pk_validate_national_id ((const char *) sqlite3_column_text (q, 0), NULL,
                                              &error));
      g_assert_no_error (error);
      g_assert_true (pk_validate_person_name ((const char *) sqlite3_column_text (q, 1), 50, NULL,
                                              NULL));
      g_assert_true (pk_validate_person_name ((const char *) sqlite3_column_text (q, 2), 50, NULL,
                                              NULL));
      owners++;
    }
  sqlite3_finalize (q);
  g_assert_cmpuint (owners, >=, parcels);
  /* Shares of each parcel add up to 100 %. */
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM (SELECT renovation_code, SUM(share_percent) s"
                              " FROM owners GROUP BY renovation_code HAVING abs(s - 100) > 0.01)"),
                   ==, 0);
  /* Every block has a price P for every year, and every zone has density bands. */
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM (SELECT DISTINCT district, block FROM parcels)"
                              " b WHERE (SELECT COUNT(*) FROM zone_prices z WHERE"
                              " z.district = b.district AND z.block = b.block) < 3"), ==, 0);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM zones z WHERE (SELECT COUNT(*) FROM"
                              " zone_rules r WHERE r.zone = z.code) < 3"), ==, 0);
  sqlite3_close (db);
}

static void
check_fields (JsonArray *fields, gboolean *has_group)
{
  static const char *types[] = { "text", "integer", "decimal", "choice", "boolean", "date",
                                 "national_id", "mobile", "postal_code", "group" };

  g_assert_cmpuint (json_array_get_length (fields), >, 0);
  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *f = json_array_get_object_element (fields, i);
      const char *type = json_object_get_string_member (f, "type");

      g_assert_nonnull (json_object_get_string_member (f, "name"));
      g_assert_nonnull (json_object_get_string_member (f, "label_fa"));
      g_assert_nonnull (json_object_get_string_member (f, "label_en"));
      g_assert_true (json_object_has_member (f, "required"));
      g_assert_true (g_strv_contains (types, type));
      if (strcmp (type, "choice") == 0)
        g_assert_cmpuint (json_array_get_length (json_object_get_array_member (f, "choices")), >, 1);
      if (strcmp (type, "decimal") == 0)
        g_assert_nonnull (json_object_get_string_member (f, "unit"));
      if (strcmp (type, "group") == 0)
        {
          *has_group = TRUE;
          check_fields (json_object_get_array_member (f, "fields"), has_group);
        }
    }
}

static void
test_catalogue (void)
{
  const char *dir = shared_city ();
  sqlite3 *db = open_db (dir);
  sqlite3_stmt *q = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint n = 0, kinds[3] = { 0 };
  gboolean floors_group = FALSE;

  sqlite3_prepare_v2 (db, "SELECT code, json FROM services ORDER BY ord", -1, &q, NULL);
  while (sqlite3_step (q) == SQLITE_ROW)
    {
      JsonObject *s;
      JsonArray *docs;
      const char *kind;
      gboolean has_group = FALSE;

      g_assert_true (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (q, 1),
                                                 -1, NULL));
      s = json_node_get_object (json_parser_get_root (parser));
      kind = json_object_get_string_member (s, "kind");
      kinds[strcmp (kind, "inquiry") == 0 ? 0 : strcmp (kind, "permit") == 0 ? 1 : 2]++;
      g_assert_true (strcmp (kind, "inquiry") == 0 || strcmp (kind, "permit") == 0 ||
                     strcmp (kind, "certificate") == 0);
      g_assert_nonnull (json_object_get_string_member (s, "title_fa"));
      g_assert_nonnull (json_object_get_string_member (s, "title_en"));
      g_assert_nonnull (json_object_get_string_member (s, "fee_formula"));
      check_fields (json_object_get_array_member (json_object_get_object_member (s, "form"),
                                                  "fields"), &has_group);
      if (strcmp ((const char *) sqlite3_column_text (q, 0), "NEW_BUILD") == 0)
        floors_group = has_group;
      docs = json_object_get_array_member (s, "documents");
      g_assert_cmpuint (json_array_get_length (docs), >, 0);
      for (guint i = 0; i < json_array_get_length (docs); i++)
        {
          JsonObject *d = json_array_get_object_element (docs, i);

          g_assert_cmpint (json_object_get_int_member (d, "max_bytes"), ==, 10 * 1024 * 1024);
          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (d, "types")), >, 0);
        }
      n++;
    }
  sqlite3_finalize (q);
  g_assert_cmpuint (n, >=, 28);
  g_assert_cmpuint (kinds[0], >=, 5);
  g_assert_cmpuint (kinds[1], >=, 10);
  g_assert_cmpuint (kinds[2], >=, 3);
  g_assert_true (floors_group);
  /* Every service's formula has items. */
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM services s WHERE NOT EXISTS"
                              " (SELECT 1 FROM fee_items f WHERE f.formula = s.fee_formula)"), ==, 0);
  sqlite3_close (db);
}

static void
test_fee_samples (void)
{
  const char *dir = shared_city ();
  sqlite3 *db = open_db (dir);
  sqlite3_stmt *q = NULL;
  guint n = 0;
  gboolean saw_build_levy = FALSE;

  sqlite3_prepare_v2 (db, "SELECT s.formula, s.item_code, f.expression, f.coefficient, s.area,"
                          " s.land_area, s.frontage, s.P, s.floors, s.units, s.length, s.days,"
                          " s.expected_rial FROM fee_samples s JOIN fee_items f"
                          " ON f.formula = s.formula AND f.code = s.item_code", -1, &q, NULL);
  while (sqlite3_step (q) == SQLITE_ROW)
    {
      PkSandboxFeeVars vars = {
        .k = sqlite3_column_double (q, 3),
        .area = sqlite3_column_double (q, 4),
        .land_area = sqlite3_column_double (q, 5),
        .frontage = sqlite3_column_double (q, 6),
        .P = sqlite3_column_double (q, 7),
        .floors = sqlite3_column_double (q, 8),
        .units = sqlite3_column_double (q, 9),
        .length = sqlite3_column_double (q, 10),
        .days = sqlite3_column_double (q, 11),
      };
      gint64 amount = -1;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s/%s", sqlite3_column_text (q, 0), sqlite3_column_text (q, 1));
      g_assert_true (pk_sandbox_fee_eval ((const char *) sqlite3_column_text (q, 2), &vars,
                                          &amount, &error));
      g_assert_no_error (error);
      g_assert_cmpint (amount, ==, sqlite3_column_int64 (q, 12));
      if (strcmp ((const char *) sqlite3_column_text (q, 1), "BUILD_LEVY") == 0 &&
          amount == 1080000000)
        saw_build_levy = TRUE;
      n++;
    }
  sqlite3_finalize (q);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM fee_samples"), ==, n);
  g_assert_cmpuint (n, >=, 15);
  /* 300 m² × 30,000,000 Rial × 0.12, computed by hand. */
  g_assert_true (saw_build_levy);
  sqlite3_close (db);
}

static void
test_fee_eval (void)
{
  PkSandboxFeeVars v = { .area = 100, .land_area = 200, .P = 1000, .k = 0.5 };
  gint64 amount;
  GError *error = NULL;

  g_assert_true (pk_sandbox_fee_eval ("area * P * k + (land_area - area) / 2", &v, &amount, NULL));
  g_assert_cmpint (amount, ==, 50050);
  g_assert_true (pk_sandbox_fee_eval ("max(area * 10, 5000) + min(1, 2)", &v, &amount, NULL));
  g_assert_cmpint (amount, ==, 5001);
  g_assert_false (pk_sandbox_fee_eval ("area * ", &v, &amount, &error));
  g_clear_error (&error);
  g_assert_false (pk_sandbox_fee_eval ("area / 0", &v, &amount, &error));
  g_clear_error (&error);
  g_assert_false (pk_sandbox_fee_eval ("unknown_var", &v, &amount, &error));
  g_clear_error (&error);
  g_assert_false (pk_sandbox_fee_eval ("0 - area", &v, &amount, &error));
  g_clear_error (&error);
}

static void
test_keys (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, PK_SANDBOX_KEY_FILE, NULL);
  g_autoptr(PkSandboxServer) server = open_server (dir, 5);
  g_autofree char *kid = g_strdup (pk_sandbox_server_get_key_id (server));
  g_autoptr(GBytes) pub = pk_sandbox_server_dup_public_key (server);
  g_autoptr(GBytes) pub2 = NULL;
  g_autofree char *expected_kid = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *pub_b64 = NULL;
  g_autofree char *dir2 = make_dir ();
  g_autoptr(PkSandboxServer) other = NULL;
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpuint (g_bytes_get_size (pub), ==, 32);
  expected_kid = pk_permit_code_key_id_for_public_key (g_bytes_get_data (pub, NULL));
  g_assert_cmpstr (kid, ==, expected_kid);
  /* The file holds the secret key, not a copy of the public one only. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "secret_key="));

  g_clear_object (&server);
  server = open_server (dir, 5);
  g_assert_cmpstr (pk_sandbox_server_get_key_id (server), ==, kid);
  pub2 = pk_sandbox_server_dup_public_key (server);
  g_assert_true (g_bytes_equal (pub, pub2));

  /* Another data dir, another key. */
  other = open_server (dir2, 5);
  g_assert_cmpstr (pk_sandbox_server_get_key_id (other), !=, kid);

  g_clear_object (&server);
  g_clear_object (&other);
  remove_tree (dir);
  remove_tree (dir2);
}

static void
async_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  PkSandboxServer **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = pk_sandbox_server_new_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async_new (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *blocker = g_build_filename (dir, "not-a-dir", NULL);
  g_autofree char *inside = g_build_filename (blocker, "data", NULL);
  PkSandboxServer *server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_auto(GStrv) samples = NULL;

  pk_sandbox_server_new_async (dir, 77, NULL, async_done, &server);
  while (server == NULL)
    g_main_context_iteration (NULL, TRUE);
  hash = pk_sandbox_server_dup_city_hash (server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (hash), ==, 64);
  samples = pk_sandbox_server_dup_sample_parcels (server, 3);
  g_assert_cmpuint (g_strv_length (samples), ==, 3);
  g_assert_cmpuint (pk_sandbox_server_listen (server, 0, &error), >, 0);
  g_assert_no_error (error);
  g_assert_finalize_object (server);

  /* An unusable data dir is an error, not a crash. */
  g_assert_true (g_file_set_contents (blocker, "x", 1, NULL));
  g_assert_null (pk_sandbox_server_new (inside, 1, &error));
  g_assert_error (error, PK_SANDBOX_ERROR, PK_SANDBOX_ERROR_STORAGE);
  remove_tree (dir);
}

static void
test_accounts (void)
{
  guint n = 0;
  const PkSandboxAccount *acc = pk_sandbox_server_get_training_accounts (&n);
  gboolean roles[3] = { FALSE };

  g_assert_cmpuint (n, >=, 4);
  for (guint i = 0; i < n; i++)
    {
      if (strcmp (acc[i].office_code, "12034") != 0)
        continue;
      roles[strcmp (acc[i].role, "operator") == 0 ? 0 :
            strcmp (acc[i].role, "supervisor") == 0 ? 1 : 2] = TRUE;
    }
  g_assert_true (roles[0] && roles[1] && roles[2]);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/city/determinism", test_determinism);
  g_test_add_func ("/sandbox/city/identifiers", test_identifiers);
  g_test_add_func ("/sandbox/city/catalogue", test_catalogue);
  g_test_add_func ("/sandbox/city/fee-samples", test_fee_samples);
  g_test_add_func ("/sandbox/city/fee-eval", test_fee_eval);
  g_test_add_func ("/sandbox/city/keys", test_keys);
  g_test_add_func ("/sandbox/city/accounts", test_accounts);
  g_test_add_func ("/sandbox/city/async-new", test_async_new);
  ret = g_test_run ();
  if (shared_dir != NULL)
    {
      g_clear_object (&shared_server);
      remove_tree (shared_dir);
      g_free (shared_dir);
    }
  return ret;
}
