/* test-permit-wizard.c — the permit story, step by step through the wizard: the operator signs
 * in, opens the wizard and meets bad input at every step (real files, one that lies about its
 * type), until the review and its terms
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib/gi18n.h>
#include <sqlite3.h>
#include <stdio.h>

#include "permit-story.h"

static void
read_known_parcel (KnownParcel *known)
{
  g_autofree char *path = pk_test_sandbox_db_path ();
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                     "SELECT p.renovation_code, p.area_m2, r.max_floors, r.occupancy_percent,"
                     " r.density_percent FROM parcels p"
                     " JOIN zone_rules r ON r.zone = p.zone AND p.area_m2 >= r.min_area_m2"
                     "  AND (r.max_area_m2 IS NULL OR p.area_m2 < r.max_area_m2)"
                     " WHERE p.land_use = 'residential' AND r.max_floors >= 2"
                     "  AND p.area_m2 BETWEEN 150 AND 2000"
                     " ORDER BY p.renovation_code LIMIT 1",
                     -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  known->renovation_code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  known->area_m2 = sqlite3_column_double (stmt, 1);
  known->max_floors = sqlite3_column_int64 (stmt, 2);
  known->occupancy = sqlite3_column_double (stmt, 3);
  known->density = sqlite3_column_double (stmt, 4);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
finished_cb (gboolean *finished)
{
  *finished = FALSE;
}

static PkPermitWizard *
find_wizard (PkWindow *window)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  pk_test_collect_type (GTK_WIDGET (window), PK_TYPE_PERMIT_WIZARD, found);
  return found->len ? found->pdata[0] : NULL;
}

static gboolean
signed_in (PkWindow *window,
           gpointer  data)
{
  return pk_window_get_session (window) != NULL && pk_test_page_is (window, "home");
}

/* ---- files ---- */

static char *
write_png (const char *dir,
           const char *name,
           int         size)
{
  char *path = g_build_filename (dir, name, NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, size, size);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.95, 0.93, 0.85);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.1, 0.3, 0.6);
  cairo_rectangle (cr, size * 0.1, size * 0.2, size * 0.8, size * 0.15);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.6, 0.1, 0.1);
  cairo_arc (cr, size * 0.5, size * 0.65, size * 0.2, 0, 6.3);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

static char *
write_pdf (const char *dir,
           const char *name)
{
  char *path = g_build_filename (dir, name, NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_rectangle (cr, 100, 100, 395, 300);
  cairo_stroke (cr);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

/* ---- the chapters ---- */

/* The operator signs in and opens the wizard on its first step; the files of the story are
 * written (a PNG named .pdf, and 200 MB that must be refused without being read). */
static void
chapter_opens_on_service (void)
{
  PermitStory *s = permit_story ();

  s->operator = pk_test_training_account ("operator");
  s->dir = g_dir_make_tmp ("pishkhan-permit-XXXXXX", NULL);
  s->png = write_png (s->dir, "deed.png", 320);
  s->card = write_png (s->dir, "card.png", 200);
  s->pdf = write_pdf (s->dir, "plans.pdf");
  s->liar = g_build_filename (s->dir, "contract.pdf", NULL);
  s->huge = g_build_filename (s->dir, "huge.pdf", NULL);
  /* Kept next to the screenshots, to be looked at. */
  s->receipt = g_build_filename (g_getenv ("PK_SCREENSHOT_DIR") ? g_getenv ("PK_SCREENSHOT_DIR")
                                                                : s->dir,
                                 "permit-receipt.pdf", NULL);
  s->nid1 = permit_national_id ("001234567");
  s->nid2 = permit_national_id ("008765432");
  s->nid2_arabic = permit_to_digits (s->nid2, 0x0660);
  s->finished = FALSE;

  read_known_parcel (&s->known);
  g_test_message ("parcel %s, %.2f m², floors ≤ %" G_GINT64_FORMAT ", occupancy ≤ %.0f%%,"
                  " density ≤ %.0f%%", s->known.renovation_code, s->known.area_m2,
                  s->known.max_floors, s->known.occupancy, s->known.density);
  /* Two floors of this area keep occupancy and density at half what the rules allow. */
  s->ground = MIN (s->known.occupancy, s->known.density / 2) / 100 * s->known.area_m2 / 2;
  s->ground = (double) (gint64) (s->ground * 100) / 100;

  /* A PNG named .pdf, and 200 MB that must be refused without being read (sparse). */
  {
    g_autofree char *bytes = NULL;
    gsize length = 0;
    FILE *f;

    g_assert_true (g_file_get_contents (s->png, &bytes, &length, NULL));
    g_assert_true (g_file_set_contents (s->liar, bytes, length, NULL));
    f = fopen (s->huge, "w");
    g_assert_nonnull (f);
    fputs ("%PDF-1.4\n", f);
    g_assert_cmpint (fseek (f, 200 * 1024 * 1024, SEEK_SET), ==, 0);
    fputc ('\n', f);
    fclose (f);
  }

  pk_test_sign_in (s->window, s->operator->office_code, s->operator->username,
                   s->operator->password);
  pk_test_wait_until (s->window, signed_in, NULL, "sign-in");

  /* The window shows the wizard from the home tile; until it is wired, the test puts one in
   * the window's stack the way the window would. */
  s->wizard = find_wizard (s->window);
  if (s->wizard != NULL &&
      pk_test_find_action_button (GTK_WIDGET (s->window), "home.permit") != NULL)
    {
      pk_test_click (GTK_WIDGET (s->window), "home.permit");
      pk_test_wait_until (s->window, pk_test_page_is, "permit", "the permit page");
    }
  else
    {
      g_autoptr(GPtrArray) stacks = g_ptr_array_new ();
      GtkStack *stack = NULL;

      pk_test_collect_type (GTK_WIDGET (s->window), GTK_TYPE_STACK, stacks);
      for (guint i = 0; i < stacks->len && stack == NULL; i++)
        if (gtk_stack_get_child_by_name (stacks->pdata[i], "home") != NULL)
          stack = stacks->pdata[i];
      g_assert_nonnull (stack);
      s->wizard = PK_PERMIT_WIZARD (pk_permit_wizard_new (pk_application_get_client (s->app),
                                                       pk_application_get_settings (s->app),
                                                       pk_application_get_outbox (s->app),
                                                       pk_application_get_language (s->app)));
      gtk_stack_add_named (stack, GTK_WIDGET (s->wizard), "permit");
      gtk_stack_set_visible_child_name (stack, "permit");
      pk_test_wait_until (s->window, permit_stack_still, stack, "the page transition");
      pk_permit_wizard_start (s->wizard, NULL, pk_window_get_session (s->window)->username);
    }
  g_signal_connect_swapped (s->wizard, "finished", G_CALLBACK (finished_cb), &s->finished);
  permit_wait_idle ();
  g_assert_cmpstr (pk_permit_wizard_get_step (s->wizard), ==, "service");
}

/* The parcel by its renovation code (in Persian digits too), then a service for it. */
static void
chapter_service (void)
{
  PermitStory *s = permit_story ();

  permit_next_refused ("service");
  {
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();
    GtkEditable *code_entry;
    g_autofree char *persian = permit_to_digits (s->known.renovation_code, 0x06F0);

    pk_test_collect_type (GTK_WIDGET (s->wizard), GTK_TYPE_ENTRY, entries);
    code_entry = entries->pdata[0];
    gtk_editable_set_text (code_entry, "12");
    pk_test_click (GTK_WIDGET (s->window), "permit.find-parcel");
    g_assert_nonnull (pk_test_find_label_with_class (GTK_WIDGET (s->wizard), "field-error"));
    g_assert_null (pk_permit_wizard_get_parcel (s->wizard));

    /* In Persian digits, as the citizen's papers print it. */
    gtk_editable_set_text (code_entry, persian);
    pk_test_click (GTK_WIDGET (s->window), "permit.find-parcel");
    permit_wait_idle ();
    g_assert_nonnull (pk_permit_wizard_get_parcel (s->wizard));
    g_assert_cmpstr (pk_permit_wizard_get_parcel (s->wizard)->renovation_code, ==,
                     s->known.renovation_code);
  }
  permit_next_refused ("service");   /* no service chosen yet */
  g_assert_true (pk_permit_wizard_select_service (s->wizard, "NEW_BUILD"));
  g_assert_false (pk_permit_wizard_select_service (s->wizard, "ZONING_INQUIRY"));
  g_assert_cmpstr (pk_permit_wizard_get_service_code (s->wizard), ==, "NEW_BUILD");
  permit_screenshot ("permit-1-service.png");
  permit_next_accepted ("service", "applicants");
}

/* Bad input in every column, then two owners whose shares must add up. */
static void
chapter_applicants (void)
{
  PermitStory *s = permit_story ();

  permit_type_into (permit_cell ("applicants", 0, "first_name"), "علی\u202Eرضا");
  {
    GString *long_name = g_string_new (NULL);

    for (int i = 0; i < 10000; i++)
      g_string_append (long_name, "ب");
    permit_type_into (permit_cell ("applicants", 0, "last_name"), long_name->str);
    g_string_free (long_name, TRUE);
  }
  permit_type_into (permit_cell ("applicants", 0, "national_id"), "0012345678");
  permit_type_into (permit_cell ("applicants", 0, "mobile"), "0912");
  permit_type_into (permit_cell ("applicants", 0, "share_percent"), "-5");
  permit_next_refused ("applicants");
  permit_assert_message (permit_cell ("applicants", 0, "first_name"),
                  _("The name contains hidden direction characters. Type it again."));
  permit_assert_message (permit_cell ("applicants", 0, "last_name"), _("The name is too long."));
  permit_assert_message (permit_cell ("applicants", 0, "national_id"),
                  _("This national ID is not valid. Check the digits on the card."));
  permit_assert_message (permit_cell ("applicants", 0, "mobile"),
                  _("A mobile number has 11 digits, like 09121234567."));
  permit_assert_message (permit_cell ("applicants", 0, "share_percent"),
                         _("This cannot be negative."));
  permit_screenshot ("permit-2-applicants-errors.png");

  permit_type_into (permit_cell ("applicants", 0, "first_name"), "علی");
  permit_type_into (permit_cell ("applicants", 0, "last_name"), "رضایی");
  permit_type_into (permit_cell ("applicants", 0, "national_id"), s->nid1);
  permit_type_into (permit_cell ("applicants", 0, "mobile"), "۰۹۱۲۳۴۵۶۷۸۹");
  permit_type_into (permit_cell ("applicants", 0, "share_percent"), "۶۰");
  g_assert_true (pk_form_field_add_row (permit_field ("applicants")));
  /* Arabic yeh: normalised */
  permit_type_into (permit_cell ("applicants", 1, "first_name"), "مريم");
  permit_type_into (permit_cell ("applicants", 1, "last_name"), "احمدی");
  permit_type_into (permit_cell ("applicants", 1, "national_id"), s->nid2_arabic);
  permit_type_into (permit_cell ("applicants", 1, "mobile"), "09351234567");
  permit_type_into (permit_cell ("applicants", 1, "share_percent"), "30");
  permit_next_refused ("applicants");   /* 60 + 30 ≠ 100 */
  g_assert_nonnull (pk_test_find_label_with_class (GTK_WIDGET (s->wizard), "wizard-error"));
  permit_type_into (permit_cell ("applicants", 1, "share_percent"), "40");
  /* Fixed: the message at the bottom goes by itself. */
  g_assert_null (pk_test_find_label_with_class (GTK_WIDGET (s->wizard), "wizard-error"));
  permit_screenshot ("permit-2-applicants.png");
  permit_next_accepted ("applicants", "property");
}

/* A licence too long, then not valid; a contact that is required. */
static void
chapter_property (void)
{
  {
    GString *long_text = g_string_new (NULL);

    for (int i = 0; i < 10000; i++)
      g_string_append_c (long_text, '1');
    permit_type_into (permit_field ("engineer_license"), long_text->str);
    g_string_free (long_text, TRUE);
  }
  permit_type_into (permit_field ("contact_mobile"), "");
  permit_next_refused ("property");
  {
    g_autofree char *start = g_strndup (_("This is too long: at most %s characters."), 10);

    g_assert_true (g_str_has_prefix (pk_form_field_get_error (permit_field ("engineer_license")),
                                     start));
  }
  permit_assert_message (permit_field ("contact_mobile"), _("This field is required."));
  permit_type_into (permit_field ("engineer_license"), "abc");
  permit_next_refused ("property");
  permit_assert_message (permit_field ("engineer_license"), _("This value is not valid."));
  permit_type_into (permit_field ("engineer_license"), "۱۲-۳۴-۵۶۷۸");
  permit_type_into (permit_field ("contact_mobile"), "09121234567");
  permit_screenshot ("permit-3-property.png");
  permit_next_accepted ("property", "construction");
}

/* Floors out of range and with too many decimals, then two good ones. */
static void
chapter_construction (void)
{
  PermitStory *s = permit_story ();

  {
    g_autofree char *ground_text = g_strdup_printf ("%.2f", s->ground);
    g_autofree char *ground_persian = permit_to_digits (ground_text, 0x06F0);

    permit_type_into (permit_cell ("floors", 0, "level"), "0");
    permit_type_into (permit_cell ("floors", 0, "use"), "residential");
    permit_type_into (permit_cell ("floors", 0, "area_m2"), "-50");
    permit_type_into (permit_cell ("floors", 0, "units"), "1");
    permit_type_into (permit_field ("parking_spaces"), "2.5");
    permit_next_refused ("construction");
    permit_assert_message (permit_cell ("floors", 0, "area_m2"), _("This cannot be negative."));
    permit_assert_message (permit_field ("structure"), _("This field is required."));
    permit_assert_message (permit_field ("parking_spaces"), _("Enter a whole number."));
    permit_type_into (permit_cell ("floors", 0, "area_m2"), "99999999");
    permit_next_refused ("construction");
    g_assert_nonnull (pk_form_field_get_error (permit_cell ("floors", 0, "area_m2")));
    if (pk_test_gui_persian ())
      g_assert_true (pk_test_has_persian_digit (
                       pk_form_field_get_error (permit_cell ("floors", 0, "area_m2"))));
    permit_type_into (permit_cell ("floors", 0, "area_m2"), "12.345");
    permit_next_refused ("construction");
    permit_assert_message (permit_cell ("floors", 0, "area_m2"),
                           _("Use at most two digits after the decimal point."));

    permit_type_into (permit_cell ("floors", 0, "area_m2"), ground_persian);
    g_assert_true (pk_form_field_add_row (permit_field ("floors")));
    permit_type_into (permit_cell ("floors", 1, "level"), "۱");
    permit_type_into (permit_cell ("floors", 1, "use"), "residential");
    permit_type_into (permit_cell ("floors", 1, "area_m2"), ground_text);
    permit_type_into (permit_cell ("floors", 1, "units"), "1");
    /* A third row, then removed: rows come and go within min/max. */
    g_assert_true (pk_form_field_add_row (permit_field ("floors")));
    g_assert_cmpuint (pk_form_field_get_n_rows (permit_field ("floors")), ==, 3);
    g_assert_true (pk_form_field_remove_row (permit_field ("floors"), 2));
    g_assert_cmpuint (pk_form_field_get_n_rows (permit_field ("floors")), ==, 2);
    permit_type_into (permit_field ("structure"), "concrete");
    permit_type_into (permit_field ("parking_spaces"), "۲");
  }
  permit_screenshot ("permit-4-construction.png");
}

/* Back and forward keep every value. */
static void
chapter_back_and_forth (void)
{
  PermitStory *s = permit_story ();

  pk_test_click (GTK_WIDGET (s->window), "permit.back");
  pk_test_click (GTK_WIDGET (s->window), "permit.back");
  g_assert_cmpstr (pk_permit_wizard_get_step (s->wizard), ==, "applicants");
  g_assert_cmpstr (gtk_editable_get_text (pk_form_field_get_editable (
                     permit_cell ("applicants", 1, "last_name"))), ==, "احمدی");
  permit_next_accepted ("applicants", "property");
  permit_next_accepted ("property", "construction");
  g_assert_cmpstr (gtk_editable_get_text (pk_form_field_get_editable (
                     permit_field ("parking_spaces"))), ==, "۲");
  permit_next_accepted ("construction", "documents");
}

/* Real files: one that lies about its type, one too large, one of the wrong kind. */
static void
chapter_documents (void)
{
  PermitStory *s = permit_story ();

  permit_next_refused ("documents");
  g_assert_cmpstr (pk_permit_wizard_get_document_error (s->wizard, "DEED"), ==,
                   _("Attach this document."));
  permit_attach ("PLANS", s->liar);
  g_assert_false (pk_permit_wizard_has_document (s->wizard, "PLANS"));
  g_assert_cmpstr (pk_permit_wizard_get_document_error (s->wizard, "PLANS"), ==,
                   _("The file's contents do not match its name: it is not what it claims to be."
                     " Attach the original file."));
  permit_attach ("DEED", s->huge);
  g_assert_false (pk_permit_wizard_has_document (s->wizard, "DEED"));
  {
    g_autofree char *start = g_strndup (_("The file is too large: at most %s MB."), 8);

    g_assert_true (g_str_has_prefix (pk_permit_wizard_get_document_error (s->wizard, "DEED"),
                                     start));
  }
  permit_attach ("ENGINEER_COMMITMENT", s->png);
  g_assert_cmpstr (pk_permit_wizard_get_document_error (s->wizard, "ENGINEER_COMMITMENT"), ==,
                   _("This document must be a PDF file."));
  permit_attach ("DEED", s->png);
  permit_attach ("NATIONAL_ID_CARD", s->card);
  permit_attach ("PLANS", s->pdf);
  permit_attach ("ENGINEER_COMMITMENT", s->pdf);
  permit_attach ("INSURANCE", s->pdf);
  for (guint i = 0; i < 5; i++)
    {
      const char *codes[] = {
        "DEED", "NATIONAL_ID_CARD", "PLANS", "ENGINEER_COMMITMENT", "INSURANCE",
      };

      g_assert_true (pk_permit_wizard_has_document (s->wizard, codes[i]));
      g_assert_null (pk_permit_wizard_get_document_error (s->wizard, codes[i]));
    }
  {
    g_autoptr(GPtrArray) pictures = g_ptr_array_new ();
    guint shown = 0;

    pk_test_collect_type (GTK_WIDGET (s->wizard), GTK_TYPE_PICTURE, pictures);
    for (guint i = 0; i < pictures->len; i++)
      shown += gtk_picture_get_paintable (pictures->pdata[i]) != NULL &&
               gtk_widget_get_mapped (pictures->pdata[i]);
    g_assert_cmpuint (shown, ==, 2);   /* thumbnails of the two images */
  }
  g_assert_null (pk_test_find_label_with_class (GTK_WIDGET (s->wizard), "wizard-error"));
  permit_screenshot ("permit-5-documents.png");
  permit_next_accepted ("documents", "fees");
}

/* A fee receipt half filled, then a negative amount, then a good one. */
static void
chapter_fees (void)
{
  permit_wait_idle ();
  permit_type_into (permit_field ("reference"), "RC-4021-77");
  permit_next_refused ("fees");
  permit_assert_message (permit_field ("amount_rial"),
                         _("Enter both the receipt reference and the amount paid, or neither."));
  permit_type_into (permit_field ("amount_rial"), "-1");
  permit_next_refused ("fees");
  permit_assert_message (permit_field ("amount_rial"), _("The amount cannot be negative."));
  permit_type_into (permit_field ("amount_rial"), "۲۵۰۰۰۰۰");
  permit_screenshot ("permit-6-fees.png");
  permit_next_accepted ("fees", "review");
}

/* The review checks the zoning rules: all met. */
static void
chapter_review (void)
{
  PermitStory *s = permit_story ();

  permit_wait_idle ();
  {
    g_autoptr(GPtrArray) labels = pk_test_collect_labels (GTK_WIDGET (s->wizard));
    guint ticks = 0, crosses = 0;

    for (guint i = 0; i < labels->len; i++)
      {
        ticks += g_str_equal (gtk_label_get_label (labels->pdata[i]), "✓");
        crosses += g_str_equal (gtk_label_get_label (labels->pdata[i]), "✗");
      }
    g_assert_cmpuint (ticks, ==, 3);   /* floors, occupancy, density */
    g_assert_cmpuint (crosses, ==, 0);
  }
}

/* The bench: page switches from review to the first step and back. */
static void
chapter_page_switches (void)
{
  permit_bench_page_switch ();
}

/* Submit is refused until the terms are accepted. */
static void
chapter_terms (void)
{
  PermitStory *s = permit_story ();

  pk_test_click (GTK_WIDGET (s->window), "permit.submit");
  pk_test_settle ();
  g_assert_cmpstr (pk_permit_wizard_get_step (s->wizard), ==, "review");
  permit_assert_message (permit_field ("accept_terms"), _("This must be accepted to continue."));
  g_assert_null (pk_permit_wizard_get_saved_item (s->wizard));
  permit_type_into (permit_field ("accept_terms"), "true");
  permit_screenshot ("permit-7-review.png");
}

void
permit_add_wizard_chapters (void)
{
  permit_story_add ("/gui/permit/wizard/opens-on-service", NULL, chapter_opens_on_service);
  permit_story_add ("/gui/permit/wizard/service", NULL, chapter_service);
  permit_story_add ("/gui/permit/wizard/applicants", NULL, chapter_applicants);
  permit_story_add ("/gui/permit/wizard/property", NULL, chapter_property);
  permit_story_add ("/gui/permit/wizard/construction", NULL, chapter_construction);
  permit_story_add ("/gui/permit/wizard/back-and-forth-keeps-values", NULL, chapter_back_and_forth);
  permit_story_add ("/gui/permit/wizard/documents", NULL, chapter_documents);
  permit_story_add ("/gui/permit/wizard/fees", NULL, chapter_fees);
  permit_story_add ("/gui/permit/wizard/review", NULL, chapter_review);
  permit_story_add ("/gui/permit/wizard/page-switches", NULL, chapter_page_switches);
  permit_story_add ("/gui/permit/wizard/terms", NULL, chapter_terms);
}
