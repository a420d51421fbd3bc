/* test-text.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pk-text.h"

static void
check_string (char       *got,
              const char *want)
{
  g_assert_cmpstr (got, ==, want);
  g_free (got);
}

static void
test_digits_to_ascii (void)
{
  check_string (pk_text_digits_to_ascii ("۰۱۲۳۴۵۶۷۸۹"), "0123456789");
  check_string (pk_text_digits_to_ascii ("٠١٢٣٤٥٦٧٨٩"), "0123456789");
  check_string (pk_text_digits_to_ascii ("کد ۱۲-٣٤-56"), "کد 12-34-56");
  check_string (pk_text_digits_to_ascii (""), "");
}

static void
test_digits_to_persian (void)
{
  check_string (pk_text_digits_to_persian ("1405/08/30"), "۱۴۰۵/۰۸/۳۰");
  check_string (pk_text_digits_to_persian ("٤٥"), "۴۵");
  check_string (pk_text_digits_to_persian ("پلاک 12"), "پلاک ۱۲");
}

static void
test_normalize_letters (void)
{
  /* Arabic yeh, kaf and alef maksura become Persian. */
  check_string (pk_text_normalize ("علي كريمي"), "علی کریمی");
  check_string (pk_text_normalize ("موسى"), "موسی");
  /* Tatweel, zero-width space and BOM go. */
  check_string (pk_text_normalize ("محـــمد\u200B\uFEFF"), "محمد");
  /* Digits stay as typed in free text. */
  check_string (pk_text_normalize ("کوچه ۱۲"), "کوچه ۱۲");
}

static void
test_normalize_space (void)
{
  check_string (pk_text_normalize ("  رضا \t\n  احمدی  "), "رضا احمدی");
  check_string (pk_text_normalize ("رضا\u00A0احمدی"), "رضا احمدی");
  check_string (pk_text_normalize ("   "), "");
}

static void
test_normalize_zwnj (void)
{
  /* ZWNJ between letters is spelling and stays. */
  check_string (pk_text_normalize ("می\u200Cخواهم"), "می\u200Cخواهم");
  /* Next to a space, at the ends or doubled it is stray. */
  check_string (pk_text_normalize ("\u200Cمی\u200C\u200Cخواهم\u200C"), "می\u200Cخواهم");
  check_string (pk_text_normalize ("کتاب\u200C ها"), "کتاب ها");
  check_string (pk_text_normalize ("کتاب \u200Cها"), "کتاب ها");
}

static void
test_normalize_invalid (void)
{
  g_assert_null (pk_text_normalize ("\xff\xfe"));
  g_assert_null (pk_text_normalize_identifier ("12\xc3"));
}

static void
test_normalize_identifier (void)
{
  check_string (pk_text_normalize_identifier (" ۰۴۹۹ ٣٧٠ 899 "), "0499370899");
  check_string (pk_text_normalize_identifier ("۱۲\u200C۳۴"), "1234");
}

static void
test_bidi (void)
{
  g_assert_false (pk_text_has_bidi_controls ("علی رضایی"));
  g_assert_false (pk_text_has_bidi_controls ("می\u200Cخواهم"));
  for (gunichar c = 0x202A; c <= 0x202E; c++)
    {
      char buf[8] = { 0 };
      g_autofree char *s = NULL;

      g_unichar_to_utf8 (c, buf);
      s = g_strconcat ("علی", buf, "رضا", NULL);
      g_assert_true (pk_text_has_bidi_controls (s));
    }
  for (gunichar c = 0x2066; c <= 0x2069; c++)
    {
      char buf[8] = { 0 };

      g_unichar_to_utf8 (c, buf);
      g_assert_true (pk_text_has_bidi_controls (buf));
    }
  /* Just outside the ranges: LRM/RLM are allowed marks, not embeddings. */
  g_assert_false (pk_text_has_bidi_controls ("\u200E\u200F\u2065"));
  g_assert_true (pk_text_has_bidi_controls ("\xc0"));
}

static void
test_length (void)
{
  g_assert_cmpint (pk_text_length ("پیشخوان"), ==, 7);
  g_assert_cmpint (pk_text_length (""), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/digits-to-ascii", test_digits_to_ascii);
  g_test_add_func ("/text/digits-to-persian", test_digits_to_persian);
  g_test_add_func ("/text/normalize/letters", test_normalize_letters);
  g_test_add_func ("/text/normalize/space", test_normalize_space);
  g_test_add_func ("/text/normalize/zwnj", test_normalize_zwnj);
  g_test_add_func ("/text/normalize/invalid", test_normalize_invalid);
  g_test_add_func ("/text/normalize/identifier", test_normalize_identifier);
  g_test_add_func ("/text/bidi", test_bidi);
  g_test_add_func ("/text/length", test_length);

  return g_test_run ();
}
