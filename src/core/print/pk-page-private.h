/* pk-page-private.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <pango/pangocairo.h>

#include "pk-page-block.h"
#include "pk-page.h"

G_BEGIN_DECLS

/* Everything one measurement or rendering pass needs. The Pango context and the layouts are
 * the calling thread's (see pk-page.c), so pages can be rendered on several threads at once. */
typedef struct
{
  PangoContext *pango;
  double        font_scale;
  gboolean      rtl;
  /* Layouts by text and geometry (pk_page_layouts_new()), of this pass and of the passes on this
   * thread since its last render: a block is measured, measured again to place the next one,
   * then drawn; a page is measured to see if it fits, then rendered. Shaping is most of the
   * cost of a page, and this way each text is shaped once. */
  GHashTable   *layouts;
  /* The thread's shared state, or NULL when this pass has its own. */
  gpointer      shared;
} PkPageCtx;

void         pk_page_seal          (PkPage          *self);

GHashTable  *pk_page_layouts_new   (void);

void         pk_page_run_in_render_thread (GTask           *task,
                                           GTaskThreadFunc  func);

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
