/* test-inquiry-slip.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "pk-fonts.h"
#include "pk-inquiry-slip.h"
#include "pk-page-cells.h"
#include "pk-page.h"
#include "pk-text.h"
#include "print-test-util.h"

static gboolean
have_poppler (void)
{
  if (pt_have_program ("pdfinfo") && pt_have_program ("pdftotext") &&
      pt_have_program ("pdftoppm"))
    return TRUE;
  g_test_fail_printf ("poppler-utils is not installed: run build-aux/install-deps.sh");
  return FALSE;
}

/* Renders, writes to a temp file and checks what every slip must be: one A4 page. */
static char *
render_checked (const PkInquirySlip *slip,
                const char          *name,
                PkInquirySlipLevel  *out_level)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PkPage) page = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *info = NULL;
  char *path;

  page = pk_inquiry_slip_layout (slip, out_level, &error);
  g_assert_no_error (error);
  g_assert_true (pk_page_fits (page));
  pdf = pk_page_render_pdf (page, &error);
  g_assert_no_error (error);
  path = pt_write_temp (pdf, name);

  info = pt_pdf_info (path);
  g_assert_cmpint (pt_pdf_pages (path), ==, 1);
  /* poppler rounds to whole points: A4 is 595 × 842. */
  g_assert_nonnull (strstr (info, "595.276 x 841.89 pts (A4)"));
  return path;
}

static void
test_sample (void)
{
  g_autoptr(PkInquirySlip) slip = pt_sample_slip ();
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *qr = NULL;
  PkInquirySlipLevel level = -1;

  if (!have_poppler ())
    return;

  path = render_checked (slip, "pk-test-slip-sample.pdf", &level);
  g_assert_cmpint (level, ==, PK_INQUIRY_SLIP_FULL);

  text = pt_pdf_text (path);
  /* The tracking code in ASCII digits under the QR; Persian digits elsewhere. */
  g_assert_nonnull (strstr (text, "1405083012345"));
  g_assert_nonnull (strstr (text, "۱۴۰۵۰۸۳۰۱۲۳۴۵"));
  /* Jalali dates in Persian digits: issued 2026-11-21 = 1405/08/30, valid to 1405/11/30. */
  g_assert_nonnull (strstr (text, "۱۴۰۵/۰۸/۳۰"));
  g_assert_nonnull (strstr (text, "۱۴۰۵/۱۱/۳۰"));
  /* The grouped total in Persian digits. */
  g_assert_nonnull (strstr (text, "ریال"));

  if (!pt_have_program ("zbarimg"))
    {
      g_test_message ("zbarimg is not installed: QR not decoded");
      g_unlink (path);
      return;
    }
  qr = pt_decode_qr (path);
  g_assert_cmpstr (qr, ==, "1405083012345");
  if (g_getenv ("PK_KEEP_PDF") == NULL)
    g_unlink (path);
}

static void
test_qr_payload (void)
{
  g_autoptr(PkInquirySlip) slip = pt_sample_slip ();
  g_autofree char *path = NULL;
  g_autofree char *qr = NULL;

  if (!have_poppler () || !pt_have_program ("zbarimg"))
    {
      if (!g_test_failed ())
        g_test_fail_printf ("zbarimg is not installed: run build-aux/install-deps.sh");
      return;
    }

  /* A URL form, mixed case, as a permit's verification link would be. */
  slip->qr_payload = g_strdup ("https://verify.example.ir/q/PK1.AB12-CD34.x9y8Z7");
  path = render_checked (slip, "pk-test-slip-qr.pdf", NULL);
  qr = pt_decode_qr (path);
  g_assert_cmpstr (qr, ==, slip->qr_payload);
  g_unlink (path);
}

static void
test_worst_case (void)
{
  g_autoptr(PkInquirySlip) slip = pt_worst_slip ();
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *qr = NULL;
  PkInquirySlipLevel level = -1;

  if (!have_poppler ())
    return;

  path = render_checked (slip, "pk-test-slip-worst.pdf", &level);
  g_test_message ("worst case condensed to level %d", level);
  g_assert_cmpint (level, >=, PK_INQUIRY_SLIP_COMPACT);

  text = pt_pdf_text (path);
  g_assert_nonnull (strstr (text, "1405083012345"));
  /* Cut cells cannot be checked here: cairo maps the ellipsis glyph back to the text it
   * stands for, so pdftotext returns the whole string. The page count above is the check. */

  if (pt_have_program ("zbarimg"))
    {
      qr = pt_decode_qr (path);
      g_assert_cmpstr (qr, ==, "1405083012345");
    }
  if (g_getenv ("PK_KEEP_PDF") == NULL)
    g_unlink (path);
}

/* Beyond any real inquiry: 200 fee items and 10,000 characters in every text field. Still one
 * page, with fee rows folded. */
static void
test_absurd (void)
{
  g_autoptr(PkInquirySlip) slip = pt_worst_slip ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PkPage) page = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *path = NULL;
  g_autofree char *huge = NULL;
  PkInquirySlipLevel level = -1;
  GString *text = g_string_new (NULL);
  char **fields[] = {
    &slip->municipality, &slip->service, &slip->office, &slip->operator_name, &slip->address,
    &slip->zone, &slip->land_use, &slip->setbacks, &slip->parking, &slip->notes,
    &slip->registration_plate,
  };

  while (g_utf8_strlen (text->str, -1) < 10000)
    g_string_append (text, "متن بسیار طولانی بی‌پایان ");
  huge = g_string_free (text, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_free (*fields[i]);
      *fields[i] = g_strdup (huge);
    }
  for (gsize i = 0; i < slip->n_fees; i++)
    g_free (slip->fees[i].title);
  slip->fees = g_renew (PkInquirySlipFee, slip->fees, 200);
  slip->total = 0;
  for (gsize i = 0; i < 200; i++)
    {
      slip->fees[i].title = g_strdup (huge);
      slip->fees[i].area = 1;
      slip->fees[i].price = 1000;
      slip->fees[i].coefficient = 1;
      slip->fees[i].amount = 1000;
      slip->total += 1000;
    }
  slip->n_fees = 200;

  page = pk_inquiry_slip_layout (slip, &level, &error);
  g_assert_no_error (error);
  g_assert_cmpint (level, ==, PK_INQUIRY_SLIP_FOLDED_FEES);
  pdf = pk_page_render_pdf (page, &error);
  g_assert_no_error (error);
  if (!have_poppler ())
    return;
  path = pt_write_temp (pdf, "pk-test-slip-absurd.pdf");
  g_assert_cmpint (pt_pdf_pages (path), ==, 1);
  if (g_getenv ("PK_KEEP_PDF") == NULL)
    g_unlink (path);
}

/* Nothing but the defaults: every field left out still gives a valid page. */
static void
test_empty (void)
{
  PkInquirySlip slip = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = pk_inquiry_slip_render_pdf (&slip, &error);

  g_assert_no_error (error);
  g_assert_nonnull (pdf);
}

/* The total is what the server computed, whatever rows are folded to make room. */
static void
test_folded_total (void)
{
  g_autoptr(PkInquirySlip) slip = pt_worst_slip ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PkPage) folded = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *ascii = NULL;
  g_autofree char *total = NULL;

  if (!have_poppler ())
    return;

  folded = pk_inquiry_slip_build (slip, PK_INQUIRY_SLIP_FOLDED_FEES, 3, &error);
  g_assert_no_error (error);
  g_assert_true (pk_page_fits (folded));
  pdf = pk_page_render_pdf (folded, &error);
  g_assert_no_error (error);
  path = pt_write_temp (pdf, "pk-test-slip-folded.pdf");
  g_assert_cmpint (pt_pdf_pages (path), ==, 1);

  text = pt_pdf_text (path);
  ascii = pk_text_digits_to_ascii (text);
  /* 27 items folded into one row, and the grand total of all 30 (grouped with ٬). */
  g_assert_nonnull (strstr (ascii, "سایر"));
  g_assert_nonnull (strstr (ascii, "27"));
  total = g_strdup_printf ("%" G_GINT64_FORMAT, slip->total);
  {
    g_autoptr(GString) digits_only = g_string_new (NULL);

    for (const char *p = ascii; *p; p++)
      if (g_ascii_isdigit (*p) || *p == '\n')
        g_string_append_c (digits_only, *p);
    g_assert_nonnull (strstr (digits_only->str, total));
  }
  g_unlink (path);
}

/* Each level is strictly smaller than the one before, so the search in layout() makes progress. */
static void
test_levels_shrink (void)
{
  g_autoptr(PkInquirySlip) slip = pt_worst_slip ();
  double previous = G_MAXDOUBLE;

  for (PkInquirySlipLevel level = PK_INQUIRY_SLIP_FULL; level <= PK_INQUIRY_SLIP_FOLDED_FEES;
       level++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PkPage) page = pk_inquiry_slip_build (slip, level, G_MAXUINT, &error);
      double height;

      g_assert_no_error (error);
      height = pk_page_measure (page);
      g_test_message ("level %d: %.1f pt of %.1f", level, height,
                      pk_page_get_available_height (page));
      g_assert_cmpfloat (height, <, previous);
      previous = height;
    }
}

static void
test_overflow_refused (void)
{
  g_autoptr(PkPage) page = pk_page_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  GString *text = g_string_new (NULL);

  while (text->len < 60000)
    g_string_append (text, "متن بسیار بلند برای آزمون سرریز صفحه ");
  {
    g_autoptr(PkPageBlock) block = pk_page_block_new_paragraph (text->str, 10, FALSE);

    pk_page_append (page, block);
  }
  g_string_free (text, TRUE);

  g_assert_false (pk_page_fits (page));
  pdf = pk_page_render_pdf (page, &error);
  g_assert_error (error, PK_PAGE_ERROR, PK_PAGE_ERROR_OVERFLOW);
  g_assert_null (pdf);
}

static void
test_qr_too_long (void)
{
  g_autofree char *payload = g_strnfill (8000, 'x');
  g_autoptr(GError) error = NULL;
  g_autoptr(PkPageBlock) block = NULL;

  block = pk_page_block_new_qr (payload, PK_PAGE_QR_LEVEL_H, 2.0, NULL, &error);
  g_assert_error (error, PK_PAGE_ERROR, PK_PAGE_ERROR_QR);
  g_assert_null (block);
}

/* The same page as PDF and as a preview image: one path, same measurements. */
static void
test_png_preview (void)
{
  g_autoptr(PkInquirySlip) slip = pt_sample_slip ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PkPage) page = pk_inquiry_slip_layout (slip, NULL, &error);
  cairo_surface_t *image;

  g_assert_no_error (error);
  image = pk_page_render_image (page, 96, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 794);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 1123);

  /* The header's text is drawn (in black on the white page): a preview once lost every text
   * that did not set its own colour, because the white background was still the source. */
  {
    const guint8 *data = cairo_image_surface_get_data (image);
    int stride = cairo_image_surface_get_stride (image);
    guint dark = 0;

    for (int y = 40; y < 100; y++)
      for (int x = 250; x < 550; x++)
        {
          guint32 pixel = *(const guint32 *) (data + y * stride + x * 4);

          if ((pixel & 0xff) < 0x40)
            dark++;
        }
    g_assert_cmpuint (dark, >, 500);
  }
  cairo_surface_destroy (image);
}

static void
on_rendered (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GBytes **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = pk_inquiry_slip_render_finish (result, &error);
  g_assert_no_error (error);
}

/* Several slips asked for at once: queued on the render thread, each answered. */
static void
test_async_parallel (void)
{
  g_autoptr(PkInquirySlip) slip = pt_sample_slip ();
  GBytes *out[6] = { NULL };
  gboolean done = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (out); i++)
    pk_inquiry_slip_render_async (slip, i % 2 ? PK_PAGE_FORMAT_PNG : PK_PAGE_FORMAT_PDF, 72,
                                  NULL, on_rendered, &out[i]);
  while (!done)
    {
      done = TRUE;
      for (guint i = 0; i < G_N_ELEMENTS (out); i++)
        done = done && out[i] != NULL;
      if (!done)
        g_main_context_iteration (NULL, TRUE);
    }
  for (guint i = 0; i < G_N_ELEMENTS (out); i++)
    {
      const guint8 *data = g_bytes_get_data (out[i], NULL);

      if (i % 2)
        g_assert_cmpmem (data, 4, "\x89PNG", 4);
      else
        g_assert_cmpmem (data, 5, "%PDF-", 5);
      g_bytes_unref (out[i]);
    }
}

static void
on_cancelled (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = pk_inquiry_slip_render_finish (result, &error);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (bytes);
  *done = TRUE;
}

static void
test_cancelled (void)
{
  g_autoptr(PkInquirySlip) slip = pt_sample_slip ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gboolean done = FALSE;

  g_cancellable_cancel (cancellable);
  pk_inquiry_slip_render_async (slip, PK_PAGE_FORMAT_PDF, 0, cancellable, on_cancelled, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
on_page_rendered (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GBytes **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = pk_page_render_finish (PK_PAGE (source), result, &error);
  g_assert_no_error (error);
}

/* The toolkit on its own, as the permit sheet uses it: header, key/values, a row with a sketch
 * and a QR at level H, rendered on a worker thread; the QR reads back. */
static void
test_page_toolkit (void)
{
  static const PkPagePoint square[] = { { 0, 0 }, { 20, 0 }, { 20, 30 }, { 0, 30 } };
  g_autoptr(PkPage) page = pk_page_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PkPageBlock) header = NULL;
  g_autoptr(PkPageBlock) kv = NULL;
  g_autoptr(PkPageBlock) row = NULL;
  g_autoptr(PkPageBlock) sketch = NULL;
  g_autoptr(PkPageBlock) qr = NULL;
  g_autofree char *path = NULL;
  g_autofree char *decoded = NULL;
  const char *payload = "PK1:KEY7:1405-000123:SIGNATUREABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  double before;

  header = pk_page_block_new_header ("شهرداری قزوین", "پروانه ساختمانی",
                                     (const char * const[]) { "شماره: ۱۲۳", NULL });
  kv = pk_page_block_new_key_values (3, (const char * const[]) {
    "مالک", "علی رضایی", "طبقات", "۴", "زیربنا", "۵۴۰ مترمربع", NULL });
  sketch = pk_page_block_new_sketch (square, G_N_ELEMENTS (square), 120, "کروکی");
  qr = pk_page_block_new_qr (payload, PK_PAGE_QR_LEVEL_H, 2.0, "ABC-123", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pk_page_block_qr_get_modules (qr), >=, 21);
  row = pk_page_block_new_row ();
  pk_page_block_row_append (row, sketch, 1);
  pk_page_block_row_append (row, qr, 1);

  pk_page_append (page, header);
  before = pk_page_measure (page);
  pk_page_append (page, kv);
  pk_page_append (page, row);
  pk_page_set_footer (page, "start", "end");
  pk_page_set_watermark (page, "المثنی");
  /* Measuring is additive: more blocks, more height, and it all fits. */
  g_assert_cmpfloat (pk_page_measure (page), >, before);
  g_assert_true (pk_page_fits (page));

  pk_page_render_async (page, PK_PAGE_FORMAT_PDF, 0, NULL, on_page_rendered, &pdf);
  while (pdf == NULL)
    g_main_context_iteration (NULL, TRUE);

  if (!have_poppler () || !pt_have_program ("zbarimg"))
    return;
  path = pt_write_temp (pdf, "pk-test-page-toolkit.pdf");
  g_assert_cmpint (pt_pdf_pages (path), ==, 1);
  decoded = pt_decode_qr (path);
  g_assert_cmpstr (decoded, ==, payload);
  if (g_getenv ("PK_KEEP_PDF") == NULL)
    g_unlink (path);
}

static PkPage *
small_page (const char *title,
            const char *value)
{
  PkPage *page = pk_page_new ();
  g_autoptr(PkPageBlock) header = pk_page_block_new_header ("شهرداری قزوین", title, NULL);
  g_autoptr(PkPageBlock) kv = pk_page_block_new_key_values (2, (const char * const[]) {
    "مالک", value, "طبقات", "۴", NULL });
  g_autoptr(PkPageBlock) note = pk_page_block_new_paragraph (value, 9, FALSE);

  pk_page_append (page, header);
  pk_page_append (page, kv);
  pk_page_append (page, note);
  pk_page_set_footer (page, "start", "end");
  return page;
}

static cairo_surface_t *
render_image (PkPage *page)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *image = pk_page_render_image (page, 72, &error);

  g_assert_no_error (error);
  return image;
}

static void
assert_same_pixels (cairo_surface_t *a,
                    cairo_surface_t *b)
{
  g_assert_cmpint (cairo_image_surface_get_stride (a), ==, cairo_image_surface_get_stride (b));
  g_assert_cmpmem (cairo_image_surface_get_data (a),
                   cairo_image_surface_get_stride (a) * cairo_image_surface_get_height (a),
                   cairo_image_surface_get_data (b),
                   cairo_image_surface_get_stride (b) * cairo_image_surface_get_height (b));
}

/* A thread's passes share what they shaped until its next render: measuring other pages, at
 * other sizes, with texts in common, changes neither the measurements nor the pixels. */
static void
test_shared_layouts (void)
{
  const char *title = "پروانه ساختمانی";
  const char *name = "علی رضایی";
  g_autoptr(PkPage) page = small_page (title, name);
  g_autoptr(PkPage) page_alone = small_page (title, name);
  g_autoptr(PkPage) condensed = small_page (title, name);
  g_autoptr(PkPage) condensed_alone = small_page (title, name);
  g_autoptr(PkPage) other = small_page (title,
                                        "علی رضایی، مریم کریمی، حسین احمدی، زهرا موسوی، "
                                        "محمد حسینی، فاطمه رحیمی، رضا قاسمی، سارا نوری، "
                                        "علی رضایی، مریم کریمی، حسین احمدی، زهرا موسوی");
  cairo_surface_t *alone, *small_alone, *after, *small_after;
  double height;

  pk_page_set_font_scale (condensed, 0.8);
  pk_page_set_font_scale (condensed_alone, 0.8);
  /* A render ends with nothing kept: each of these starts from nothing. */
  alone = render_image (page_alone);
  small_alone = render_image (condensed_alone);

  height = pk_page_measure (page);
  g_assert_cmpfloat (pk_page_measure (other), >, height);
  g_assert_true (pk_page_fits (other));
  g_assert_cmpfloat (pk_page_measure (condensed), <, height);
  small_after = render_image (condensed);
  assert_same_pixels (small_alone, small_after);

  g_assert_true (pk_page_fits (condensed));
  g_assert_true (pk_page_fits (other));
  g_assert_cmpfloat (pk_page_measure (page), ==, height);
  after = render_image (page);
  assert_same_pixels (alone, after);

  cairo_surface_destroy (alone);
  cairo_surface_destroy (small_alone);
  cairo_surface_destroy (after);
  cairo_surface_destroy (small_after);
}

static gpointer
render_on_thread (gpointer data)
{
  g_autoptr(PkInquirySlip) slip = pt_sample_slip ();
  cairo_surface_t *image = NULL;

  /* Several passes, so each thread's shared layouts are in use while the others' are. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PkPage) page = pk_inquiry_slip_layout (slip, NULL, &error);

      g_assert_no_error (error);
      g_assert_true (pk_page_fits (page));
      g_clear_pointer (&image, cairo_surface_destroy);
      image = pk_page_render_image (page, 72, &error);
      g_assert_no_error (error);
    }
  return image;
}

/* The toolkit on several threads at once, each with its own Pango state: the same page, the
 * same pixels. */
static void
test_threads (void)
{
  GThread *threads[3];
  cairo_surface_t *images[G_N_ELEMENTS (threads)];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("render", render_on_thread, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    images[i] = g_thread_join (threads[i]);
  for (guint i = 1; i < G_N_ELEMENTS (threads); i++)
    assert_same_pixels (images[0], images[i]);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    cairo_surface_destroy (images[i]);
}

static void
test_format_decimal (void)
{
  /* What the slip's and the sheet's cells print: pk_format_decimal() in Persian. */
  g_autofree char *a = pk_page_cells_measure (1234.5, 2, NULL);
  g_autofree char *b = pk_page_cells_measure (14, 2, NULL);
  g_autofree char *c = pk_page_cells_measure (0.125, 3, NULL);

  g_assert_cmpstr (a, ==, "۱٬۲۳۴٫۵");
  g_assert_cmpstr (b, ==, "۱۴");
  g_assert_cmpstr (c, ==, "۰٫۱۲۵");
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  if (!pk_fonts_load (&error))
    g_error ("%s", error->message);

  g_test_add_func ("/inquiry-slip/sample", test_sample);
  g_test_add_func ("/inquiry-slip/qr-payload", test_qr_payload);
  g_test_add_func ("/inquiry-slip/worst-case", test_worst_case);
  g_test_add_func ("/inquiry-slip/folded-total", test_folded_total);
  g_test_add_func ("/inquiry-slip/absurd", test_absurd);
  g_test_add_func ("/inquiry-slip/empty", test_empty);
  g_test_add_func ("/inquiry-slip/levels-shrink", test_levels_shrink);
  g_test_add_func ("/inquiry-slip/png-preview", test_png_preview);
  g_test_add_func ("/inquiry-slip/async-parallel", test_async_parallel);
  g_test_add_func ("/page/overflow-refused", test_overflow_refused);
  g_test_add_func ("/page/qr-too-long", test_qr_too_long);
  g_test_add_func ("/page/format-decimal", test_format_decimal);
  g_test_add_func ("/page/toolkit", test_page_toolkit);
  g_test_add_func ("/page/shared-layouts", test_shared_layouts);
  g_test_add_func ("/page/threads", test_threads);
  g_test_add_func ("/inquiry-slip/cancelled", test_cancelled);

  return g_test_run ();
}
