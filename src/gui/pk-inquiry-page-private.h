/* pk-inquiry-page-private.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pk-inquiry-page.h"
#include "pk-inquiry-slip.h"
#include "pk-page-context.h"
#include "pk-printer.h"

G_BEGIN_DECLS

/* The page is one type in two files: pk-inquiry-page.c (the lookup and what it shows, the
 * GObject) and pk-inquiry-page-slip.c (the slip: save and print). */

struct _PkInquiryPage
{
  GtkWidget       parent_instance;

  /* template widgets */
  GtkLabel       *parcel_label;
  GtkDropDown    *service_dropdown;
  GtkSpinner     *spinner;
  GtkLabel       *error_label;
  GtkWidget      *result_box;
  GtkGrid        *summary_grid;
  GtkGrid        *rules_grid;
  GtkGrid        *fees_grid;
  GtkLabel       *status_label;

  /* owned */
  PkPageContext  *context;
  PkApiClient    *client;
  PkSettings     *settings;
  PkJournal      *journal;
  PkApiParcel    *parcel;
  PkApiInquiry   *inquiry;
  PkApiCatalogue *catalogue;
  GPtrArray      *service_codes;  /* char *, in dropdown order */
  GCancellable   *cancellable;
  PkPrinter      *printer;
  GCancellable   *print_cancellable;
  GCancellable   *slip_cancellable;  /* rendering the slip to save it */
  char           *office;
  char           *operator_name;

  PkLanguage      language;
};

/* pk-inquiry-page.c */
void pk_inquiry_page_show_error          (PkInquiryPage *self,
                                          const char    *message);
void pk_inquiry_page_journal_cb          (GObject       *source,
                                          GAsyncResult  *result,
                                          gpointer       user_data);

/* pk-inquiry-page-slip.c */
void pk_inquiry_page_save_pdf_activated  (GtkWidget     *widget,
                                          const char    *action_name,
                                          GVariant      *parameter);
void pk_inquiry_page_print_activated     (GtkWidget     *widget,
                                          const char    *action_name,
                                          GVariant      *parameter);

G_END_DECLS
