/* pk-permit-page.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pk-api-client.h"
#include "pk-api-permit.h"
#include "pk-journal.h"
#include "pk-page-context.h"
#include "pk-permit-sheet.h"
#include "pk-settings.h"

G_BEGIN_DECLS

#define PK_TYPE_PERMIT_PAGE (pk_permit_page_get_type ())

G_DECLARE_FINAL_TYPE (PkPermitPage, pk_permit_page, PK, PERMIT_PAGE, GtkWidget)

GtkWidget   *pk_permit_page_new             (PkPageContext *context,
                                             const char    *copies_path);
void         pk_permit_page_show_permit     (PkPermitPage  *self,
                                             const char    *permit_no,
                                             const char    *office,
                                             const char    *operator_name,
                                             gboolean       silent_print);
PkApiPermit *pk_permit_page_get_permit      (PkPermitPage  *self);
guint        pk_permit_page_get_copies      (PkPermitPage  *self);
gboolean     pk_permit_page_get_busy        (PkPermitPage  *self);
const PkPermitSheetInfo *pk_permit_page_get_last_sheet (PkPermitPage *self);
void         pk_permit_page_reset           (PkPermitPage  *self);

G_END_DECLS
