/* pk-page-block.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <qrencode.h>
#include <string.h>

#include "pk-fonts.h"
#include "pk-page-block.h"
#include "pk-page-cells.h"
#include "pk-page-private.h"
#include "pk-page.h"
#include "pk-sketch.h"

/* Sizes are in points at font scale 1; the page's font scale shrinks text (and the padding that
 * goes with it) when a document condenses, never the QR modules, which must stay scannable. */
#define TEXT_SIZE         9.0
#define HEADING_SIZE      10.5
#define CELL_PAD_X        4.0
#define CELL_PAD_Y        2.0
#define BORDER_WIDTH      0.6
#define ROW_GAP           10.0
#define QR_QUIET_MODULES  4
#define KEY_SHADE         0.92
#define ROW_SHADE         0.86
/* More than a line of the narrowest text at the smallest size can hold across an A4 page. */
#define MAX_CHARS_PER_LINE 400

typedef enum
{
  BLOCK_HEADER,
  BLOCK_PARAGRAPH,
  BLOCK_HEADING,
  BLOCK_TABLE,
  BLOCK_QR,
  BLOCK_SKETCH,
  BLOCK_ROW,
  BLOCK_SPACER,
} BlockKind;

/* cells has n_cells entries plus a NULL; a NULL inside marks a spanned cell, so it is not a
 * GStrv to free with g_strfreev(). */
typedef struct
{
  char         **cells;
  guint          n_cells;
  PkPageRowFlags flags;
} TableRow;

struct _PkPageBlock
{
  gatomicrefcount ref_count;
  BlockKind       kind;

  /* header, paragraph, heading */
  char           *text;
  char           *title;
  GStrv           meta_lines;
  double          size;
  gboolean        bold;
  gboolean        boxed;
  PkPageAlign     align;
  int             max_lines;

  /* table */
  guint           n_columns;
  double         *weights;
  PkPageAlign    *aligns;
  gboolean       *key_columns;
  GStrv           header_cells;
  GArray         *rows;

  /* qr */
  QRcode         *qr;
  double          module;

  /* sketch */
  PkPagePoint    *points;
  gsize           n_points;
  double          height;

  /* row */
  GPtrArray      *children;
  GArray         *child_weights;
};

G_DEFINE_BOXED_TYPE (PkPageBlock, pk_page_block, pk_page_block_ref, pk_page_block_unref)

static void
table_row_clear (gpointer data)
{
  TableRow *row = data;

  for (guint i = 0; i < row->n_cells; i++)
    g_free (row->cells[i]);
  g_free (row->cells);
}

static PkPageBlock *
block_new (BlockKind kind)
{
  PkPageBlock *self = g_new0 (PkPageBlock, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->size = TEXT_SIZE;
  self->align = PK_PAGE_ALIGN_START;
  return self;
}

PkPageBlock *
pk_page_block_ref (PkPageBlock *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
pk_page_block_unref (PkPageBlock *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->text);
  g_free (self->title);
  g_strfreev (self->meta_lines);
  g_free (self->weights);
  g_free (self->aligns);
  g_free (self->key_columns);
  g_strfreev (self->header_cells);
  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->qr, QRcode_free);
  g_free (self->points);
  g_clear_pointer (&self->children, g_ptr_array_unref);
  g_clear_pointer (&self->child_weights, g_array_unref);
  g_free (self);
}

/**
 * pk_page_block_new_header:
 * @organisation: the issuing body, e.g. the municipality's name
 * @title: the document's title
 * @meta_lines: (nullable): short lines shown at the end side: number, date, …
 *
 * The page header: organisation and title centred, the document's number and date in a corner,
 * a rule underneath.
 */
PkPageBlock *
pk_page_block_new_header (const char         *organisation,
                          const char         *title,
                          const char * const *meta_lines)
{
  PkPageBlock *self;

  g_return_val_if_fail (organisation != NULL, NULL);
  g_return_val_if_fail (title != NULL, NULL);

  self = block_new (BLOCK_HEADER);
  self->text = g_strdup (organisation);
  self->title = g_strdup (title);
  self->meta_lines = g_strdupv ((char **) meta_lines);
  return self;
}

/**
 * pk_page_block_new_heading:
 *
 * A section title: bold, on one line, with a rule under it.
 */
PkPageBlock *
pk_page_block_new_heading (const char *text)
{
  PkPageBlock *self;

  g_return_val_if_fail (text != NULL, NULL);

  self = block_new (BLOCK_HEADING);
  self->text = g_strdup (text);
  self->size = HEADING_SIZE;
  self->bold = TRUE;
  self->max_lines = 1;
  return self;
}

/**
 * pk_page_block_new_paragraph:
 * @size_pt: the font size at font scale 1
 *
 * Wrapped text across the full width. With pk_page_block_set_max_lines() it is cut after that
 * many lines with an ellipsis, which is how long notes are condensed.
 */
PkPageBlock *
pk_page_block_new_paragraph (const char *text,
                             double      size_pt,
                             gboolean    bold)
{
  PkPageBlock *self;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (size_pt > 0, NULL);

  self = block_new (BLOCK_PARAGRAPH);
  self->text = g_strdup (text);
  self->size = size_pt;
  self->bold = bold;
  return self;
}

void
pk_page_block_set_align (PkPageBlock *self,
                         PkPageAlign  align)
{
  g_return_if_fail (self != NULL);

  self->align = align;
}

/**
 * pk_page_block_set_max_lines:
 * @max_lines: the most lines a paragraph or each table cell takes, 0 for no limit
 *
 * Text beyond that is cut at the end with an ellipsis.
 */
void
pk_page_block_set_max_lines (PkPageBlock *self,
                             int          max_lines)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (max_lines >= 0);

  self->max_lines = max_lines;
}

/**
 * pk_page_block_set_boxed:
 *
 * Draws a border around a paragraph, for notes that must stand out.
 */
void
pk_page_block_set_boxed (PkPageBlock *self,
                         gboolean     boxed)
{
  g_return_if_fail (self != NULL);

  self->boxed = boxed;
}

/**
 * pk_page_block_new_table:
 * @n_columns: number of columns; column 0 is at the start (right on a Persian page)
 * @weights: (nullable) (array length=n_columns): relative column widths, %NULL for equal
 *
 * A table with borders. Cells wrap; pk_page_block_set_max_lines() limits every cell.
 */
PkPageBlock *
pk_page_block_new_table (guint         n_columns,
                         const double *weights)
{
  PkPageBlock *self;

  g_return_val_if_fail (n_columns > 0, NULL);

  self = block_new (BLOCK_TABLE);
  self->n_columns = n_columns;
  self->weights = g_new (double, n_columns);
  self->aligns = g_new0 (PkPageAlign, n_columns);
  self->key_columns = g_new0 (gboolean, n_columns);
  for (guint i = 0; i < n_columns; i++)
    {
      g_return_val_if_fail (weights == NULL || weights[i] > 0, self);
      self->weights[i] = weights != NULL ? weights[i] : 1.0;
    }
  self->rows = g_array_new (FALSE, TRUE, sizeof (TableRow));
  g_array_set_clear_func (self->rows, table_row_clear);
  return self;
}

/**
 * pk_page_block_table_set_header:
 * @titles: (array zero-terminated=1): one title per column
 *
 * A bold, shaded first row.
 */
void
pk_page_block_table_set_header (PkPageBlock        *self,
                                const char * const *titles)
{
  g_return_if_fail (self != NULL && self->kind == BLOCK_TABLE);
  g_return_if_fail (titles != NULL && g_strv_length ((char **) titles) == self->n_columns);

  g_strfreev (self->header_cells);
  self->header_cells = g_strdupv ((char **) titles);
}

/**
 * pk_page_block_table_set_column:
 * @key: whether the column holds labels (shaded, bold)
 */
void
pk_page_block_table_set_column (PkPageBlock *self,
                                guint        column,
                                PkPageAlign  align,
                                gboolean     key)
{
  g_return_if_fail (self != NULL && self->kind == BLOCK_TABLE);
  g_return_if_fail (column < self->n_columns);

  self->aligns[column] = align;
  self->key_columns[column] = key;
}

/**
 * pk_page_block_table_add_row:
 * @cells: (array length=n_columns): one text per column; a %NULL cell widens the cell before it,
 *   so a total row can span the label columns
 */
void
pk_page_block_table_add_row (PkPageBlock        *self,
                             const char * const *cells,
                             PkPageRowFlags      flags)
{
  TableRow row = { NULL, 0, flags };

  g_return_if_fail (self != NULL && self->kind == BLOCK_TABLE);
  g_return_if_fail (cells != NULL && cells[0] != NULL);

  row.cells = g_new0 (char *, self->n_columns + 1);
  row.n_cells = self->n_columns;
  for (guint i = 0; i < self->n_columns; i++)
    row.cells[i] = g_strdup (cells[i]);
  g_array_append_val (self->rows, row);
}

guint
pk_page_block_table_get_n_rows (PkPageBlock *self)
{
  g_return_val_if_fail (self != NULL && self->kind == BLOCK_TABLE, 0);

  return self->rows->len;
}

/**
 * pk_page_block_new_key_values:
 * @pairs_per_row: how many key/value pairs share a row
 * @keys_and_values: (array zero-terminated=1): key, value, key, value, …
 *
 * A label/value table: each pair is a shaded label cell followed (towards the end side) by its
 * value; the first pair of a row is at the start side.
 */
PkPageBlock *
pk_page_block_new_key_values (guint               pairs_per_row,
                              const char * const *keys_and_values)
{
  g_autofree double *weights = NULL;
  g_autofree const char **cells = NULL;
  PkPageBlock *self;
  guint n;

  g_return_val_if_fail (pairs_per_row > 0, NULL);
  g_return_val_if_fail (keys_and_values != NULL, NULL);
  n = g_strv_length ((char **) keys_and_values);
  g_return_val_if_fail (n % 2 == 0, NULL);

  weights = g_new (double, pairs_per_row * 2);
  for (guint i = 0; i < pairs_per_row; i++)
    {
      weights[2 * i] = 1.0;
      weights[2 * i + 1] = 1.9;
    }
  self = pk_page_block_new_table (pairs_per_row * 2, weights);
  for (guint i = 0; i < pairs_per_row; i++)
    pk_page_block_table_set_column (self, 2 * i, PK_PAGE_ALIGN_START, TRUE);

  cells = g_new0 (const char *, pairs_per_row * 2 + 1);
  for (guint i = 0; i < n; i += pairs_per_row * 2)
    {
      for (guint j = 0; j < pairs_per_row * 2; j++)
        cells[j] = i + j < n ? keys_and_values[i + j] : "";
      pk_page_block_table_add_row (self, cells, PK_PAGE_ROW_NONE);
    }
  return self;
}

/**
 * pk_page_block_new_qr:
 * @payload: what the code carries; upper-case letters, digits and ` $%*+-./:` are encoded in
 *   the denser alphanumeric mode
 * @level: error correction, chosen by the caller for how the paper will be treated
 * @module_pt: the side of one module in points; at 300 dpi a module of 1.5 pt or more reads
 *   reliably, below 1 pt a laser print blurs it
 * @caption: (nullable): a human-readable line under the code
 *
 * A QR code drawn as a one-bit stencil, one bit per module, with the quiet zone of four modules
 * the standard asks for. When its allotted width is too narrow the modules shrink to fit.
 *
 * Returns: (transfer full) (nullable): the block, or %NULL with %PK_PAGE_ERROR_QR when the
 *   payload does not fit in any QR version at that level.
 */
PkPageBlock *
pk_page_block_new_qr (const char     *payload,
                      PkPageQrLevel   level,
                      double          module_pt,
                      const char     *caption,
                      GError        **error)
{
  static const QRecLevel levels[] = { QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H };
  PkPageBlock *self;
  QRcode *qr;

  g_return_val_if_fail (payload != NULL, NULL);
  g_return_val_if_fail (level <= PK_PAGE_QR_LEVEL_H, NULL);
  g_return_val_if_fail (module_pt > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Case-sensitive, so lower-case text (a URL's path) stays intact in byte mode. */
  qr = QRcode_encodeString (payload, 0, levels[level], QR_MODE_8, 1);
  if (qr == NULL)
    {
      g_set_error (error, PK_PAGE_ERROR, PK_PAGE_ERROR_QR,
                   "Cannot encode %zu bytes in a QR code: %s", strlen (payload),
                   g_strerror (errno));
      return NULL;
    }

  self = block_new (BLOCK_QR);
  self->qr = qr;
  self->module = module_pt;
  self->text = g_strdup (caption);
  self->size = 7.5;
  self->align = PK_PAGE_ALIGN_CENTER;
  return self;
}

/**
 * pk_page_block_qr_get_modules:
 *
 * Returns: the number of modules on a side, without the quiet zone (21 for version 1).
 */
guint
pk_page_block_qr_get_modules (PkPageBlock *self)
{
  g_return_val_if_fail (self != NULL && self->kind == BLOCK_QR, 0);

  return self->qr->width;
}

/**
 * pk_page_block_new_sketch:
 * @points: (array length=n_points): the outline in metres, in order, not closed
 * @height_pt: the height of the drawing box
 * @caption: (nullable): a line under the box
 *
 * A site sketch: the polygon scaled uniformly into the box with north up, each side labelled
 * with its length in metres, and a north arrow.
 */
PkPageBlock *
pk_page_block_new_sketch (const PkPagePoint *points,
                          gsize              n_points,
                          double             height_pt,
                          const char        *caption)
{
  PkPageBlock *self;

  g_return_val_if_fail (points != NULL || n_points == 0, NULL);
  g_return_val_if_fail (height_pt > 0, NULL);

  self = block_new (BLOCK_SKETCH);
  self->points = g_memdup2 (points, n_points * sizeof (PkPagePoint));
  self->n_points = n_points;
  self->height = height_pt;
  self->text = g_strdup (caption);
  self->size = 7.5;
  self->align = PK_PAGE_ALIGN_CENTER;
  return self;
}

/**
 * pk_page_block_new_row:
 *
 * Blocks side by side, the first at the start side, each as wide as its weight's share.
 */
PkPageBlock *
pk_page_block_new_row (void)
{
  PkPageBlock *self = block_new (BLOCK_ROW);

  self->children = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_page_block_unref);
  self->child_weights = g_array_new (FALSE, FALSE, sizeof (double));
  return self;
}

void
pk_page_block_row_append (PkPageBlock *self,
                          PkPageBlock *child,
                          double       weight)
{
  g_return_if_fail (self != NULL && self->kind == BLOCK_ROW);
  g_return_if_fail (child != NULL && child != self);
  g_return_if_fail (weight > 0);

  g_ptr_array_add (self->children, pk_page_block_ref (child));
  g_array_append_val (self->child_weights, weight);
}

PkPageBlock *
pk_page_block_new_spacer (double height_pt)
{
  PkPageBlock *self;

  g_return_val_if_fail (height_pt >= 0, NULL);

  self = block_new (BLOCK_SPACER);
  self->height = height_pt;
  return self;
}

/* Layout helpers shared with PkPage. */

/* What a layout is made of besides the context: sizes rounded to thousandths of a point, so
 * a width computed twice the same way but rounded differently still finds its layout. */
typedef struct
{
  gint64 size;
  gint64 width;
  int    bold;
  int    align;
  int    max_lines;
  guint  hash;
  char   text[];
} LayoutKey;

static guint
layout_key_hash (gconstpointer data)
{
  return ((const LayoutKey *) data)->hash;
}

static gboolean
layout_key_equal (gconstpointer a,
                  gconstpointer b)
{
  const LayoutKey *x = a, *y = b;

  return x->hash == y->hash && x->size == y->size && x->width == y->width
         && x->bold == y->bold && x->align == y->align && x->max_lines == y->max_lines
         && strcmp (x->text, y->text) == 0;
}

GHashTable *
pk_page_layouts_new (void)
{
  return g_hash_table_new_full (layout_key_hash, layout_key_equal, g_free, g_object_unref);
}

PangoLayout *
pk_page_ctx_layout (PkPageCtx   *ctx,
                    const char  *text,
                    double       size_pt,
                    gboolean     bold,
                    double       width,
                    PkPageAlign  align,
                    int          max_lines)
{
  static const PangoAlignment alignments[] = {
    /* Pango mirrors alignment for right-to-left paragraphs, so LEFT is the start side. */
    PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_RIGHT,
  };
  gsize text_len = strlen (text);
  /* Not a printf'd string: formatting two doubles for each of hundreds of lookups cost a
   * twentieth of the page. */
  g_autofree LayoutKey *key = g_malloc (sizeof (LayoutKey) + text_len + 1);
  PangoLayout *layout;
  PangoFontDescription *font;

  key->size = llround (size_pt * ctx->font_scale * 1000);
  key->width = llround (width * 1000);
  key->bold = bold != FALSE;
  key->align = align;
  key->max_lines = max_lines;
  memcpy (key->text, text, text_len + 1);
  key->hash = g_str_hash (text);
  key->hash = key->hash * 31 + (guint) key->size;
  key->hash = key->hash * 31 + (guint) key->width;
  key->hash = key->hash * 31 + (guint) (key->bold | key->align << 1 | key->max_lines << 3);

  layout = g_hash_table_lookup (ctx->layouts, key);
  if (layout != NULL)
    return g_object_ref (layout);

  layout = pango_layout_new (ctx->pango);
  font = pango_font_description_new ();

  pango_font_description_set_family_static (font, PK_FONT_FAMILY);
  pango_font_description_set_absolute_size (font, size_pt * ctx->font_scale * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  /* Every paragraph takes the page's direction, also one that starts with Latin digits, so a
   * tracking code sits where Persian text would. */
  pango_layout_set_auto_dir (layout, FALSE);
  pango_layout_set_width (layout, (int) MAX (1, floor (width * PANGO_SCALE)));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, alignments[align]);
  if (max_lines > 0)
    {
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (layout, -max_lines);
    }
  if (max_lines > 0 && g_utf8_strlen (text, MAX_CHARS_PER_LINE * max_lines * 4) >
                       MAX_CHARS_PER_LINE * max_lines)
    {
      /* Shaping costs by the character, and text cut at a few lines never shows more than
       * this: no need to shape the 10,000 characters of a pasted note to show two lines. */
      g_autofree char *head = g_utf8_substring (text, 0, MAX_CHARS_PER_LINE * max_lines);

      pango_layout_set_text (layout, head, -1);
    }
  else
    pango_layout_set_text (layout, text, -1);
  g_hash_table_insert (ctx->layouts, g_steal_pointer (&key), g_object_ref (layout));
  return layout;
}

double
pk_page_layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

/* @align does not change the height, but measuring with the alignment the text is drawn with
 * makes the drawing find the layout measured, rather than shape the text a second time. */
static double
text_height (PkPageCtx   *ctx,
             const char  *text,
             double       size,
             gboolean     bold,
             double       width,
             PkPageAlign  align,
             int          max_lines)
{
  g_autoptr(PangoLayout) layout = NULL;

  if (text == NULL || *text == '\0')
    return 0;
  layout = pk_page_ctx_layout (ctx, text, size, bold, width, align, max_lines);
  return pk_page_layout_height (layout);
}

static void
draw_text (PkPageCtx   *ctx,
           cairo_t     *cr,
           const char  *text,
           double       size,
           gboolean     bold,
           double       x,
           double       y,
           double       width,
           PkPageAlign  align,
           int          max_lines)
{
  g_autoptr(PangoLayout) layout = NULL;

  if (text == NULL || *text == '\0')
    return;
  layout = pk_page_ctx_layout (ctx, text, size, bold, width, align, max_lines);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* x of a span [offset, offset + span) measured from the start side of a box at x of width. */
static double
start_x (PkPageCtx *ctx,
         double     x,
         double     width,
         double     offset,
         double     span)
{
  return ctx->rtl ? x + width - offset - span : x + offset;
}

/* Table geometry. */

static double *
column_widths (PkPageBlock *self,
               double       width)
{
  double *widths = g_new (double, self->n_columns);
  double total = 0;

  for (guint i = 0; i < self->n_columns; i++)
    total += self->weights[i];
  for (guint i = 0; i < self->n_columns; i++)
    widths[i] = width * self->weights[i] / total;
  return widths;
}

/* The cells of a row with their spans: a NULL cell widens the one before it. */
static guint
cell_span (char **cells,
           guint n_columns,
           guint column)
{
  guint span = 1;

  while (column + span < n_columns && cells[column + span] == NULL)
    span++;
  return span;
}

static double
span_width (const double *widths,
            guint         column,
            guint         span)
{
  double w = 0;

  for (guint i = column; i < column + span; i++)
    w += widths[i];
  return w;
}

static double
table_row_height (PkPageBlock  *self,
                  PkPageCtx    *ctx,
                  const double *widths,
                  char        **cells,
                  gboolean      bold_row)
{
  double pad_x = CELL_PAD_X * ctx->font_scale;
  double pad_y = CELL_PAD_Y * ctx->font_scale;
  double height = 0;

  for (guint i = 0; i < self->n_columns; i++)
    {
      guint span;
      double h;

      if (cells[i] == NULL)
        continue;
      span = cell_span (cells, self->n_columns, i);
      h = text_height (ctx, *cells[i] != '\0' ? cells[i] : " ", self->size,
                       bold_row || self->key_columns[i],
                       span_width (widths, i, span) - 2 * pad_x, self->aligns[i],
                       self->max_lines);
      height = MAX (height, h);
    }
  return height + 2 * pad_y;
}

static void
draw_table_row (PkPageBlock  *self,
                PkPageCtx    *ctx,
                cairo_t      *cr,
                const double *widths,
                char        **cells,
                gboolean      bold_row,
                gboolean      shaded_row,
                double        x,
                double        y,
                double        width,
                double        height)
{
  double pad_x = CELL_PAD_X * ctx->font_scale;
  double pad_y = CELL_PAD_Y * ctx->font_scale;
  double offset = 0;

  for (guint i = 0; i < self->n_columns; i++)
    {
      guint span;
      double w, cx;

      if (cells[i] == NULL)
        continue;
      span = cell_span (cells, self->n_columns, i);
      w = span_width (widths, i, span);
      /* Offsets add up in column order, so cell i sits where columns 0..i-1 end. */
      offset = span_width (widths, 0, i);
      cx = start_x (ctx, x, width, offset, w);

      if (shaded_row || self->key_columns[i])
        {
          double shade = shaded_row ? ROW_SHADE : KEY_SHADE;

          cairo_set_source_rgb (cr, shade, shade, shade);
          cairo_rectangle (cr, cx, y, w, height);
          cairo_fill (cr);
        }
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_set_line_width (cr, BORDER_WIDTH);
      cairo_rectangle (cr, cx, y, w, height);
      cairo_stroke (cr);

      draw_text (ctx, cr, cells[i], self->size, bold_row || self->key_columns[i],
                 cx + pad_x, y + pad_y, w - 2 * pad_x, self->aligns[i], self->max_lines);
    }
}

static double
measure_table (PkPageBlock *self,
               PkPageCtx   *ctx,
               double       width)
{
  g_autofree double *widths = column_widths (self, width);
  double height = 0;

  if (self->header_cells != NULL)
    height += table_row_height (self, ctx, widths, self->header_cells, TRUE);
  for (guint r = 0; r < self->rows->len; r++)
    {
      TableRow *row = &g_array_index (self->rows, TableRow, r);

      height += table_row_height (self, ctx, widths, row->cells, row->flags & PK_PAGE_ROW_BOLD);
    }
  return height;
}

static void
draw_table (PkPageBlock *self,
            PkPageCtx   *ctx,
            cairo_t     *cr,
            double       x,
            double       y,
            double       width)
{
  g_autofree double *widths = column_widths (self, width);

  if (self->header_cells != NULL)
    {
      double h = table_row_height (self, ctx, widths, self->header_cells, TRUE);

      draw_table_row (self, ctx, cr, widths, self->header_cells, TRUE, TRUE, x, y, width, h);
      y += h;
    }
  for (guint r = 0; r < self->rows->len; r++)
    {
      TableRow *row = &g_array_index (self->rows, TableRow, r);
      gboolean bold = (row->flags & PK_PAGE_ROW_BOLD) != 0;
      double h = table_row_height (self, ctx, widths, row->cells, bold);

      draw_table_row (self, ctx, cr, widths, row->cells, bold,
                      (row->flags & PK_PAGE_ROW_SHADED) != 0, x, y, width, h);
      y += h;
    }
}

/* Header geometry: the corner with the meta lines takes a quarter of the width at the end side,
 * and the centre keeps the same margin at the start side so the titles stay centred. */

static double
header_meta_height (PkPageBlock *self,
                    PkPageCtx   *ctx,
                    double       meta_width)
{
  double height = 0;

  for (guint i = 0; self->meta_lines != NULL && self->meta_lines[i] != NULL; i++)
    height += text_height (ctx, self->meta_lines[i], TEXT_SIZE, FALSE, meta_width,
                           PK_PAGE_ALIGN_START, 1);
  return height;
}

static double
header_titles_height (PkPageBlock *self,
                      PkPageCtx   *ctx,
                      double       centre_width)
{
  return text_height (ctx, self->text, 12.0, TRUE, centre_width, PK_PAGE_ALIGN_CENTER, 2)
         + text_height (ctx, self->title, 15.0, TRUE, centre_width, PK_PAGE_ALIGN_CENTER, 2);
}

static double
measure_header (PkPageBlock *self,
                PkPageCtx   *ctx,
                double       width)
{
  double meta_width = width * 0.25;
  double centre_width = width - 2 * meta_width;

  return MAX (header_meta_height (self, ctx, meta_width),
              header_titles_height (self, ctx, centre_width)) + 6 * ctx->font_scale;
}

static void
draw_header (PkPageBlock *self,
             PkPageCtx   *ctx,
             cairo_t     *cr,
             double       x,
             double       y,
             double       width)
{
  double meta_width = width * 0.25;
  double centre_width = width - 2 * meta_width;
  double height = measure_header (self, ctx, width);
  double my = y;
  double ty = y;

  draw_text (ctx, cr, self->text, 12.0, TRUE, x + meta_width, ty, centre_width,
             PK_PAGE_ALIGN_CENTER, 2);
  ty += text_height (ctx, self->text, 12.0, TRUE, centre_width, PK_PAGE_ALIGN_CENTER, 2);
  draw_text (ctx, cr, self->title, 15.0, TRUE, x + meta_width, ty, centre_width,
             PK_PAGE_ALIGN_CENTER, 2);

  for (guint i = 0; self->meta_lines != NULL && self->meta_lines[i] != NULL; i++)
    {
      double mx = start_x (ctx, x, width, width - meta_width, meta_width);

      draw_text (ctx, cr, self->meta_lines[i], TEXT_SIZE, FALSE, mx, my, meta_width,
                 PK_PAGE_ALIGN_START, 1);
      my += text_height (ctx, self->meta_lines[i], TEXT_SIZE, FALSE, meta_width,
                         PK_PAGE_ALIGN_START, 1);
    }

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 1.2);
  cairo_move_to (cr, x, y + height - 1.5);
  cairo_line_to (cr, x + width, y + height - 1.5);
  cairo_stroke (cr);
}

/* Paragraphs and headings. */

static double
paragraph_pad (PkPageBlock *self,
               PkPageCtx   *ctx)
{
  return self->boxed ? CELL_PAD_X * ctx->font_scale : 0;
}

static double
measure_paragraph (PkPageBlock *self,
                   PkPageCtx   *ctx,
                   double       width)
{
  double pad = paragraph_pad (self, ctx);
  double h = text_height (ctx, self->text, self->size, self->bold, width - 2 * pad,
                          self->align, self->max_lines);

  if (self->kind == BLOCK_HEADING)
    h += 2.0;
  return h + 2 * pad;
}

static void
draw_paragraph (PkPageBlock *self,
                PkPageCtx   *ctx,
                cairo_t     *cr,
                double       x,
                double       y,
                double       width)
{
  double pad = paragraph_pad (self, ctx);
  double h = measure_paragraph (self, ctx, width);

  draw_text (ctx, cr, self->text, self->size, self->bold, x + pad, y + pad, width - 2 * pad,
             self->align, self->max_lines);
  cairo_set_source_rgb (cr, 0, 0, 0);
  if (self->boxed)
    {
      cairo_set_line_width (cr, BORDER_WIDTH);
      cairo_rectangle (cr, x, y, width, h);
      cairo_stroke (cr);
    }
  if (self->kind == BLOCK_HEADING)
    {
      cairo_set_line_width (cr, 0.8);
      cairo_move_to (cr, x, y + h - 1.0);
      cairo_line_to (cr, x + width, y + h - 1.0);
      cairo_stroke (cr);
    }
}

/* QR. */

static double
qr_module (PkPageBlock *self,
           double       width)
{
  guint modules = self->qr->width + 2 * QR_QUIET_MODULES;

  return MIN (self->module, width / modules);
}

static double
measure_qr (PkPageBlock *self,
            PkPageCtx   *ctx,
            double       width)
{
  double side = qr_module (self, width) * (self->qr->width + 2 * QR_QUIET_MODULES);

  return side + text_height (ctx, self->text, self->size, FALSE, width, PK_PAGE_ALIGN_CENTER, 2);
}

/* The modules as a one-bit image, a set bit for a dark module. In a PDF it is an image mask
 * of 49 × 49 bits drawn unsmoothed, which a printer or viewer fills exactly like the vector
 * modules: as paths, a version 8 symbol took over 600 rectangles, half the page's content
 * stream, and the time to print and deflate their coordinates was a quarter of the render.
 * Made for each drawing, not kept in the block: cairo attaches snapshots to a source surface,
 * and blocks are drawn on several threads at once. */
static cairo_surface_t *
qr_stencil (const QRcode *qr)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A1, qr->width, qr->width);
  int stride = cairo_image_surface_get_stride (surface);
  unsigned char *data;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  memset (data, 0, (gsize) stride * qr->width);
  for (int y = 0; y < qr->width; y++)
    {
      guint32 *row = (guint32 *) (gpointer) (data + (gsize) y * stride);

      for (int x = 0; x < qr->width; x++)
        {
          /* A1 pixels fill 32-bit words from the low bit on a little-endian machine, from
           * the high bit on a big-endian one. */
          guint bit = G_BYTE_ORDER == G_LITTLE_ENDIAN ? x % 32 : 31 - x % 32;

          if (qr->data[y * qr->width + x] & 1)
            row[x / 32] |= (guint32) 1 << bit;
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

static void
draw_qr (PkPageBlock *self,
         PkPageCtx   *ctx,
         cairo_t     *cr,
         double       x,
         double       y,
         double       width)
{
  double module = qr_module (self, width);
  guint n = self->qr->width;
  double side = module * (n + 2 * QR_QUIET_MODULES);
  double qx = x + (width - side) / 2;
  cairo_surface_t *stencil = qr_stencil (self->qr);
  cairo_pattern_t *pattern = cairo_pattern_create_for_surface (stencil);

  /* The quiet zone is painted white, not just left empty, so a shaded background never
   * touches the symbol. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, qx, y, side, side);
  cairo_fill (cr);

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_save (cr);
  cairo_translate (cr, qx + QR_QUIET_MODULES * module, y + QR_QUIET_MODULES * module);
  cairo_scale (cr, module, module);
  /* Square modules with sharp edges, never blurred between neighbours. */
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  cairo_mask (cr, pattern);
  cairo_restore (cr);
  cairo_pattern_destroy (pattern);
  cairo_surface_destroy (stencil);

  draw_text (ctx, cr, self->text, self->size, FALSE, x, y + side, width, PK_PAGE_ALIGN_CENTER, 2);
}

/* Sketch. */

static double
measure_sketch (PkPageBlock *self,
                PkPageCtx   *ctx,
                double       width)
{
  return self->height + text_height (ctx, self->text, self->size, FALSE, width,
                                     PK_PAGE_ALIGN_CENTER, 2);
}

static void
draw_sketch (PkPageBlock *self,
             PkPageCtx   *ctx,
             cairo_t     *cr,
             double       x,
             double       y,
             double       width)
{
  static const PkSketchStyle style = {
    .margin = 18.0,
    .fill = { 0.88, 0.92, 0.97, 1.0 },
    .stroke = { 0, 0, 0, 1.0 },
    .line_width = 1.2,
    .line_join = CAIRO_LINE_JOIN_MITER,
  };
  PkSketchFit fit;
  double cx, cy;

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, BORDER_WIDTH);
  cairo_rectangle (cr, x, y, width, self->height);
  cairo_stroke (cr);

  /* North arrow in the corner at the end side, away from where the labels start. */
  {
    double ax = start_x (ctx, x, width, width - 14, 8) + 4;

    cairo_move_to (cr, ax, y + 6);
    cairo_line_to (cr, ax - 3.5, y + 16);
    cairo_line_to (cr, ax + 3.5, y + 16);
    cairo_close_path (cr);
    cairo_fill (cr);
    draw_text (ctx, cr, "N", 6.5, TRUE, ax - 6, y + 16, 12, PK_PAGE_ALIGN_CENTER, 1);
  }

  if (!pk_sketch_draw_outline (cr, self->points, self->n_points, x, y, width, self->height,
                               &style, &fit))
    goto caption;

  cx = fit.origin_x + fit.width_m * fit.scale / 2;
  cy = fit.origin_y - fit.height_m * fit.scale / 2;
  for (gsize i = 0; i < self->n_points; i++)
    {
      const PkPagePoint *a = &self->points[i];
      const PkPagePoint *b = &self->points[(i + 1) % self->n_points];
      double length = hypot (b->x - a->x, b->y - a->y);
      g_autofree char *label = pk_page_cells_measure (length, 1, NULL);
      double ax, ay, bx, by, mx, my, dx, dy, d;

      if (length < 0.05)
        continue;
      pk_sketch_fit_map (&fit, a, &ax, &ay);
      pk_sketch_fit_map (&fit, b, &bx, &by);
      mx = (ax + bx) / 2;
      my = (ay + by) / 2;
      dx = mx - cx;
      dy = my - cy;
      d = hypot (dx, dy);
      /* Labels sit just outside their side, pushed away from the centre. */
      if (d > 0)
        {
          mx += dx / d * 8;
          my += dy / d * 8;
        }
      draw_text (ctx, cr, label, 6.5, FALSE, mx - 20, my - 5, 40, PK_PAGE_ALIGN_CENTER, 1);
    }

caption:
  draw_text (ctx, cr, self->text, self->size, FALSE, x, y + self->height, width,
             PK_PAGE_ALIGN_CENTER, 2);
}

/* Rows. */

static double
row_gap (PkPageCtx *ctx)
{
  return ROW_GAP * ctx->font_scale;
}

static double
child_width (PkPageBlock *self,
             PkPageCtx   *ctx,
             double       width,
             guint        i)
{
  double total = 0;
  double usable = width - row_gap (ctx) * (self->children->len - 1);

  for (guint j = 0; j < self->child_weights->len; j++)
    total += g_array_index (self->child_weights, double, j);
  return usable * g_array_index (self->child_weights, double, i) / total;
}

static double
measure_row (PkPageBlock *self,
             PkPageCtx   *ctx,
             double       width)
{
  double height = 0;

  for (guint i = 0; i < self->children->len; i++)
    height = MAX (height, pk_page_block_measure (g_ptr_array_index (self->children, i), ctx,
                                                 child_width (self, ctx, width, i)));
  return height;
}

static void
draw_row (PkPageBlock *self,
          PkPageCtx   *ctx,
          cairo_t     *cr,
          double       x,
          double       y,
          double       width)
{
  double offset = 0;

  for (guint i = 0; i < self->children->len; i++)
    {
      double w = child_width (self, ctx, width, i);

      pk_page_block_draw (g_ptr_array_index (self->children, i), ctx, cr,
                          start_x (ctx, x, width, offset, w), y, w);
      offset += w + row_gap (ctx);
    }
}

double
pk_page_block_measure (PkPageBlock *self,
                       PkPageCtx   *ctx,
                       double       width)
{
  g_assert (self != NULL);

  switch (self->kind)
    {
    case BLOCK_HEADER:
      return measure_header (self, ctx, width);
    case BLOCK_PARAGRAPH:
    case BLOCK_HEADING:
      return measure_paragraph (self, ctx, width);
    case BLOCK_TABLE:
      return measure_table (self, ctx, width);
    case BLOCK_QR:
      return measure_qr (self, ctx, width);
    case BLOCK_SKETCH:
      return measure_sketch (self, ctx, width);
    case BLOCK_ROW:
      return measure_row (self, ctx, width);
    case BLOCK_SPACER:
      return self->height * ctx->font_scale;
    default:
      g_assert_not_reached ();
    }
}

void
pk_page_block_draw (PkPageBlock *self,
                    PkPageCtx   *ctx,
                    cairo_t     *cr,
                    double       x,
                    double       y,
                    double       width)
{
  g_assert (self != NULL);

  cairo_save (cr);
  switch (self->kind)
    {
    case BLOCK_HEADER:
      draw_header (self, ctx, cr, x, y, width);
      break;
    case BLOCK_PARAGRAPH:
    case BLOCK_HEADING:
      draw_paragraph (self, ctx, cr, x, y, width);
      break;
    case BLOCK_TABLE:
      draw_table (self, ctx, cr, x, y, width);
      break;
    case BLOCK_QR:
      draw_qr (self, ctx, cr, x, y, width);
      break;
    case BLOCK_SKETCH:
      draw_sketch (self, ctx, cr, x, y, width);
      break;
    case BLOCK_ROW:
      draw_row (self, ctx, cr, x, y, width);
      break;
    case BLOCK_SPACER:
      break;
    default:
      g_assert_not_reached ();
    }
  cairo_restore (cr);
}
