/* pk-permit-sheet.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pk-format.h"
#include "pk-permit-code.h"
#include "pk-page-cells.h"
#include "pk-permit-sheet.h"
#include "pk-page-private.h"
#include "pk-text.h"

/* The sheet's wording is fixed Persian, not gettext: it is an official municipal document,
 * printed in Persian whatever language the operator's screen is in (as pk-inquiry-slip.c). The
 * condensing rules are in the header. */

/* 2 pt = 0.71 mm: read by phone cameras at arm's length and by counter imagers; a version 8
 * symbol stays 35 mm wide. Never shrunk when the text condenses. */
#define QR_MODULE_PT     2.0
#define VERIFY_CODE_LEN  8

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
} LevelRules;

static const LevelRules level_rules[] = {
  [PK_PERMIT_SHEET_FULL]    = { 0.90, 0, FALSE, G_MAXUINT, G_MAXUINT, G_MAXUINT, G_MAXLONG,
                                G_MAXUINT, TRUE },
  [PK_PERMIT_SHEET_SMALLER] = { 0.84, 2, TRUE,  G_MAXUINT, G_MAXUINT, G_MAXUINT, 1200, 20, TRUE },
  [PK_PERMIT_SHEET_COMPACT] = { 0.78, 1, TRUE,  10, 8, G_MAXUINT, 700, 12, TRUE },
  [PK_PERMIT_SHEET_TIGHT]   = { 0.72, 1, TRUE,  6, 5, 6, 400, 8, FALSE },
  [PK_PERMIT_SHEET_MINIMAL] = { 0.68, 1, TRUE,  4, 3, 4, 220, 5, FALSE },
};

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

static const char *
or_dash (const char *text)
{
  return has_text (text) ? text : "—";
}

/* Persian digits inside Persian text. */
static char *
fa (const char *text)
{
  return has_text (text) ? pk_format_digits (text, PK_LANGUAGE_PERSIAN) : g_strdup ("—");
}

/* A code of digits and separators, isolated left to right so "۰۳-۰۱۲" keeps its order. */
static char *
fa_code (const char *text)
{
  return has_text (text) ? pk_format_identifier (text, PK_LANGUAGE_PERSIAN) : g_strdup ("—");
}

static char *
fa_int (gint64 value)
{
  return pk_format_integer (value, PK_LANGUAGE_PERSIAN);
}

static char *
date_text (GDateTime *datetime)
{
  return datetime != NULL ? pk_format_date (datetime, PK_LANGUAGE_PERSIAN) : g_strdup ("—");
}

/* JSON members, read leniently: the sheet prints what it has and "—" for the rest. */

static JsonObject *
node_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonNode *
member (JsonObject *o,
        const char *name)
{
  return o != NULL ? json_object_get_member (o, name) : NULL;
}

static const char *
member_string (JsonObject *o,
               const char *name)
{
  JsonNode *node = member (o, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
node_number (JsonNode *node,
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

static gboolean
member_number (JsonObject *o,
               const char *name,
               double     *out)
{
  return node_number (member (o, name), out);
}

static JsonArray *
member_array (JsonObject *o,
              const char *name)
{
  JsonNode *node = member (o, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static char *
member_measure (JsonObject *o,
                const char *name,
                guint       decimals,
                const char *unit)
{
  double value;

  /* A negative value prints "—" too. */
  return member_number (o, name, &value) ? pk_page_cells_measure (value, decimals, unit)
                                         : g_strdup ("—");
}

static char *
member_count (JsonObject *o,
              const char *name)
{
  double value;

  return member_number (o, name, &value) && value >= 0 ? fa_int ((gint64) value)
                                                        : g_strdup ("—");
}

static void
append_heading (PkPage     *page,
                const char *text)
{
  g_autoptr(PkPageBlock) block = pk_page_block_new_heading (text);

  pk_page_append (page, block);
}

/* The QR */

/**
 * pk_permit_sheet_qr_text:
 * @options: (nullable)
 *
 * What the sheet's QR code carries: the permit's verification URL as the API sent it, else the
 * URL built from @options' verify_host, else the bare payload.
 *
 * Returns: (transfer full) (nullable): %NULL when the permit has no payload.
 */
char *
pk_permit_sheet_qr_text (const PkApiPermit          *permit,
                         const PkPermitSheetOptions *options)
{
  g_return_val_if_fail (permit != NULL, NULL);

  if (!has_text (permit->qr_payload))
    return NULL;
  if (has_text (permit->qr_url))
    return g_ascii_strup (permit->qr_url, -1);
  if (options != NULL && has_text (options->verify_host))
    return pk_permit_code_to_url (permit->qr_payload, options->verify_host);
  return g_strdup (permit->qr_payload);
}

/**
 * pk_permit_sheet_verification_code:
 *
 * The short code printed beside the QR for a person to read out or compare: the permit number
 * and eight characters of the payload's signature, grouped by four ("1405-000123 K7QZ-M2XA").
 * The payload's first characters are the version and the key id, the same on every permit of
 * a key; the signature's differ on every permit and bind its content. The very last character
 * is skipped: it carries padding bits.
 *
 * Returns: (transfer full): ASCII; the permit number alone when there is no payload.
 */
char *
pk_permit_sheet_verification_code (const PkApiPermit *permit)
{
  g_autofree char *number = NULL;
  const char *payload;
  gsize len;

  g_return_val_if_fail (permit != NULL, NULL);

  number = has_text (permit->permit_no) ? pk_text_digits_to_ascii (permit->permit_no)
                                        : g_strdup ("");
  payload = permit->qr_payload;
  len = payload != NULL ? strlen (payload) : 0;
  if (len < strlen (PK_PERMIT_CODE_PREFIX) + VERIFY_CODE_LEN + 1)
    return g_steal_pointer (&number);

  {
    const char *tail = payload + len - 1 - VERIFY_CODE_LEN;
    g_autofree char *upper = g_ascii_strup (tail, VERIFY_CODE_LEN);

    return g_strdup_printf ("%s%s%.4s-%.4s", number, *number ? " " : "", upper, upper + 4);
  }
}

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
  JsonArray *rows = member_array (building, "floor_rows");

  g_array_set_clear_func (floors, floor_clear);
  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonObject *row = node_object (json_array_get_element (rows, i));
      Floor floor = { 0, NULL, -1, -1 };
      double value;

      if (row == NULL || !member_number (row, "level", &value))
        continue;
      floor.level = (int) CLAMP (value, -99, 999);
      floor.use = g_strdup (member_string (row, "use"));
      if (member_number (row, "area_m2", &value))
        floor.area = value;
      if (member_number (row, "units", &value))
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
static const char *
land_use_name (const char *land_use)
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

static PkPageBlock *
floors_block (const PkApiPermit *permit,
              JsonObject        *building,
              const LevelRules  *rules,
              PkPermitSheetInfo *info)
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

/* Owners */

static PkPageBlock *
owners_block (const PkApiPermit *permit,
              const LevelRules  *rules,
              PkPermitSheetInfo *info)
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
  JsonNode *node = member (parcel, "registration_plate");
  JsonObject *plate = node_object (node);
  double section, main_no, sub;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    return fa_code (json_node_get_string (node));
  if (plate != NULL && member_number (plate, "main", &main_no) && member_number (plate, "sub", &sub))
    {
      /* As on title deeds: "main/sub", then the registration section. */
      g_autofree char *ms = g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                                             (gint64) main_no, (gint64) sub);
      g_autofree char *code = fa_code (ms);

      if (member_number (plate, "section", &section))
        {
          g_autofree char *s = fa_int ((gint64) section);

          return g_strdup_printf ("%s بخش %s", code, s);
        }
      return g_steal_pointer (&code);
    }
  return g_strdup ("—");
}

static PkPageBlock *
property_block (const PkApiPermit *permit,
                JsonObject        *parcel,
                const LevelRules  *rules)
{
  PkPageBlock *table;
  const char *reno = has_text (member_string (parcel, "renovation_code"))
                     ? member_string (parcel, "renovation_code") : permit->renovation_code;
  PkPageCells c;

  pk_page_cells_init (&c);
  pk_page_cells_add (&c, "کد نوسازی");
  pk_page_cells_take (&c, fa_code (reno));
  pk_page_cells_add (&c, "پلاک ثبتی");
  pk_page_cells_take (&c, plate_text (parcel));
  pk_page_cells_add (&c, "کد پستی");
  pk_page_cells_take (&c, fa_code (member_string (parcel, "postal_code")));
  pk_page_cells_add (&c, "پهنه");
  pk_page_cells_take (&c, fa (member_string (parcel, "zone")));
  pk_page_cells_add (&c, "کاربری");
  pk_page_cells_add (&c, land_use_name (member_string (parcel, "land_use")));
  pk_page_cells_add (&c, "مساحت پیش از تعریض");
  pk_page_cells_take (&c, member_measure (parcel, "area_m2", 2, "مترمربع"));
  pk_page_cells_add (&c, "مساحت پس از تعریض");
  pk_page_cells_take (&c, member_measure (parcel, "area_after_widening_m2", 2, "مترمربع"));
  pk_page_cells_add (&c, "کد رهگیری");
  pk_page_cells_take (&c, fa_code (permit->tracking_code));
  table = pk_page_block_new_key_values (2, pk_page_cells_get (&c));
  pk_page_block_set_max_lines (table, rules->cell_lines);
  pk_page_cells_clear (&c);
  return table;
}

static PkPageBlock *
address_block (JsonObject       *parcel,
               const LevelRules *rules)
{
  g_autofree char *address = fa (member_string (parcel, "address_fa"));
  const char *cells[] = { "نشانی", address, NULL };
  PkPageBlock *table = pk_page_block_new_table (2, (const double[]) { 1.0, 5.5 });

  pk_page_block_table_set_column (table, 0, PK_PAGE_ALIGN_START, TRUE);
  pk_page_block_table_add_row (table, cells, PK_PAGE_ROW_NONE);
  pk_page_block_set_max_lines (table, rules->cell_lines > 0 ? rules->cell_lines : 3);
  return table;
}

/* The parcel's outline: the permit's own geometry, else the parcel the caller fetched. */
static GArray *
read_outline (JsonObject                 *parcel,
              const PkPermitSheetOptions *options)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (PkPagePoint));
  JsonObject *geometry = node_object (member (parcel, "geometry"));
  JsonArray *rings = member_array (geometry, "coordinates");

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
              || !node_number (json_array_get_element (xy, 0), &p.x)
              || !node_number (json_array_get_element (xy, 1), &p.y))
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

/* Building rights */

static PkPageBlock *
rights_block (const PkApiPermit *permit,
              JsonObject        *building,
              const LevelRules  *rules)
{
  g_autoptr(GArray) floors = read_floors (building);
  PkPageBlock *table;
  double value;
  gint64 below = -1, above = -1;
  PkPageCells c;

  if (member_number (building, "floors_below_ground", &value))
    below = (gint64) value;
  else if (floors->len > 0)
    {
      below = 0;
      for (guint i = 0; i < floors->len; i++)
        below += g_array_index (floors, Floor, i).level < 0;
    }
  if (member_number (building, "floors_above_ground", &value))
    above = (gint64) value;
  else if (floors->len > 0)
    above = floors->len - below;
  else if (permit->floors > 0)
    above = permit->floors;

  pk_page_cells_init (&c);
  pk_page_cells_add (&c, "تراکم ساختمانی");
  pk_page_cells_take (&c, member_measure (building, "density_percent", 1, "درصد"));
  pk_page_cells_add (&c, "سطح اشغال");
  pk_page_cells_take (&c, member_measure (building, "occupancy_percent", 1, "درصد"));
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
  pk_page_cells_take (&c, member_count (building, "parking_spaces"));
  pk_page_cells_add (&c, "نوع سازه");
  {
    const char *structure = member_string (building, "structure");

    pk_page_cells_add (&c, g_strcmp0 (structure, "concrete") == 0 ? "بتنی"
                           : g_strcmp0 (structure, "steel") == 0 ? "فلزی"
                           : g_strcmp0 (structure, "masonry") == 0 ? "بنایی"
                           : or_dash (structure));
  }
  pk_page_cells_add (&c, "عقب‌نشینی");
  if (has_text (member_string (building, "setbacks_fa")))
    pk_page_cells_take (&c, fa (member_string (building, "setbacks_fa")));
  else
    {
      double front, back;
      gboolean has_front = member_number (building, "setback_front_m", &front);
      gboolean has_back = member_number (building, "setback_back_m", &back);

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

static PkPageBlock *
engineers_block (JsonObject       *building,
                 const LevelRules *rules)
{
  static const struct { const char *role, *title; } roles[] = {
    { "designer", "طراح" },
    { "supervisor", "ناظر" },
    { "builder", "مجری" },
  };
  static const double weights[] = { 1.0, 3.0, 2.0 };
  static const char * const titles[] = { "سمت", "نام مهندس", "شماره پروانه اشتغال", NULL };
  JsonArray *engineers = member_array (building, "engineers");
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
          JsonObject *e = node_object (json_array_get_element (engineers, i));

          if (g_strcmp0 (member_string (e, "role"), roles[r].role) == 0)
            {
              name = member_string (e, "name");
              licence = member_string (e, "licence_no");
              break;
            }
        }
      /* The permit wizard asks for the supervisor's licence only. */
      if (licence == NULL && g_str_equal (roles[r].role, "supervisor"))
        licence = member_string (building, "engineer_license");

      pk_page_cells_reset (&c);
      pk_page_cells_add (&c, roles[r].title);
      pk_page_cells_add (&c, or_dash (name));
      pk_page_cells_take (&c, fa_code (licence));
      pk_page_block_table_add_row (table, pk_page_cells_get (&c), PK_PAGE_ROW_NONE);
    }
  pk_page_cells_clear (&c);
  return table;
}

/* Fees */

static PkPageBlock *
fees_block (const PkApiPermit *permit,
            const LevelRules  *rules,
            PkPermitSheetInfo *info)
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

static PkPageBlock *
receipts_block (const PkApiPermit *permit,
                const LevelRules  *rules)
{
  static const double weights[] = { 2.4, 1.4, 1.6 };
  static const char * const titles[] = { "شماره رسید", "تاریخ", "مبلغ (ریال)", NULL };
  JsonArray *payments = member_array (node_object (permit->fees), "payments");
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
      JsonObject *p = node_object (json_array_get_element (payments, i));
      const char *at = member_string (p, "paid_at");
      g_autoptr(GDateTime) when = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
      double amount;

      pk_page_cells_reset (&c);
      pk_page_cells_take (&c, fa_code (member_string (p, "reference")));
      pk_page_cells_take (&c, date_text (when));
      pk_page_cells_take (&c, member_number (p, "amount_rial", &amount)
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
static char *
conditions_text (const PkApiPermit *permit,
                 const LevelRules  *rules,
                 gboolean          *out_cut)
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

/* The page */

static char *
duplicate_text (guint count)
{
  g_autofree char *n = fa_int (count);

  return g_strdup_printf ("المثنی — نوبت چاپ مجدد: %s", n);
}

/**
 * pk_permit_sheet_build:
 * @options: (nullable)
 * @out_info: (out caller-allocates) (optional): what the sheet shows at this level
 *
 * The sheet at one condensing level, without checking that it fits; most callers want
 * pk_permit_sheet_layout() or pk_permit_sheet_render().
 *
 * Returns: (transfer full) (nullable): the page, or %NULL with %PK_PAGE_ERROR_QR when the QR
 *   text does not fit in a QR symbol.
 */
PkPage *
pk_permit_sheet_build (const PkApiPermit           *permit,
                       const PkPermitSheetOptions  *options,
                       PkPermitSheetLevel           level,
                       PkPermitSheetInfo           *out_info,
                       GError                     **error)
{
  static const PkPermitSheetOptions no_options = { 0 };
  const LevelRules *rules;
  JsonObject *parcel, *building;
  PkPermitSheetInfo info = { 0 };
  g_autoptr(PkPage) page = NULL;
  g_autoptr(PkPageBlock) qr = NULL;
  g_autoptr(PkPageBlock) block = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *qr_text = NULL;
  g_autofree char *verify_code = NULL;
  g_autofree char *number = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *line_number = NULL;
  g_autofree char *line_issued = NULL;
  g_autofree char *line_expires = NULL;
  g_autofree char *title = NULL;
  g_autofree char *rulebook = NULL;

  g_return_val_if_fail (permit != NULL, NULL);
  g_return_val_if_fail (level <= PK_PERMIT_SHEET_MINIMAL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &no_options;
  rules = &level_rules[level];
  parcel = node_object (permit->parcel);
  building = node_object (permit->building);
  info.level = level;
  info.duplicate = options->reprint_count > 0;
  info.reprint_count = options->reprint_count;

  /* The QR first: it is the one part that can fail. */
  qr_text = pk_permit_sheet_qr_text (permit, options);
  verify_code = pk_permit_sheet_verification_code (permit);
  if (qr_text != NULL)
    {
      /* LRI … PDI: an ASCII code keeps its order under the right-to-left symbol. */
      g_autofree char *caption = g_strdup_printf ("\u2066%s\u2069", verify_code);

      qr = pk_page_block_new_qr (qr_text, PK_PAGE_QR_LEVEL_M, QR_MODULE_PT, caption, error);
      if (qr == NULL)
        return NULL;
      info.qr_modules = pk_page_block_qr_get_modules (qr);
    }

  page = pk_page_new ();
  title = g_strconcat (has_text (permit->title_fa) ? permit->title_fa : "پروانه ساختمان",
                       info.duplicate ? " (المثنی)" : "", NULL);
  pk_page_set_title (page, title);
  pk_page_set_font_scale (page, rules->font_scale);

  number = fa_code (permit->permit_no);
  issued = date_text (permit->issued_at);
  expires = date_text (permit->expires_at);
  line_number = g_strdup_printf ("شماره پروانه: %s", number);
  line_issued = g_strdup_printf ("تاریخ صدور: %s", issued);
  /* Three lines, not four: the header is as tall as its corner text; the tracking code goes
   * with the property's identifiers. */
  line_expires = g_strdup_printf ("اعتبار تا: %s", expires);
  block = pk_page_block_new_header (has_text (options->municipality) ? options->municipality
                                                                     : "شهرداری",
                                    title,
                                    (const char * const[]) { line_number, line_issued,
                                                             line_expires, NULL });
  pk_page_append (page, block);
  g_clear_pointer (&block, pk_page_block_unref);

  if (info.duplicate)
    {
      g_autofree char *text = duplicate_text (options->reprint_count);

      /* Across the whole page as well as in the box: a cut-off box must not make a copy look
       * like the original. The QR paints its own white quiet zone over it. */
      pk_page_set_watermark (page, "المثنی");

      block = pk_page_block_new_paragraph (text, 11, TRUE);
      pk_page_block_set_align (block, PK_PAGE_ALIGN_CENTER);
      pk_page_block_set_boxed (block, TRUE);
      pk_page_block_set_max_lines (block, 1);
      pk_page_append (page, block);
      g_clear_pointer (&block, pk_page_block_unref);
    }

  append_heading (page, "مالکان");
  block = owners_block (permit, rules, &info);
  pk_page_append (page, block);
  g_clear_pointer (&block, pk_page_block_unref);

  append_heading (page, "مشخصات ملک");
  block = property_block (permit, parcel, rules);
  pk_page_append (page, block);
  g_clear_pointer (&block, pk_page_block_unref);
  block = address_block (parcel, rules);
  pk_page_append (page, block);
  g_clear_pointer (&block, pk_page_block_unref);

  append_heading (page, "مشخصات ساختمان، حقوق ساخت و مهندسان");
  block = rights_block (permit, building, rules);
  pk_page_append (page, block);
  g_clear_pointer (&block, pk_page_block_unref);
  {
    g_autoptr(PkPageBlock) row = pk_page_block_new_row ();
    g_autoptr(PkPageBlock) floors = floors_block (permit, building, rules, &info);
    g_autoptr(PkPageBlock) engineers = engineers_block (building, rules);

    if (floors != NULL)
      pk_page_block_row_append (row, floors, 1.15);
    pk_page_block_row_append (row, engineers, 1.0);
    pk_page_append (page, row);
  }

  append_heading (page, "عوارض پرداخت‌شده");
  {
    g_autoptr(PkPageBlock) row = pk_page_block_new_row ();
    g_autoptr(PkPageBlock) fees = fees_block (permit, rules, &info);
    g_autoptr(PkPageBlock) receipts = receipts_block (permit, rules);

    pk_page_block_row_append (row, fees, 1.15);
    pk_page_block_row_append (row, receipts, 1.0);
    pk_page_append (page, row);
  }

  /* Conditions and the verification statement beside the site sketch and the QR: the two
   * pictures are about as tall as a few lines of conditions, side by side they cost no height. */
  rulebook = fa (permit->rulebook_version);
  append_heading (page, "شرایط پروانه، کروکی و تصدیق اصالت");
  {
    g_autoptr(PkPageBlock) row = pk_page_block_new_row ();
    g_autoptr(PkPageBlock) text = NULL;
    g_autoptr(GArray) outline = read_outline (parcel, options);
    g_autoptr(GString) body = g_string_new (NULL);
    g_autofree char *code_isolated = g_strdup_printf ("\u2066%s\u2069", verify_code);

    if (permit->conditions_fa[0] != NULL)
      {
        g_autofree char *conditions = conditions_text (permit, rules, &info.conditions_cut);

        g_string_append_printf (body, "%s\n", conditions);
      }
    g_string_append_printf (body, "این پروانه بر پایه ضوابط نسخه %s صادر شده و تا تاریخ %s "
                            "معتبر است. اصالت آن را با اسکن کد QR با تلفن همراه یا در هر دفتر "
                            "پیشخوان بررسی کنید؛ کد تصدیق: %s",
                            rulebook, expires, code_isolated);
    text = pk_page_block_new_paragraph (body->str, 8.5, FALSE);
    pk_page_block_set_boxed (text, TRUE);
    pk_page_block_row_append (row, text, 2.6);
    if (rules->sketch && outline->len >= 3)
      {
        g_autoptr(PkPageBlock) sketch = NULL;

        sketch = pk_page_block_new_sketch ((const PkPagePoint *) outline->data, outline->len,
                                           110.0 * rules->font_scale, "کروکی ملک (متر)");
        pk_page_block_row_append (row, sketch, 1.0);
        info.sketch = TRUE;
      }
    if (qr != NULL)
      pk_page_block_row_append (row, qr, 1.1);
    pk_page_append (page, row);
  }

  now = options->printed_at != NULL ? g_date_time_ref (options->printed_at)
                                    : g_date_time_new_now_utc ();
  {
    g_autofree char *printed = pk_format_date_time (now, PK_LANGUAGE_PERSIAN);
    g_autofree char *office = fa (options->office);
    g_autofree char *start = g_strdup_printf ("چاپ: %s — دفتر: %s — کاربر: %s", printed, office,
                                              or_dash (options->operator_name));
    g_autofree char *end = NULL;

    if (info.duplicate)
      {
        g_autofree char *dup = duplicate_text (options->reprint_count);

        end = g_strdup_printf ("%s — نسخه ضوابط: %s", dup, rulebook);
      }
    else
      end = g_strdup_printf ("اصل — نسخه ضوابط: %s", rulebook);
    pk_page_set_footer (page, start, end);
  }

  if (out_info != NULL)
    *out_info = info;
  return g_steal_pointer (&page);
}

static PkPage *
layout_from (const PkApiPermit           *permit,
             const PkPermitSheetOptions  *options,
             PkPermitSheetLevel           first,
             PkPermitSheetInfo           *out_info,
             GError                     **error)
{
  for (PkPermitSheetLevel level = first; level <= PK_PERMIT_SHEET_MINIMAL; level++)
    {
      PkPermitSheetInfo info;
      g_autoptr(PkPage) page = pk_permit_sheet_build (permit, options, level, &info, error);

      if (page == NULL)
        return NULL;
      if (pk_page_fits (page))
        {
          if (out_info != NULL)
            *out_info = info;
          return g_steal_pointer (&page);
        }
    }

  /* Cannot happen while every part is bounded at the last level (see the header). */
  g_set_error (error, PK_PAGE_ERROR, PK_PAGE_ERROR_OVERFLOW,
               "The permit sheet does not fit on one page even fully condensed");
  return NULL;
}

/**
 * pk_permit_sheet_layout:
 * @options: (nullable)
 * @out_info: (out caller-allocates) (optional)
 *
 * The sheet on exactly one page, at the first level of PkPermitSheetLevel at which it fits.
 *
 * Returns: (transfer full) (nullable): a page that fits, or %NULL with %PK_PAGE_ERROR_QR.
 */
PkPage *
pk_permit_sheet_layout (const PkApiPermit           *permit,
                        const PkPermitSheetOptions  *options,
                        PkPermitSheetInfo           *out_info,
                        GError                     **error)
{
  g_return_val_if_fail (permit != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return layout_from (permit, options, PK_PERMIT_SHEET_FULL, out_info, error);
}

static GBytes *
render_page (PkPage        *page,
             PkPageFormat   format,
             double         dpi,
             GError       **error)
{
  return format == PK_PAGE_FORMAT_PDF ? pk_page_render_pdf (page, error)
                                      : pk_page_render_png (page, dpi, error);
}

/**
 * pk_permit_sheet_render:
 * @options: (nullable)
 * @dpi: for %PK_PAGE_FORMAT_PNG only
 * @out_info: (out caller-allocates) (optional)
 *
 * The one rendering path of the sheet: PDF for export and printing, PNG for the preview.
 * Rendering refuses a page that does not fit before drawing, so the full level is rendered
 * straight away (one layout pass for most permits) and the level search runs only when it
 * overflows.
 *
 * Returns: (transfer full) (nullable): one A4 page.
 */
GBytes *
pk_permit_sheet_render (const PkApiPermit           *permit,
                        const PkPermitSheetOptions  *options,
                        PkPageFormat                 format,
                        double                       dpi,
                        PkPermitSheetInfo           *out_info,
                        GError                     **error)
{
  g_autoptr(PkPage) attempt = NULL;
  g_autoptr(PkPage) page = NULL;
  g_autoptr(GError) local_error = NULL;
  PkPermitSheetInfo info;
  GBytes *bytes;

  g_return_val_if_fail (permit != NULL, NULL);
  g_return_val_if_fail (format == PK_PAGE_FORMAT_PDF || (dpi >= 10 && dpi <= 1200), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  attempt = pk_permit_sheet_build (permit, options, PK_PERMIT_SHEET_FULL, &info, error);
  if (attempt == NULL)
    return NULL;
  bytes = render_page (attempt, format, dpi, &local_error);
  if (bytes != NULL)
    {
      if (out_info != NULL)
        *out_info = info;
      return bytes;
    }
  if (!g_error_matches (local_error, PK_PAGE_ERROR, PK_PAGE_ERROR_OVERFLOW))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  page = layout_from (permit, options, PK_PERMIT_SHEET_SMALLER, out_info, error);
  if (page == NULL)
    return NULL;
  return render_page (page, format, dpi, error);
}

typedef struct
{
  PkApiPermit       *permit;
  PkApiParcel       *parcel;
  GDateTime         *printed_at;
  char              *municipality;
  char              *office;
  char              *operator_name;
  char              *verify_host;
  guint              reprint_count;
  PkPageFormat       format;
  double             dpi;
  PkPermitSheetInfo  info;
} RenderData;

static void
render_data_free (gpointer data)
{
  RenderData *d = data;

  pk_api_permit_unref (d->permit);
  g_clear_pointer (&d->parcel, pk_api_parcel_unref);
  g_clear_pointer (&d->printed_at, g_date_time_unref);
  g_free (d->municipality);
  g_free (d->office);
  g_free (d->operator_name);
  g_free (d->verify_host);
  g_free (d);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderData *d = task_data;
  PkPermitSheetOptions options = {
    .municipality = d->municipality,
    .office = d->office,
    .operator_name = d->operator_name,
    .reprint_count = d->reprint_count,
    .printed_at = d->printed_at,
    .verify_host = d->verify_host,
    .parcel = d->parcel,
  };
  GError *error = NULL;
  GBytes *bytes;

  if (g_task_return_error_if_cancelled (task))
    return;

  bytes = pk_permit_sheet_render (d->permit, &options, d->format, d->dpi, &d->info, &error);
  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

/**
 * pk_permit_sheet_render_async:
 * @permit: referenced; it must not change until the callback
 * @options: (nullable): copied; the caller may free it at once
 *
 * pk_permit_sheet_render() on the page toolkit's render thread, whose fonts stay loaded.
 */
void
pk_permit_sheet_render_async (const PkApiPermit           *permit,
                              const PkPermitSheetOptions  *options,
                              PkPageFormat                 format,
                              double                       dpi,
                              GCancellable                *cancellable,
                              GAsyncReadyCallback          callback,
                              gpointer                     user_data)
{
  g_autoptr(GTask) task = NULL;
  RenderData *d;

  g_return_if_fail (permit != NULL);
  g_return_if_fail (format == PK_PAGE_FORMAT_PDF || (dpi >= 10 && dpi <= 1200));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  d = g_new0 (RenderData, 1);
  d->permit = pk_api_permit_ref ((PkApiPermit *) permit);
  d->format = format;
  d->dpi = dpi;
  if (options != NULL)
    {
      d->parcel = options->parcel != NULL ? pk_api_parcel_ref ((PkApiParcel *) options->parcel)
                                          : NULL;
      d->printed_at = options->printed_at != NULL ? g_date_time_ref (options->printed_at) : NULL;
      d->municipality = g_strdup (options->municipality);
      d->office = g_strdup (options->office);
      d->operator_name = g_strdup (options->operator_name);
      d->verify_host = g_strdup (options->verify_host);
      d->reprint_count = options->reprint_count;
    }

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pk_permit_sheet_render_async);
  g_task_set_task_data (task, d, render_data_free);
  pk_page_run_in_render_thread (task, render_thread);
}

/**
 * pk_permit_sheet_render_finish:
 * @out_info: (out caller-allocates) (optional)
 *
 * Returns: (transfer full) (nullable): the rendered page.
 */
GBytes *
pk_permit_sheet_render_finish (GAsyncResult       *result,
                               PkPermitSheetInfo  *out_info,
                               GError            **error)
{
  GBytes *bytes;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pk_permit_sheet_render_async,
                        NULL);

  bytes = g_task_propagate_pointer (G_TASK (result), error);
  if (bytes != NULL && out_info != NULL)
    *out_info = ((RenderData *) g_task_get_task_data (G_TASK (result)))->info;
  return bytes;
}
