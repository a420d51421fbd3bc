/* pk-api-inquiry.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Zoning rules (ضوابط) of a parcel for a service. */
typedef struct
{
  char   *zone;
  char   *land_use;
  double  density_percent;
  double  occupancy_percent;
  gint64  max_floors;
  double  max_height_m;
  double  setback_front_m;
  double  setback_back_m;
  double  parking_per_unit;
  double  min_plot_area_m2;
  double  max_built_area_m2;    /* plot area × density; 0 when the server did not say */
} PkApiZoningRules;

/* A named input of a fee formula ("area_m2", "price_p_rial", "coefficient"…). */
typedef struct
{
  char   *name;
  double  value;
} PkApiFeeInput;

typedef struct
{
  char   *code;
  char   *title_fa;
  char   *title_en;
  char   *formula;              /* as shown: "area × P × k" */
  GArray *inputs;               /* PkApiFeeInput in the server's order, never NULL */
  gint64  amount_rial;
} PkApiFeeItem;

/* POST /inquiries */
typedef struct
{
  char             *inquiry_id;
  char             *tracking_code;
  char             *renovation_code;
  char             *service_code;
  char             *rulebook_version;
  GDateTime        *issued_at;
  GDateTime        *valid_until;
  PkApiZoningRules  rules;
  GPtrArray        *fee_items;  /* PkApiFeeItem, never NULL */
  gint64            total_rial;
  gboolean          fees_are_estimate;  /* permit services: an upper estimate, not a bill */
} PkApiInquiry;

#define PK_TYPE_API_INQUIRY (pk_api_inquiry_get_type ())

GType          pk_api_inquiry_get_type    (void) G_GNUC_CONST;
PkApiInquiry  *pk_api_inquiry_new         (void);
PkApiInquiry  *pk_api_inquiry_ref         (PkApiInquiry *self);
void           pk_api_inquiry_unref       (PkApiInquiry *self);

PkApiFeeItem  *pk_api_fee_item_new        (void);
void           pk_api_fee_item_free       (PkApiFeeItem *item);
gboolean       pk_api_fee_item_get_input  (PkApiFeeItem *item,
                                           const char   *name,
                                           double       *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkApiInquiry, pk_api_inquiry_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkApiFeeItem, pk_api_fee_item_free)

G_END_DECLS
