/* pk-api-parcel.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  char   *name;
  char   *national_id_masked;   /* "049****899": the API never sends a full national ID */
  double  share_percent;
} PkApiOwner;

/* A vertex in metres in the city's local grid. */
typedef struct
{
  double x;
  double y;
} PkApiPoint;

/* Registration plate (پلاک ثبتی): section / main / sub. */
typedef struct
{
  gint64 section;
  gint64 main;
  gint64 sub;
} PkApiPlate;

typedef struct
{
  char       *renovation_code;
  PkApiPlate  plate;
  char       *postal_code;
  char       *address_fa;
  gint64      district;
  gint64      block;
  double      area_m2;
  double      frontage_m;
  double      passage_width_m;
  char       *zone;
  char       *land_use;
  GPtrArray  *owners;           /* PkApiOwner, never NULL */
  GArray     *polygon;          /* PkApiPoint: the outer ring, closed; never NULL */
} PkApiParcel;

#define PK_TYPE_API_PARCEL (pk_api_parcel_get_type ())

GType        pk_api_parcel_get_type (void) G_GNUC_CONST;
PkApiParcel *pk_api_parcel_new      (void);
PkApiParcel *pk_api_parcel_ref      (PkApiParcel *self);
void         pk_api_parcel_unref    (PkApiParcel *self);

PkApiOwner  *pk_api_owner_new       (void);
void         pk_api_owner_free      (PkApiOwner  *owner);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkApiParcel, pk_api_parcel_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkApiOwner, pk_api_owner_free)

G_END_DECLS
