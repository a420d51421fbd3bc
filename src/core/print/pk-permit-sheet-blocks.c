/* pk-permit-sheet-blocks.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pk-page-cells.h"
#include "pk-page-private.h"
#include "pk-permit-sheet-private.h"
#include "pk-text.h"

/* The permit sheet's JSON readers and its blocks about the property, its owners, the fees
 * and the conditions. */

/* JSON members, read leniently: the sheet prints what it has and "—" for the rest. */

JsonObject *
pk_sheet_node_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonNode *
pk_sheet_member (JsonObject *o,
                 const char *name)
{
  return o != NULL ? json_object_get_member (o, name) : NULL;
}

const char *
pk_sheet_member_string (JsonObject *o,
                        const char *name)
{
  JsonNode *node = pk_sheet_member (o, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
pk_sheet_node_number (JsonNode *node,
                      double   *out)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;
  return TRUE;
}

gboolean
pk_sheet_member_number (JsonObject *o,
                        const char *name,
                        double     *out)
{
  return pk_sheet_node_number (pk_sheet_member (o, name), out);
}

JsonArray *
pk_sheet_member_array (JsonObject *o,
                       const char *name)
{
  JsonNode *node = pk_sheet_member (o, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

char *
pk_sheet_member_measure (JsonObject *o,
                         const char *name,
                         guint       decimals,
                         const char *unit)
{
  double value;

  /* A negative value prints "—" too. */
  return pk_sheet_member_number (o, name, &value) ? pk_page_cells_measure (value, decimals, unit)
                                         : g_strdup ("—");
}

char *
pk_sheet_member_count (JsonObject *o,
                       const char *name)
{
  double value;

  return pk_sheet_member_number (o, name, &value) && value >= 0 ? fa_int ((gint64) value)
                                                        : g_strdup ("—");
}

/* Owners */

PkPageBlock *
pk_sheet_owners_block (const PkApiPermit  *permit,
                       const PkSheetRules *rules,
                       PkPermitSheetInfo  *info)
{
  static const double weights[] = { 0.5, 3.6, 1.8, 1.0 };
  static const char * const titles[] = { "ردیف", "نام مالک", "کد ملی", "سهم (درصد)", NULL };
  PkPageBlock *table = pk_page_block_new_table (G_N_ELEMENTS (weights), weights);
  guint n = permit->owners->len;
  guint shown = n > rules->max_owners ? rules->max_owners - 1 : n;
  PkPageCells c;

  pk_page_block_table_set_header (table, titles);
  pk_page_block_table_set_column (table, 0, PK_PAGE_ALIGN_CENTER, FALSE);
  pk_page_block_table_set_column (table, 2, PK_PAGE_ALIGN_CENTER, FALSE);
  pk_page_block_table_set_column (table, 3, PK_PAGE_ALIGN_CENTER, FALSE);
  pk_page_block_set_max_lines (table, rules->cell_lines);

  pk_page_cells_init (&c);
  for (guint i = 0; i < shown; i++)
    {
      const PkApiOwner *owner = g_ptr_array_index (permit->owners, i);

      pk_page_cells_reset (&c);
      pk_page_cells_take (&c, fa_int (i + 1));
      pk_page_cells_add (&c, or_dash (owner->name));
      /* The API sends masked IDs only ("049****899"); the sheet never sees a whole one. */
      pk_page_cells_take (&c, fa_code (owner->national_id_masked));
      pk_page_cells_take (&c, owner->share_percent > 0
                              ? pk_page_cells_measure (owner->share_percent, 2, NULL)
                              : g_strdup ("—"));
      pk_page_block_table_add_row (table, pk_page_cells_get (&c), PK_PAGE_ROW_NONE);
    }
  if (shown < n)
    {
      g_autofree char *rest = fa_int (n - shown);

      pk_page_cells_reset (&c);
      pk_page_cells_add (&c, "…");
      pk_page_cells_take (&c, g_strdup_printf ("و %s مالک دیگر (فهرست کامل در شهرداری)", rest));
      pk_page_cells_add (&c, "");
      pk_page_cells_add (&c, "");
      pk_page_block_table_add_row (table, pk_page_cells_get (&c), PK_PAGE_ROW_NONE);
      info->owners_folded = n - shown;
    }
  if (n == 0)
    {
      pk_page_cells_reset (&c);
      pk_page_cells_add (&c, "—");
      pk_page_cells_add (&c, "—");
      pk_page_cells_add (&c, "—");
      pk_page_cells_add (&c, "—");
      pk_page_block_table_add_row (table, pk_page_cells_get (&c), PK_PAGE_ROW_NONE);
    }
  pk_page_cells_clear (&c);
  return table;
}

/* Property */

static char *
plate_text (JsonObject *parcel)
{
  JsonNode *node = pk_sheet_member (parcel, "registration_plate");
  JsonObject *plate = pk_sheet_node_object (node);
  double section, main_no, sub;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    return fa_code (json_node_get_string (node));
  if (plate != NULL && pk_sheet_member_number (plate, "main", &main_no)
      && pk_sheet_member_number (plate, "sub", &sub))
    {
      /* As on title deeds: "main/sub", then the registration section. */
      g_autofree char *ms = g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                                             (gint64) main_no, (gint64) sub);
      g_autofree char *code = fa_code (ms);

      if (pk_sheet_member_number (plate, "section", &section))
        {
          g_autofree char *s = fa_int ((gint64) section);

          return g_strdup_printf ("%s بخش %s", code, s);
        }
      return g_steal_pointer (&code);
    }
  return g_strdup ("—");
}

PkPageBlock *
pk_sheet_property_block (const PkApiPermit  *permit,
                         JsonObject         *parcel,
                         const PkSheetRules *rules)
{
  PkPageBlock *table;
  const char *reno = has_text (pk_sheet_member_string (parcel, "renovation_code"))
                     ? pk_sheet_member_string (parcel, "renovation_code") : permit->renovation_code;
  PkPageCells c;

  pk_page_cells_init (&c);
  pk_page_cells_add (&c, "کد نوسازی");
  pk_page_cells_take (&c, fa_code (reno));
  pk_page_cells_add (&c, "پلاک ثبتی");
  pk_page_cells_take (&c, plate_text (parcel));
  pk_page_cells_add (&c, "کد پستی");
  pk_page_cells_take (&c, fa_code (pk_sheet_member_string (parcel, "postal_code")));
  pk_page_cells_add (&c, "پهنه");
  pk_page_cells_take (&c, fa (pk_sheet_member_string (parcel, "zone")));
  pk_page_cells_add (&c, "کاربری");
  pk_page_cells_add (&c, pk_sheet_land_use_name (pk_sheet_member_string (parcel, "land_use")));
  pk_page_cells_add (&c, "مساحت پیش از تعریض");
  pk_page_cells_take (&c, pk_sheet_member_measure (parcel, "area_m2", 2, "مترمربع"));
  pk_page_cells_add (&c, "مساحت پس از تعریض");
  pk_page_cells_take (&c, pk_sheet_member_measure (parcel, "area_after_widening_m2", 2, "مترمربع"));
  pk_page_cells_add (&c, "کد رهگیری");
  pk_page_cells_take (&c, fa_code (permit->tracking_code));
  table = pk_page_block_new_key_values (2, pk_page_cells_get (&c));
  pk_page_block_set_max_lines (table, rules->cell_lines);
  pk_page_cells_clear (&c);
  return table;
}

PkPageBlock *
pk_sheet_address_block (JsonObject         *parcel,
                        const PkSheetRules *rules)
{
  g_autofree char *address = fa (pk_sheet_member_string (parcel, "address_fa"));
  const char *cells[] = { "نشانی", address, NULL };
  PkPageBlock *table = pk_page_block_new_table (2, (const double[]) { 1.0, 5.5 });

  pk_page_block_table_set_column (table, 0, PK_PAGE_ALIGN_START, TRUE);
  pk_page_block_table_add_row (table, cells, PK_PAGE_ROW_NONE);
  pk_page_block_set_max_lines (table, rules->cell_lines > 0 ? rules->cell_lines : 3);
  return table;
}

/* The parcel's outline: the permit's own geometry, else the parcel the caller fetched. */
GArray *
pk_sheet_read_outline (JsonObject                 *parcel,
                       const PkPermitSheetOptions *options)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (PkPagePoint));
  JsonObject *geometry = pk_sheet_node_object (pk_sheet_member (parcel, "geometry"));
  JsonArray *rings = pk_sheet_member_array (geometry, "coordinates");

  if (rings != NULL && json_array_get_length (rings) > 0
      && JSON_NODE_HOLDS_ARRAY (json_array_get_element (rings, 0)))
    {
      JsonArray *ring = json_node_get_array (json_array_get_element (rings, 0));

      for (guint i = 0; i < json_array_get_length (ring); i++)
        {
          JsonNode *vertex = json_array_get_element (ring, i);
          JsonArray *xy;
          PkPagePoint p;

          if (!JSON_NODE_HOLDS_ARRAY (vertex)
              || json_array_get_length (xy = json_node_get_array (vertex)) < 2
              || !pk_sheet_node_number (json_array_get_element (xy, 0), &p.x)
              || !pk_sheet_node_number (json_array_get_element (xy, 1), &p.y))
            {
              g_array_set_size (points, 0);
              break;
            }
          g_array_append_val (points, p);
        }
    }
  if (points->len < 3 && options != NULL && options->parcel != NULL
      && options->parcel->polygon != NULL)
    {
      g_array_set_size (points, 0);
      for (guint i = 0; i < options->parcel->polygon->len; i++)
        {
          const PkApiPoint *q = &g_array_index (options->parcel->polygon, PkApiPoint, i);
          PkPagePoint p = { q->x, q->y };

          g_array_append_val (points, p);
        }
    }
  return points;
}

/* Fees */

PkPageBlock *
pk_sheet_fees_block (const PkApiPermit  *permit,
                     const PkSheetRules *rules,
                     PkPermitSheetInfo  *info)
{
  static const double weights[] = { 0.5, 3.6, 1.6 };
  static const char * const titles[] = { "ردیف", "شرح عوارض", "مبلغ (ریال)", NULL };
  PkPageBlock *table = pk_page_block_new_table (G_N_ELEMENTS (weights), weights);
  guint n = permit->fee_items->len;
  guint shown = n > rules->max_fee_rows ? rules->max_fee_rows - 1 : n;
  PkPageCells c;

  pk_page_block_table_set_header (table, titles);
  pk_page_block_table_set_column (table, 0, PK_PAGE_ALIGN_CENTER, FALSE);
  pk_page_block_table_set_column (table, 2, PK_PAGE_ALIGN_END, FALSE);
  pk_page_block_set_max_lines (table, rules->cell_lines);

  pk_page_cells_init (&c);
  for (guint i = 0; i < shown; i++)
    {
      const PkApiFeeItem *item = g_ptr_array_index (permit->fee_items, i);

      pk_page_cells_reset (&c);
      pk_page_cells_take (&c, fa_int (i + 1));
      pk_page_cells_take (&c, fa (item->title_fa));
      pk_page_cells_take (&c, fa_int (item->amount_rial));
      pk_page_block_table_add_row (table, pk_page_cells_get (&c), PK_PAGE_ROW_NONE);
    }
  if (shown < n)
    {
      gint64 rest = 0;
      g_autofree char *count = fa_int (n - shown);

      for (guint i = shown; i < n; i++)
        rest += ((const PkApiFeeItem *) g_ptr_array_index (permit->fee_items, i))->amount_rial;
      pk_page_cells_reset (&c);
      pk_page_cells_add (&c, "…");
      pk_page_cells_take (&c, g_strdup_printf ("سایر اقلام (%s قلم)", count));
      pk_page_cells_take (&c, fa_int (rest));
      pk_page_block_table_add_row (table, pk_page_cells_get (&c), PK_PAGE_ROW_NONE);
      info->fee_items_folded = n - shown;
    }
  pk_page_cells_reset (&c);
  pk_page_cells_add (&c, "جمع عوارض");
  pk_page_cells_add (&c, NULL);
  pk_page_cells_take (&c, fa_int (permit->total_rial));
  pk_page_block_table_add_row (table, pk_page_cells_get (&c), PK_PAGE_ROW_BOLD);
  pk_page_cells_reset (&c);
  pk_page_cells_add (&c, "پرداخت‌شده");
  pk_page_cells_add (&c, NULL);
  pk_page_cells_take (&c, fa_int (permit->paid_rial));
  pk_page_block_table_add_row (table, pk_page_cells_get (&c),
                                 PK_PAGE_ROW_BOLD | PK_PAGE_ROW_SHADED);
  pk_page_cells_clear (&c);
  return table;
}

PkPageBlock *
pk_sheet_receipts_block (const PkApiPermit  *permit,
                         const PkSheetRules *rules)
{
  static const double weights[] = { 2.4, 1.4, 1.6 };
  static const char * const titles[] = { "شماره رسید", "تاریخ", "مبلغ (ریال)", NULL };
  JsonArray *payments = pk_sheet_member_array (pk_sheet_node_object (permit->fees), "payments");
  PkPageBlock *table = pk_page_block_new_table (G_N_ELEMENTS (weights), weights);
  guint n = payments != NULL ? json_array_get_length (payments) : 0;
  guint max = MIN (rules->max_fee_rows, 6);
  guint shown = n > max ? max - 1 : n;
  PkPageCells c;

  pk_page_block_table_set_header (table, titles);
  pk_page_block_table_set_column (table, 0, PK_PAGE_ALIGN_CENTER, FALSE);
  pk_page_block_table_set_column (table, 1, PK_PAGE_ALIGN_CENTER, FALSE);
  pk_page_block_table_set_column (table, 2, PK_PAGE_ALIGN_END, FALSE);
  pk_page_block_set_max_lines (table, 1);
  pk_page_cells_init (&c);
  for (guint i = 0; i < shown; i++)
    {
      JsonObject *p = pk_sheet_node_object (json_array_get_element (payments, i));
      const char *at = pk_sheet_member_string (p, "paid_at");
      g_autoptr(GDateTime) when = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
      double amount;

      pk_page_cells_reset (&c);
      pk_page_cells_take (&c, fa_code (pk_sheet_member_string (p, "reference")));
      pk_page_cells_take (&c, date_text (when));
      pk_page_cells_take (&c, pk_sheet_member_number (p, "amount_rial", &amount)
                              ? fa_int ((gint64) amount) : g_strdup ("—"));
      pk_page_block_table_add_row (table, pk_page_cells_get (&c), PK_PAGE_ROW_NONE);
    }
  if (shown < n)
    {
      g_autofree char *count = fa_int (n - shown);

      pk_page_cells_reset (&c);
      pk_page_cells_take (&c, g_strdup_printf ("و %s رسید دیگر", count));
      pk_page_cells_add (&c, "");
      pk_page_cells_add (&c, "");
      pk_page_block_table_add_row (table, pk_page_cells_get (&c), PK_PAGE_ROW_NONE);
    }
  if (n == 0)
    {
      pk_page_cells_reset (&c);
      pk_page_cells_add (&c, "—");
      pk_page_cells_add (&c, "—");
      pk_page_cells_add (&c, "—");
      pk_page_block_table_add_row (table, pk_page_cells_get (&c), PK_PAGE_ROW_NONE);
    }
  pk_page_cells_clear (&c);
  return table;
}

/* Conditions */

/* One line per condition, numbered; a condition's own line breaks are spaces, so the count of
 * lines is bounded by the count of conditions shown. */
char *
pk_sheet_conditions_text (const PkApiPermit  *permit,
                          const PkSheetRules *rules,
                          gboolean           *out_cut)
{
  g_autoptr(GString) text = g_string_new (NULL);
  glong length;
  guint i;

  *out_cut = FALSE;
  for (i = 0; permit->conditions_fa[i] != NULL && i < rules->max_conditions; i++)
    {
      g_autofree char *n = fa_int (i + 1);
      g_autofree char *line = fa (permit->conditions_fa[i]);

      g_strdelimit (line, "\n\r\t\v\f", ' ');
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s. %s", n, line);
    }
  if (permit->conditions_fa[i] != NULL)
    *out_cut = TRUE;

  length = g_utf8_strlen (text->str, -1);
  if (length > rules->max_condition_chars)
    {
      const char *end = g_utf8_offset_to_pointer (text->str, rules->max_condition_chars);
      gsize cut = end - text->str;

      /* At a word's end, so the cut never splits a word or a number. */
      while (cut > 0 && text->str[cut] != ' ' && text->str[cut] != '\n')
        cut--;
      if (cut == 0)
        cut = end - text->str;
      g_string_truncate (text, cut);
      *out_cut = TRUE;
    }
  if (*out_cut)
    g_string_append (text, " … (متن کامل شرایط در شهرداری موجود است)");
  return g_string_free (g_steal_pointer (&text), FALSE);
}
