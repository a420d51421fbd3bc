/* pk-parcel-sketch.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "pk-parcel-sketch.h"
#include "pk-sketch.h"

/* A small drawing of the parcel polygon, scaled to fit, north up, with a scale bar: enough for a
 * citizen to recognise the plot's shape and frontage at the counter. The outline is
 * pk_sketch_draw_outline(), the same drawing as on the printed slip and sheet. */
struct _PkParcelSketch
{
  GtkWidget    parent_instance;

  PkApiParcel *parcel;
};

G_DEFINE_FINAL_TYPE (PkParcelSketch, pk_parcel_sketch, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PARCEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pk_parcel_sketch_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  /* The bottom 20 px hold the scale bar. */
  static const PkSketchStyle style = {
    .margin = 16,
    .bottom = 20,
    .fill = { 0.21, 0.52, 0.89, 0.25 },
    .stroke = { 0.10, 0.37, 0.71, 1.0 },
    .line_width = 2.0,
    .line_join = CAIRO_LINE_JOIN_ROUND,
  };
  PkParcelSketch *self = PK_PARCEL_SKETCH (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double margin = style.margin, bar_m, bar_px;
  g_autofree PkPagePoint *points = NULL;
  PkSketchFit fit;
  GArray *ring;
  GdkRGBA fg;
  cairo_t *cr;

  if (self->parcel == NULL || self->parcel->polygon == NULL || self->parcel->polygon->len < 3)
    return;
  if (width <= 2 * margin || height <= 2 * margin)
    return;

  ring = self->parcel->polygon;
  points = g_new (PkPagePoint, ring->len);
  for (guint i = 0; i < ring->len; i++)
    {
      const PkApiPoint *p = &g_array_index (ring, PkApiPoint, i);

      points[i].x = p->x;
      points[i].y = p->y;
    }

  /* gtk_widget_get_color() is GTK 4.10; bookworm has 4.8. */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (!pk_sketch_draw_outline (cr, points, ring->len, 0, 0, width, height, &style, &fit))
    {
      cairo_destroy (cr);
      return;
    }

  /* Scale bar: a round number of metres about a quarter of the width. */
  bar_m = pow (10, floor (log10 (MAX ((width / 4) / fit.scale, 1.0))));
  if (bar_m * fit.scale * 5 < width / 2)
    bar_m *= 5;
  else if (bar_m * fit.scale * 2 < width / 2)
    bar_m *= 2;
  bar_px = bar_m * fit.scale;
  gdk_cairo_set_source_rgba (cr, &fg);
  cairo_set_line_width (cr, 2.0);
  cairo_move_to (cr, margin, height - 8);
  cairo_line_to (cr, margin + bar_px, height - 8);
  cairo_move_to (cr, margin, height - 12);
  cairo_line_to (cr, margin, height - 4);
  cairo_move_to (cr, margin + bar_px, height - 12);
  cairo_line_to (cr, margin + bar_px, height - 4);
  cairo_stroke (cr);

  /* North arrow in the top corner. */
  cairo_move_to (cr, width - margin, margin);
  cairo_line_to (cr, width - margin - 6, margin + 14);
  cairo_line_to (cr, width - margin + 6, margin + 14);
  cairo_close_path (cr);
  cairo_fill (cr);

  cairo_destroy (cr);
}

static void
pk_parcel_sketch_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = 120;
  *natural = 240;
}

static void
pk_parcel_sketch_finalize (GObject *object)
{
  PkParcelSketch *self = PK_PARCEL_SKETCH (object);

  g_clear_pointer (&self->parcel, pk_api_parcel_unref);
  G_OBJECT_CLASS (pk_parcel_sketch_parent_class)->finalize (object);
}

static void
pk_parcel_sketch_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PkParcelSketch *self = PK_PARCEL_SKETCH (object);

  switch (prop_id)
    {
    case PROP_PARCEL:
      g_value_set_boxed (value, self->parcel);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_parcel_sketch_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PkParcelSketch *self = PK_PARCEL_SKETCH (object);

  switch (prop_id)
    {
    case PROP_PARCEL:
      pk_parcel_sketch_set_parcel (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_parcel_sketch_class_init (PkParcelSketchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pk_parcel_sketch_finalize;
  object_class->get_property = pk_parcel_sketch_get_property;
  object_class->set_property = pk_parcel_sketch_set_property;
  widget_class->snapshot = pk_parcel_sketch_snapshot;
  widget_class->measure = pk_parcel_sketch_measure;

  properties[PROP_PARCEL] =
    g_param_spec_boxed ("parcel", NULL, NULL, PK_TYPE_API_PARCEL,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "pkparcelsketch");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
pk_parcel_sketch_init (PkParcelSketch *self)
{
}

GtkWidget *
pk_parcel_sketch_new (void)
{
  return g_object_new (PK_TYPE_PARCEL_SKETCH, NULL);
}

PkApiParcel *
pk_parcel_sketch_get_parcel (PkParcelSketch *self)
{
  g_return_val_if_fail (PK_IS_PARCEL_SKETCH (self), NULL);
  return self->parcel;
}

void
pk_parcel_sketch_set_parcel (PkParcelSketch *self,
                             PkApiParcel    *parcel)
{
  g_return_if_fail (PK_IS_PARCEL_SKETCH (self));

  if (self->parcel == parcel)
    return;
  g_clear_pointer (&self->parcel, pk_api_parcel_unref);
  if (parcel)
    self->parcel = pk_api_parcel_ref (parcel);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARCEL]);
}
