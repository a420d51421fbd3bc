/* pk-parcel-sketch.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pk-api-parcel.h"

G_BEGIN_DECLS

#define PK_TYPE_PARCEL_SKETCH (pk_parcel_sketch_get_type ())

G_DECLARE_FINAL_TYPE (PkParcelSketch, pk_parcel_sketch, PK, PARCEL_SKETCH, GtkWidget)

GtkWidget   *pk_parcel_sketch_new        (void);
PkApiParcel *pk_parcel_sketch_get_parcel (PkParcelSketch *self);
void         pk_parcel_sketch_set_parcel (PkParcelSketch *self,
                                          PkApiParcel    *parcel);

G_END_DECLS
