/* test-validate.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pk-validate.h"

static void
assert_national_id (const char *input,
                    const char *want)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_assert_true (pk_validate_national_id (input, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, want);
}

static void
assert_national_id_error (const char        *input,
                          PkValidationError  code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_assert_false (pk_validate_national_id (input, &out, &error));
  g_assert_error (error, PK_VALIDATION_ERROR, code);
  g_assert_null (out);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_national_id_valid (void)
{
  assert_national_id ("0499370899", "0499370899");
  assert_national_id ("5406135899", "5406135899");
  assert_national_id ("2245383230", "2245383230"); /* check digit 0 (remainder 0) */
  assert_national_id ("6405622411", "6405622411"); /* check digit 1 (remainder 1) */
  assert_national_id ("1234567891", "1234567891");
  /* every digit system, and separators */
  assert_national_id ("۰۴۹۹۳۷۰۸۹۹", "0499370899");
  assert_national_id ("٠٤٩٩٣٧٠٨٩٩", "0499370899");
  assert_national_id ("۰۴۹-۹٣٧۰-899", "0499370899");
  assert_national_id (" 049 937 0899 ", "0499370899");
  /* old cards drop leading zeros: 8 and 9 digits are padded */
  assert_national_id ("12345679", "0012345679");
  assert_national_id ("499370899", "0499370899");
}

static void
test_national_id_invalid (void)
{
  assert_national_id_error ("", PK_VALIDATION_ERROR_EMPTY);
  assert_national_id_error ("   ", PK_VALIDATION_ERROR_EMPTY);
  assert_national_id_error ("0499370898", PK_VALIDATION_ERROR_CHECKSUM);
  assert_national_id_error ("2245383231", PK_VALIDATION_ERROR_CHECKSUM);
  assert_national_id_error ("6405622410", PK_VALIDATION_ERROR_CHECKSUM);
  assert_national_id_error ("1111111111", PK_VALIDATION_ERROR_REPEATED_DIGITS);
  assert_national_id_error ("0000000000", PK_VALIDATION_ERROR_REPEATED_DIGITS);
  assert_national_id_error ("۵۵۵۵۵۵۵۵۵۵", PK_VALIDATION_ERROR_REPEATED_DIGITS);
  assert_national_id_error ("1234567", PK_VALIDATION_ERROR_WRONG_LENGTH);
  assert_national_id_error ("04993708990", PK_VALIDATION_ERROR_WRONG_LENGTH);
  assert_national_id_error ("04993708a9", PK_VALIDATION_ERROR_INVALID_CHARACTERS);
  assert_national_id_error ("049937089\u202E9", PK_VALIDATION_ERROR_INVALID_CHARACTERS);
  assert_national_id_error ("\xff", PK_VALIDATION_ERROR_INVALID_CHARACTERS);
}

static void
test_national_id_huge (void)
{
  g_autofree char *huge = g_strnfill (10000, '7');

  assert_national_id_error (huge, PK_VALIDATION_ERROR_WRONG_LENGTH);
}

static void
test_postal_code (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_assert_true (pk_validate_postal_code ("۱۳۱۴۵-۶۷۸۹۱", &out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "1314567891");

  g_assert_false (pk_validate_postal_code ("131456789", NULL, &error));
  g_assert_error (error, PK_VALIDATION_ERROR, PK_VALIDATION_ERROR_WRONG_LENGTH);
  g_clear_error (&error);
  g_assert_false (pk_validate_postal_code ("0314567891", NULL, &error));
  g_assert_error (error, PK_VALIDATION_ERROR, PK_VALIDATION_ERROR_PATTERN);
  g_clear_error (&error);
  g_assert_false (pk_validate_postal_code ("3333333333", NULL, &error));
  g_assert_error (error, PK_VALIDATION_ERROR, PK_VALIDATION_ERROR_PATTERN);
  g_clear_error (&error);
  g_assert_false (pk_validate_postal_code ("13145x7891", NULL, &error));
  g_assert_error (error, PK_VALIDATION_ERROR, PK_VALIDATION_ERROR_INVALID_CHARACTERS);
  g_clear_error (&error);
  g_assert_false (pk_validate_postal_code ("", NULL, &error));
  g_assert_error (error, PK_VALIDATION_ERROR, PK_VALIDATION_ERROR_EMPTY);
}

static void
test_mobile (void)
{
  const char *valid[] = {
    "09121234567", "۰۹۱۲۱۲۳۴۵۶۷", "٠٩١٢١٢٣٤٥٦٧", "+989121234567", "00989121234567",
    "989121234567", "0912 123 4567", "0912-123-4567",
  };
  struct { const char *input; PkValidationError code; } invalid[] = {
    { "", PK_VALIDATION_ERROR_EMPTY },
    { "02112345678", PK_VALIDATION_ERROR_WRONG_PREFIX },
    { "0912123456", PK_VALIDATION_ERROR_WRONG_LENGTH },
    { "091212345678", PK_VALIDATION_ERROR_WRONG_LENGTH },
    { "+449121234567", PK_VALIDATION_ERROR_INVALID_CHARACTERS },
    { "0912abc4567", PK_VALIDATION_ERROR_INVALID_CHARACTERS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;

      g_assert_true (pk_validate_mobile (valid[i], &out, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, "09121234567");
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (pk_validate_mobile (invalid[i].input, NULL, &error));
      g_assert_error (error, PK_VALIDATION_ERROR, invalid[i].code);
    }
}

static void
test_renovation_code (void)
{
  const char *pattern = "2-3-3-3-3-3";
  struct { const char *input; const char *want; } valid[] = {
    { "3-12-456-0-0-0", "03-012-456-000-000-000" },
    { "۳/۱۲/۴۵۶/۰/۰/۰", "03-012-456-000-000-000" },
    { "03 012 456 000 000 000", "03-012-456-000-000-000" },
    { "03012456000000000", "03-012-456-000-000-000" },
  };
  struct { const char *input; PkValidationError code; } invalid[] = {
    { "", PK_VALIDATION_ERROR_EMPTY },
    { "3-12-456", PK_VALIDATION_ERROR_PATTERN },
    { "3-12-4567-0-0-0", PK_VALIDATION_ERROR_PATTERN },
    { "3--456-0-0-0", PK_VALIDATION_ERROR_PATTERN },
    { "0301245600000000", PK_VALIDATION_ERROR_PATTERN },
    { "3-12-45a-0-0-0", PK_VALIDATION_ERROR_INVALID_CHARACTERS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;

      g_assert_true (pk_validate_renovation_code (valid[i].input, pattern, &out, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, valid[i].want);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (pk_validate_renovation_code (invalid[i].input, pattern, NULL, &error));
      g_assert_error (error, PK_VALIDATION_ERROR, invalid[i].code);
    }

  /* Another city's layout. */
  {
    g_autofree char *out = NULL;

    g_assert_true (pk_validate_renovation_code ("1-2-3", "1-4-4", &out, NULL));
    g_assert_cmpstr (out, ==, "1-0002-0003");
  }

  g_assert_true (pk_validate_renovation_pattern ("2-3-3-3-3-3"));
  g_assert_true (pk_validate_renovation_pattern ("9"));
  g_assert_false (pk_validate_renovation_pattern (""));
  g_assert_false (pk_validate_renovation_pattern ("2--3"));
  g_assert_false (pk_validate_renovation_pattern ("2-0"));
  g_assert_false (pk_validate_renovation_pattern ("2-10"));
  g_assert_false (pk_validate_renovation_pattern ("1-1-1-1-1-1-1-1-1"));
  g_assert_false (pk_validate_renovation_pattern ("a-b"));
}

static void
test_amount (void)
{
  struct { const char *input; PkAmountUnit unit; gint64 want; } valid[] = {
    { "0", PK_AMOUNT_UNIT_RIAL, 0 },
    { "1250000", PK_AMOUNT_UNIT_RIAL, 1250000 },
    { "1,250,000", PK_AMOUNT_UNIT_RIAL, 1250000 },
    { "۱٬۲۵۰٬۰۰۰", PK_AMOUNT_UNIT_RIAL, 1250000 },
    { "١٢٥٠٠٠٠", PK_AMOUNT_UNIT_RIAL, 1250000 },
    { "125,000", PK_AMOUNT_UNIT_TOMAN, 1250000 },
    { "1000000000000000", PK_AMOUNT_UNIT_RIAL, PK_AMOUNT_MAX_RIAL },
  };
  struct { const char *input; PkAmountUnit unit; PkValidationError code; } invalid[] = {
    { "", PK_AMOUNT_UNIT_RIAL, PK_VALIDATION_ERROR_EMPTY },
    { "-5", PK_AMOUNT_UNIT_RIAL, PK_VALIDATION_ERROR_NEGATIVE },
    { "12.5", PK_AMOUNT_UNIT_RIAL, PK_VALIDATION_ERROR_FRACTION },
    { "۱۲٫۵", PK_AMOUNT_UNIT_RIAL, PK_VALIDATION_ERROR_FRACTION },
    { "12abc", PK_AMOUNT_UNIT_RIAL, PK_VALIDATION_ERROR_NOT_A_NUMBER },
    { ",,,", PK_AMOUNT_UNIT_RIAL, PK_VALIDATION_ERROR_NOT_A_NUMBER },
    { "1000000000000001", PK_AMOUNT_UNIT_RIAL, PK_VALIDATION_ERROR_TOO_LARGE },
    { "100000000000001", PK_AMOUNT_UNIT_TOMAN, PK_VALIDATION_ERROR_TOO_LARGE },
    { "99999999999999999999999", PK_AMOUNT_UNIT_RIAL, PK_VALIDATION_ERROR_TOO_LARGE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 rial = -1;

      g_assert_true (pk_validate_amount (valid[i].input, valid[i].unit, &rial, &error));
      g_assert_no_error (error);
      g_assert_cmpint (rial, ==, valid[i].want);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 rial = -1;

      g_assert_false (pk_validate_amount (invalid[i].input, invalid[i].unit, &rial, &error));
      g_assert_error (error, PK_VALIDATION_ERROR, invalid[i].code);
      g_assert_cmpint (rial, ==, -1);
    }
}

static void
test_tracking_code (void)
{
  struct { const char *input; PkValidationError code; } invalid[] = {
    { "", PK_VALIDATION_ERROR_EMPTY },
    { "PK12345", PK_VALIDATION_ERROR_WRONG_LENGTH },
    { "XX1234567890", PK_VALIDATION_ERROR_WRONG_PREFIX },
    { "PK12345678_0", PK_VALIDATION_ERROR_WRONG_LENGTH },
    { "PK12345678؟0", PK_VALIDATION_ERROR_INVALID_CHARACTERS },
    { "PK1234567890\u202E", PK_VALIDATION_ERROR_INVALID_CHARACTERS },
  };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (pk_validate_tracking_code (" pk۱۲۳۴-۵۶۷۸۹a ", &out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "PK123456789A");

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) e = NULL;

      g_assert_false (pk_validate_tracking_code (invalid[i].input, NULL, &e));
      g_assert_error (e, PK_VALIDATION_ERROR, invalid[i].code);
    }
}

static void
test_person_name (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *huge = NULL;
  GString *long_name = g_string_new (NULL);

  g_assert_true (pk_validate_person_name ("  علي  كريمي ", 60, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "علی کریمی");
  g_clear_pointer (&out, g_free);

  g_assert_true (pk_validate_person_name ("زهرا میرزا\u200Cزاده", 60, &out, &error));
  g_assert_cmpstr (out, ==, "زهرا میرزا\u200Cزاده");

  g_assert_false (pk_validate_person_name ("علی\u202Eرضا", 60, NULL, &error));
  g_assert_error (error, PK_VALIDATION_ERROR, PK_VALIDATION_ERROR_BIDI_CONTROL);
  g_clear_error (&error);
  g_assert_false (pk_validate_person_name ("\u2067علی", 60, NULL, &error));
  g_assert_error (error, PK_VALIDATION_ERROR, PK_VALIDATION_ERROR_BIDI_CONTROL);
  g_clear_error (&error);
  g_assert_false (pk_validate_person_name ("علی ۲", 60, NULL, &error));
  g_assert_error (error, PK_VALIDATION_ERROR, PK_VALIDATION_ERROR_INVALID_CHARACTERS);
  g_clear_error (&error);
  g_assert_false (pk_validate_person_name ("<script>", 60, NULL, &error));
  g_assert_error (error, PK_VALIDATION_ERROR, PK_VALIDATION_ERROR_INVALID_CHARACTERS);
  g_clear_error (&error);
  g_assert_false (pk_validate_person_name (" \u200C ", 60, NULL, &error));
  g_assert_error (error, PK_VALIDATION_ERROR, PK_VALIDATION_ERROR_EMPTY);
  g_clear_error (&error);

  for (guint i = 0; i < 10000; i++)
    g_string_append (long_name, "ب");
  huge = g_string_free (long_name, FALSE);
  g_assert_false (pk_validate_person_name (huge, 60, NULL, &error));
  g_assert_error (error, PK_VALIDATION_ERROR, PK_VALIDATION_ERROR_TOO_LONG);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/national-id/valid", test_national_id_valid);
  g_test_add_func ("/validate/national-id/invalid", test_national_id_invalid);
  g_test_add_func ("/validate/national-id/huge", test_national_id_huge);
  g_test_add_func ("/validate/postal-code", test_postal_code);
  g_test_add_func ("/validate/mobile", test_mobile);
  g_test_add_func ("/validate/renovation-code", test_renovation_code);
  g_test_add_func ("/validate/amount", test_amount);
  g_test_add_func ("/validate/tracking-code", test_tracking_code);
  g_test_add_func ("/validate/person-name", test_person_name);

  return g_test_run ();
}
