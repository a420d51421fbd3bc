/* pk-office-day.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one definition of "the day": the calendar day in Tehran (Asia/Tehran, +03:30 all year
 * since 1401). Every `…_on` date of the API, the daily report, permit expiry, the journal's days
 * and the supervisor's day close are office days; UTC's day differs from it between 20:30 and
 * 24:00 UTC, so nothing may build "today" from UTC or from the machine's local zone.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pk-format.h"
#include "pk-office-day.h"

/**
 * pk_office_time_zone:
 *
 * Iran has kept +03:30 all year since 2022, the fallback when the system has no time-zone data
 * (the days it gives are the same).
 *
 * Returns: (transfer none): the zone, shared for the process
 */
GTimeZone *
pk_office_time_zone (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    {
      GTimeZone *tz = g_time_zone_new_identifier (PK_TIME_ZONE);

      g_once_init_leave (&zone, tz ? tz : g_time_zone_new_offset (3 * 3600 + 1800));
    }
  return zone;
}

/**
 * pk_office_day_new:
 * @at: (nullable): an instant in any zone; %NULL for now
 *
 * The office day @at falls on; every other function here derives from this one.
 *
 * Returns: (transfer full): the Gregorian date of that day
 */
GDate *
pk_office_day_new (GDateTime *at)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (at == NULL)
    at = now = g_date_time_new_now_utc ();
  local = g_date_time_to_timezone (at, pk_office_time_zone ());
  return g_date_new_dmy ((GDateDay) g_date_time_get_day_of_month (local),
                         (GDateMonth) g_date_time_get_month (local),
                         (GDateYear) g_date_time_get_year (local));
}

/* Returns: (transfer full): the office day now */
GDate *
pk_office_day_today (void)
{
  return pk_office_day_new (NULL);
}

/* Returns: (transfer full): @day as the API writes dates, `YYYY-MM-DD` */
char *
pk_office_day_to_iso (const GDate *day)
{
  g_return_val_if_fail (day != NULL && g_date_valid (day), NULL);

  return g_strdup_printf ("%04u-%02u-%02u", (guint) g_date_get_year (day),
                          (guint) g_date_get_month (day), (guint) g_date_get_day (day));
}

/**
 * pk_office_day_parse_iso:
 * @iso: exactly `YYYY-MM-DD`
 * @out: (out caller-allocates): the day
 *
 * Returns: %FALSE for anything else, a day that does not exist (2026-02-30) included
 */
gboolean
pk_office_day_parse_iso (const char *iso,
                         GDate      *out)
{
  guint y, m, d;
  char tail;

  g_return_val_if_fail (out != NULL, FALSE);

  if (iso == NULL || strlen (iso) != 10 || iso[4] != '-' || iso[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (iso[i]))
      return FALSE;
  if (sscanf (iso, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3 ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

/* Returns: (transfer full): midnight at the start of @day in Tehran */
GDateTime *
pk_office_day_start (const GDate *day)
{
  g_return_val_if_fail (day != NULL && g_date_valid (day), NULL);

  return g_date_time_new (pk_office_time_zone (), g_date_get_year (day), g_date_get_month (day),
                          g_date_get_day (day), 0, 0, 0);
}

/* Returns: (transfer full): 23:59:59 of @day in Tehran, the instant a day's validity ends */
GDateTime *
pk_office_day_last_second (const GDate *day)
{
  g_autoptr(GDateTime) start = pk_office_day_start (day);
  g_autoptr(GDateTime) next = start ? g_date_time_add_days (start, 1) : NULL;

  return next ? g_date_time_add_seconds (next, -1) : NULL;
}

/* Returns: (transfer full): the office day of @at (%NULL: now) as `YYYY-MM-DD` */
char *
pk_office_day_iso_of (GDateTime *at)
{
  g_autoptr(GDate) day = pk_office_day_new (at);

  return pk_office_day_to_iso (day);
}

/**
 * pk_office_day_jalali_year:
 * @at: an instant
 *
 * The Solar Hijri year of the office day of @at, through ICU's Persian calendar (so the year
 * turns at Nowruz in Tehran, whatever the Gregorian date of Nowruz that year).
 */
guint
pk_office_day_jalali_year (GDateTime *at)
{
  /* In English the Jalali date is yyyy/MM/dd in Latin digits. */
  g_autofree char *year = pk_format_date (at, PK_LANGUAGE_ENGLISH);

  return (guint) strtoul (year, NULL, 10);
}
