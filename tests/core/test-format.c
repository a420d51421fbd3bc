/* test-format.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pk-format.h"

/* Noon UTC is 15:30 in Tehran: the same civil day, far from either midnight. */
static GDateTime *
utc_noon (int year, int month, int day)
{
  return g_date_time_new_utc (year, month, day, 12, 0, 0);
}

static void
test_jalali_vectors (void)
{
  struct { int y, m, d; const char *fa; const char *latin; } vectors[] = {
    { 2025, 3, 20, "۱۴۰۳/۱۲/۳۰", "1403/12/30" },  /* last day of leap year 1403 */
    { 2025, 3, 21, "۱۴۰۴/۰۱/۰۱", "1404/01/01" },  /* Nowruz 1404 */
    { 2026, 3, 20, "۱۴۰۴/۱۲/۲۹", "1404/12/29" },  /* 1404 is common: Esfand has 29 days */
    { 2026, 3, 21, "۱۴۰۵/۰۱/۰۱", "1405/01/01" },
    { 2026, 11, 21, "۱۴۰۵/۰۸/۳۰", "1405/08/30" },
    { 2024, 3, 20, "۱۴۰۳/۰۱/۰۱", "1403/01/01" },  /* Nowruz 1403 fell on 20 March */
    { 2021, 3, 20, "۱۳۹۹/۱۲/۳۰", "1399/12/30" },  /* 1399 was leap too */
    { 2023, 9, 22, "۱۴۰۲/۰۶/۳۱", "1402/06/31" },  /* first half-year months have 31 days */
    { 2023, 9, 23, "۱۴۰۲/۰۷/۰۱", "1402/07/01" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autoptr(GDateTime) dt = utc_noon (vectors[i].y, vectors[i].m, vectors[i].d);
      g_autofree char *fa = pk_format_date (dt, PK_LANGUAGE_PERSIAN);
      g_autofree char *en = pk_format_date (dt, PK_LANGUAGE_ENGLISH);

      g_assert_cmpstr (en, ==, vectors[i].latin);
      g_assert_cmpstr (fa, ==, vectors[i].fa);
    }
}

static void
test_tehran_day_boundary (void)
{
  /* 20:29 UTC on 20 March 2025 is 23:59 in Tehran, 20:30 UTC is already Nowruz. */
  g_autoptr(GDateTime) before = g_date_time_new_utc (2025, 3, 20, 20, 29, 0);
  g_autoptr(GDateTime) after = g_date_time_new_utc (2025, 3, 20, 20, 30, 0);
  g_autofree char *a = pk_format_date_time (before, PK_LANGUAGE_ENGLISH);
  g_autofree char *b = pk_format_date_time (after, PK_LANGUAGE_ENGLISH);
  g_autofree char *c = pk_format_date_time (after, PK_LANGUAGE_PERSIAN);

  g_assert_cmpstr (a, ==, "1403/12/30 23:59");
  g_assert_cmpstr (b, ==, "1404/01/01 00:00");
  g_assert_cmpstr (c, ==, "۱۴۰۴/۰۱/۰۱ ۰۰:۰۰");
}

static void
test_long_date (void)
{
  g_autoptr(GDateTime) dt = utc_noon (2026, 11, 21);
  g_autofree char *fa = pk_format_date_long (dt, PK_LANGUAGE_PERSIAN);
  g_autofree char *en = pk_format_date_long (dt, PK_LANGUAGE_ENGLISH);
  g_autofree char *time = pk_format_time (dt, PK_LANGUAGE_PERSIAN);

  g_assert_cmpstr (fa, ==, "شنبه ۳۰ آبان ۱۴۰۵");
  g_assert_cmpstr (en, ==, "Saturday 30 Aban 1405");
  g_assert_cmpstr (time, ==, "۱۵:۳۰");
}

static void
test_integer (void)
{
  struct { gint64 v; const char *fa; const char *en; } vectors[] = {
    { 0, "۰", "0" },
    { 999, "۹۹۹", "999" },
    { 1000, "۱٬۰۰۰", "1,000" },
    { 1234567, "۱٬۲۳۴٬۵۶۷", "1,234,567" },
    { 1000000000000000, "۱٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰", "1,000,000,000,000,000" },
    { -2500, "\u200E−۲٬۵۰۰", "-2,500" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *fa = pk_format_integer (vectors[i].v, PK_LANGUAGE_PERSIAN);
      g_autofree char *en = pk_format_integer (vectors[i].v, PK_LANGUAGE_ENGLISH);

      g_assert_cmpstr (fa, ==, vectors[i].fa);
      g_assert_cmpstr (en, ==, vectors[i].en);
    }
}

static void
test_decimal (void)
{
  g_autofree char *fa = pk_format_decimal (1250.5, 2, PK_LANGUAGE_PERSIAN);
  g_autofree char *en = pk_format_decimal (1250.5, 2, PK_LANGUAGE_ENGLISH);
  g_autofree char *whole = pk_format_decimal (12.0, 2, PK_LANGUAGE_ENGLISH);
  g_autofree char *rounded = pk_format_decimal (3.14159, 2, PK_LANGUAGE_ENGLISH);

  g_assert_cmpstr (fa, ==, "۱٬۲۵۰٫۵");
  g_assert_cmpstr (en, ==, "1,250.5");
  g_assert_cmpstr (whole, ==, "12");
  g_assert_cmpstr (rounded, ==, "3.14");
}

static void
test_amount (void)
{
  g_autofree char *rial = pk_format_amount (12500000, PK_AMOUNT_UNIT_RIAL, PK_LANGUAGE_ENGLISH);
  g_autofree char *toman = pk_format_amount (12500000, PK_AMOUNT_UNIT_TOMAN, PK_LANGUAGE_ENGLISH);
  g_autofree char *odd = pk_format_amount (12345, PK_AMOUNT_UNIT_TOMAN, PK_LANGUAGE_ENGLISH);
  g_autofree char *fa = pk_format_amount (12500000, PK_AMOUNT_UNIT_RIAL, PK_LANGUAGE_PERSIAN);

  /* The tests run untranslated, so the unit words are the English msgids. */
  g_assert_cmpstr (rial, ==, "12,500,000 Rial");
  g_assert_cmpstr (toman, ==, "1,250,000 Toman");
  g_assert_cmpstr (odd, ==, "1,234.5 Toman");
  g_assert_true (g_str_has_prefix (fa, "۱۲٬۵۰۰٬۰۰۰ "));
}

static void
test_digits (void)
{
  g_autofree char *fa = pk_format_digits ("03-012-456", PK_LANGUAGE_PERSIAN);
  g_autofree char *en = pk_format_digits ("۰۳-۰۱۲", PK_LANGUAGE_ENGLISH);

  g_assert_cmpstr (fa, ==, "۰۳-۰۱۲-۴۵۶");
  g_assert_cmpstr (en, ==, "03-012");
}

static void
test_identifier (void)
{
  g_autofree char *fa = pk_format_identifier ("03-012-456", PK_LANGUAGE_PERSIAN);
  g_autofree char *en = pk_format_identifier ("۰۳-۰۱۲", PK_LANGUAGE_ENGLISH);

  g_assert_cmpstr (fa, ==, "\u2066۰۳-۰۱۲-۴۵۶\u2069");
  g_assert_cmpstr (en, ==, "03-012");
}

/* Latin digits in both languages, isolated left to right, as the inquiry page and the permit
 * wizard have always shown it. */
static void
test_tracking_code (void)
{
  g_autofree char *latin = pk_format_tracking_code ("PK1234567890");
  g_autofree char *persian = pk_format_tracking_code ("PK۱۲۳۴۵۶۷۸۹۰");
  g_autofree char *arabic = pk_format_tracking_code ("PK١٢٣٤٥٦٧٨٩٠");
  g_autofree char *empty = pk_format_tracking_code ("");

  g_assert_cmpstr (latin, ==, "\u2066PK1234567890\u2069");
  g_assert_cmpstr (persian, ==, "\u2066PK1234567890\u2069");
  g_assert_cmpstr (arabic, ==, "\u2066PK1234567890\u2069");
  g_assert_cmpstr (empty, ==, "\u2066\u2069");
}

static void
test_parse_date (void)
{
  const char *inputs[] = { "1405/08/30", "۱۴۰۵/۰۸/۳۰", "١٤٠٥-٨-٣٠", "1405.8.30", " ۱۴۰۵ / ۸ / ۳۰ " };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) dt = pk_parse_date (inputs[i], &error);
      g_autofree char *back = NULL;
      g_autofree char *iso = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (dt);
      back = pk_format_date_time (dt, PK_LANGUAGE_ENGLISH);
      g_assert_cmpstr (back, ==, "1405/08/30 00:00");
      /* Midnight in Tehran (UTC+3:30) is 20:30 UTC the day before. */
      iso = g_date_time_format_iso8601 (dt);
      g_assert_cmpstr (iso, ==, "2026-11-20T20:30:00Z");
    }
}

static void
test_parse_date_leap (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) leap = pk_parse_date ("1403/12/30", &error);
  g_autoptr(GDateTime) common = NULL;
  g_autofree char *back = NULL;

  g_assert_no_error (error);
  back = pk_format_date (leap, PK_LANGUAGE_ENGLISH);
  g_assert_cmpstr (back, ==, "1403/12/30");

  common = pk_parse_date ("1404/12/30", &error);
  g_assert_null (common);
  g_assert_error (error, PK_FORMAT_ERROR, PK_FORMAT_ERROR_INVALID_DATE);
}

static void
test_parse_date_invalid (void)
{
  struct { const char *input; PkFormatError code; } invalid[] = {
    { "", PK_FORMAT_ERROR_EMPTY },
    { "1403/07/31", PK_FORMAT_ERROR_INVALID_DATE },  /* Mehr has 30 days */
    { "1405/13/01", PK_FORMAT_ERROR_INVALID_DATE },
    { "1405/00/10", PK_FORMAT_ERROR_INVALID_DATE },
    { "1405/01/32", PK_FORMAT_ERROR_INVALID_DATE },
    { "05/08/30", PK_FORMAT_ERROR_INVALID_DATE },
    { "30/08/1405", PK_FORMAT_ERROR_INVALID_DATE },
    { "1405/08", PK_FORMAT_ERROR_INVALID_DATE },
    { "1405/08/30/1", PK_FORMAT_ERROR_INVALID_DATE },
    { "abcd/ef/gh", PK_FORMAT_ERROR_INVALID_DATE },
    { "1405/+8/30", PK_FORMAT_ERROR_INVALID_DATE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) dt = pk_parse_date (invalid[i].input, &error);

      g_assert_null (dt);
      g_assert_error (error, PK_FORMAT_ERROR, invalid[i].code);
    }
}

static gpointer
format_thread (gpointer data)
{
  g_autoptr(GDateTime) dt = utc_noon (2026, 11, 21);

  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *s = pk_format_date (dt, PK_LANGUAGE_PERSIAN);
      g_autofree char *n = pk_format_integer (1234567, PK_LANGUAGE_PERSIAN);

      if (g_strcmp0 (s, "۱۴۰۵/۰۸/۳۰") != 0 || g_strcmp0 (n, "۱٬۲۳۴٬۵۶۷") != 0)
        return GINT_TO_POINTER (1);
    }
  return GINT_TO_POINTER (0);
}

static void
test_threads (void)
{
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("format", format_thread, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_cmpint (GPOINTER_TO_INT (g_thread_join (threads[i])), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/jalali-vectors", test_jalali_vectors);
  g_test_add_func ("/format/tehran-day-boundary", test_tehran_day_boundary);
  g_test_add_func ("/format/long-date", test_long_date);
  g_test_add_func ("/format/integer", test_integer);
  g_test_add_func ("/format/decimal", test_decimal);
  g_test_add_func ("/format/amount", test_amount);
  g_test_add_func ("/format/digits", test_digits);
  g_test_add_func ("/format/identifier", test_identifier);
  g_test_add_func ("/format/tracking-code", test_tracking_code);
  g_test_add_func ("/format/parse-date", test_parse_date);
  g_test_add_func ("/format/parse-date/leap", test_parse_date_leap);
  g_test_add_func ("/format/parse-date/invalid", test_parse_date_invalid);
  g_test_add_func ("/format/threads", test_threads);

  return g_test_run ();
}
