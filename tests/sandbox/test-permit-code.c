/* test-permit-code.c — the signed permit QR payload (src/core/permit/pk-permit-code.c)
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "pk-permit-code.h"

#define ALNUM_QR "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

typedef struct
{
  guint8 pk[32], sk[64];
  guint8 other_pk[32], other_sk[64];
} Keys;

static Keys keys;

static PkPermitCode *
sample_code (const guint8 *pk)
{
  PkPermitCode *code = pk_permit_code_new ();
  g_autofree char *kid = pk_permit_code_key_id_for_public_key (pk);

  g_strlcpy (code->key_id, kid, sizeof code->key_id);
  code->permit_no = g_strdup ("1405-000123");
  code->renovation_code = g_strdup ("03-012-456-000-000-000");
  code->issued_on = g_strdup ("2026-11-21");
  code->expires_on = g_strdup ("2028-11-20");
  code->floors = 4;
  code->total_area_m2 = 512.75;
  pk_permit_code_set_owner (code, "0499370899");
  return code;
}

static void
test_round_trip (void)
{
  g_autoptr(PkPermitCode) code = sample_code (keys.pk);
  g_autoptr(PkPermitCode) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = pk_permit_code_sign (code, keys.sk, &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "PK1"));
  /* 39 bytes of fields + 64 of signature → 165 base32 characters + "PK1". */
  g_assert_cmpuint (strlen (text), ==, 168);
  g_assert_cmpuint (strspn (text, ALNUM_QR), ==, strlen (text));

  back = pk_permit_code_decode (text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->key_id, ==, code->key_id);
  g_assert_cmpstr (back->permit_no, ==, "1405-000123");
  g_assert_cmpstr (back->renovation_code, ==, "03-012-456-000-000-000");
  g_assert_cmpstr (back->issued_on, ==, "2026-11-21");
  g_assert_cmpstr (back->expires_on, ==, "2028-11-20");
  g_assert_cmpuint (back->floors, ==, 4);
  g_assert_cmpfloat_with_epsilon (back->total_area_m2, 512.75, 0.001);
  g_assert_true (pk_permit_code_matches_owner (back, "0499370899"));
  g_assert_false (pk_permit_code_matches_owner (back, "0013542419"));
  g_assert_true (pk_permit_code_verify (back, keys.pk, &error));
  g_assert_no_error (error);
}

static void
test_url_form (void)
{
  g_autoptr(PkPermitCode) code = sample_code (keys.pk);
  g_autofree char *text = pk_permit_code_sign (code, keys.sk, NULL);
  g_autofree char *url = pk_permit_code_to_url (text, "verify.pishkhan.ir");
  g_autofree char *lower = g_ascii_strdown (url, -1);
  g_autoptr(PkPermitCode) a = NULL;
  g_autoptr(PkPermitCode) b = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_prefix (url, "HTTPS://VERIFY.PISHKHAN.IR/V/PK1"));
  g_assert_cmpuint (strspn (url, ALNUM_QR), ==, strlen (url));
  a = pk_permit_code_decode (url, &error);
  g_assert_no_error (error);
  g_assert_true (pk_permit_code_verify (a, keys.pk, &error));
  /* Phones may lower-case a scanned URL. */
  b = pk_permit_code_decode (lower, &error);
  g_assert_no_error (error);
  g_assert_true (pk_permit_code_verify (b, keys.pk, &error));
}

/* Changing any one character changes at least one bit of the bytes: decode or verify fails. */
static void
test_every_flip_fails (void)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  g_autoptr(PkPermitCode) code = sample_code (keys.pk);
  g_autofree char *text = pk_permit_code_sign (code, keys.sk, NULL);
  gsize len = strlen (text);

  for (gsize i = 3; i < len; i++)
    {
      g_autofree char *bad = g_strdup (text);
      g_autoptr(PkPermitCode) decoded = NULL;
      g_autoptr(GError) error = NULL;
      const char *pos = strchr (alphabet, text[i]);

      bad[i] = alphabet[((pos - alphabet) + 1 + (i % 31)) % 32];
      g_assert_cmpint (bad[i], !=, text[i]);
      decoded = pk_permit_code_decode (bad, &error);
      if (decoded == NULL)
        {
          g_assert_true (g_error_matches (error, PK_PERMIT_CODE_ERROR,
                                          PK_PERMIT_CODE_ERROR_MALFORMED) ||
                         g_error_matches (error, PK_PERMIT_CODE_ERROR,
                                          PK_PERMIT_CODE_ERROR_UNKNOWN_VERSION));
          continue;
        }
      g_assert_false (pk_permit_code_verify (decoded, keys.pk, &error));
      g_assert_error (error, PK_PERMIT_CODE_ERROR, PK_PERMIT_CODE_ERROR_BAD_SIGNATURE);
    }
}

static void
test_edited_field_fails (void)
{
  g_autoptr(PkPermitCode) code = sample_code (keys.pk);
  g_autofree char *text = pk_permit_code_sign (code, keys.sk, NULL);
  g_autoptr(PkPermitCode) decoded = pk_permit_code_decode (text, NULL);
  g_autoptr(GError) error = NULL;

  decoded->floors = 5;
  g_assert_false (pk_permit_code_verify (decoded, keys.pk, &error));
  g_assert_error (error, PK_PERMIT_CODE_ERROR, PK_PERMIT_CODE_ERROR_BAD_SIGNATURE);
}

static void
test_other_key (void)
{
  g_autoptr(PkPermitCode) code = sample_code (keys.pk);
  g_autofree char *text = pk_permit_code_sign (code, keys.sk, NULL);
  g_autoptr(PkPermitCode) decoded = pk_permit_code_decode (text, NULL);
  g_autoptr(PkPermitCode) forged = sample_code (keys.pk);
  g_autofree char *forged_text = NULL;
  g_autoptr(PkPermitCode) forged_decoded = NULL;
  g_autoptr(GError) error = NULL;

  /* Verified against a key with another id. */
  g_assert_false (pk_permit_code_verify (decoded, keys.other_pk, &error));
  g_assert_error (error, PK_PERMIT_CODE_ERROR, PK_PERMIT_CODE_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);

  /* Claims the real key id, signed with another secret key. */
  forged_text = pk_permit_code_sign (forged, keys.other_sk, NULL);
  forged_decoded = pk_permit_code_decode (forged_text, NULL);
  g_assert_nonnull (forged_decoded);
  g_assert_false (pk_permit_code_verify (forged_decoded, keys.pk, &error));
  g_assert_error (error, PK_PERMIT_CODE_ERROR, PK_PERMIT_CODE_ERROR_BAD_SIGNATURE);
}

static void
test_malformed (void)
{
  g_autoptr(PkPermitCode) code = sample_code (keys.pk);
  g_autofree char *text = pk_permit_code_sign (code, keys.sk, NULL);
  g_autofree char *v2 = g_strdup (text);
  g_autofree char *cut = g_strndup (text, strlen (text) - 8);
  g_autofree char *longer = g_strconcat (text, "AAAAAAAA", NULL);
  const char *bad[] = { "", "PK", "HELLO", "PK1", "PK1!!!!", "PK10189", "HTTPS://X/PK1AAAA",
                        "QR1AAAA" };
  GError *error = NULL;

  v2[2] = '2';
  g_assert_null (pk_permit_code_decode (v2, &error));
  g_assert_error (error, PK_PERMIT_CODE_ERROR, PK_PERMIT_CODE_ERROR_UNKNOWN_VERSION);
  g_clear_error (&error);
  g_assert_null (pk_permit_code_decode (cut, &error));
  g_assert_error (error, PK_PERMIT_CODE_ERROR, PK_PERMIT_CODE_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_null (pk_permit_code_decode (longer, &error));
  g_assert_error (error, PK_PERMIT_CODE_ERROR, PK_PERMIT_CODE_ERROR_MALFORMED);
  g_clear_error (&error);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_null (pk_permit_code_decode (bad[i], &error));
      g_assert_true (error->domain == PK_PERMIT_CODE_ERROR);
      g_clear_error (&error);
    }
}

static void
test_invalid_fields (void)
{
  g_autoptr(PkPermitCode) code = sample_code (keys.pk);
  GError *error = NULL;

  g_free (code->permit_no);
  code->permit_no = g_strdup ("1405/123");
  g_assert_null (pk_permit_code_sign (code, keys.sk, &error));
  g_assert_error (error, PK_PERMIT_CODE_ERROR, PK_PERMIT_CODE_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  g_free (code->permit_no);
  code->permit_no = g_strdup ("1405-000123");
  g_free (code->issued_on);
  code->issued_on = g_strdup ("2026-02-30");
  g_assert_null (pk_permit_code_sign (code, keys.sk, &error));
  g_assert_error (error, PK_PERMIT_CODE_ERROR, PK_PERMIT_CODE_ERROR_INVALID_FIELD);
  g_clear_error (&error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  crypto_sign_keypair (keys.pk, keys.sk);
  crypto_sign_keypair (keys.other_pk, keys.other_sk);

  g_test_add_func ("/permit-code/round-trip", test_round_trip);
  g_test_add_func ("/permit-code/url-form", test_url_form);
  g_test_add_func ("/permit-code/every-flip-fails", test_every_flip_fails);
  g_test_add_func ("/permit-code/edited-field-fails", test_edited_field_fails);
  g_test_add_func ("/permit-code/other-key", test_other_key);
  g_test_add_func ("/permit-code/malformed", test_malformed);
  g_test_add_func ("/permit-code/invalid-fields", test_invalid_fields);
  return g_test_run ();
}
