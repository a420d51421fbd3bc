/* pk-receipt-slip.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-format.h"
#include "pk-page-block.h"
#include "pk-receipt-slip.h"

/* The receipt a citizen takes from the counter once a permit application is saved: what was
 * taken and, once known, the tracking code. Its words are fixed Persian, not gettext, as on
 * every municipal paper, whatever language the operator's screen is in. */

static void
append (PkPage      *page,
        PkPageBlock *block)
{
  pk_page_append (page, block);
  pk_page_block_unref (block);
}

/**
 * pk_receipt_slip_build:
 *
 * Returns: (transfer full): the one-page receipt, to render with pk_page_render_async()
 */
PkPage *
pk_receipt_slip_build (const PkReceiptSlip *slip)
{
  g_autoptr(PkPage) page = NULL;
  g_autofree char *line_code = NULL;
  g_autofree char *date = NULL;
  g_autofree char *line_date = NULL;
  g_autofree char *renovation = NULL;
  g_autofree char *key = NULL;
  PkPageBlock *block;

  g_return_val_if_fail (slip != NULL, NULL);
  g_return_val_if_fail (slip->created != NULL, NULL);

  page = pk_page_new ();
  line_code = g_strdup_printf ("شماره پیگیری: %s", slip->tracking_code ? slip->tracking_code : "—");
  date = pk_format_date_time (slip->created, PK_LANGUAGE_PERSIAN);
  line_date = g_strdup_printf ("تاریخ ثبت: %s", date);
  renovation = pk_format_identifier (slip->renovation_code ? slip->renovation_code : "",
                                     PK_LANGUAGE_PERSIAN);
  key = pk_format_identifier (slip->idempotency_key ? slip->idempotency_key : "",
                              PK_LANGUAGE_PERSIAN);

  pk_page_set_title (page, "رسید ثبت درخواست پروانه");
  append (page, pk_page_block_new_header ("شهرداری", "رسید ثبت درخواست پروانه ساختمانی",
                                          (const char * const[]) { line_code, line_date, NULL }));
  append (page, pk_page_block_new_key_values (1, (const char * const[]) {
    "خدمت", slip->service ? slip->service : "",
    "کد نوسازی", renovation,
    "نشانی", slip->address ? slip->address : "",
    "متصدی", slip->operator_name ? slip->operator_name : "",
    "شناسه یکتای درخواست", key,
    NULL,
  }));
  append (page, pk_page_block_new_heading ("متقاضیان"));
  append (page, pk_page_block_new_paragraph (slip->applicants ? slip->applicants : "", 10, FALSE));

  block = pk_page_block_new_paragraph (slip->tracking_code
                                       ? "با این شماره پیگیری، وضعیت درخواست را در پیشخوان یا کیوسک پیگیری کنید."
                                       : "درخواست در این رایانه ذخیره شده و به محض برقراری ارتباط به شهرداری ارسال می‌شود؛ شماره پیگیری پس از ارسال اعلام می‌شود.",
                                       10, FALSE);
  pk_page_block_set_boxed (block, TRUE);
  append (page, block);
  return g_steal_pointer (&page);
}
