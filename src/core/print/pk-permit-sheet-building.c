/* pk-permit-sheet-building.c
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

/* The permit sheet's blocks about the building: its floors (folded into runs and summary
 * rows as the sheet condenses), its rights and its engineers. */

/* Floors */

typedef struct
{
  int     level;
  char   *use;
  double  area;
  gint64  units;
} Floor;

typedef struct
{
  int      first;
  int      last;
  guint    count;
  gboolean summary;       /* folded to keep the table short: totals, not "each" */
  gboolean mixed_use;
  const char *use;
  double   area;          /* each floor's, or the total of a summary */
  gint64   units;
} FloorRow;

static void
floor_clear (gpointer data)
{
  Floor *floor = data;

  g_free (floor->use);
}

static int
compare_floor (gconstpointer a,
               gconstpointer b)
{
  const Floor *x = a, *y = b;

  return (x->level > y->level) - (x->level < y->level);
}

static GArray *
read_floors (JsonObject *building)
{
  GArray *floors = g_array_new (FALSE, TRUE, sizeof (Floor));
  JsonArray *rows = pk_sheet_member_array (building, "floor_rows");

  g_array_set_clear_func (floors, floor_clear);
  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonObject *row = pk_sheet_node_object (json_array_get_element (rows, i));
      Floor floor = { 0, NULL, -1, -1 };
      double value;

      if (row == NULL || !pk_sheet_member_number (row, "level", &value))
        continue;
      floor.level = (int) CLAMP (value, -99, 999);
      floor.use = g_strdup (pk_sheet_member_string (row, "use"));
      if (pk_sheet_member_number (row, "area_m2", &value))
        floor.area = value;
      if (pk_sheet_member_number (row, "units", &value))
        floor.units = (gint64) value;
      g_array_append_val (floors, floor);
    }
  g_array_sort (floors, compare_floor);
  return floors;
}

static const char *
use_name (const char *use)
{
  static const struct { const char *value, *name; } names[] = {
    { "residential", "مسکونی" },
    { "commercial", "تجاری" },
    { "office", "اداری" },
    { "parking", "پارکینگ" },
    { "storage", "انباری" },
  };

  if (!has_text (use))
    return "—";
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (use, names[i].value))
      return names[i].name;
  return use;
}

/* The parcel's land use: the API sends a code (the same codes the parcel page shows in words,
 * pk_land_use_to_string() in the GUI); the sheet is Persian whatever the screen's language, so
 * its own table, worded as po/fa.po words the GUI's labels. A code this version does not know
 * is printed as it came, rather than hidden. */
const char *
pk_sheet_land_use_name (const char *land_use)
{
  static const struct { const char *code, *name; } names[] = {
    { "residential", "مسکونی" },
    { "commercial", "تجاری" },
    { "mixed", "مختلط مسکونی و تجاری" },
    { "administrative", "اداری" },
    { "educational", "آموزشی" },
    { "healthcare", "درمانی" },
    { "industrial", "صنعتی" },
    { "green", "فضای سبز" },
    { "religious", "مذهبی" },
    { "sports", "ورزشی" },
    { "cultural", "فرهنگی" },
  };

  if (!has_text (land_use))
    return "—";
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (land_use, names[i].code))
      return names[i].name;
  return land_use;
}

static char *
level_name (int level)
{
  g_autofree char *n = fa_int (ABS (level));

  if (level < 0)
    return g_strconcat ("زیرزمین ", n, NULL);
  if (level == 0)
    return g_strdup ("همکف");
  return g_strconcat ("طبقه ", n, NULL);
}

static char *
levels_name (int first,
             int last)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (first == last)
    return level_name (first);
  if (first > 0 && last > 0)
    {
      a = fa_int (first);
      b = fa_int (last);
      return g_strconcat ("طبقات ", a, " تا ", b, NULL);
    }
  a = level_name (first);
  b = level_name (last);
  return g_strconcat ("از ", a, " تا ", b, NULL);
}

static gboolean
same_floor (const Floor *a,
            const Floor *b)
{
  return b->level == a->level + 1 && g_strcmp0 (a->use, b->use) == 0 && a->area == b->area
         && a->units == b->units;
}

/* Runs of three or more like floors in one row, when @fold_runs. */
static GArray *
floor_rows (GArray   *floors,
            gboolean  fold_runs)
{
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (FloorRow));

  for (guint i = 0; i < floors->len;)
    {
      const Floor *f = &g_array_index (floors, Floor, i);
      guint n = 1;
      FloorRow row = { 0 };

      while (fold_runs && i + n < floors->len
             && same_floor (&g_array_index (floors, Floor, i + n - 1),
                            &g_array_index (floors, Floor, i + n)))
        n++;
      if (n < 3)
        n = 1;
      row.first = f->level;
      row.last = g_array_index (floors, Floor, i + n - 1).level;
      row.count = n;
      row.use = f->use;
      row.area = f->area;
      row.units = f->units;
      g_array_append_val (rows, row);
      i += n;
    }
  return rows;
}

/* Folds the middle rows into one summary row so at most @max rows remain. */
static void
fold_floor_rows (GArray *rows,
                 guint   max)
{
  FloorRow summary = { 0 };
  guint keep_head, fold_end;

  if (rows->len <= max || max < 3)
    return;
  keep_head = max - 2;
  fold_end = rows->len - 1;       /* the last row stays */
  summary.summary = TRUE;
  summary.first = g_array_index (rows, FloorRow, keep_head).first;
  summary.last = g_array_index (rows, FloorRow, fold_end - 1).last;
  summary.use = g_array_index (rows, FloorRow, keep_head).use;
  summary.area = 0;
  summary.units = 0;
  for (guint i = keep_head; i < fold_end; i++)
    {
      const FloorRow *r = &g_array_index (rows, FloorRow, i);

      summary.count += r->count;
      summary.area += r->area > 0 ? r->area * r->count : 0;
      summary.units += r->units > 0 ? r->units * (gint64) r->count : 0;
      if (g_strcmp0 (r->use, summary.use) != 0)
        summary.mixed_use = TRUE;
    }
  g_array_remove_range (rows, keep_head, fold_end - keep_head);
  g_array_insert_val (rows, keep_head, summary);
}

PkPageBlock *
pk_sheet_floors_block (const PkApiPermit  *permit,
                       JsonObject         *building,
                       const PkSheetRules *rules,
                       PkPermitSheetInfo  *info)
{
  static const double weights[] = { 2.0, 1.4, 2.0, 1.4 };
  static const char * const titles[] = {
    "طبقه", "کاربری", "زیربنا (مترمربع)", "تعداد واحد", NULL,
  };
  g_autoptr(GArray) floors = read_floors (building);
  g_autoptr(GArray) rows = NULL;
  PkPageBlock *table;
  PkPageCells c;

  if (floors->len == 0)
    return NULL;

  rows = floor_rows (floors, rules->fold_runs);
  fold_floor_rows (rows, rules->max_floor_rows);

  table = pk_page_block_new_table (G_N_ELEMENTS (weights), weights);
  pk_page_block_table_set_header (table, titles);
  pk_page_block_table_set_column (table, 2, PK_PAGE_ALIGN_END, FALSE);
  pk_page_block_table_set_column (table, 3, PK_PAGE_ALIGN_END, FALSE);
  pk_page_block_set_max_lines (table, rules->cell_lines);

  pk_page_cells_init (&c);
  for (guint i = 0; i < rows->len; i++)
    {
      const FloorRow *r = &g_array_index (rows, FloorRow, i);
      g_autofree char *area = pk_page_cells_measure (r->area, 2, NULL);
      g_autofree char *units = r->units >= 0 ? fa_int (r->units) : g_strdup ("—");

      pk_page_cells_reset (&c);
      pk_page_cells_take (&c, levels_name (r->first, r->last));
      pk_page_cells_add (&c, r->mixed_use ? "مختلف" : use_name (r->use));
      if (r->summary)
        {
          g_autofree char *count = fa_int (r->count);

          pk_page_cells_take (&c, g_strdup_printf ("%s طبقه، جمعاً %s", count, area));
          pk_page_cells_take (&c, g_strdup_printf ("جمعاً %s", units));
        }
      else if (r->count > 1)
        {
          pk_page_cells_take (&c, g_strdup_printf ("هر طبقه %s", area));
          pk_page_cells_take (&c, g_strdup_printf ("هر طبقه %s", units));
        }
      else
        {
          pk_page_cells_add (&c, area);
          pk_page_cells_add (&c, units);
        }
      pk_page_block_table_add_row (table, pk_page_cells_get (&c), PK_PAGE_ROW_NONE);
      if (r->count > 1)
        info->floors_folded += r->count;
    }

  {
    g_autofree char *total = pk_page_cells_measure (permit->total_area_m2 > 0
                                                    ? permit->total_area_m2 : -1, 2, NULL);
    g_autofree char *units = permit->units > 0 ? fa_int (permit->units) : g_strdup ("—");

    g_autofree char *count = fa_int (permit->floors > 0 ? permit->floors : (gint64) floors->len);

    pk_page_cells_reset (&c);
    pk_page_cells_take (&c, g_strdup_printf ("جمع (%s طبقه)", count));
    pk_page_cells_add (&c, "");
    pk_page_cells_add (&c, total);
    pk_page_cells_add (&c, units);
    pk_page_block_table_add_row (table, pk_page_cells_get (&c),
                                 PK_PAGE_ROW_BOLD | PK_PAGE_ROW_SHADED);
  }
  pk_page_cells_clear (&c);
  info->floor_rows = rows->len + 1;
  return table;
}

/* Building rights */

PkPageBlock *
pk_sheet_rights_block (const PkApiPermit  *permit,
                       JsonObject         *building,
                       const PkSheetRules *rules)
{
  g_autoptr(GArray) floors = read_floors (building);
  PkPageBlock *table;
  double value;
  gint64 below = -1, above = -1;
  PkPageCells c;

  if (pk_sheet_member_number (building, "floors_below_ground", &value))
    below = (gint64) value;
  else if (floors->len > 0)
    {
      below = 0;
      for (guint i = 0; i < floors->len; i++)
        below += g_array_index (floors, Floor, i).level < 0;
    }
  if (pk_sheet_member_number (building, "floors_above_ground", &value))
    above = (gint64) value;
  else if (floors->len > 0)
    above = floors->len - below;
  else if (permit->floors > 0)
    above = permit->floors;

  pk_page_cells_init (&c);
  pk_page_cells_add (&c, "تراکم ساختمانی");
  pk_page_cells_take (&c, pk_sheet_member_measure (building, "density_percent", 1, "درصد"));
  pk_page_cells_add (&c, "سطح اشغال");
  pk_page_cells_take (&c, pk_sheet_member_measure (building, "occupancy_percent", 1, "درصد"));
  pk_page_cells_add (&c, "طبقات روی زمین");
  pk_page_cells_take (&c, above >= 0 ? fa_int (above) : g_strdup ("—"));
  pk_page_cells_add (&c, "طبقات زیرزمین");
  pk_page_cells_take (&c, below >= 0 ? fa_int (below) : g_strdup ("—"));
  pk_page_cells_add (&c, "تعداد واحد");
  pk_page_cells_take (&c, permit->units > 0 ? fa_int (permit->units) : g_strdup ("—"));
  pk_page_cells_add (&c, "زیربنای کل");
  pk_page_cells_take (&c, pk_page_cells_measure (permit->total_area_m2 > 0
                                                 ? permit->total_area_m2 : -1, 2, "مترمربع"));
  pk_page_cells_add (&c, "پارکینگ");
  pk_page_cells_take (&c, pk_sheet_member_count (building, "parking_spaces"));
  pk_page_cells_add (&c, "نوع سازه");
  {
    const char *structure = pk_sheet_member_string (building, "structure");

    pk_page_cells_add (&c, g_strcmp0 (structure, "concrete") == 0 ? "بتنی"
                           : g_strcmp0 (structure, "steel") == 0 ? "فلزی"
                           : g_strcmp0 (structure, "masonry") == 0 ? "بنایی"
                           : or_dash (structure));
  }
  pk_page_cells_add (&c, "عقب‌نشینی");
  if (has_text (pk_sheet_member_string (building, "setbacks_fa")))
    pk_page_cells_take (&c, fa (pk_sheet_member_string (building, "setbacks_fa")));
  else
    {
      double front, back;
      gboolean has_front = pk_sheet_member_number (building, "setback_front_m", &front);
      gboolean has_back = pk_sheet_member_number (building, "setback_back_m", &back);

      if (has_front || has_back)
        {
          g_autofree char *f = has_front ? pk_page_cells_measure (front, 2, "متر") : g_strdup ("—");
          g_autofree char *b = has_back ? pk_page_cells_measure (back, 2, "متر") : g_strdup ("—");

          pk_page_cells_take (&c, g_strdup_printf ("بر: %s، عقب: %s", f, b));
        }
      else
        pk_page_cells_add (&c, "—");
    }
  table = pk_page_block_new_key_values (3, pk_page_cells_get (&c));
  pk_page_block_set_max_lines (table, rules->cell_lines);
  pk_page_cells_clear (&c);
  return table;
}

/* Engineers */

PkPageBlock *
pk_sheet_engineers_block (JsonObject         *building,
                          const PkSheetRules *rules)
{
  static const struct { const char *role, *title; } roles[] = {
    { "designer", "طراح" },
    { "supervisor", "ناظر" },
    { "builder", "مجری" },
  };
  static const double weights[] = { 1.0, 3.0, 2.0 };
  static const char * const titles[] = { "سمت", "نام مهندس", "شماره پروانه اشتغال", NULL };
  JsonArray *engineers = pk_sheet_member_array (building, "engineers");
  PkPageBlock *table = pk_page_block_new_table (G_N_ELEMENTS (weights), weights);
  PkPageCells c;

  pk_page_block_table_set_header (table, titles);
  pk_page_block_table_set_column (table, 2, PK_PAGE_ALIGN_CENTER, FALSE);
  pk_page_block_set_max_lines (table, rules->cell_lines);
  pk_page_cells_init (&c);
  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      const char *name = NULL;
      const char *licence = NULL;

      for (guint i = 0; engineers != NULL && i < json_array_get_length (engineers); i++)
        {
          JsonObject *e = pk_sheet_node_object (json_array_get_element (engineers, i));

          if (g_strcmp0 (pk_sheet_member_string (e, "role"), roles[r].role) == 0)
            {
              name = pk_sheet_member_string (e, "name");
              licence = pk_sheet_member_string (e, "licence_no");
              break;
            }
        }
      /* The permit wizard asks for the supervisor's licence only. */
      if (licence == NULL && g_str_equal (roles[r].role, "supervisor"))
        licence = pk_sheet_member_string (building, "engineer_license");

      pk_page_cells_reset (&c);
      pk_page_cells_add (&c, roles[r].title);
      pk_page_cells_add (&c, or_dash (name));
      pk_page_cells_take (&c, fa_code (licence));
      pk_page_block_table_add_row (table, pk_page_cells_get (&c), PK_PAGE_ROW_NONE);
    }
  pk_page_cells_clear (&c);
  return table;
}
