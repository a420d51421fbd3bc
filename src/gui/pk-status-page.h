/* pk-status-page.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pk-api-application.h"
#include "pk-api-client.h"
#include "pk-page-context.h"
#include "pk-settings.h"

G_BEGIN_DECLS

#define PK_TYPE_STATUS_PAGE (pk_status_page_get_type ())

G_DECLARE_FINAL_TYPE (PkStatusPage, pk_status_page, PK, STATUS_PAGE, GtkWidget)

GtkWidget        *pk_status_page_new             (PkPageContext *context);
void              pk_status_page_set_needs_national_id (PkStatusPage *self,
                                                        gboolean      needs);
void              pk_status_page_look_up         (PkStatusPage *self,
                                                  const char   *tracking_code,
                                                  const char   *national_id);
PkApiApplication *pk_status_page_get_application (PkStatusPage *self);
gboolean          pk_status_page_get_busy        (PkStatusPage *self);
void              pk_status_page_reset           (PkStatusPage *self);
const char       *pk_application_status_to_string (PkApiApplicationStatus status);

G_END_DECLS
