/* pk-page-block-private.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <qrencode.h>

#include "pk-page-block.h"

G_BEGIN_DECLS

/* A block's data, shared by pk-page-block.c (the constructors and setters) and
 * pk-page-block-draw.c (measuring and drawing each kind). */

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

G_END_DECLS
