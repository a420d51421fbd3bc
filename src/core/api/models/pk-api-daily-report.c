/* pk-api-daily-report.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-api-daily-report.h"

G_DEFINE_BOXED_TYPE (PkApiDailyReport, pk_api_daily_report, pk_api_daily_report_ref, pk_api_daily_report_unref)

PkApiDailyReport *
pk_api_daily_report_new (void)
{
  PkApiDailyReport *self = g_atomic_rc_box_new0 (PkApiDailyReport);
  g_date_clear (&self->date, 1);
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_api_report_item_free);
  return self;
}

PkApiDailyReport *
pk_api_daily_report_ref (PkApiDailyReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
pk_api_daily_report_clear (gpointer data)
{
  PkApiDailyReport *self = data;

  g_free (self->office);
  g_clear_pointer (&self->items, g_ptr_array_unref);
}

void
pk_api_daily_report_unref (PkApiDailyReport *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, pk_api_daily_report_clear);
}

PkApiReportItem *
pk_api_report_item_new (void)
{
  return g_new0 (PkApiReportItem, 1);
}

void
pk_api_report_item_free (PkApiReportItem *item)
{
  if (item == NULL)
    return;
  g_clear_pointer (&item->at, g_date_time_unref);
  g_free (item->kind);
  g_free (item->tracking_code);
  g_free (item->service_code);
  g_free (item->operator_name);
  g_free (item);
}
