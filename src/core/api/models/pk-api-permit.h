/* pk-api-permit.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pk-api-enums.h"
#include "pk-api-inquiry.h"
#include "pk-api-parcel.h"

G_BEGIN_DECLS

/* GET /permits/{permit_no}: an issued permit as signed by the central API. The parcel,
 * building and fee sections are kept whole as the server's JSON objects (for printing as
 * given); their documented members are also read into the typed fields below. */
typedef struct
{
  char              *permit_no;
  char              *tracking_code;
  char              *renovation_code;
  PkApiPermitStatus  status;
  char              *status_name;
  GDateTime         *issued_at;
  GDateTime         *expires_at;
  char              *key_id;
  GPtrArray         *owners;            /* PkApiOwner, never NULL */
  JsonNode          *parcel;            /* object, never NULL */
  JsonNode          *building;          /* object, never NULL */
  JsonNode          *fees;              /* object, never NULL */
  char             **conditions_fa;     /* never NULL */
  char              *rulebook_version;
  char              *qr_payload;
  char              *signature;
  char              *service_code;      /* nullable */
  char              *title_fa;          /* nullable */
  char              *qr_url;            /* nullable */
  gint64             floors;            /* building.floors */
  double             total_area_m2;     /* building.total_area_m2 */
  gint64             units;             /* building.units */
  gint64             total_rial;        /* fees.total_rial */
  gint64             paid_rial;         /* fees.paid_rial */
  GPtrArray         *fee_items;         /* fees.items: PkApiFeeItem, never NULL */
} PkApiPermit;

#define PK_TYPE_API_PERMIT (pk_api_permit_get_type ())

GType        pk_api_permit_get_type (void) G_GNUC_CONST;
PkApiPermit *pk_api_permit_new      (void);
PkApiPermit *pk_api_permit_ref      (PkApiPermit *self);
void         pk_api_permit_unref    (PkApiPermit *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkApiPermit, pk_api_permit_unref)

G_END_DECLS
