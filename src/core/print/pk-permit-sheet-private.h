/* pk-permit-sheet-private.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pk-format.h"
#include "pk-page-block.h"
#include "pk-permit-sheet.h"

G_BEGIN_DECLS

/* What the permit sheet's files share: pk-permit-sheet.c builds the page from the blocks of
 * pk-permit-sheet-building.c (floors, building rights, engineers) and
 * pk-permit-sheet-blocks.c (owners, property, fees, receipts, conditions), which read the
 * permit's JSON with the lenient readers there. */

/* What one condensing level of the sheet allows (see the table in pk-permit-sheet.c). */
typedef struct
{
  double   font_scale;
  int      cell_lines;      /* 0: no limit */
  gboolean fold_runs;
  guint    max_floor_rows;  /* G_MAXUINT: no limit */
  guint    max_fee_rows;
  guint    max_owners;
  glong    max_condition_chars;
  guint    max_conditions;  /* entries shown; each starts a line */
  gboolean sketch;
} PkSheetRules;

/* Texts as the sheet prints them. */

static inline gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

static inline const char *
or_dash (const char *text)
{
  return has_text (text) ? text : "—";
}

/* Persian digits inside Persian text. */
static inline char *
fa (const char *text)
{
  return has_text (text) ? pk_format_digits (text, PK_LANGUAGE_PERSIAN) : g_strdup ("—");
}

/* A code of digits and separators, isolated left to right so "۰۳-۰۱۲" keeps its order. */
static inline char *
fa_code (const char *text)
{
  return has_text (text) ? pk_format_identifier (text, PK_LANGUAGE_PERSIAN) : g_strdup ("—");
}

static inline char *
fa_int (gint64 value)
{
  return pk_format_integer (value, PK_LANGUAGE_PERSIAN);
}

static inline char *
date_text (GDateTime *datetime)
{
  return datetime != NULL ? pk_format_date (datetime, PK_LANGUAGE_PERSIAN) : g_strdup ("—");
}

JsonObject  *pk_sheet_node_object     (JsonNode *node);
const char  *pk_sheet_member_string   (JsonObject *o,
                                       const char *name);
gboolean     pk_sheet_node_number     (JsonNode *node,
                                       double   *out);
gboolean     pk_sheet_member_number   (JsonObject *o,
                                       const char *name,
                                       double     *out);
JsonArray   *pk_sheet_member_array    (JsonObject *o,
                                       const char *name);
char        *pk_sheet_member_measure  (JsonObject *o,
                                       const char *name,
                                       guint       decimals,
                                       const char *unit);
char        *pk_sheet_member_count    (JsonObject *o,
                                       const char *name);
JsonNode    *pk_sheet_member          (JsonObject *o,
                                       const char *name);
PkPageBlock *pk_sheet_floors_block    (const PkApiPermit  *permit,
                                       JsonObject         *building,
                                       const PkSheetRules *rules,
                                       PkPermitSheetInfo  *info);
PkPageBlock *pk_sheet_owners_block    (const PkApiPermit  *permit,
                                       const PkSheetRules *rules,
                                       PkPermitSheetInfo  *info);
PkPageBlock *pk_sheet_property_block  (const PkApiPermit  *permit,
                                       JsonObject         *parcel,
                                       const PkSheetRules *rules);
PkPageBlock *pk_sheet_address_block   (JsonObject         *parcel,
                                       const PkSheetRules *rules);
GArray      *pk_sheet_read_outline    (JsonObject                 *parcel,
                                       const PkPermitSheetOptions *options);
PkPageBlock *pk_sheet_rights_block    (const PkApiPermit  *permit,
                                       JsonObject         *building,
                                       const PkSheetRules *rules);
PkPageBlock *pk_sheet_engineers_block (JsonObject         *building,
                                       const PkSheetRules *rules);
PkPageBlock *pk_sheet_fees_block      (const PkApiPermit  *permit,
                                       const PkSheetRules *rules,
                                       PkPermitSheetInfo  *info);
PkPageBlock *pk_sheet_receipts_block  (const PkApiPermit  *permit,
                                       const PkSheetRules *rules);
char        *pk_sheet_conditions_text (const PkApiPermit  *permit,
                                       const PkSheetRules *rules,
                                       gboolean           *out_cut);
const char  *pk_sheet_land_use_name   (const char *land_use);

G_END_DECLS
