/* pk-inquiry-page.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pk-api-client.h"
#include "pk-api-inquiry.h"
#include "pk-api-parcel.h"
#include "pk-journal.h"
#include "pk-page-context.h"
#include "pk-settings.h"

G_BEGIN_DECLS

#define PK_TYPE_INQUIRY_PAGE (pk_inquiry_page_get_type ())

G_DECLARE_FINAL_TYPE (PkInquiryPage, pk_inquiry_page, PK, INQUIRY_PAGE, GtkWidget)

GtkWidget    *pk_inquiry_page_new          (PkPageContext *context);
void          pk_inquiry_page_set_parcel   (PkInquiryPage *self,
                                            PkApiParcel   *parcel);
void          pk_inquiry_page_set_operator (PkInquiryPage *self,
                                            const char    *office,
                                            const char    *operator_name);
gboolean      pk_inquiry_page_select_service (PkInquiryPage *self,
                                              const char    *service_code);
PkApiInquiry *pk_inquiry_page_get_inquiry  (PkInquiryPage *self);
gboolean      pk_inquiry_page_get_busy     (PkInquiryPage *self);
gboolean      pk_inquiry_page_get_printing (PkInquiryPage *self);
void          pk_inquiry_page_reset        (PkInquiryPage *self);
GBytes       *pk_inquiry_page_render_slip  (PkInquiryPage *self,
                                            GError       **error);

G_END_DECLS
