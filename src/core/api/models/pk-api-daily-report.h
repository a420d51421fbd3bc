/* pk-api-daily-report.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  GDateTime *at;
  char      *kind;              /* "inquiry", "submission", "payment"… */
  char      *tracking_code;     /* nullable */
  char      *service_code;      /* nullable */
  gint64     amount_rial;
  char      *operator_name;     /* nullable: the wire member is "operator" */
} PkApiReportItem;

/* GET /reports/daily: the server's view of an office's day. */
typedef struct
{
  GDate      date;
  char      *office;
  gint64     inquiries;
  gint64     submissions;
  gint64     fees_total_rial;
  GPtrArray *items;             /* PkApiReportItem, never NULL */
} PkApiDailyReport;

#define PK_TYPE_API_DAILY_REPORT (pk_api_daily_report_get_type ())

GType             pk_api_daily_report_get_type (void) G_GNUC_CONST;
PkApiDailyReport *pk_api_daily_report_new      (void);
PkApiDailyReport *pk_api_daily_report_ref      (PkApiDailyReport *self);
void              pk_api_daily_report_unref    (PkApiDailyReport *self);

PkApiReportItem  *pk_api_report_item_new       (void);
void              pk_api_report_item_free      (PkApiReportItem  *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkApiDailyReport, pk_api_daily_report_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkApiReportItem, pk_api_report_item_free)

G_END_DECLS
