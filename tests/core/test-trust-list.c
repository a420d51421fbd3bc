/* test-trust-list.c — offline permit verification against the keys kept on disk
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "pk-trust-list.h"

typedef struct
{
  guint8       pk[crypto_sign_PUBLICKEYBYTES];
  guint8       sk[crypto_sign_SECRETKEYBYTES];
  char        *dir;
  char        *path;
  PkTrustList *list;
} Fixture;

static PkApiKey *
key_for (const guint8 *pk,
         const char   *from,
         const char   *until)
{
  PkApiKey *key = pk_api_key_new ();

  key->key_id = pk_permit_code_key_id_for_public_key (pk);
  key->algorithm = g_strdup ("Ed25519");
  key->public_key = g_bytes_new (pk, crypto_sign_PUBLICKEYBYTES);
  key->valid_from = from ? g_date_time_new_from_iso8601 (from, NULL) : NULL;
  key->valid_until = until ? g_date_time_new_from_iso8601 (until, NULL) : NULL;
  return key;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_api_key_unref);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 21, 9, 0, 0);

  g_assert_cmpint (sodium_init (), >=, 0);
  crypto_sign_keypair (f->pk, f->sk);
  f->dir = g_dir_make_tmp ("pk-trust-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "keys", "trust-list.json", NULL);
  f->list = pk_trust_list_new (f->path);
  g_ptr_array_add (keys, key_for (f->pk, "2026-01-01T00:00:00Z", NULL));
  pk_trust_list_replace (f->list, keys, now);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *keys_dir = g_path_get_dirname (f->path);

  g_assert_finalize_object (f->list);
  g_unlink (f->path);
  g_rmdir (keys_dir);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static char *
sign (Fixture    *f,
      const char *issued,
      const char *expires)
{
  g_autoptr(PkPermitCode) code = pk_permit_code_new ();
  g_autofree char *kid = pk_permit_code_key_id_for_public_key (f->pk);
  g_autoptr(GError) error = NULL;
  char *text;

  g_strlcpy (code->key_id, kid, sizeof code->key_id);
  code->permit_no = g_strdup ("1405-000123");
  code->renovation_code = g_strdup ("03-012-456-000-000-000");
  code->issued_on = g_strdup (issued);
  code->expires_on = g_strdup (expires);
  code->floors = 4;
  code->total_area_m2 = 512.75;
  pk_permit_code_set_owner (code, "0499370899");
  text = pk_permit_code_sign (code, f->sk, &error);
  g_assert_no_error (error);
  return text;
}

static GDateTime *
at (const char *iso)
{
  return g_date_time_new_from_iso8601 (iso, NULL);
}

static void
test_valid (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *payload = sign (f, "2026-11-21", "2028-11-20");
  g_autoptr(GDateTime) now = at ("2026-11-22T10:00:00Z");
  g_autoptr(PkPermitCode) code = NULL;
  g_autofree char *url = pk_permit_code_to_url (payload, "VERIFY.PISHKHAN.IR");
  g_autofree char *lower = g_ascii_strdown (payload, -1);

  g_assert_cmpint (pk_trust_list_verify (f->list, payload, now, &code), ==, PK_API_VERDICT_VALID);
  g_assert_nonnull (code);
  g_assert_cmpstr (code->permit_no, ==, "1405-000123");
  /* The URL form a phone opens, and a scanner that sends lower case, verify the same. */
  g_assert_cmpint (pk_trust_list_verify (f->list, url, now, NULL), ==, PK_API_VERDICT_VALID);
  g_assert_cmpint (pk_trust_list_verify (f->list, lower, now, NULL), ==, PK_API_VERDICT_VALID);
}

static void
test_every_flipped_character (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *payload = sign (f, "2026-11-21", "2028-11-20");
  g_autoptr(GDateTime) now = at ("2026-11-22T10:00:00Z");
  const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  /* Change any one character after the prefix: never valid. */
  for (gsize i = strlen (PK_PERMIT_CODE_PREFIX); payload[i]; i++)
    {
      g_autofree char *copy = g_strdup (payload);
      PkApiVerdict verdict;

      copy[i] = alphabet[(strchr (alphabet, copy[i]) - alphabet + 1) % 32];
      verdict = pk_trust_list_verify (f->list, copy, now, NULL);
      g_assert_cmpint (verdict, !=, PK_API_VERDICT_VALID);
      g_assert_true (verdict == PK_API_VERDICT_FORGED || verdict == PK_API_VERDICT_MALFORMED ||
                     verdict == PK_API_VERDICT_UNKNOWN_KEY);
    }
}

static void
test_unknown_key (Fixture       *f,
                  gconstpointer  data)
{
  guint8 other_pk[crypto_sign_PUBLICKEYBYTES], other_sk[crypto_sign_SECRETKEYBYTES];
  g_autoptr(PkPermitCode) code = pk_permit_code_new ();
  g_autofree char *kid = NULL;
  g_autofree char *payload = NULL;
  g_autoptr(GDateTime) now = at ("2026-11-22T10:00:00Z");

  crypto_sign_keypair (other_pk, other_sk);
  kid = pk_permit_code_key_id_for_public_key (other_pk);
  g_strlcpy (code->key_id, kid, sizeof code->key_id);
  code->permit_no = g_strdup ("1405-000999");
  code->renovation_code = g_strdup ("03-012-456-000-000-000");
  code->issued_on = g_strdup ("2026-11-21");
  code->expires_on = g_strdup ("2028-11-20");
  pk_permit_code_set_owner (code, "0499370899");
  payload = pk_permit_code_sign (code, other_sk, NULL);
  g_assert_nonnull (payload);
  g_assert_cmpint (pk_trust_list_verify (f->list, payload, now, NULL), ==,
                   PK_API_VERDICT_UNKNOWN_KEY);
}

static void
test_expired_and_key_window (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *payload = sign (f, "2026-03-01", "2026-11-21");
  g_autofree char *before_key = sign (f, "2025-06-01", "2027-06-01");
  g_autoptr(GDateTime) last_day = at ("2026-11-21T19:00:00Z");   /* 22:30 in Tehran, same day */
  g_autoptr(GDateTime) next_day = at ("2026-11-21T21:00:00Z");   /* 00:30 on the 22nd in Tehran */

  g_assert_cmpint (pk_trust_list_verify (f->list, payload, last_day, NULL), ==, PK_API_VERDICT_VALID);
  g_assert_cmpint (pk_trust_list_verify (f->list, payload, next_day, NULL), ==,
                   PK_API_VERDICT_EXPIRED);
  /* Signed by a good key, but dated before the key existed. */
  g_assert_cmpint (pk_trust_list_verify (f->list, before_key, last_day, NULL), ==,
                   PK_API_VERDICT_FORGED);
}

static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = at ("2026-11-22T10:00:00Z");
  const char *inputs[] = { "", "hello", "PK1", "PK2ABCDEF", "PK1!!!!", "HTTPS://EXAMPLE.COM/" };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    g_assert_cmpint (pk_trust_list_verify (f->list, inputs[i], now, NULL), ==,
                     PK_API_VERDICT_MALFORMED);
}

static void
test_save_load (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PkTrustList) again = pk_trust_list_new (f->path);
  g_autofree char *payload = sign (f, "2026-11-21", "2028-11-20");
  g_autoptr(GDateTime) now = at ("2026-11-22T10:00:00Z");
  GStatBuf st;

  /* Never fetched: empty, and nothing verifies. */
  g_assert_true (pk_trust_list_load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pk_trust_list_get_n_keys (again), ==, 0);
  g_assert_null (pk_trust_list_get_fetched_at (again));
  g_assert_cmpint (pk_trust_list_verify (again, payload, now, NULL), ==, PK_API_VERDICT_UNKNOWN_KEY);

  g_assert_true (pk_trust_list_save (f->list, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (pk_trust_list_load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pk_trust_list_get_n_keys (again), ==, 1);
  g_assert_nonnull (pk_trust_list_get_fetched_at (again));
  g_assert_cmpint (g_date_time_compare (pk_trust_list_get_fetched_at (again),
                                        pk_trust_list_get_fetched_at (f->list)), ==, 0);
  g_assert_cmpint (pk_trust_list_verify (again, payload, now, NULL), ==, PK_API_VERDICT_VALID);

  /* A damaged file is an error and keeps what was loaded. */
  g_assert_true (g_file_set_contents (f->path, "{\"fetched_at\": 5, \"keys\": []", -1, NULL));
  g_assert_false (pk_trust_list_load (again, &error));
  g_assert_error (error, PK_TRUST_LIST_ERROR, PK_TRUST_LIST_ERROR_CORRUPT);
  g_assert_cmpuint (pk_trust_list_get_n_keys (again), ==, 1);
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (f->path,
                 "{\"fetched_at\":\"2026-11-21T09:00:00Z\",\"keys\":[{\"key_id\":\"AB\","
                 "\"algorithm\":\"Ed25519\",\"public_key\":\"c2hvcnQ=\"}]}", -1, NULL));
  g_assert_false (pk_trust_list_load (again, &error));
  g_assert_error (error, PK_TRUST_LIST_ERROR, PK_TRUST_LIST_ERROR_CORRUPT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/trust-list/valid", test_valid);
  ADD ("/trust-list/every-flipped-character", test_every_flipped_character);
  ADD ("/trust-list/unknown-key", test_unknown_key);
  ADD ("/trust-list/expired-and-key-window", test_expired_and_key_window);
  ADD ("/trust-list/malformed", test_malformed);
  ADD ("/trust-list/save-load", test_save_load);
#undef ADD

  return g_test_run ();
}
