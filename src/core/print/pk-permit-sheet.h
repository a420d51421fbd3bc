/* pk-permit-sheet.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pk-api-parcel.h"
#include "pk-api-permit.h"
#include "pk-page.h"

G_BEGIN_DECLS

/* The single-sheet building permit (پروانه تک‌برگی): a PkApiPermit on exactly one A4 portrait
 * page, right to left in Vazirmatn, with the signed QR code of the central API. PDF export,
 * preview (PNG) and printing all go through pk_permit_sheet_render(): one rendering path.
 *
 * What the sheet reads besides the typed fields of PkApiPermit, from the JSON objects the permit
 * keeps whole. Members marked "proposed" are not in docs/api-v1.md yet; the sheet shows "—" (or
 * leaves the part out) until the central API sends them:
 *   parcel:   registration_plate {section, main, sub} or a string, postal_code, address_fa,
 *             area_m2, zone, land_use (the API's code, printed in Persian; an unknown code as
 *             it came); proposed: area_after_widening_m2, geometry (GeoJSON Polygon, metres,
 *             as GET /parcels gives it)
 *   building: floors, total_area_m2, units, floor_rows [{level, use, area_m2, units}], structure;
 *             proposed: floors_below_ground, density_percent, occupancy_percent, parking_spaces,
 *             setback_front_m, setback_back_m, setbacks_fa, engineers [{role: designer |
 *             supervisor | builder, name, licence_no}], engineer_license (the wizard's field)
 *   fees:     total_rial, paid_rial, items; proposed: payments [{reference, amount_rial, paid_at}]
 *
 * Condensing. pk_permit_sheet_layout() builds the sheet at PK_PERMIT_SHEET_FULL and takes the
 * first level of PkPermitSheetLevel at which it fits. Each level keeps what the one before kept,
 * minus something, and the last bounds every part (cells one line, a fixed number of rows per
 * table, conditions cut at a fixed length), so the sheet never spills onto a second page:
 *
 *   level      font   cells  floor rows       fee rows  owners  conditions           sketch
 *   FULL        90 %  any    all              all       all     whole                yes
 *   SMALLER     84 %  2      runs folded *    all       all     ≤ 20, ≤ 1,200 chars  yes
 *   COMPACT     78 %  1      runs, ≤ 10 rows  ≤ 8       all     ≤ 12, ≤ 700 chars    yes
 *   TIGHT       72 %  1      runs, ≤ 6 rows   ≤ 5       ≤ 6     ≤ 8, ≤ 400 chars     no
 *   MINIMAL     68 %  1      runs, ≤ 4 rows   ≤ 3       ≤ 4     ≤ 5, ≤ 220 chars     no
 *
 *   (font: of the toolkit's 9 pt body text, so 8.1 pt at FULL and 6.1 pt at MINIMAL; the QR
 *   modules never shrink)
 *
 *   * Runs of three or more consecutive floors with the same use, area and units become one row
 *     "طبقات ۳ تا ۲۸ — هر طبقه … مترمربع". Past the row limit, the middle rows fold into one
 *     row with their total area and units; the first and last rows stay. Fee items past the limit
 *     fold into "سایر اقلام", owners past it into "و N مالک دیگر"; totals are always the real
 *     totals. Cut conditions end with "متن کامل شرایط در شهرداری موجود است".
 *
 * Each condition is one numbered line (its own line breaks become spaces); receipts show at most
 * six rows. The verification code beside the QR is the permit number and eight characters of
 * the payload's signature (pk_permit_sheet_verification_code()).
 *
 * The QR code carries the permit's URL form ("HTTPS://HOST/V/PK1…", qr_url as the API sent it,
 * in upper case so it stays in QR alphanumeric mode, or built from
 * PkPermitSheetOptions.verify_host), or the bare payload when neither is known:
 * a phone opens the public verification page, and a counter scanner types the same text into
 * the verify page, which takes either form. It is encoded at error correction M with 2 pt
 * (0.71 mm) modules: 197 alphanumeric characters are a version 8 symbol (49 modules, 35 mm
 * wide plus the quiet zone). */

typedef enum
{
  PK_PERMIT_SHEET_FULL,
  PK_PERMIT_SHEET_SMALLER,
  PK_PERMIT_SHEET_COMPACT,
  PK_PERMIT_SHEET_TIGHT,
  PK_PERMIT_SHEET_MINIMAL,
} PkPermitSheetLevel;

/* What the sheet adds to the permit. Strings are borrowed for the length of the call. */
typedef struct
{
  const char        *municipality;   /* "شهرداری ارومیه"; %NULL: "شهرداری" */
  const char        *office;         /* the office code or name, in the footer */
  const char        *operator_name;  /* in the footer */
  guint              reprint_count;  /* 0: the original; n > 0: the n-th duplicate (المثنی) */
  GDateTime         *printed_at;     /* %NULL: now */
  const char        *verify_host;    /* for the QR's URL form when the permit has no qr_url */
  const PkApiParcel *parcel;         /* optional: its polygon for the sketch when the permit's
                                      * parcel has no geometry */
} PkPermitSheetOptions;

/* What a layout did, for tests, the preview's status line and the journal. */
typedef struct
{
  PkPermitSheetLevel level;
  gboolean           duplicate;            /* marked المثنی */
  guint              reprint_count;
  gboolean           conditions_cut;       /* the "full text at the municipality" note is shown */
  guint              floor_rows;           /* rows of the floor table, summary rows included */
  guint              floors_folded;        /* floors shown in a folded row, not one by one */
  guint              fee_items_folded;
  guint              owners_folded;
  gboolean           sketch;
  guint              qr_modules;           /* modules on a side: 49 is version 8 */
} PkPermitSheetInfo;

char    *pk_permit_sheet_qr_text           (const PkApiPermit           *permit,
                                            const PkPermitSheetOptions  *options);
char    *pk_permit_sheet_verification_code (const PkApiPermit           *permit);

PkPage  *pk_permit_sheet_build             (const PkApiPermit           *permit,
                                            const PkPermitSheetOptions  *options,
                                            PkPermitSheetLevel           level,
                                            PkPermitSheetInfo           *out_info,
                                            GError                     **error);
PkPage  *pk_permit_sheet_layout            (const PkApiPermit           *permit,
                                            const PkPermitSheetOptions  *options,
                                            PkPermitSheetInfo           *out_info,
                                            GError                     **error);
GBytes  *pk_permit_sheet_render            (const PkApiPermit           *permit,
                                            const PkPermitSheetOptions  *options,
                                            PkPageFormat                 format,
                                            double                       dpi,
                                            PkPermitSheetInfo           *out_info,
                                            GError                     **error);
void     pk_permit_sheet_render_async      (const PkApiPermit           *permit,
                                            const PkPermitSheetOptions  *options,
                                            PkPageFormat                 format,
                                            double                       dpi,
                                            GCancellable                *cancellable,
                                            GAsyncReadyCallback          callback,
                                            gpointer                     user_data);
GBytes  *pk_permit_sheet_render_finish     (GAsyncResult                *result,
                                            PkPermitSheetInfo           *out_info,
                                            GError                     **error);

G_END_DECLS
