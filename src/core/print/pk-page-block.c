/* pk-page-block.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <qrencode.h>
#include <string.h>

#include "pk-page-block-private.h"
#include "pk-page-block.h"
#include "pk-page.h"

/* The blocks a page is stacked from: header, heading, paragraph, table, QR, sketch, row and
 * spacer. This file builds them; pk-page-block-draw.c measures and draws them. */

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
