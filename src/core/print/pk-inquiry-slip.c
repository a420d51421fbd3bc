/* pk-inquiry-slip.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pk-format.h"
#include "pk-inquiry-slip.h"
#include "pk-page-cells.h"
#include "pk-page-private.h"
#include "pk-text.h"

/* The answer to a zoning inquiry (استعلام) on one A4 page: parcel, planning rules, itemised fees
 * with their formula inputs, validity, and a QR carrying the tracking code.
 *
 * The slip's wording is fixed Persian, not gettext: it is an official municipal form, printed in
 * Persian whatever language the operator's screen is in, with the terms of the municipality's
 * own forms. Only messages for the operator go through gettext.
 *
 * It never takes a second page. pk_inquiry_slip_layout() tries the levels of
 * PkInquirySlipLevel in order and keeps the first that fits; at the last level fee rows are
 * folded one by one into an "other items" row. Every field is cut to one line by then, so the
 * page's height is bounded whatever the input and the fold always ends. */

#define QR_MODULE_PT  2.0

typedef struct
{
  double   font_scale;
  int      cell_lines;
  int      note_lines;
  gboolean sketch;
} LevelRules;

static const LevelRules level_rules[] = {
  [PK_INQUIRY_SLIP_FULL]        = { 1.00, 0,  0, TRUE },
  [PK_INQUIRY_SLIP_SMALLER]     = { 0.90, 3, 12, TRUE },
  [PK_INQUIRY_SLIP_COMPACT]     = { 0.80, 2,  6, TRUE },
  [PK_INQUIRY_SLIP_NO_SKETCH]   = { 0.72, 1,  4, FALSE },
  [PK_INQUIRY_SLIP_FOLDED_FEES] = { 0.66, 1,  2, FALSE },
};

/**
 * pk_inquiry_slip_copy:
 *
 * A deep copy, so a slip can be handed to a worker thread while the caller's copy goes away.
 */
PkInquirySlip *
pk_inquiry_slip_copy (const PkInquirySlip *slip)
{
  PkInquirySlip *copy;

  g_return_val_if_fail (slip != NULL, NULL);

  copy = g_memdup2 (slip, sizeof *slip);
  copy->municipality = g_strdup (slip->municipality);
  copy->service = g_strdup (slip->service);
  copy->tracking_code = g_strdup (slip->tracking_code);
  copy->office = g_strdup (slip->office);
  copy->operator_name = g_strdup (slip->operator_name);
  copy->issued_at = slip->issued_at != NULL ? g_date_time_ref (slip->issued_at) : NULL;
  copy->valid_until = slip->valid_until != NULL ? g_date_time_ref (slip->valid_until) : NULL;
  copy->rulebook_version = g_strdup (slip->rulebook_version);
  copy->renovation_code = g_strdup (slip->renovation_code);
  copy->registration_plate = g_strdup (slip->registration_plate);
  copy->postal_code = g_strdup (slip->postal_code);
  copy->address = g_strdup (slip->address);
  copy->zone = g_strdup (slip->zone);
  copy->land_use = g_strdup (slip->land_use);
  copy->outline = g_memdup2 (slip->outline, slip->n_outline * sizeof (PkPagePoint));
  copy->setbacks = g_strdup (slip->setbacks);
  copy->parking = g_strdup (slip->parking);
  copy->fees = g_memdup2 (slip->fees, slip->n_fees * sizeof (PkInquirySlipFee));
  for (gsize i = 0; i < slip->n_fees; i++)
    copy->fees[i].title = g_strdup (slip->fees[i].title);
  copy->notes = g_strdup (slip->notes);
  copy->qr_payload = g_strdup (slip->qr_payload);
  return copy;
}

void
pk_inquiry_slip_free (PkInquirySlip *slip)
{
  if (slip == NULL)
    return;

  g_free (slip->municipality);
  g_free (slip->service);
  g_free (slip->tracking_code);
  g_free (slip->office);
  g_free (slip->operator_name);
  g_clear_pointer (&slip->issued_at, g_date_time_unref);
  g_clear_pointer (&slip->valid_until, g_date_time_unref);
  g_free (slip->rulebook_version);
  g_free (slip->renovation_code);
  g_free (slip->registration_plate);
  g_free (slip->postal_code);
  g_free (slip->address);
  g_free (slip->zone);
  g_free (slip->land_use);
  g_free (slip->outline);
  g_free (slip->setbacks);
  g_free (slip->parking);
  for (gsize i = 0; i < slip->n_fees; i++)
    g_free (slip->fees[i].title);
  g_free (slip->fees);
  g_free (slip->notes);
  g_free (slip->qr_payload);
  g_free (slip);
}

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

static const char *
or_dash (const char *text)
{
  return has_text (text) ? text : "—";
}

/* Identifiers in Persian digits, as on the municipality's own forms. */
static char *
digits (const char *text)
{
  return has_text (text) ? pk_format_digits (text, PK_LANGUAGE_PERSIAN) : g_strdup ("—");
}

static char *
date_text (GDateTime *datetime)
{
  return datetime != NULL ? pk_format_date (datetime, PK_LANGUAGE_PERSIAN) : g_strdup ("—");
}

static PkPageBlock *
parcel_block (const PkInquirySlip *slip,
              const LevelRules    *rules)
{
  g_autoptr(PkPageBlock) table = NULL;
  PkPageCells c;

  pk_page_cells_init (&c);
  pk_page_cells_add (&c, "کد نوسازی");
  pk_page_cells_take (&c, digits (slip->renovation_code));
  pk_page_cells_add (&c, "پلاک ثبتی");
  pk_page_cells_take (&c, digits (slip->registration_plate));
  pk_page_cells_add (&c, "کد پستی");
  pk_page_cells_take (&c, digits (slip->postal_code));
  pk_page_cells_add (&c, "مساحت عرصه");
  pk_page_cells_take (&c, pk_page_cells_measure (slip->parcel_area > 0 ? slip->parcel_area : -1,
                                                2, "مترمربع"));
  pk_page_cells_add (&c, "پهنه");
  pk_page_cells_add (&c, or_dash (slip->zone));
  pk_page_cells_add (&c, "کاربری");
  pk_page_cells_add (&c, or_dash (slip->land_use));
  table = pk_page_block_new_key_values (2, pk_page_cells_get (&c));
  pk_page_block_set_max_lines (table, rules->cell_lines);
  pk_page_cells_clear (&c);
  return g_steal_pointer (&table);
}

static PkPageBlock *
address_block (const PkInquirySlip *slip,
               const LevelRules    *rules)
{
  g_autofree char *address = has_text (slip->address)
                             ? pk_format_digits (slip->address, PK_LANGUAGE_PERSIAN)
                             : g_strdup ("—");
  const char *cells[] = { "نشانی", address, NULL };
  PkPageBlock *table = pk_page_block_new_table (2, (const double[]) { 1.0, 4.8 });

  pk_page_block_table_set_column (table, 0, PK_PAGE_ALIGN_START, TRUE);
  pk_page_block_table_add_row (table, cells, PK_PAGE_ROW_NONE);
  pk_page_block_set_max_lines (table, rules->cell_lines > 0 ? rules->cell_lines : 4);
  return table;
}

static PkPageBlock *
rules_block (const PkInquirySlip *slip,
             const LevelRules    *rules)
{
  PkPageBlock *table;
  PkPageCells c;

  pk_page_cells_init (&c);
  pk_page_cells_add (&c, "حداکثر تراکم");
  pk_page_cells_take (&c, pk_page_cells_measure (slip->max_density, 1, "درصد"));
  pk_page_cells_add (&c, "حداکثر سطح اشغال");
  pk_page_cells_take (&c, pk_page_cells_measure (slip->max_occupancy, 1, "درصد"));
  pk_page_cells_add (&c, "حداکثر تعداد طبقات");
  pk_page_cells_take (&c, slip->max_floors > 0
                          ? pk_format_integer (slip->max_floors, PK_LANGUAGE_PERSIAN)
                          : g_strdup ("—"));
  pk_page_cells_add (&c, "حداکثر ارتفاع");
  pk_page_cells_take (&c, pk_page_cells_measure (slip->max_height > 0 ? slip->max_height : -1,
                                                2, "متر"));
  pk_page_cells_add (&c, "عقب‌نشینی");
  pk_page_cells_take (&c, has_text (slip->setbacks)
                          ? pk_format_digits (slip->setbacks, PK_LANGUAGE_PERSIAN)
                          : g_strdup ("—"));
  pk_page_cells_add (&c, "پارکینگ");
  pk_page_cells_take (&c, has_text (slip->parking)
                          ? pk_format_digits (slip->parking, PK_LANGUAGE_PERSIAN)
                          : g_strdup ("—"));
  table = pk_page_block_new_key_values (2, pk_page_cells_get (&c));
  pk_page_block_set_max_lines (table, rules->cell_lines);
  pk_page_cells_clear (&c);
  return table;
}

static void
add_fee_row (PkPageBlock            *table,
             guint                   number,
             const PkInquirySlipFee *fee)
{
  g_autofree char *n = pk_format_integer (number, PK_LANGUAGE_PERSIAN);
  g_autofree char *area = pk_page_cells_measure (fee->area, 2, NULL);
  g_autofree char *price = fee->price >= 0 ? pk_format_integer (fee->price, PK_LANGUAGE_PERSIAN)
                                           : g_strdup ("—");
  g_autofree char *coefficient = pk_page_cells_measure (fee->coefficient, 3, NULL);
  g_autofree char *amount = pk_format_integer (fee->amount, PK_LANGUAGE_PERSIAN);
  g_autofree char *title = digits (fee->title);
  const char *cells[] = { n, title, area, price, coefficient, amount, NULL };

  pk_page_block_table_add_row (table, cells, PK_PAGE_ROW_NONE);
}

static PkPageBlock *
fees_block (const PkInquirySlip *slip,
            const LevelRules    *rules,
            guint                max_rows)
{
  static const double weights[] = { 0.6, 3.5, 1.2, 1.4, 0.9, 1.6 };
  static const char * const titles[] = {
    "ردیف", "شرح عوارض", "مساحت (مترمربع)", "قیمت منطقه‌ای P (ریال)", "ضریب", "مبلغ (ریال)", NULL,
  };
  PkPageBlock *table = pk_page_block_new_table (G_N_ELEMENTS (weights), weights);
  g_autofree char *total_number = pk_format_integer (slip->total, PK_LANGUAGE_PERSIAN);
  /* Not pk_format_amount(): its unit follows the screen's language, the slip is Persian. */
  g_autofree char *total = g_strconcat (total_number, " ریال", NULL);
  gsize shown = MIN (slip->n_fees, max_rows);

  pk_page_block_table_set_header (table, titles);
  pk_page_block_table_set_column (table, 0, PK_PAGE_ALIGN_CENTER, FALSE);
  for (guint i = 2; i < G_N_ELEMENTS (weights); i++)
    pk_page_block_table_set_column (table, i, PK_PAGE_ALIGN_END, FALSE);
  pk_page_block_set_max_lines (table, rules->cell_lines);

  for (gsize i = 0; i < shown; i++)
    add_fee_row (table, i + 1, &slip->fees[i]);

  if (shown < slip->n_fees)
    {
      gint64 rest = 0;
      g_autofree char *count = pk_format_integer (slip->n_fees - shown, PK_LANGUAGE_PERSIAN);
      g_autofree char *title = g_strdup_printf ("سایر اقلام (%s قلم)", count);
      g_autofree char *amount = NULL;

      for (gsize i = shown; i < slip->n_fees; i++)
        rest += slip->fees[i].amount;
      amount = pk_format_integer (rest, PK_LANGUAGE_PERSIAN);
      pk_page_block_table_add_row (table,
                                   (const char * const[]) { "…", title, "", "", "", amount, NULL },
                                   PK_PAGE_ROW_NONE);
    }

  pk_page_block_table_add_row (table,
                               (const char * const[]) { "جمع کل", NULL, NULL, NULL, NULL, total,
                                                        NULL },
                               PK_PAGE_ROW_BOLD | PK_PAGE_ROW_SHADED);
  return table;
}

static char *
ascii_tracking_code (const PkInquirySlip *slip)
{
  return has_text (slip->tracking_code) ? pk_text_digits_to_ascii (slip->tracking_code)
                                        : g_strdup ("");
}

/**
 * pk_inquiry_slip_build:
 * @level: how condensed
 * @max_fee_rows: fee items shown one per row; the rest fold into one "other items" row.
 *   %G_MAXUINT shows them all
 *
 * Builds the slip's page at one condensing level without checking that it fits; most callers
 * want pk_inquiry_slip_layout().
 *
 * Returns: (transfer full) (nullable): the page, or %NULL with %PK_PAGE_ERROR_QR when the QR
 *   payload is too long.
 */
PkPage *
pk_inquiry_slip_build (const PkInquirySlip  *slip,
                       PkInquirySlipLevel    level,
                       guint                 max_fee_rows,
                       GError              **error)
{
  const LevelRules *rules;
  g_autoptr(PkPage) page = NULL;
  g_autoptr(PkPageBlock) block = NULL;
  g_autoptr(PkPageBlock) qr = NULL;
  g_autofree char *code = NULL;
  g_autofree char *code_fa = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *valid = NULL;
  g_autofree char *line_code = NULL;
  g_autofree char *line_date = NULL;
  g_autofree char *line_valid = NULL;
  g_autofree char *footer_start = NULL;
  g_autofree char *footer_end = NULL;
  g_autofree char *validity = NULL;
  g_autofree char *caption = NULL;

  g_return_val_if_fail (slip != NULL, NULL);
  g_return_val_if_fail (level <= PK_INQUIRY_SLIP_FOLDED_FEES, NULL);
  g_return_val_if_fail (slip->fees != NULL || slip->n_fees == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rules = &level_rules[level];
  code = ascii_tracking_code (slip);
  code_fa = digits (slip->tracking_code);
  issued = slip->issued_at != NULL ? pk_format_date_time (slip->issued_at, PK_LANGUAGE_PERSIAN)
                                   : g_strdup ("—");
  valid = date_text (slip->valid_until);

  /* The QR first: it is the one part that can fail. M (15 %) survives a fold and a smudge on a
   * slip carried in a pocket; the payload is short, so the symbol stays small. */
  if (has_text (code))
    {
      g_autofree char *shown = pk_format_tracking_code (code);

      caption = g_strdup_printf ("کد رهگیری: %s", shown);
    }
  else
    caption = g_strdup ("کد رهگیری: ");
  if (has_text (slip->qr_payload) || has_text (code))
    {
      qr = pk_page_block_new_qr (has_text (slip->qr_payload) ? slip->qr_payload : code,
                                 PK_PAGE_QR_LEVEL_M, QR_MODULE_PT, caption, error);
      if (qr == NULL)
        return NULL;
    }

  page = pk_page_new ();
  pk_page_set_title (page, "برگ پاسخ استعلام");
  pk_page_set_font_scale (page, rules->font_scale);

  line_code = g_strdup_printf ("شماره پیگیری: %s", code_fa);
  line_date = g_strdup_printf ("تاریخ: %s", issued);
  line_valid = g_strdup_printf ("اعتبار تا: %s", valid);
  block = pk_page_block_new_header (has_text (slip->municipality) ? slip->municipality : "شهرداری",
                                    has_text (slip->service)
                                    ? slip->service : "برگ پاسخ استعلام شهرسازی",
                                    (const char * const[]) { line_code, line_date, line_valid,
                                                             NULL });
  pk_page_append (page, block);
  g_clear_pointer (&block, pk_page_block_unref);

  block = pk_page_block_new_heading ("مشخصات ملک");
  pk_page_append (page, block);
  g_clear_pointer (&block, pk_page_block_unref);

  {
    g_autoptr(PkPageBlock) parcel = parcel_block (slip, rules);
    g_autoptr(PkPageBlock) address = address_block (slip, rules);

    if (rules->sketch && slip->n_outline >= 3)
      {
        g_autoptr(PkPageBlock) sketch = pk_page_block_new_sketch (slip->outline, slip->n_outline,
                                                                  110.0 * rules->font_scale,
                                                                  "کروکی ملک (متر)");
        g_autoptr(PkPageBlock) row = pk_page_block_new_row ();

        pk_page_block_row_append (row, parcel, 3.0);
        pk_page_block_row_append (row, sketch, 1.0);
        pk_page_append (page, row);
      }
    else
      pk_page_append (page, parcel);
    pk_page_append (page, address);
  }

  block = pk_page_block_new_heading ("ضوابط شهرسازی");
  pk_page_append (page, block);
  g_clear_pointer (&block, pk_page_block_unref);
  block = rules_block (slip, rules);
  pk_page_append (page, block);
  g_clear_pointer (&block, pk_page_block_unref);

  block = pk_page_block_new_heading ("عوارض و بهای خدمات");
  pk_page_append (page, block);
  g_clear_pointer (&block, pk_page_block_unref);
  block = fees_block (slip, rules, max_fee_rows);
  pk_page_append (page, block);
  g_clear_pointer (&block, pk_page_block_unref);

  if (has_text (slip->notes))
    {
      g_autofree char *notes = pk_format_digits (slip->notes, PK_LANGUAGE_PERSIAN);

      block = pk_page_block_new_heading ("ملاحظات");
      pk_page_append (page, block);
      g_clear_pointer (&block, pk_page_block_unref);
      block = pk_page_block_new_paragraph (notes, 8.5, FALSE);
      pk_page_block_set_max_lines (block, rules->note_lines);
      pk_page_block_set_boxed (block, TRUE);
      pk_page_append (page, block);
      g_clear_pointer (&block, pk_page_block_unref);
    }

  {
    g_autoptr(PkPageBlock) row = pk_page_block_new_row ();
    g_autoptr(PkPageBlock) text = NULL;
    g_autofree char *rulebook = digits (slip->rulebook_version);

    validity = g_strdup_printf ("این برگ تا تاریخ %s معتبر است و بر پایه ضوابط نسخه %s صادر "
                                "شده است. مبالغ به ریال است و پرداخت فقط از راه درگاه شهرداری "
                                "یا دفاتر پیشخوان پذیرفته می‌شود. اصالت این برگ را با کد "
                                "رهگیری %s یا اسکن کد QR در هر دفتر پیشخوان بررسی کنید.",
                                valid, rulebook, code_fa);
    text = pk_page_block_new_paragraph (validity, 8.5, FALSE);
    pk_page_block_set_max_lines (text, 6);
    pk_page_block_row_append (row, text, 3.0);
    /* No tracking code, no QR: a slip that cannot be looked up has nothing to encode. */
    if (qr != NULL)
      pk_page_block_row_append (row, qr, 1.0);
    pk_page_append (page, row);
  }

  footer_start = g_strdup_printf ("چاپ: %s — %s — کاربر: %s", issued, or_dash (slip->office),
                                  or_dash (slip->operator_name));
  footer_end = g_strdup_printf ("نسخه ضوابط: %s",
                                slip->rulebook_version != NULL
                                ? slip->rulebook_version : "—");
  {
    g_autofree char *end_fa = pk_format_digits (footer_end, PK_LANGUAGE_PERSIAN);
    g_autofree char *start_fa = pk_format_digits (footer_start, PK_LANGUAGE_PERSIAN);

    pk_page_set_footer (page, start_fa, end_fa);
  }

  return g_steal_pointer (&page);
}

/* The level search of pk_inquiry_slip_layout(), from @first on. */
static PkPage *
layout_from (const PkInquirySlip  *slip,
             PkInquirySlipLevel    first,
             PkInquirySlipLevel   *out_level,
             GError              **error)
{
  for (PkInquirySlipLevel level = first; level < PK_INQUIRY_SLIP_FOLDED_FEES; level++)
    {
      g_autoptr(PkPage) page = pk_inquiry_slip_build (slip, level, G_MAXUINT, error);

      if (page == NULL)
        return NULL;
      if (pk_page_fits (page))
        {
          if (out_level != NULL)
            *out_level = level;
          return g_steal_pointer (&page);
        }
    }

  /* The most fee rows that fit: a slip never hides more fee items than it must. The height
   * grows with the rows shown, so a binary search finds it in a few passes even for hundreds
   * of items. Showing all n rows needs no fold row; n - 1 shown rows plus the fold row is no
   * shorter than n, so the candidates below n start at n - 2. */
  {
    g_autoptr(PkPage) best = NULL;
    g_autoptr(PkPage) all = pk_inquiry_slip_build (slip, PK_INQUIRY_SLIP_FOLDED_FEES, G_MAXUINT,
                                                   error);
    gint64 low, high;

    if (all == NULL)
      return NULL;
    if (pk_page_fits (all))
      {
        if (out_level != NULL)
          *out_level = PK_INQUIRY_SLIP_FOLDED_FEES;
        return g_steal_pointer (&all);
      }

    /* fits (low) is known true once best is set, fits (high) known false. */
    low = -1;
    high = slip->n_fees >= 2 ? (gint64) slip->n_fees - 1 : 1;
    while (high - low > 1)
      {
        gint64 rows = low + (high - low) / 2;
        g_autoptr(PkPage) page = pk_inquiry_slip_build (slip, PK_INQUIRY_SLIP_FOLDED_FEES,
                                                        (guint) rows, error);

        if (page == NULL)
          return NULL;
        if (pk_page_fits (page))
          {
            low = rows;
            g_clear_object (&best);
            best = g_steal_pointer (&page);
          }
        else
          high = rows;
      }

    if (best != NULL)
      {
        if (out_level != NULL)
          *out_level = PK_INQUIRY_SLIP_FOLDED_FEES;
        return g_steal_pointer (&best);
      }
  }

  g_set_error (error, PK_PAGE_ERROR, PK_PAGE_ERROR_OVERFLOW,
               "The inquiry slip does not fit on one page even fully condensed");
  return NULL;
}

/**
 * pk_inquiry_slip_layout:
 * @out_level: (out) (optional): the level that was needed
 *
 * The slip on exactly one page: the first level of PkInquirySlipLevel at which it fits, and at
 * the last level as many fee rows as fit.
 *
 * Returns: (transfer full) (nullable): a page that fits, or %NULL with %PK_PAGE_ERROR_QR, or
 *   %PK_PAGE_ERROR_OVERFLOW if even the most condensed slip does not fit (a bug).
 */
PkPage *
pk_inquiry_slip_layout (const PkInquirySlip  *slip,
                        PkInquirySlipLevel   *out_level,
                        GError              **error)
{
  g_return_val_if_fail (slip != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return layout_from (slip, PK_INQUIRY_SLIP_FULL, out_level, error);
}

/**
 * pk_inquiry_slip_render_pdf:
 *
 * Returns: (transfer full) (nullable): the slip as a one-page PDF.
 */
/* Rendering refuses a page that does not fit before it draws anything, so rendering the full
 * slip straight away costs one layout pass where "fits, then render" costs two. Most slips fit
 * at the first level; the others go through the level search. */
static GBytes *
render_fitting (const PkInquirySlip  *slip,
                PkPageFormat          format,
                double                dpi,
                GError              **error)
{
  g_autoptr(PkPage) page = NULL;
  g_autoptr(PkPage) attempt = NULL;
  g_autoptr(GError) local_error = NULL;
  GBytes *bytes;

  attempt = pk_inquiry_slip_build (slip, PK_INQUIRY_SLIP_FULL, G_MAXUINT, error);
  if (attempt == NULL)
    return NULL;
  bytes = format == PK_PAGE_FORMAT_PDF ? pk_page_render_pdf (attempt, &local_error)
                                       : pk_page_render_png (attempt, dpi, &local_error);
  if (bytes != NULL)
    return bytes;
  if (!g_error_matches (local_error, PK_PAGE_ERROR, PK_PAGE_ERROR_OVERFLOW))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  page = layout_from (slip, PK_INQUIRY_SLIP_SMALLER, NULL, error);
  if (page == NULL)
    return NULL;
  return format == PK_PAGE_FORMAT_PDF ? pk_page_render_pdf (page, error)
                                      : pk_page_render_png (page, dpi, error);
}

GBytes *
pk_inquiry_slip_render_pdf (const PkInquirySlip  *slip,
                            GError              **error)
{
  g_return_val_if_fail (slip != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return render_fitting (slip, PK_PAGE_FORMAT_PDF, 0, error);
}

typedef struct
{
  PkInquirySlip *slip;
  PkPageFormat   format;
  double         dpi;
} RenderData;

static void
render_data_free (gpointer data)
{
  RenderData *d = data;

  pk_inquiry_slip_free (d->slip);
  g_free (d);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderData *d = task_data;
  GError *error = NULL;
  GBytes *bytes;

  if (g_task_return_error_if_cancelled (task))
    return;

  bytes = render_fitting (d->slip, d->format, d->dpi, &error);
  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

/**
 * pk_inquiry_slip_render_async:
 * @slip: copied; the caller may free it at once
 * @dpi: for %PK_PAGE_FORMAT_PNG only
 *
 * Lays out (condensing as needed) and renders on the page toolkit's render thread, whose fonts
 * stay loaded.
 */
void
pk_inquiry_slip_render_async (const PkInquirySlip  *slip,
                              PkPageFormat          format,
                              double                dpi,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  RenderData *d;

  g_return_if_fail (slip != NULL);
  g_return_if_fail (format == PK_PAGE_FORMAT_PDF || (dpi >= 10 && dpi <= 1200));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  d = g_new0 (RenderData, 1);
  d->slip = pk_inquiry_slip_copy (slip);
  d->format = format;
  d->dpi = dpi;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pk_inquiry_slip_render_async);
  g_task_set_task_data (task, d, render_data_free);
  pk_page_run_in_render_thread (task, render_thread);
}

GBytes *
pk_inquiry_slip_render_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pk_inquiry_slip_render_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
