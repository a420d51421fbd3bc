/* pk-page.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"


#include "pk-fonts.h"
#include "pk-format.h"
#include "pk-page-private.h"
#include "pk-page.h"

/* One A4 page, portrait, right to left: the single path that PDF export, on-screen preview and
 * printing all go through, so what the operator previews is what the printer gets.
 *
 * A page is a list of blocks stacked from the top. Blocks hold text and data, not layouts: every
 * measurement or rendering pass lays them out with the calling thread's Pango context, reusing
 * the layouts the thread shaped since its last render. So a page can be measured and rendered
 * on any thread, and on several at once, as long as nobody appends to it any more; the first
 * render seals it. This file lays out and draws the page; pk-page-output.c makes a PDF, an
 * image or PNG of it, at once or on the render thread. */

#define MARGIN_TOP     30.0
#define MARGIN_BOTTOM  24.0
#define MARGIN_SIDE    32.0
#define BLOCK_GAP      7.0
#define FOOTER_SIZE    7.0
#define FOOTER_GAP     6.0

struct _PkPage
{
  GObject    parent_instance;

  char      *title;
  char      *footer_start;
  char      *footer_end;
  char      *watermark;
  double     font_scale;
  GPtrArray *blocks;
  gint       sealed;
};

G_DEFINE_FINAL_TYPE (PkPage, pk_page, G_TYPE_OBJECT)

G_DEFINE_QUARK (pk-page-error-quark, pk_page_error)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_FONT_SCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pk_page_finalize (GObject *object)
{
  PkPage *self = (PkPage *) object;

  g_free (self->title);
  g_free (self->footer_start);
  g_free (self->footer_end);
  g_free (self->watermark);
  g_ptr_array_unref (self->blocks);

  G_OBJECT_CLASS (pk_page_parent_class)->finalize (object);
}

static void
pk_page_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  PkPage *self = PK_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, pk_page_get_title (self));
      break;
    case PROP_FONT_SCALE:
      g_value_set_double (value, pk_page_get_font_scale (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_page_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  PkPage *self = PK_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      pk_page_set_title (self, g_value_get_string (value));
      break;
    case PROP_FONT_SCALE:
      pk_page_set_font_scale (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_page_class_init (PkPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pk_page_finalize;
  object_class->get_property = pk_page_get_property;
  object_class->set_property = pk_page_set_property;

  /* The PDF's document title, shown by viewers and in the print queue. */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Multiplies every font size and text padding: how documents condense to one page. */
  properties[PROP_FONT_SCALE] =
    g_param_spec_double ("font-scale", NULL, NULL, 0.3, 2.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pk_page_init (PkPage *self)
{
  self->font_scale = 1.0;
  self->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_page_block_unref);
}

PkPage *
pk_page_new (void)
{
  return g_object_new (PK_TYPE_PAGE, NULL);
}

/* g_set_str() is GLib 2.76; bookworm has 2.74. */
static gboolean
set_str (char       **slot,
         const char  *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

/* No more changes: a render reads the page, perhaps on another thread. */
void
pk_page_seal (PkPage *self)
{
  g_atomic_int_set (&self->sealed, 1);
}

static gboolean
is_sealed (PkPage *self)
{
  return g_atomic_int_get (&self->sealed) != 0;
}

void
pk_page_set_title (PkPage     *self,
                   const char *title)
{
  g_return_if_fail (PK_IS_PAGE (self));
  g_return_if_fail (!is_sealed (self));

  if (set_str (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
pk_page_get_title (PkPage *self)
{
  g_return_val_if_fail (PK_IS_PAGE (self), NULL);

  return self->title;
}

void
pk_page_set_font_scale (PkPage *self,
                        double  scale)
{
  g_return_if_fail (PK_IS_PAGE (self));
  g_return_if_fail (scale >= 0.3 && scale <= 2.0);
  g_return_if_fail (!is_sealed (self));

  if (self->font_scale == scale)
    return;
  self->font_scale = scale;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FONT_SCALE]);
}

double
pk_page_get_font_scale (PkPage *self)
{
  g_return_val_if_fail (PK_IS_PAGE (self), 1.0);

  return self->font_scale;
}

/**
 * pk_page_set_footer:
 * @start_text: (nullable): page metadata at the start side: when, where and by whom printed
 * @end_text: (nullable): at the end side: rulebook version, document reference
 *
 * The footer sits on the bottom margin whatever the content's height, with the page number in
 * the middle. Each text takes one line and is cut with an ellipsis.
 */
void
pk_page_set_footer (PkPage     *self,
                    const char *start_text,
                    const char *end_text)
{
  g_return_if_fail (PK_IS_PAGE (self));
  g_return_if_fail (!is_sealed (self));

  set_str (&self->footer_start, start_text);
  set_str (&self->footer_end, end_text);
}

/**
 * pk_page_set_watermark:
 * @text: (nullable): e.g. المثنی on a reprint, or a training-mode mark
 *
 * Large light text across the page, under the content: it marks every copy of the page and
 * cannot be cut off without cutting the document.
 */
void
pk_page_set_watermark (PkPage     *self,
                       const char *text)
{
  g_return_if_fail (PK_IS_PAGE (self));
  g_return_if_fail (!is_sealed (self));

  set_str (&self->watermark, text);
}

/**
 * pk_page_append:
 *
 * Adds @block under the previous ones. The page keeps a reference.
 */
void
pk_page_append (PkPage      *self,
                PkPageBlock *block)
{
  g_return_if_fail (PK_IS_PAGE (self));
  g_return_if_fail (block != NULL);
  g_return_if_fail (!is_sealed (self));

  g_ptr_array_add (self->blocks, pk_page_block_ref (block));
}

/* What the passes on one thread share: a Pango context of the thread's font map (Pango font
 * maps, contexts and layouts belong to one thread) and the layouts shaped since the thread's
 * last render. A document is measured at a condensing level or two, or for a number of rows,
 * then rendered: the render finds the texts the measuring shaped and shapes only the rest.
 * The layouts are dropped at the end of each render, so each document starts with none, and
 * when a thread that only measures has piled up MAX_SHARED_LAYOUTS of them. */
typedef struct
{
  PangoFontMap *font_map;
  guint         font_map_serial;
  PangoContext *pango;
  GHashTable   *layouts;
  gboolean      busy;
} Shared;

#define MAX_SHARED_LAYOUTS 2000

static void
shared_free (gpointer data)
{
  Shared *shared = data;

  g_clear_pointer (&shared->layouts, g_hash_table_unref);
  g_clear_object (&shared->pango);
  g_clear_object (&shared->font_map);
  g_free (shared);
}

/* Freed by the thread itself when it ends, as its Pango objects must be. */
static GPrivate thread_shared = G_PRIVATE_INIT (shared_free);

static PangoContext *
context_new (PangoFontMap *font_map)
{
  PangoContext *pango = pango_font_map_create_context (font_map);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Points are the unit everywhere, and metrics must not depend on the output: without hinting
   * a page measures the same for the PDF, a 300 dpi preview and an 80 dpi thumbnail. */
  pango_cairo_context_set_resolution (pango, 72.0);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (pango, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (pango, FALSE);
  pango_context_set_base_dir (pango, PANGO_DIRECTION_RTL);
  pango_context_set_language (pango, pango_language_from_string ("fa-ir"));
  return pango;
}

static void
ctx_init (PkPage    *self,
          PkPageCtx *ctx)
{
  /* The thread's own font map: Pango font maps are per thread since 1.32.6. */
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();
  Shared *shared = g_private_get (&thread_shared);

  ctx->font_scale = self->font_scale;
  ctx->rtl = TRUE;

  if (shared == NULL)
    {
      shared = g_new0 (Shared, 1);
      shared->layouts = pk_page_layouts_new ();
      g_private_set (&thread_shared, shared);
    }
  if (shared->busy)
    {
      /* A pass inside a pass (not done today): not the state the outer one is using. */
      ctx->pango = context_new (font_map);
      ctx->layouts = pk_page_layouts_new ();
      ctx->shared = NULL;
      return;
    }

  /* Fonts added or a default font map replaced: what was shaped may have the wrong faces. */
  if (shared->font_map != font_map
      || shared->font_map_serial != pango_font_map_get_serial (font_map))
    {
      g_hash_table_remove_all (shared->layouts);
      g_clear_object (&shared->pango);
      g_set_object (&shared->font_map, font_map);
      shared->font_map_serial = pango_font_map_get_serial (font_map);
      shared->pango = context_new (font_map);
    }
  if (g_hash_table_size (shared->layouts) > MAX_SHARED_LAYOUTS)
    g_hash_table_remove_all (shared->layouts);

  shared->busy = TRUE;
  ctx->pango = shared->pango;
  ctx->layouts = shared->layouts;
  ctx->shared = shared;
}

/* @rendered: the pass drew the page, the end of its document: drop what it shaped. */
static void
ctx_clear (PkPageCtx *ctx,
           gboolean   rendered)
{
  Shared *shared = ctx->shared;

  if (shared != NULL)
    {
      if (rendered)
        g_hash_table_remove_all (shared->layouts);
      shared->busy = FALSE;
      ctx->layouts = NULL;
      ctx->pango = NULL;
      ctx->shared = NULL;
      return;
    }
  g_clear_pointer (&ctx->layouts, g_hash_table_unref);
  g_clear_object (&ctx->pango);
}

static double
content_width (void)
{
  return PK_PAGE_A4_WIDTH - 2 * MARGIN_SIDE;
}

static double
footer_height (PkPageCtx *ctx)
{
  g_autoptr(PangoLayout) layout = NULL;
  double scale = ctx->font_scale;
  double h;

  /* The footer keeps its size when the content condenses. */
  ctx->font_scale = 1.0;
  layout = pk_page_ctx_layout (ctx, "0", FOOTER_SIZE, FALSE, content_width (),
                               PK_PAGE_ALIGN_START, 1);
  h = pk_page_layout_height (layout);
  ctx->font_scale = scale;
  return h + FOOTER_GAP;
}

static double
available_height (PkPageCtx *ctx)
{
  return PK_PAGE_A4_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM - footer_height (ctx);
}

/* The height of the blocks, gaps included; each block's in @heights if not NULL. Stops once
 * past @limit: a page that overflows is condensed and measured again, and what is below the
 * fold of this attempt need not be shaped. */
static double
measure (PkPage    *self,
         PkPageCtx *ctx,
         double     limit,
         double    *heights)
{
  double height = 0;

  for (guint i = 0; i < self->blocks->len && height <= limit; i++)
    {
      double h = pk_page_block_measure (g_ptr_array_index (self->blocks, i), ctx,
                                        content_width ());

      if (i > 0)
        height += BLOCK_GAP * ctx->font_scale;
      height += h;
      if (heights != NULL)
        heights[i] = h;
    }
  return height;
}

/**
 * pk_page_get_available_height:
 *
 * Returns: the height in points the blocks may take: the page less its margins and footer.
 */
double
pk_page_get_available_height (PkPage *self)
{
  PkPageCtx ctx;
  double h;

  g_return_val_if_fail (PK_IS_PAGE (self), 0);

  ctx_init (self, &ctx);
  h = available_height (&ctx);
  ctx_clear (&ctx, FALSE);
  return h;
}

/**
 * pk_page_measure:
 *
 * Lays the blocks out at the current font scale without drawing anything.
 *
 * Returns: the height in points the blocks take, gaps included.
 */
double
pk_page_measure (PkPage *self)
{
  PkPageCtx ctx;
  double h;

  g_return_val_if_fail (PK_IS_PAGE (self), 0);

  ctx_init (self, &ctx);
  h = measure (self, &ctx, G_MAXDOUBLE, NULL);
  ctx_clear (&ctx, FALSE);
  return h;
}

/**
 * pk_page_fits:
 *
 * Returns: whether the blocks fit on the page; rendering a page that does not fit fails with
 *   %PK_PAGE_ERROR_OVERFLOW rather than cut the content.
 */
gboolean
pk_page_fits (PkPage *self)
{
  PkPageCtx ctx;
  double available;
  gboolean fits;

  g_return_val_if_fail (PK_IS_PAGE (self), FALSE);

  ctx_init (self, &ctx);
  available = available_height (&ctx);
  fits = measure (self, &ctx, available, NULL) <= available;
  ctx_clear (&ctx, FALSE);
  return fits;
}

/* Pango silently falls back to another font when Vazirmatn is missing, and the page would still
 * look Persian to a test that only reads text back; a document must not leave in a wrong face. */
static gboolean
check_font (PkPageCtx  *ctx,
            GError    **error)
{
  PangoFontDescription *want = pango_font_description_from_string (PK_FONT_FAMILY " 10");
  g_autoptr(PangoFont) font = pango_context_load_font (ctx->pango, want);
  PangoFontDescription *got = font != NULL ? pango_font_describe (font) : NULL;
  const char *family = got != NULL ? pango_font_description_get_family (got) : NULL;
  gboolean ok = family != NULL && g_ascii_strcasecmp (family, PK_FONT_FAMILY) == 0;

  if (!ok)
    g_set_error (error, PK_PAGE_ERROR, PK_PAGE_ERROR_FONT,
                 "The %s font is not available (got %s); call pk_fonts_load() first",
                 PK_FONT_FAMILY, family != NULL ? family : "none");
  pango_font_description_free (want);
  g_clear_pointer (&got, pango_font_description_free);
  return ok;
}

static void
draw_watermark (PkPage    *self,
                PkPageCtx *ctx,
                cairo_t   *cr)
{
  g_autoptr(PangoLayout) layout = NULL;
  double scale = ctx->font_scale;
  double w, h;

  if (self->watermark == NULL || *self->watermark == '\0')
    return;

  ctx->font_scale = 1.0;
  layout = pk_page_ctx_layout (ctx, self->watermark, 96, TRUE, PK_PAGE_A4_HEIGHT * 0.8,
                               PK_PAGE_ALIGN_CENTER, 1);
  ctx->font_scale = scale;
  w = PK_PAGE_A4_HEIGHT * 0.8;
  h = pk_page_layout_height (layout);

  cairo_save (cr);
  cairo_translate (cr, PK_PAGE_A4_WIDTH / 2, PK_PAGE_A4_HEIGHT / 2);
  cairo_rotate (cr, -G_PI / 4.5);
  cairo_move_to (cr, -w / 2, -h / 2);
  /* Light enough to read the content through, dark enough to survive a photocopy. */
  cairo_set_source_rgb (cr, 0.85, 0.85, 0.85);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

static void
draw_footer (PkPage    *self,
             PkPageCtx *ctx,
             cairo_t   *cr)
{
  g_autofree char *one = pk_format_integer (1, PK_LANGUAGE_PERSIAN);
  /* Printed documents are Persian whatever the screen's language, so no gettext here. */
  g_autofree char *number = g_strdup_printf ("صفحه %s از %s", one, one);
  double width = content_width ();
  double y = PK_PAGE_A4_HEIGHT - MARGIN_BOTTOM - footer_height (ctx) + FOOTER_GAP;
  double side = width * 0.42;
  double scale = ctx->font_scale;
  struct { const char *text; double offset, w; PkPageAlign align; } parts[] = {
    { self->footer_start, 0, side, PK_PAGE_ALIGN_START },
    { number, side, width - 2 * side, PK_PAGE_ALIGN_CENTER },
    { self->footer_end, width - side, side, PK_PAGE_ALIGN_END },
  };

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, MARGIN_SIDE, y - FOOTER_GAP / 2);
  cairo_line_to (cr, MARGIN_SIDE + width, y - FOOTER_GAP / 2);
  cairo_stroke (cr);

  ctx->font_scale = 1.0;
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autoptr(PangoLayout) layout = NULL;
      double x;

      if (parts[i].text == NULL || *parts[i].text == '\0')
        continue;
      layout = pk_page_ctx_layout (ctx, parts[i].text, FOOTER_SIZE, FALSE, parts[i].w,
                                   parts[i].align, 1);
      x = MARGIN_SIDE + width - parts[i].offset - parts[i].w;
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, layout);
    }
  ctx->font_scale = scale;
  cairo_restore (cr);
}

/**
 * pk_page_render:
 * @cr: a context whose user space is the page in points, origin at the top left
 *
 * Draws the page: the one path behind PDF, preview and print. Seals the page.
 *
 * Returns: %FALSE with %PK_PAGE_ERROR_OVERFLOW (nothing drawn) when the blocks do not fit, or
 *   %PK_PAGE_ERROR_FONT when Vazirmatn is not loaded.
 */
gboolean
pk_page_render (PkPage   *self,
                cairo_t  *cr,
                GError  **error)
{
  PkPageCtx ctx;
  g_autofree double *heights = NULL;
  double height, available, y;
  gboolean ok = FALSE;

  g_return_val_if_fail (PK_IS_PAGE (self), FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  pk_page_seal (self);
  ctx_init (self, &ctx);

  if (!check_font (&ctx, error))
    goto out;

  heights = g_new0 (double, self->blocks->len);
  available = available_height (&ctx);
  height = measure (self, &ctx, available, heights);
  if (height > available)
    {
      g_set_error (error, PK_PAGE_ERROR, PK_PAGE_ERROR_OVERFLOW,
                   "The content is over %.1f pt tall but the page holds %.1f pt", height,
                   available);
      goto out;
    }

  /* Text takes the current source: start from black whatever the caller painted with. */
  cairo_save (cr);
  draw_watermark (self, &ctx, cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  y = MARGIN_TOP;
  for (guint i = 0; i < self->blocks->len; i++)
    {
      PkPageBlock *block = g_ptr_array_index (self->blocks, i);

      pk_page_block_draw (block, &ctx, cr, MARGIN_SIDE, y, content_width ());
      y += heights[i] + BLOCK_GAP * ctx.font_scale;
    }
  draw_footer (self, &ctx, cr);
  cairo_restore (cr);

  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, PK_PAGE_ERROR, PK_PAGE_ERROR_OUTPUT, "Cairo failed: %s",
                   cairo_status_to_string (cairo_status (cr)));
      goto out;
    }
  ok = TRUE;

out:
  /* Also after an overflow: the caller condenses, and the texts come back at other sizes. */
  ctx_clear (&ctx, TRUE);
  return ok;
}
