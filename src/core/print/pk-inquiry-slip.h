/* pk-inquiry-slip.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pk-page.h"

G_BEGIN_DECLS

/* One line of the fee sheet: amount = area × P × coefficient as the central API computed it.
 * The slip shows the inputs and the amount; it never recomputes (the server is the source of
 * truth). A negative area, P or coefficient means "not part of this item's formula". */
typedef struct
{
  char   *title;
  double  area;
  gint64  price;
  double  coefficient;
  gint64  amount;
} PkInquirySlipFee;

/* What an inquiry slip shows, in plain types so it does not follow the API models around.
 * Strings are UTF-8; %NULL or "" leaves a field out. Amounts are in Rial. */
typedef struct
{
  /* Header and footer */
  char             *municipality;
  char             *service;
  char             *tracking_code;     /* ASCII or Persian digits; shown and QR-encoded */
  char             *office;
  char             *operator_name;
  GDateTime        *issued_at;
  GDateTime        *valid_until;
  char             *rulebook_version;

  /* Parcel */
  char             *renovation_code;
  char             *registration_plate;
  char             *postal_code;
  char             *address;
  double            parcel_area;       /* m²; <= 0 when unknown */
  char             *zone;
  char             *land_use;
  PkPagePoint      *outline;           /* metres; optional */
  gsize             n_outline;

  /* Rules */
  double            max_density;       /* percent of the parcel area */
  double            max_occupancy;     /* percent */
  int               max_floors;
  double            max_height;        /* metres */
  char             *setbacks;
  char             *parking;

  /* Fees */
  PkInquirySlipFee *fees;
  gsize             n_fees;
  gint64            total;

  /* Free text: conditions, remarks */
  char             *notes;

  /* What the QR carries; the tracking code when %NULL. */
  char             *qr_payload;
} PkInquirySlip;

/* How far a slip was condensed to fit on one page; each level keeps what the one before it
 * kept, minus something. Tests and the preview show it. */
typedef enum
{
  PK_INQUIRY_SLIP_FULL,            /* everything at full size */
  PK_INQUIRY_SLIP_SMALLER,         /* font at 90 %, notes cut at 12 lines */
  PK_INQUIRY_SLIP_COMPACT,         /* 80 %, cells cut at 2 lines, notes at 6 */
  PK_INQUIRY_SLIP_NO_SKETCH,       /* 72 %, cells at 1 line, no site sketch, notes at 4 */
  PK_INQUIRY_SLIP_FOLDED_FEES,     /* 66 %, notes at 2, fee rows past a limit folded into one
                                    * "other items" row; the total is always the real total */
} PkInquirySlipLevel;

PkInquirySlip *pk_inquiry_slip_copy          (const PkInquirySlip  *slip);
void           pk_inquiry_slip_free          (PkInquirySlip        *slip);

PkPage        *pk_inquiry_slip_build         (const PkInquirySlip  *slip,
                                              PkInquirySlipLevel    level,
                                              guint                 max_fee_rows,
                                              GError              **error);
PkPage        *pk_inquiry_slip_layout        (const PkInquirySlip  *slip,
                                              PkInquirySlipLevel   *out_level,
                                              GError              **error);
GBytes        *pk_inquiry_slip_render_pdf    (const PkInquirySlip  *slip,
                                              GError              **error);
void           pk_inquiry_slip_render_async  (const PkInquirySlip  *slip,
                                              PkPageFormat          format,
                                              double                dpi,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
GBytes        *pk_inquiry_slip_render_finish (GAsyncResult         *result,
                                              GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkInquirySlip, pk_inquiry_slip_free)

G_END_DECLS
