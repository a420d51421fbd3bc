/* pk-page.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "pk-page-block.h"

G_BEGIN_DECLS

#define PK_PAGE_ERROR (pk_page_error_quark ())

typedef enum
{
  /* The content is taller than one page: condense it (smaller font, fewer rows) and retry. */
  PK_PAGE_ERROR_OVERFLOW,
  /* The bundled Vazirmatn font is not loaded: call pk_fonts_load() first. */
  PK_PAGE_ERROR_FONT,
  /* The QR payload does not fit in a QR symbol: shorten it or lower the correction level. */
  PK_PAGE_ERROR_QR,
  /* Cairo could not produce the output (out of memory, unwritable file). */
  PK_PAGE_ERROR_OUTPUT,
} PkPageError;

typedef enum
{
  PK_PAGE_FORMAT_PDF,
  PK_PAGE_FORMAT_PNG,
} PkPageFormat;

/* ISO 216 A4 in PostScript points. */
#define PK_PAGE_A4_WIDTH  595.276
#define PK_PAGE_A4_HEIGHT 841.890

#define PK_TYPE_PAGE (pk_page_get_type ())

G_DECLARE_FINAL_TYPE (PkPage, pk_page, PK, PAGE, GObject)

GQuark           pk_page_error_quark        (void);

PkPage          *pk_page_new                (void);
void             pk_page_set_title          (PkPage               *self,
                                             const char           *title);
const char      *pk_page_get_title          (PkPage               *self);
void             pk_page_set_font_scale     (PkPage               *self,
                                             double                scale);
double           pk_page_get_font_scale     (PkPage               *self);
void             pk_page_set_footer         (PkPage               *self,
                                             const char           *start_text,
                                             const char           *end_text);
void             pk_page_append             (PkPage               *self,
                                             PkPageBlock          *block);
void             pk_page_set_watermark      (PkPage               *self,
                                             const char           *text);

double           pk_page_get_available_height (PkPage             *self);
double           pk_page_measure            (PkPage               *self);
gboolean         pk_page_fits               (PkPage               *self);

gboolean         pk_page_render             (PkPage               *self,
                                             cairo_t              *cr,
                                             GError              **error);
gboolean         pk_page_render_pdf_file    (PkPage               *self,
                                             const char           *path,
                                             GError              **error);
GBytes          *pk_page_render_pdf         (PkPage               *self,
                                             GError              **error);
cairo_surface_t *pk_page_render_image       (PkPage               *self,
                                             double                dpi,
                                             GError              **error);
GBytes          *pk_page_render_png         (PkPage               *self,
                                             double                dpi,
                                             GError              **error);

void             pk_page_render_async       (PkPage               *self,
                                             PkPageFormat          format,
                                             double                dpi,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GBytes          *pk_page_render_finish      (PkPage               *self,
                                             GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
