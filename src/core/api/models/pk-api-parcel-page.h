/* pk-api-parcel-page.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pk-api-parcel.h"

G_BEGIN_DECLS

/* GET /parcels?postal_code=…: one page of parcels. */
typedef struct
{
  GPtrArray *items;             /* PkApiParcel, never NULL */
  char      *next_cursor;       /* nullable: NULL on the last page */
} PkApiParcelPage;

#define PK_TYPE_API_PARCEL_PAGE (pk_api_parcel_page_get_type ())

GType            pk_api_parcel_page_get_type (void) G_GNUC_CONST;
PkApiParcelPage *pk_api_parcel_page_new      (void);
PkApiParcelPage *pk_api_parcel_page_ref      (PkApiParcelPage *self);
void             pk_api_parcel_page_unref    (PkApiParcelPage *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkApiParcelPage, pk_api_parcel_page_unref)

G_END_DECLS
