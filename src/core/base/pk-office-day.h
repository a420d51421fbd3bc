/* pk-office-day.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The municipality's time zone. Every calendar day of the product is a day here. */
#define PK_TIME_ZONE "Asia/Tehran"

GTimeZone *pk_office_time_zone      (void);
GDate     *pk_office_day_new        (GDateTime   *at);
GDate     *pk_office_day_today      (void);
char      *pk_office_day_to_iso     (const GDate *day);
gboolean   pk_office_day_parse_iso  (const char  *iso,
                                     GDate       *out);
GDateTime *pk_office_day_start      (const GDate *day);
GDateTime *pk_office_day_last_second (const GDate *day);
char      *pk_office_day_iso_of     (GDateTime   *at);
guint      pk_office_day_jalali_year (GDateTime  *at);

G_END_DECLS
