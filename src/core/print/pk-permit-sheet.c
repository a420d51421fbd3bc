/* pk-permit-sheet.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pk-format.h"
#include "pk-permit-code.h"
#include "pk-page-cells.h"
#include "pk-page-private.h"
#include "pk-permit-sheet-private.h"
#include "pk-text.h"

/* The sheet's wording is fixed Persian, not gettext: it is an official municipal document,
 * printed in Persian whatever language the operator's screen is in (as pk-inquiry-slip.c). The
 * condensing rules are in the header. This file holds the QR, the levels and the page; the
 * blocks are in pk-permit-sheet-building.c and pk-permit-sheet-blocks.c. */

/* 2 pt = 0.71 mm: read by phone cameras at arm's length and by counter imagers; a version 8
 * symbol stays 35 mm wide. Never shrunk when the text condenses. */
#define QR_MODULE_PT     2.0
#define VERIFY_CODE_LEN  8
static const PkSheetRules level_rules[] = {
  [PK_PERMIT_SHEET_FULL]    = { 0.90, 0, FALSE, G_MAXUINT, G_MAXUINT, G_MAXUINT, G_MAXLONG,
                                G_MAXUINT, TRUE },
  [PK_PERMIT_SHEET_SMALLER] = { 0.84, 2, TRUE,  G_MAXUINT, G_MAXUINT, G_MAXUINT, 1200, 20, TRUE },
  [PK_PERMIT_SHEET_COMPACT] = { 0.78, 1, TRUE,  10, 8, G_MAXUINT, 700, 12, TRUE },
  [PK_PERMIT_SHEET_TIGHT]   = { 0.72, 1, TRUE,  6, 5, 6, 400, 8, FALSE },
  [PK_PERMIT_SHEET_MINIMAL] = { 0.68, 1, TRUE,  4, 3, 4, 220, 5, FALSE },
};
static void
append_heading (PkPage     *page,
                const char *text)
{
  g_autoptr(PkPageBlock) block = pk_page_block_new_heading (text);

  pk_page_append (page, block);
}

/* The QR */

/**
 * pk_permit_sheet_qr_text:
 * @options: (nullable)
 *
 * What the sheet's QR code carries: the permit's verification URL as the API sent it, else the
 * URL built from @options' verify_host, else the bare payload.
 *
 * Returns: (transfer full) (nullable): %NULL when the permit has no payload.
 */
char *
pk_permit_sheet_qr_text (const PkApiPermit          *permit,
                         const PkPermitSheetOptions *options)
{
  g_return_val_if_fail (permit != NULL, NULL);

  if (!has_text (permit->qr_payload))
    return NULL;
  if (has_text (permit->qr_url))
    return g_ascii_strup (permit->qr_url, -1);
  if (options != NULL && has_text (options->verify_host))
    return pk_permit_code_to_url (permit->qr_payload, options->verify_host);
  return g_strdup (permit->qr_payload);
}

/**
 * pk_permit_sheet_verification_code:
 *
 * The short code printed beside the QR for a person to read out or compare: the permit number
 * and eight characters of the payload's signature, grouped by four ("1405-000123 K7QZ-M2XA").
 * The payload's first characters are the version and the key id, the same on every permit of
 * a key; the signature's differ on every permit and bind its content. The very last character
 * is skipped: it carries padding bits.
 *
 * Returns: (transfer full): ASCII; the permit number alone when there is no payload.
 */
char *
pk_permit_sheet_verification_code (const PkApiPermit *permit)
{
  g_autofree char *number = NULL;
  const char *payload;
  gsize len;

  g_return_val_if_fail (permit != NULL, NULL);

  number = has_text (permit->permit_no) ? pk_text_digits_to_ascii (permit->permit_no)
                                        : g_strdup ("");
  payload = permit->qr_payload;
  len = payload != NULL ? strlen (payload) : 0;
  if (len < strlen (PK_PERMIT_CODE_PREFIX) + VERIFY_CODE_LEN + 1)
    return g_steal_pointer (&number);

  {
    const char *tail = payload + len - 1 - VERIFY_CODE_LEN;
    g_autofree char *upper = g_ascii_strup (tail, VERIFY_CODE_LEN);

    return g_strdup_printf ("%s%s%.4s-%.4s", number, *number ? " " : "", upper, upper + 4);
  }
}
/* The page */

static char *
duplicate_text (guint count)
{
  g_autofree char *n = fa_int (count);

  return g_strdup_printf ("المثنی — نوبت چاپ مجدد: %s", n);
}

/**
 * pk_permit_sheet_build:
 * @options: (nullable)
 * @out_info: (out caller-allocates) (optional): what the sheet shows at this level
 *
 * The sheet at one condensing level, without checking that it fits; most callers want
 * pk_permit_sheet_layout() or pk_permit_sheet_render().
 *
 * Returns: (transfer full) (nullable): the page, or %NULL with %PK_PAGE_ERROR_QR when the QR
 *   text does not fit in a QR symbol.
 */
PkPage *
pk_permit_sheet_build (const PkApiPermit           *permit,
                       const PkPermitSheetOptions  *options,
                       PkPermitSheetLevel           level,
                       PkPermitSheetInfo           *out_info,
                       GError                     **error)
{
  static const PkPermitSheetOptions no_options = { 0 };
  const PkSheetRules *rules;
  JsonObject *parcel, *building;
  PkPermitSheetInfo info = { 0 };
  g_autoptr(PkPage) page = NULL;
  g_autoptr(PkPageBlock) qr = NULL;
  g_autoptr(PkPageBlock) block = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *qr_text = NULL;
  g_autofree char *verify_code = NULL;
  g_autofree char *number = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *line_number = NULL;
  g_autofree char *line_issued = NULL;
  g_autofree char *line_expires = NULL;
  g_autofree char *title = NULL;
  g_autofree char *rulebook = NULL;

  g_return_val_if_fail (permit != NULL, NULL);
  g_return_val_if_fail (level <= PK_PERMIT_SHEET_MINIMAL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &no_options;
  rules = &level_rules[level];
  parcel = pk_sheet_node_object (permit->parcel);
  building = pk_sheet_node_object (permit->building);
  info.level = level;
  info.duplicate = options->reprint_count > 0;
  info.reprint_count = options->reprint_count;

  /* The QR first: it is the one part that can fail. */
  qr_text = pk_permit_sheet_qr_text (permit, options);
  verify_code = pk_permit_sheet_verification_code (permit);
  if (qr_text != NULL)
    {
      /* LRI … PDI: an ASCII code keeps its order under the right-to-left symbol. */
      g_autofree char *caption = g_strdup_printf ("\u2066%s\u2069", verify_code);

      qr = pk_page_block_new_qr (qr_text, PK_PAGE_QR_LEVEL_M, QR_MODULE_PT, caption, error);
      if (qr == NULL)
        return NULL;
      info.qr_modules = pk_page_block_qr_get_modules (qr);
    }

  page = pk_page_new ();
  title = g_strconcat (has_text (permit->title_fa) ? permit->title_fa : "پروانه ساختمان",
                       info.duplicate ? " (المثنی)" : "", NULL);
  pk_page_set_title (page, title);
  pk_page_set_font_scale (page, rules->font_scale);

  number = fa_code (permit->permit_no);
  issued = date_text (permit->issued_at);
  expires = date_text (permit->expires_at);
  line_number = g_strdup_printf ("شماره پروانه: %s", number);
  line_issued = g_strdup_printf ("تاریخ صدور: %s", issued);
  /* Three lines, not four: the header is as tall as its corner text; the tracking code goes
   * with the property's identifiers. */
  line_expires = g_strdup_printf ("اعتبار تا: %s", expires);
  block = pk_page_block_new_header (has_text (options->municipality) ? options->municipality
                                                                     : "شهرداری",
                                    title,
                                    (const char * const[]) { line_number, line_issued,
                                                             line_expires, NULL });
  pk_page_append (page, block);
  g_clear_pointer (&block, pk_page_block_unref);

  if (info.duplicate)
    {
      g_autofree char *text = duplicate_text (options->reprint_count);

      /* Across the whole page as well as in the box: a cut-off box must not make a copy look
       * like the original. The QR paints its own white quiet zone over it. */
      pk_page_set_watermark (page, "المثنی");

      block = pk_page_block_new_paragraph (text, 11, TRUE);
      pk_page_block_set_align (block, PK_PAGE_ALIGN_CENTER);
      pk_page_block_set_boxed (block, TRUE);
      pk_page_block_set_max_lines (block, 1);
      pk_page_append (page, block);
      g_clear_pointer (&block, pk_page_block_unref);
    }

  append_heading (page, "مالکان");
  block = pk_sheet_owners_block (permit, rules, &info);
  pk_page_append (page, block);
  g_clear_pointer (&block, pk_page_block_unref);

  append_heading (page, "مشخصات ملک");
  block = pk_sheet_property_block (permit, parcel, rules);
  pk_page_append (page, block);
  g_clear_pointer (&block, pk_page_block_unref);
  block = pk_sheet_address_block (parcel, rules);
  pk_page_append (page, block);
  g_clear_pointer (&block, pk_page_block_unref);

  append_heading (page, "مشخصات ساختمان، حقوق ساخت و مهندسان");
  block = pk_sheet_rights_block (permit, building, rules);
  pk_page_append (page, block);
  g_clear_pointer (&block, pk_page_block_unref);
  {
    g_autoptr(PkPageBlock) row = pk_page_block_new_row ();
    g_autoptr(PkPageBlock) floors = pk_sheet_floors_block (permit, building, rules, &info);
    g_autoptr(PkPageBlock) engineers = pk_sheet_engineers_block (building, rules);

    if (floors != NULL)
      pk_page_block_row_append (row, floors, 1.15);
    pk_page_block_row_append (row, engineers, 1.0);
    pk_page_append (page, row);
  }

  append_heading (page, "عوارض پرداخت‌شده");
  {
    g_autoptr(PkPageBlock) row = pk_page_block_new_row ();
    g_autoptr(PkPageBlock) fees = pk_sheet_fees_block (permit, rules, &info);
    g_autoptr(PkPageBlock) receipts = pk_sheet_receipts_block (permit, rules);

    pk_page_block_row_append (row, fees, 1.15);
    pk_page_block_row_append (row, receipts, 1.0);
    pk_page_append (page, row);
  }

  /* Conditions and the verification statement beside the site sketch and the QR: the two
   * pictures are about as tall as a few lines of conditions, side by side they cost no height. */
  rulebook = fa (permit->rulebook_version);
  append_heading (page, "شرایط پروانه، کروکی و تصدیق اصالت");
  {
    g_autoptr(PkPageBlock) row = pk_page_block_new_row ();
    g_autoptr(PkPageBlock) text = NULL;
    g_autoptr(GArray) outline = pk_sheet_read_outline (parcel, options);
    g_autoptr(GString) body = g_string_new (NULL);
    g_autofree char *code_isolated = g_strdup_printf ("\u2066%s\u2069", verify_code);

    if (permit->conditions_fa[0] != NULL)
      {
        g_autofree char *conditions = pk_sheet_conditions_text (permit, rules,
                                                                &info.conditions_cut);

        g_string_append_printf (body, "%s\n", conditions);
      }
    g_string_append_printf (body, "این پروانه بر پایه ضوابط نسخه %s صادر شده و تا تاریخ %s "
                            "معتبر است. اصالت آن را با اسکن کد QR با تلفن همراه یا در هر دفتر "
                            "پیشخوان بررسی کنید؛ کد تصدیق: %s",
                            rulebook, expires, code_isolated);
    text = pk_page_block_new_paragraph (body->str, 8.5, FALSE);
    pk_page_block_set_boxed (text, TRUE);
    pk_page_block_row_append (row, text, 2.6);
    if (rules->sketch && outline->len >= 3)
      {
        g_autoptr(PkPageBlock) sketch = NULL;

        sketch = pk_page_block_new_sketch ((const PkPagePoint *) outline->data, outline->len,
                                           110.0 * rules->font_scale, "کروکی ملک (متر)");
        pk_page_block_row_append (row, sketch, 1.0);
        info.sketch = TRUE;
      }
    if (qr != NULL)
      pk_page_block_row_append (row, qr, 1.1);
    pk_page_append (page, row);
  }

  now = options->printed_at != NULL ? g_date_time_ref (options->printed_at)
                                    : g_date_time_new_now_utc ();
  {
    g_autofree char *printed = pk_format_date_time (now, PK_LANGUAGE_PERSIAN);
    g_autofree char *office = fa (options->office);
    g_autofree char *start = g_strdup_printf ("چاپ: %s — دفتر: %s — کاربر: %s", printed, office,
                                              or_dash (options->operator_name));
    g_autofree char *end = NULL;

    if (info.duplicate)
      {
        g_autofree char *dup = duplicate_text (options->reprint_count);

        end = g_strdup_printf ("%s — نسخه ضوابط: %s", dup, rulebook);
      }
    else
      end = g_strdup_printf ("اصل — نسخه ضوابط: %s", rulebook);
    pk_page_set_footer (page, start, end);
  }

  if (out_info != NULL)
    *out_info = info;
  return g_steal_pointer (&page);
}

static PkPage *
layout_from (const PkApiPermit           *permit,
             const PkPermitSheetOptions  *options,
             PkPermitSheetLevel           first,
             PkPermitSheetInfo           *out_info,
             GError                     **error)
{
  for (PkPermitSheetLevel level = first; level <= PK_PERMIT_SHEET_MINIMAL; level++)
    {
      PkPermitSheetInfo info;
      g_autoptr(PkPage) page = pk_permit_sheet_build (permit, options, level, &info, error);

      if (page == NULL)
        return NULL;
      if (pk_page_fits (page))
        {
          if (out_info != NULL)
            *out_info = info;
          return g_steal_pointer (&page);
        }
    }

  /* Cannot happen while every part is bounded at the last level (see the header). */
  g_set_error (error, PK_PAGE_ERROR, PK_PAGE_ERROR_OVERFLOW,
               "The permit sheet does not fit on one page even fully condensed");
  return NULL;
}

/**
 * pk_permit_sheet_layout:
 * @options: (nullable)
 * @out_info: (out caller-allocates) (optional)
 *
 * The sheet on exactly one page, at the first level of PkPermitSheetLevel at which it fits.
 *
 * Returns: (transfer full) (nullable): a page that fits, or %NULL with %PK_PAGE_ERROR_QR.
 */
PkPage *
pk_permit_sheet_layout (const PkApiPermit           *permit,
                        const PkPermitSheetOptions  *options,
                        PkPermitSheetInfo           *out_info,
                        GError                     **error)
{
  g_return_val_if_fail (permit != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return layout_from (permit, options, PK_PERMIT_SHEET_FULL, out_info, error);
}

static GBytes *
render_page (PkPage        *page,
             PkPageFormat   format,
             double         dpi,
             GError       **error)
{
  return format == PK_PAGE_FORMAT_PDF ? pk_page_render_pdf (page, error)
                                      : pk_page_render_png (page, dpi, error);
}

/**
 * pk_permit_sheet_render:
 * @options: (nullable)
 * @dpi: for %PK_PAGE_FORMAT_PNG only
 * @out_info: (out caller-allocates) (optional)
 *
 * The one rendering path of the sheet: PDF for export and printing, PNG for the preview.
 * Rendering refuses a page that does not fit before drawing, so the full level is rendered
 * straight away (one layout pass for most permits) and the level search runs only when it
 * overflows.
 *
 * Returns: (transfer full) (nullable): one A4 page.
 */
GBytes *
pk_permit_sheet_render (const PkApiPermit           *permit,
                        const PkPermitSheetOptions  *options,
                        PkPageFormat                 format,
                        double                       dpi,
                        PkPermitSheetInfo           *out_info,
                        GError                     **error)
{
  g_autoptr(PkPage) attempt = NULL;
  g_autoptr(PkPage) page = NULL;
  g_autoptr(GError) local_error = NULL;
  PkPermitSheetInfo info;
  GBytes *bytes;

  g_return_val_if_fail (permit != NULL, NULL);
  g_return_val_if_fail (format == PK_PAGE_FORMAT_PDF || (dpi >= 10 && dpi <= 1200), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  attempt = pk_permit_sheet_build (permit, options, PK_PERMIT_SHEET_FULL, &info, error);
  if (attempt == NULL)
    return NULL;
  bytes = render_page (attempt, format, dpi, &local_error);
  if (bytes != NULL)
    {
      if (out_info != NULL)
        *out_info = info;
      return bytes;
    }
  if (!g_error_matches (local_error, PK_PAGE_ERROR, PK_PAGE_ERROR_OVERFLOW))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  page = layout_from (permit, options, PK_PERMIT_SHEET_SMALLER, out_info, error);
  if (page == NULL)
    return NULL;
  return render_page (page, format, dpi, error);
}

typedef struct
{
  PkApiPermit       *permit;
  PkApiParcel       *parcel;
  GDateTime         *printed_at;
  char              *municipality;
  char              *office;
  char              *operator_name;
  char              *verify_host;
  guint              reprint_count;
  PkPageFormat       format;
  double             dpi;
  PkPermitSheetInfo  info;
} RenderData;

static void
render_data_free (gpointer data)
{
  RenderData *d = data;

  pk_api_permit_unref (d->permit);
  g_clear_pointer (&d->parcel, pk_api_parcel_unref);
  g_clear_pointer (&d->printed_at, g_date_time_unref);
  g_free (d->municipality);
  g_free (d->office);
  g_free (d->operator_name);
  g_free (d->verify_host);
  g_free (d);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderData *d = task_data;
  PkPermitSheetOptions options = {
    .municipality = d->municipality,
    .office = d->office,
    .operator_name = d->operator_name,
    .reprint_count = d->reprint_count,
    .printed_at = d->printed_at,
    .verify_host = d->verify_host,
    .parcel = d->parcel,
  };
  GError *error = NULL;
  GBytes *bytes;

  if (g_task_return_error_if_cancelled (task))
    return;

  bytes = pk_permit_sheet_render (d->permit, &options, d->format, d->dpi, &d->info, &error);
  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

/**
 * pk_permit_sheet_render_async:
 * @permit: referenced; it must not change until the callback
 * @options: (nullable): copied; the caller may free it at once
 *
 * pk_permit_sheet_render() on the page toolkit's render thread, whose fonts stay loaded.
 */
void
pk_permit_sheet_render_async (const PkApiPermit          *permit,
                              const PkPermitSheetOptions *options,
                              PkPageFormat                format,
                              double                      dpi,
                              GCancellable               *cancellable,
                              GAsyncReadyCallback         callback,
                              gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  RenderData *d;

  g_return_if_fail (permit != NULL);
  g_return_if_fail (format == PK_PAGE_FORMAT_PDF || (dpi >= 10 && dpi <= 1200));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  d = g_new0 (RenderData, 1);
  d->permit = pk_api_permit_ref ((PkApiPermit *) permit);
  d->format = format;
  d->dpi = dpi;
  if (options != NULL)
    {
      d->parcel = options->parcel != NULL ? pk_api_parcel_ref ((PkApiParcel *) options->parcel)
                                          : NULL;
      d->printed_at = options->printed_at != NULL ? g_date_time_ref (options->printed_at) : NULL;
      d->municipality = g_strdup (options->municipality);
      d->office = g_strdup (options->office);
      d->operator_name = g_strdup (options->operator_name);
      d->verify_host = g_strdup (options->verify_host);
      d->reprint_count = options->reprint_count;
    }

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pk_permit_sheet_render_async);
  g_task_set_task_data (task, d, render_data_free);
  pk_page_run_in_render_thread (task, render_thread);
}

/**
 * pk_permit_sheet_render_finish:
 * @out_info: (out caller-allocates) (optional)
 *
 * Returns: (transfer full) (nullable): the rendered page.
 */
GBytes *
pk_permit_sheet_render_finish (GAsyncResult       *result,
                               PkPermitSheetInfo  *out_info,
                               GError            **error)
{
  GBytes *bytes;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pk_permit_sheet_render_async,
                        NULL);

  bytes = g_task_propagate_pointer (G_TASK (result), error);
  if (bytes != NULL && out_info != NULL)
    *out_info = ((RenderData *) g_task_get_task_data (G_TASK (result)))->info;
  return bytes;
}
