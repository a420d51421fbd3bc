/* pk-sketch.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-sketch.h"

/* The parcel's outline, scaled to fit a box, north up: the one drawing behind the parcel
 * page's sketch on screen and the sketch block of the inquiry slip and the permit sheet, so
 * the plot a citizen sees at the counter is the plot on the paper. What goes around it (scale
 * bar, north arrow, side lengths) is each caller's. */

/**
 * pk_sketch_draw_outline:
 * @x: the left of the box to fit the outline in (margins included), in @cr's user units
 * @y: its top
 * @out_fit: (out) (optional): where the outline was drawn, to place labels by it
 *
 * Fills and strokes the polygon of @points (metres, y growing north) with one scale for both
 * axes, centred in the box above @style's bottom. Leaves the source and line width as @style
 * set them.
 *
 * Returns: %FALSE, drawing nothing, when the points do not make an area (fewer than three, or
 *   all on a line parallel to an axis).
 */
gboolean
pk_sketch_draw_outline (cairo_t             *cr,
                        const PkPagePoint   *points,
                        gsize                n_points,
                        double               x,
                        double               y,
                        double               width,
                        double               height,
                        const PkSketchStyle *style,
                        PkSketchFit         *out_fit)
{
  double min_x = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  PkSketchFit fit;

  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (points != NULL || n_points == 0, FALSE);
  g_return_val_if_fail (style != NULL, FALSE);

  if (n_points < 3)
    return FALSE;
  for (gsize i = 0; i < n_points; i++)
    {
      min_x = MIN (min_x, points[i].x);
      max_x = MAX (max_x, points[i].x);
      min_y = MIN (min_y, points[i].y);
      max_y = MAX (max_y, points[i].y);
    }
  if (max_x - min_x <= 0 || max_y - min_y <= 0)
    return FALSE;

  fit.min_x = min_x;
  fit.min_y = min_y;
  fit.width_m = max_x - min_x;
  fit.height_m = max_y - min_y;
  /* One scale for both axes: a parcel drawn out of proportion would mislead. */
  fit.scale = MIN ((width - 2 * style->margin) / fit.width_m,
                   (height - style->bottom - 2 * style->margin) / fit.height_m);
  fit.origin_x = x + (width - fit.width_m * fit.scale) / 2;
  fit.origin_y = y + (height - style->bottom + fit.height_m * fit.scale) / 2;

  cairo_new_path (cr);
  for (gsize i = 0; i < n_points; i++)
    {
      double px, py;

      pk_sketch_fit_map (&fit, &points[i], &px, &py);
      cairo_line_to (cr, px, py);
    }
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, style->fill[0], style->fill[1], style->fill[2], style->fill[3]);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, style->stroke[0], style->stroke[1], style->stroke[2],
                         style->stroke[3]);
  cairo_set_line_width (cr, style->line_width);
  cairo_set_line_join (cr, style->line_join);
  cairo_stroke (cr);

  if (out_fit != NULL)
    *out_fit = fit;
  return TRUE;
}

/* Map coordinates have y growing north; cairo's grows down. */
void
pk_sketch_fit_map (const PkSketchFit *fit,
                   const PkPagePoint *point,
                   double            *out_x,
                   double            *out_y)
{
  g_return_if_fail (fit != NULL && point != NULL && out_x != NULL && out_y != NULL);

  *out_x = fit->origin_x + (point->x - fit->min_x) * fit->scale;
  *out_y = fit->origin_y - (point->y - fit->min_y) * fit->scale;
}
