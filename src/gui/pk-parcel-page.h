/* pk-parcel-page.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pk-api-client.h"
#include "pk-api-parcel.h"
#include "pk-page-context.h"
#include "pk-settings.h"

G_BEGIN_DECLS

#define PK_TYPE_PARCEL_PAGE (pk_parcel_page_get_type ())

G_DECLARE_FINAL_TYPE (PkParcelPage, pk_parcel_page, PK, PARCEL_PAGE, GtkWidget)

typedef enum
{
  PK_PARCEL_SEARCH_RENOVATION_CODE,
  PK_PARCEL_SEARCH_POSTAL_CODE,
  PK_PARCEL_SEARCH_TRACKING_CODE,
} PkParcelSearchMode;

GtkWidget   *pk_parcel_page_new      (PkPageContext *context);
void         pk_parcel_page_reset    (PkParcelPage       *self);
void         pk_parcel_page_search   (PkParcelPage       *self,
                                      PkParcelSearchMode  mode,
                                      const char         *text);
PkApiParcel *pk_parcel_page_get_parcel (PkParcelPage     *self);
gboolean     pk_parcel_page_get_busy (PkParcelPage       *self);

const char  *pk_land_use_to_string   (const char         *land_use);

G_END_DECLS
