/* pk-page-block-draw.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <qrencode.h>
#include <string.h>

#include "pk-fonts.h"
#include "pk-page-block-private.h"
#include "pk-page-block.h"
#include "pk-page-cells.h"
#include "pk-page-private.h"
#include "pk-page.h"
#include "pk-sketch.h"

/* Measuring and drawing blocks, for one pass of a page (PkPageCtx): the layout cache the
 * passes on a thread share, then each kind of block's geometry. */

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
