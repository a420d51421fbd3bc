/* test-permit-sheet.c — the single-sheet permit: one A4 page, its text, its QR, printing
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "pk-fonts.h"
#include "pk-permit-code.h"
#include "pk-permit-sheet.h"
#include "pk-printer.h"
#include "pk-trust-list.h"
#include "permit-test-util.h"
#include "print-test-util.h"

static PtPermitKey test_key;

static const PkPermitSheetOptions base_options = {
  .municipality = "شهرداری ارومیه",
  .office = "12034",
  .operator_name = "op1",
};

static gboolean
have_poppler (void)
{
  if (pt_have_program ("pdfinfo") && pt_have_program ("pdftotext") &&
      pt_have_program ("pdftoppm"))
    return TRUE;
  g_test_fail_printf ("poppler-utils is not installed: run build-aux/install-deps.sh");
  return FALSE;
}

static GDateTime *
test_now (void)
{
  return g_date_time_new_from_iso8601 ("2026-11-22T10:00:00Z", NULL);
}

static PkTrustList *
trust_list_with (const guint8 *public_key)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_api_key_unref);
  g_autoptr(GDateTime) now = test_now ();
  PkApiKey *key = pk_api_key_new ();
  PkTrustList *list = pk_trust_list_new ("/nonexistent/pk-permit-sheet-trust.json");

  key->key_id = pk_permit_code_key_id_for_public_key (public_key);
  key->algorithm = g_strdup ("Ed25519");
  key->public_key = g_bytes_new (public_key, PK_PERMIT_CODE_PUBLIC_KEY_LEN);
  key->valid_from = g_date_time_new_from_iso8601 ("2026-01-01T00:00:00Z", NULL);
  g_ptr_array_add (keys, key);
  pk_trust_list_replace (list, keys, now);
  return list;
}

/* Renders through the one path PDF export, preview and printing share; checks one A4 page. */
static char *
render_checked (const PkApiPermit          *permit,
                const PkPermitSheetOptions *options,
                const char                 *name,
                PkPermitSheetInfo          *info)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *pdf_info = NULL;
  char *path;

  pdf = pk_permit_sheet_render (permit, options, PK_PAGE_FORMAT_PDF, 0, info, &error);
  g_assert_no_error (error);
  path = pt_write_temp (pdf, name);
  pdf_info = pt_pdf_info (path);
  g_assert_cmpint (pt_pdf_pages (path), ==, 1);
  g_assert_nonnull (strstr (pdf_info, "595.276 x 841.89 pts (A4)"));
  return path;
}

static void
drop (const char *path)
{
  if (g_getenv ("PK_KEEP_PDF") == NULL)
    g_unlink (path);
}

/* Scanned QR → offline verdict, as the verify page gives it. */
static void
assert_qr_verifies (const char        *path,
                    const PkApiPermit *permit)
{
  g_autoptr(PkTrustList) list = trust_list_with (test_key.public_key);
  g_autoptr(PkPermitCode) code = NULL;
  g_autoptr(PkPermitCode) decoded = NULL;
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GError) error = NULL;
  g_autofree char *qr = NULL;
  g_autofree char *expected = pk_permit_sheet_qr_text (permit, &base_options);

  if (!pt_have_program ("zbarimg"))
    {
      g_test_message ("zbarimg is not installed: QR not decoded");
      return;
    }
  qr = pt_decode_qr (path);
  g_assert_nonnull (qr);
  g_assert_cmpstr (qr, ==, expected);
  g_assert_true (g_str_has_prefix (qr, "HTTPS://" PT_VERIFY_HOST "/V/PK1"));

  g_assert_cmpint (pk_trust_list_verify (list, qr, now, &code), ==, PK_API_VERDICT_VALID);
  g_assert_cmpstr (code->permit_no, ==, PT_PERMIT_NO);
  g_assert_cmpstr (code->key_id, ==, test_key.key_id);
  g_assert_true (pk_permit_code_matches_owner (code, PT_OWNER_ID));

  decoded = pk_permit_code_decode (qr, &error);
  g_assert_no_error (error);
  g_assert_true (pk_permit_code_verify (decoded, test_key.public_key, &error));
  g_assert_no_error (error);
}

static void
test_sample (void)
{
  g_autoptr(PkApiPermit) permit = pt_sample_permit (&test_key);
  g_autoptr(GDateTime) printed = g_date_time_new_from_iso8601 ("2026-11-22T07:00:00Z", NULL);
  PkPermitSheetOptions options = base_options;
  PkPermitSheetInfo info = { 0 };
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *code = pk_permit_sheet_verification_code (permit);

  if (!have_poppler ())
    return;
  options.printed_at = printed;
  path = render_checked (permit, &options, "pk-test-permit-sample.pdf", &info);
  g_assert_cmpint (info.level, ==, PK_PERMIT_SHEET_FULL);
  g_assert_false (info.duplicate);
  g_assert_false (info.conditions_cut);
  g_assert_true (info.sketch);
  /* The URL form (197 characters) at level M: version 8, 49 modules. */
  g_assert_cmpuint (info.qr_modules, ==, 49);

  text = pt_pdf_text (path);
  /* The verification code in ASCII beside the QR; Persian digits elsewhere. */
  g_assert_true (g_str_has_prefix (code, PT_PERMIT_NO " "));
  g_assert_cmpuint (strlen (code), ==, strlen (PT_PERMIT_NO) + 10);
  g_assert_nonnull (strstr (text, code));
  g_assert_nonnull (strstr (text, "۱۴۰۵-۰۰۰۱۲۳"));
  g_assert_nonnull (strstr (text, "مریم رضایی"));
  g_assert_nonnull (strstr (text, "۰۴۹****۸۹۹"));
  /* Jalali: issued 2026-11-21 = 1405/08/30; expires 2028-11-20 (Tehran) = 1407/08/30. */
  g_assert_nonnull (strstr (text, "۱۴۰۵/۰۸/۳۰"));
  g_assert_nonnull (strstr (text, "۱۴۰۷/۰۸/۳۰"));
  g_assert_nonnull (strstr (text, "RCP-"));
  /* The parcel's land use came as the API's code "mixed": the sheet is Persian only. */
  g_assert_nonnull (strstr (text, "مختلط مسکونی و تجاری"));
  g_assert_null (strstr (text, "mixed"));
  g_assert_null (strstr (text, "المثنی"));
  assert_qr_verifies (path, permit);
  drop (path);
}

/* pdftotext guesses word breaks from glyph gaps and splits "اداری" after its dal, which does
 * not join to the left: compare without spaces. */
static char *
without_spaces (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p != ' ')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/* The first non-empty line after the first line with @key, without spaces: pdftotext gives a
 * table's cells one paragraph each, in reading order. */
static char *
text_after (const char *text,
            const char *key)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint i = 0;

  while (lines[i] != NULL && strstr (lines[i], key) == NULL)
    i++;
  g_assert_nonnull (lines[i]);
  for (i++; lines[i] != NULL; i++)
    if (*g_strstrip (lines[i]) != '\0')
      return without_spaces (lines[i]);
  g_assert_not_reached ();
}

/* Each land-use code the API sends, in Persian on the sheet; a code this version does not
 * know is printed as it came rather than hidden. */
static void
test_land_use (void)
{
  static const struct { const char *code, *shown; } cases[] = {
    { "residential", "مسکونی" },
    { "commercial", "تجاری" },
    { "mixed", "مختلط مسکونی و تجاری" },
    { "administrative", "اداری" },
    { "educational", "آموزشی" },
    { "healthcare", "درمانی" },
    { "industrial", "صنعتی" },
    { "green", "فضای سبز" },
    { "religious", "مذهبی" },
    { "sports", "ورزشی" },
    { "cultural", "فرهنگی" },
    { "orchard", "orchard" },
  };
  g_autoptr(PkApiPermit) permit = pt_sample_permit (&test_key);
  JsonObject *parcel = json_node_get_object (permit->parcel);

  if (!have_poppler ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PkPermitSheetInfo info = { 0 };
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      g_autofree char *line = NULL;
      g_autofree char *shown = NULL;

      json_object_set_string_member (parcel, "land_use", cases[i].code);
      path = render_checked (permit, &base_options, "pk-test-permit-land-use.pdf", &info);
      text = pt_pdf_text (path);
      /* The value next to the label: the floor table says مسکونی and تجاری too. */
      line = text_after (text, "کاربری");
      shown = without_spaces (cases[i].shown);
      g_test_message ("%s: %s", cases[i].code, line);
      g_assert_nonnull (strstr (line, shown));
      if (!g_str_equal (cases[i].code, cases[i].shown))
        g_assert_null (strstr (text, cases[i].code));
      drop (path);
    }
}

static void
test_reprint (void)
{
  g_autoptr(PkApiPermit) permit = pt_sample_permit (&test_key);
  PkPermitSheetOptions options = base_options;
  PkPermitSheetInfo info = { 0 };
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  if (!have_poppler ())
    return;
  options.reprint_count = 3;
  path = render_checked (permit, &options, "pk-test-permit-reprint.pdf", &info);
  g_assert_true (info.duplicate);
  g_assert_cmpuint (info.reprint_count, ==, 3);
  text = pt_pdf_text (path);
  /* "المثنی" has alef-lam, not lam-alef: pdftotext gives it back whole. */
  g_assert_nonnull (strstr (text, "المثنی"));
  /* pdftotext wraps runs in bidi embeddings and moves the colon: look for the line. */
  {
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
    gboolean found = FALSE;

    for (guint i = 0; lines[i] != NULL; i++)
      if (strstr (lines[i], "المثنی — نوبت چاپ مجدد") != NULL && strstr (lines[i], "۳") != NULL)
        found = TRUE;
    g_assert_true (found);
  }
  assert_qr_verifies (path, permit);
  drop (path);
}

/* Base32 of RFC 4648 without padding, to flip bytes of the binary payload. */
static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

static GByteArray *
base32_decode (const char *text)
{
  GByteArray *out = g_byte_array_new ();
  guint32 buffer = 0;
  int bits = 0;

  for (; *text; text++)
    {
      buffer = (buffer << 5) | (guint32) (strchr (b32, *text) - b32);
      bits += 5;
      if (bits >= 8)
        {
          guint8 byte = (buffer >> (bits - 8)) & 0xff;

          g_byte_array_append (out, &byte, 1);
          bits -= 8;
        }
    }
  return out;
}

static char *
base32_encode (const guint8 *data,
               gsize         len)
{
  GString *out = g_string_new (NULL);
  guint32 buffer = 0;
  int bits = 0;

  for (gsize i = 0; i < len; i++)
    {
      buffer = (buffer << 8) | data[i];
      bits += 8;
      while (bits >= 5)
        {
          g_string_append_c (out, b32[(buffer >> (bits - 5)) & 31]);
          bits -= 5;
        }
    }
  if (bits > 0)
    g_string_append_c (out, b32[(buffer << (5 - bits)) & 31]);
  return g_string_free (out, FALSE);
}

static void
test_flipped_bytes (void)
{
  g_autoptr(PkApiPermit) permit = pt_sample_permit (&test_key);
  g_autoptr(PkTrustList) list = trust_list_with (test_key.public_key);
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GByteArray) bytes = base32_decode (permit->qr_payload + strlen (PK_PERMIT_CODE_PREFIX));
  g_autofree char *again = base32_encode (bytes->data, bytes->len);

  /* The helper round-trips the real payload, so the flips below are of its bytes. */
  g_assert_cmpstr (again, ==, permit->qr_payload + strlen (PK_PERMIT_CODE_PREFIX));
  g_assert_cmpint (pk_trust_list_verify (list, permit->qr_payload, now, NULL), ==,
                   PK_API_VERDICT_VALID);

  for (guint i = 0; i < bytes->len; i++)
    for (guint bit = 0; bit < 8; bit += 7)
      {
        g_autoptr(GByteArray) copy = g_byte_array_sized_new (bytes->len);
        g_autofree char *body = NULL;
        g_autofree char *payload = NULL;
        g_autoptr(PkPermitCode) code = NULL;
        g_autoptr(GError) error = NULL;
        PkApiVerdict verdict;

        g_byte_array_append (copy, bytes->data, bytes->len);
        copy->data[i] ^= 1u << bit;
        body = base32_encode (copy->data, copy->len);
        payload = g_strconcat (PK_PERMIT_CODE_PREFIX, body, NULL);
        verdict = pk_trust_list_verify (list, payload, now, NULL);
        g_assert_cmpint (verdict, !=, PK_API_VERDICT_VALID);
        /* Bytes 1–4 are the key id: a flip there names a key the list does not have. */
        if (i >= 1 && i <= 4)
          g_assert_cmpint (verdict, ==, PK_API_VERDICT_UNKNOWN_KEY);

        code = pk_permit_code_decode (payload, &error);
        if (code != NULL)
          g_assert_false (pk_permit_code_verify (code, test_key.public_key, NULL));
      }
}

static void
test_unknown_key (void)
{
  g_autoptr(PkApiPermit) permit = pt_sample_permit (&test_key);
  PtPermitKey other;
  g_autoptr(PkTrustList) list = NULL;
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(PkPermitCode) code = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = pk_permit_sheet_qr_text (permit, &base_options);

  pt_permit_key_init (&other);
  list = trust_list_with (other.public_key);
  g_assert_cmpint (pk_trust_list_verify (list, url, now, NULL), ==, PK_API_VERDICT_UNKNOWN_KEY);
  g_assert_cmpint (pk_trust_list_verify (list, permit->qr_payload, now, NULL), ==,
                   PK_API_VERDICT_UNKNOWN_KEY);
  /* Against another key directly: a bad signature. */
  code = pk_permit_code_decode (url, &error);
  g_assert_no_error (error);
  g_assert_false (pk_permit_code_verify (code, other.public_key, &error));
  g_assert_error (error, PK_PERMIT_CODE_ERROR, PK_PERMIT_CODE_ERROR_BAD_SIGNATURE);
}

static void
test_worst_case (void)
{
  g_autoptr(PkApiPermit) permit = pt_worst_permit (&test_key);
  PkPermitSheetOptions options = base_options;
  PkPermitSheetInfo info = { 0 };
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpuint (permit->owners->len, ==, 4);
  g_assert_cmpint (permit->floors, ==, 30);
  g_assert_cmpint (g_utf8_strlen (permit->conditions_fa[0], -1), ==, 2000);
  if (!have_poppler ())
    return;
  options.reprint_count = 12;
  path = render_checked (permit, &options, "pk-test-permit-worst.pdf", &info);
  g_test_message ("worst case: level %d, %u floor rows, %u floors folded, conditions cut %d",
                  info.level, info.floor_rows, info.floors_folded, info.conditions_cut);
  g_assert_cmpint (info.level, >, PK_PERMIT_SHEET_FULL);
  g_assert_cmpuint (info.floors_folded, >, 0);
  g_assert_true (info.conditions_cut);
  g_assert_cmpuint (info.owners_folded, ==, 0);   /* four owners are all shown */
  text = pt_pdf_text (path);
  g_assert_nonnull (strstr (text, PT_PERMIT_NO));
  g_assert_nonnull (strstr (text, "المثنی"));
  g_assert_nonnull (strstr (text, "متن کامل شرایط در شهرداری موجود است"));
  g_assert_nonnull (strstr (text, "طبقات"));
  assert_qr_verifies (path, permit);
  drop (path);
}

/* A permit as the central API sends it today (docs/api-v1.md): none of the members the sheet
 * proposes. It shows what it has, "—" for the rest, and the sketch from the parcel the caller
 * fetched. */
static void
test_api_today (void)
{
  g_autoptr(PkApiPermit) permit = pt_sample_permit (&test_key);
  g_autoptr(PkApiParcel) parcel = pk_api_parcel_new ();
  PkPermitSheetOptions options = base_options;
  PkPermitSheetInfo info = { 0 };
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  static const char * const parcel_members[] = { "area_after_widening_m2", "geometry" };
  static const char * const building_members[] = {
    "density_percent", "occupancy_percent", "parking_spaces", "setback_front_m",
    "setback_back_m", "engineers",
  };
  static const PkApiPoint ring[] = { { 0, 0 }, { 10, 0 }, { 10, 20 }, { 0, 20 }, { 0, 0 } };

  for (guint i = 0; i < G_N_ELEMENTS (parcel_members); i++)
    json_object_remove_member (json_node_get_object (permit->parcel), parcel_members[i]);
  for (guint i = 0; i < G_N_ELEMENTS (building_members); i++)
    json_object_remove_member (json_node_get_object (permit->building), building_members[i]);
  json_object_remove_member (json_node_get_object (permit->fees), "payments");
  g_array_append_vals (parcel->polygon, ring, G_N_ELEMENTS (ring));

  if (!have_poppler ())
    return;
  path = render_checked (permit, &options, "pk-test-permit-api-today.pdf", &info);
  g_assert_cmpint (info.level, ==, PK_PERMIT_SHEET_FULL);
  g_assert_false (info.sketch);

  options.parcel = parcel;
  g_clear_pointer (&path, g_free);
  path = render_checked (permit, &options, "pk-test-permit-api-today.pdf", &info);
  g_assert_true (info.sketch);
  text = pt_pdf_text (path);
  g_assert_nonnull (strstr (text, PT_PERMIT_NO));
  g_assert_nonnull (strstr (text, "مریم رضایی"));
  g_assert_nonnull (strstr (text, "—"));
  assert_qr_verifies (path, permit);
  drop (path);
}

/* Every level's rules hold, and each level is no taller than the one before. */
static void
test_levels (void)
{
  g_autoptr(PkApiPermit) permit = pt_worst_permit (&test_key);
  double previous = G_MAXDOUBLE;

  for (PkPermitSheetLevel level = PK_PERMIT_SHEET_FULL; level <= PK_PERMIT_SHEET_MINIMAL; level++)
    {
      g_autoptr(GError) error = NULL;
      PkPermitSheetInfo info = { 0 };
      g_autoptr(PkPage) page = pk_permit_sheet_build (permit, &base_options, level, &info, &error);
      double height;

      g_assert_no_error (error);
      height = pk_page_measure (page);
      g_test_message ("level %d: %.1f pt of %.1f, %u floor rows, sketch %d", level, height,
                      pk_page_get_available_height (page), info.floor_rows, info.sketch);
      g_assert_cmpint (info.level, ==, level);
      g_assert_cmpfloat (height, <=, previous + 0.01);
      previous = height;
      switch (level)
        {
        case PK_PERMIT_SHEET_FULL:
          g_assert_cmpuint (info.floor_rows, ==, 31);
          g_assert_false (info.conditions_cut);
          g_assert_true (info.sketch);
          break;
        case PK_PERMIT_SHEET_SMALLER:
          g_assert_cmpuint (info.floors_folded, >, 0);
          g_assert_true (info.conditions_cut);
          break;
        case PK_PERMIT_SHEET_COMPACT:
          g_assert_cmpuint (info.floor_rows, <=, 11);
          g_assert_cmpuint (info.fee_items_folded, ==, 12 - 7);
          break;
        case PK_PERMIT_SHEET_TIGHT:
          g_assert_cmpuint (info.floor_rows, <=, 7);
          g_assert_false (info.sketch);
          break;
        case PK_PERMIT_SHEET_MINIMAL:
          g_assert_cmpuint (info.floor_rows, <=, 5);
          g_assert_cmpuint (info.fee_items_folded, ==, 12 - 2);
          g_assert_true (pk_page_fits (page));
          break;
        }
    }
}

/* Beyond any real permit: 40 owners, 200 floors, 200 fee items, 60 conditions full of line
 * breaks and 10,000 characters in every other text. Still one page. */
static void
test_absurd (void)
{
  g_autoptr(PkApiPermit) permit = pt_worst_permit (&test_key);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *path = NULL;
  g_autofree char *huge = NULL;
  GString *text = g_string_new (NULL);
  PkPermitSheetInfo info = { 0 };
  PkPermitSheetOptions options = base_options;
  JsonObject *building = json_node_get_object (permit->building);
  JsonObject *parcel = json_node_get_object (permit->parcel);
  JsonArray *floors = json_array_new ();

  while (g_utf8_strlen (text->str, -1) < 10000)
    g_string_append (text, "متن بسیار طولانی بی‌پایان ");
  huge = g_string_free (text, FALSE);
  for (guint i = 0; i < 36; i++)
    {
      PkApiOwner *owner = pk_api_owner_new ();

      owner->name = g_strdup (huge);
      owner->national_id_masked = g_strdup ("049****899");
      g_ptr_array_add (permit->owners, owner);
    }
  for (guint i = 0; i < 188; i++)
    {
      PkApiFeeItem *item = pk_api_fee_item_new ();

      item->title_fa = g_strdup (huge);
      item->amount_rial = 1000;
      g_ptr_array_add (permit->fee_items, item);
    }
  for (int i = 0; i < 200; i++)
    {
      JsonObject *row = json_object_new ();

      json_object_set_int_member (row, "level", i - 5);
      json_object_set_string_member (row, "use", i % 2 ? "residential" : huge);
      json_object_set_double_member (row, "area_m2", 100 + i);
      json_object_set_int_member (row, "units", i);
      json_array_add_object_element (floors, row);
    }
  json_object_set_array_member (building, "floor_rows", floors);
  json_object_set_string_member (parcel, "address_fa", huge);
  json_object_set_string_member (parcel, "zone", huge);
  json_object_set_string_member (building, "setbacks_fa", huge);
  /* 60 conditions, each broken over many short lines. */
  g_strfreev (permit->conditions_fa);
  permit->conditions_fa = g_new0 (char *, 61);
  for (guint i = 0; i < 60; i++)
    permit->conditions_fa[i] = g_strdup ("شرط\nبا\nسطرهای\nکوتاه\n\n\n\n\n\n\n\n\nبسیار");
  options.municipality = huge;
  options.operator_name = huge;
  options.office = huge;

  pdf = pk_permit_sheet_render (permit, &options, PK_PAGE_FORMAT_PDF, 0, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info.level, >=, PK_PERMIT_SHEET_TIGHT);
  g_assert_cmpuint (info.owners_folded, >=, 40 - 5);
  g_assert_true (info.conditions_cut);
  if (!have_poppler ())
    return;
  path = pt_write_temp (pdf, "pk-test-permit-absurd.pdf");
  g_assert_cmpint (pt_pdf_pages (path), ==, 1);
  drop (path);
}

/* No floors, owners, fees, conditions, geometry or QR payload: still a valid page. */
static void
test_empty (void)
{
  g_autoptr(PkApiPermit) permit = pk_api_permit_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  PkPermitSheetInfo info = { 0 };

  permit->parcel = json_node_init_object (json_node_alloc (), json_object_new ());
  permit->building = json_node_init_object (json_node_alloc (), json_object_new ());
  permit->fees = json_node_init_object (json_node_alloc (), json_object_new ());
  pdf = pk_permit_sheet_render (permit, NULL, PK_PAGE_FORMAT_PDF, 0, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info.level, ==, PK_PERMIT_SHEET_FULL);
  g_assert_cmpuint (info.qr_modules, ==, 0);
  g_assert_null (pk_permit_sheet_qr_text (permit, NULL));
  /* Without a URL or a host, the bare payload: 168 characters are version 7 (45 modules). */
  {
    g_autoptr(PkApiPermit) sample = pt_sample_permit (&test_key);
    g_autoptr(PkPage) page = NULL;

    g_clear_pointer (&sample->qr_url, g_free);
    page = pk_permit_sheet_build (sample, NULL, PK_PERMIT_SHEET_FULL, &info, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (info.qr_modules, ==, 45);
  }
}

static void
on_rendered (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* The preview: the same page as PNG, on a worker thread. */
static void
test_preview_async (void)
{
  g_autoptr(PkApiPermit) permit = pt_sample_permit (&test_key);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  PkPermitSheetOptions options = base_options;
  PkPermitSheetInfo info = { 0 };
  gsize size;
  const guint8 *data;

  options.reprint_count = 1;
  pk_permit_sheet_render_async (permit, &options, PK_PAGE_FORMAT_PNG, 72, NULL, on_rendered,
                                &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  png = pk_permit_sheet_render_finish (result, &info, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (png, &size);
  g_assert_cmpuint (size, >, 8);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_true (info.duplicate);
}

static void
on_printed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Printing sends the very PDF export writes: the spooled document is the one-page sheet. */
static void
test_print (void)
{
  g_autoptr(PkApiPermit) permit = pt_sample_permit (&test_key);
  g_autoptr(PkPrinter) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *spooled = NULL;
  g_autofree char *qr = NULL;
  const char *name;
  PtPrinter *printer;

  if (!pt_have_program ("ippeveprinter") || !pt_have_program ("ipptool") ||
      !pt_have_program ("dbus-daemon") || !pt_have_program ("python3") || !have_poppler ())
    {
      if (!g_test_failed ())
        g_test_fail_printf ("ippeveprinter, ipptool, dbus-daemon or python3 is not installed: run build-aux/install-deps.sh");
      return;
    }
  pdf = pk_permit_sheet_render (permit, &base_options, PK_PAGE_FORMAT_PDF, 0, NULL, &error);
  g_assert_no_error (error);
  printer = pt_printer_start (NULL);
  g_assert_nonnull (printer);
  client = pk_printer_new ();
  pk_printer_print_async (client, printer->uri, pdf, "Permit " PT_PERMIT_NO, NULL, NULL, NULL,
                          NULL, on_printed, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (pk_printer_print_finish (client, result, &error), >, 0);
  g_assert_no_error (error);

  dir = g_dir_open (printer->spool_dir, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".pdf"))
      spooled = g_build_filename (printer->spool_dir, name, NULL);
  g_assert_nonnull (spooled);
  g_assert_cmpint (pt_pdf_pages (spooled), ==, 1);
  if (pt_have_program ("zbarimg"))
    {
      qr = pt_decode_qr (spooled);
      g_assert_cmpstr (qr, ==, permit->qr_url);
    }
  pt_printer_stop (printer);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  if (!pk_fonts_load (&error))
    g_error ("%s", error->message);
  pt_permit_key_init (&test_key);

  g_test_add_func ("/permit-sheet/sample", test_sample);
  g_test_add_func ("/permit-sheet/land-use", test_land_use);
  g_test_add_func ("/permit-sheet/reprint", test_reprint);
  g_test_add_func ("/permit-sheet/flipped-bytes", test_flipped_bytes);
  g_test_add_func ("/permit-sheet/unknown-key", test_unknown_key);
  g_test_add_func ("/permit-sheet/api-today", test_api_today);
  g_test_add_func ("/permit-sheet/worst-case", test_worst_case);
  g_test_add_func ("/permit-sheet/levels", test_levels);
  g_test_add_func ("/permit-sheet/absurd", test_absurd);
  g_test_add_func ("/permit-sheet/empty", test_empty);
  g_test_add_func ("/permit-sheet/preview-async", test_preview_async);
  g_test_add_func ("/permit-sheet/print", test_print);
  return g_test_run ();
}
