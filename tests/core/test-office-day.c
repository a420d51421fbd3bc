/* test-office-day.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one definition of "the day": Tehran's calendar day, whatever UTC's day and the machine's
 * zone. The suite runs with TZ=UTC (and again under faketime at these very instants), so any
 * day built from UTC or the local zone shows here.
 */
#include "pk-office-day.h"

static void
assert_day (GDate *day,
            int    year,
            int    month,
            int    dom)
{
  g_assert_true (g_date_valid (day));
  g_assert_cmpint (g_date_get_year (day), ==, year);
  g_assert_cmpint (g_date_get_month (day), ==, month);
  g_assert_cmpint (g_date_get_day (day), ==, dom);
}

static void
test_midnight (void)
{
  /* 20:29:59 UTC is 23:59:59 in Tehran; one second later it is tomorrow there, still today in
   * UTC (the hours the suite used to fail in). */
  struct { int h, m, s; int day; } cases[] = {
    { 0, 0, 0, 4 }, { 20, 29, 59, 4 }, { 20, 30, 0, 5 }, { 23, 59, 59, 5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) at = g_date_time_new_utc (2026, 12, 4, cases[i].h, cases[i].m,
                                                     cases[i].s);
      g_autoptr(GDate) day = pk_office_day_new (at);
      g_autofree char *iso = pk_office_day_iso_of (at);
      g_autofree char *expected = g_strdup_printf ("2026-12-%02d", cases[i].day);

      assert_day (day, 2026, 12, cases[i].day);
      g_assert_cmpstr (iso, ==, expected);
    }
}

static void
test_same_instant_any_zone (void)
{
  /* The zone an instant is expressed in does not move it to another office day. */
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GTimeZone) west = g_time_zone_new_offset (-8 * 3600);
  g_autoptr(GDateTime) utc = g_date_time_new_utc (2026, 12, 4, 21, 0, 0);
  g_autoptr(GDateTime) in_tokyo = g_date_time_to_timezone (utc, tokyo);
  g_autoptr(GDateTime) in_west = g_date_time_to_timezone (utc, west);
  g_autoptr(GDate) a = pk_office_day_new (in_tokyo);
  g_autoptr(GDate) b = pk_office_day_new (in_west);

  assert_day (a, 2026, 12, 5);
  assert_day (b, 2026, 12, 5);
}

static void
test_today (void)
{
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(GDate) today = pk_office_day_today ();
  g_autoptr(GDateTime) after = g_date_time_new_now_utc ();
  g_autoptr(GDate) a = pk_office_day_new (before);
  g_autoptr(GDate) b = pk_office_day_new (after);

  /* Today is the office day of now: between the days of the instants around the call. */
  g_assert_cmpint (g_date_compare (a, today), <=, 0);
  g_assert_cmpint (g_date_compare (today, b), <=, 0);
}

static void
test_bounds (void)
{
  g_autoptr(GDate) day = g_date_new_dmy (4, G_DATE_DECEMBER, 2026);
  g_autoptr(GDateTime) start = pk_office_day_start (day);
  g_autoptr(GDateTime) last = pk_office_day_last_second (day);
  g_autoptr(GDateTime) start_utc = g_date_time_to_utc (start);
  g_autoptr(GDateTime) last_utc = g_date_time_to_utc (last);
  g_autofree char *a = g_date_time_format_iso8601 (start_utc);
  g_autofree char *b = g_date_time_format_iso8601 (last_utc);
  g_autoptr(GDate) of_start = pk_office_day_new (start);
  g_autoptr(GDate) of_last = pk_office_day_new (last);

  g_assert_cmpstr (a, ==, "2026-12-03T20:30:00Z");
  g_assert_cmpstr (b, ==, "2026-12-04T20:29:59Z");
  g_assert_cmpint (g_date_compare (of_start, day), ==, 0);
  g_assert_cmpint (g_date_compare (of_last, day), ==, 0);
  g_assert_cmpint (g_date_time_difference (last, start), ==, 86399 * G_TIME_SPAN_SECOND);
}

static void
test_iso (void)
{
  const char *bad[] = {
    "", "2026-12-4", "2026/12/04", "2026-02-30", "2025-02-29", "2026-13-01", "2026-12-04T00",
    "20261204", "2026-1a-04", " 2026-12-04", "٢٠٢٦-١٢-٠٤",
  };
  GDate day;
  g_autofree char *iso = NULL;

  g_assert_true (pk_office_day_parse_iso ("2024-02-29", &day));
  assert_day (&day, 2024, 2, 29);
  iso = pk_office_day_to_iso (&day);
  g_assert_cmpstr (iso, ==, "2024-02-29");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (pk_office_day_parse_iso (bad[i], &day));
  g_assert_false (pk_office_day_parse_iso (NULL, &day));
}

static void
test_jalali_year (void)
{
  /* The year turns at Nowruz in Tehran: 20:30 UTC on the eve, whichever Gregorian day. */
  struct { int y, m, d, h, mi, s; guint year; } cases[] = {
    { 2025, 3, 20, 20, 29, 59, 1403 },  /* last second of 30 Esfand 1403 (leap) */
    { 2025, 3, 20, 20, 30, 0, 1404 },
    { 2026, 3, 20, 20, 29, 59, 1404 },  /* last second of 29 Esfand 1404 (common) */
    { 2026, 3, 20, 20, 30, 0, 1405 },
    { 2024, 3, 19, 20, 30, 0, 1403 },   /* Nowruz 1403 fell on 20 March */
    { 2026, 12, 4, 21, 0, 0, 1405 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) at = g_date_time_new_utc (cases[i].y, cases[i].m, cases[i].d,
                                                     cases[i].h, cases[i].mi, cases[i].s);

      g_assert_cmpuint (pk_office_day_jalali_year (at), ==, cases[i].year);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/office-day/midnight", test_midnight);
  g_test_add_func ("/office-day/same-instant-any-zone", test_same_instant_any_zone);
  g_test_add_func ("/office-day/today", test_today);
  g_test_add_func ("/office-day/bounds", test_bounds);
  g_test_add_func ("/office-day/iso", test_iso);
  g_test_add_func ("/office-day/jalali-year", test_jalali_year);
  return g_test_run ();
}
