/* pk-sketch.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "pk-page-block.h"

G_BEGIN_DECLS

/* How an outline looks: the screen's is translucent blue with round joins, the paper's a pale
 * fill that photocopies with a black edge. Colours are RGBA. */
typedef struct
{
  double            margin;      /* kept clear around the outline */
  double            bottom;      /* kept clear under the margin too: the screen's scale bar */
  double            fill[4];
  double            stroke[4];
  double            line_width;
  cairo_line_join_t line_join;
} PkSketchStyle;

/* Where the outline went: a point (x, y) in metres is drawn at
 * (origin_x + (x - min_x) * scale, origin_y - (y - min_y) * scale). */
typedef struct
{
  double min_x;
  double min_y;
  double width_m;
  double height_m;
  double scale;
  double origin_x;
  double origin_y;
} PkSketchFit;

gboolean pk_sketch_draw_outline (cairo_t             *cr,
                                 const PkPagePoint   *points,
                                 gsize                n_points,
                                 double               x,
                                 double               y,
                                 double               width,
                                 double               height,
                                 const PkSketchStyle *style,
                                 PkSketchFit         *out_fit);
void     pk_sketch_fit_map      (const PkSketchFit   *fit,
                                 const PkPagePoint   *point,
                                 double              *out_x,
                                 double              *out_y);

G_END_DECLS
