/* pk-page-private.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pangocairo.h>

#include "pk-page-block.h"

G_BEGIN_DECLS

/* Everything one measurement or rendering pass needs. Each pass builds its own from the
 * calling thread's font map, so pages can be rendered on several threads at once. */
typedef struct
{
  PangoContext *pango;
  double        font_scale;
  gboolean      rtl;
  /* Layouts of this pass by text and geometry: a block is measured, then measured again to
   * place the next one, then drawn, and shaping is most of the cost of a page. */
  GHashTable   *layouts;
} PkPageCtx;

double pk_page_block_measure (PkPageBlock *self,
                              PkPageCtx   *ctx,
                              double       width);
void   pk_page_block_draw    (PkPageBlock *self,
                              PkPageCtx   *ctx,
                              cairo_t     *cr,
                              double       x,
                              double       y,
                              double       width);

PangoLayout *pk_page_ctx_layout (PkPageCtx   *ctx,
                                 const char  *text,
                                 double       size_pt,
                                 gboolean     bold,
                                 double       width,
                                 PkPageAlign  align,
                                 int          max_lines);
double       pk_page_layout_height (PangoLayout *layout);

G_END_DECLS
