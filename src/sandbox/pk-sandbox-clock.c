/* pk-sandbox-clock.c — the sandbox's one clock, and the office days it gives
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every handler asks pk_sandbox_server_now() for the time: POST /_sandbox/clock moves it on
 * for tests (docs/api-v1.md, "Sandbox only"), and nothing else reads the system clock.
 */
#include "config.h"

#include <string.h>

#include "pk-office-day.h"
#include "pk-sandbox-server-private.h"

/* Unix seconds, as the sandbox sees them: the system's, moved on by POST /_sandbox/clock. */
gint64
pk_sandbox_server_now (PkSandboxServer *self)
{
  return g_get_real_time () / G_USEC_PER_SEC + self->clock_offset;
}

char *
pk_sandbox_rfc3339 (gint64 unix_s)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_s);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

/* The municipality's days are office (Tehran) days, from the core's one definition: a permit
 * issued at 02:30 local time is dated that day, not the UTC day before. */
char *
pk_sandbox_iso_date (gint64 unix_s)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (unix_s);

  return pk_office_day_iso_of (at);
}

/* The office day @days after the office day of @unix_s, as YYYY-MM-DD. */
char *
pk_sandbox_iso_date_after (gint64 unix_s,
                           guint  days)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (unix_s);
  g_autoptr(GDate) day = pk_office_day_new (at);

  g_date_add_days (day, days);
  return pk_office_day_to_iso (day);
}

/* The last second of an office day (YYYY-MM-DD), in UTC. */
char *
pk_sandbox_end_of_day (const char *iso_day)
{
  GDate day;
  g_autoptr(GDateTime) last = NULL;

  if (!pk_office_day_parse_iso (iso_day, &day))
    return NULL;
  last = pk_office_day_last_second (&day);
  return pk_sandbox_rfc3339 (g_date_time_to_unix (last));
}

/* The Solar Hijri year of the office day, through ICU like the core. */
guint
pk_sandbox_jalali_year (gint64 unix_s)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (unix_s);

  return pk_office_day_jalali_year (at);
}
