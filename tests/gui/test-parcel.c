/* test-parcel.c — an operator looks parcels up in the real window against the training
 * sandbox, with bad input, unknown codes, every digit system and each search mode.
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "gui-test-util.h"
#include "pk-office-day.h"
#include "pk-inquiry-page.h"
#include "pk-parcel-page.h"
#include "pk-format.h"
#include "pk-text.h"
#include "print-test-util.h"

typedef struct
{
  char *renovation_code;
  char *postal_code;
  char *address;
  int   parcels_with_postal_code;
} KnownParcel;

/* What the sandbox stores, read straight from its database: the UI must show exactly this. */
static void
read_known_parcel (KnownParcel *known)
{
  g_autofree char *path = pk_test_sandbox_db_path ();
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                     "SELECT p.renovation_code, p.postal_code, p.address_fa,"
                     " (SELECT count(*) FROM parcels q WHERE q.postal_code = p.postal_code)"
                     " FROM parcels p ORDER BY p.renovation_code LIMIT 1 OFFSET 17",
                     -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  known->renovation_code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  known->postal_code = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  known->address = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  known->parcels_with_postal_code = sqlite3_column_int (stmt, 3);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static PkParcelPage *
parcel_page (PkWindow *window)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();

  pk_test_collect_type (GTK_WIDGET (window), PK_TYPE_PARCEL_PAGE, pages);
  g_assert_cmpuint (pages->len, ==, 1);
  return pages->pdata[0];
}

static GtkEditable *
search_entry (PkWindow *window)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  pk_test_collect_type (GTK_WIDGET (parcel_page (window)), GTK_TYPE_ENTRY, entries);
  g_assert_cmpuint (entries->len, ==, 1);
  return entries->pdata[0];
}

static gboolean
search_done (PkWindow *window,
             gpointer  data)
{
  return !pk_parcel_page_get_busy (parcel_page (window));
}

static const char *
field_error (PkWindow *window)
{
  GtkLabel *label = pk_test_find_label_with_class (GTK_WIDGET (parcel_page (window)), "field-error");

  return label ? gtk_label_get_label (label) : NULL;
}

static void
search (PkWindow   *window,
        const char *text)
{
  gtk_editable_set_text (search_entry (window), text);
  pk_test_click (GTK_WIDGET (window), "parcel.search");
  pk_test_wait_until (window, search_done, NULL, "the search");
  pk_test_settle ();
}

static gboolean
label_contains (PkWindow   *window,
                const char *text)
{
  g_autoptr(GPtrArray) labels = pk_test_collect_labels (GTK_WIDGET (parcel_page (window)));

  for (guint i = 0; i < labels->len; i++)
    if (strstr (gtk_label_get_label (labels->pdata[i]), text) != NULL)
      return TRUE;
  return FALSE;
}

static void
press_keypad (PkWindow   *window,
              const char *keys)
{
  for (const char *k = keys; *k; k++)
    {
      g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
      char key[2] = { *k, '\0' };
      gboolean pressed = FALSE;

      pk_test_collect_type (GTK_WIDGET (parcel_page (window)), GTK_TYPE_BUTTON, buttons);
      for (guint i = 0; i < buttons->len && !pressed; i++)
        {
          GVariant *target = gtk_actionable_get_action_target_value (buttons->pdata[i]);

          if (target && g_variant_is_of_type (target, G_VARIANT_TYPE_STRING) &&
              g_str_equal (g_variant_get_string (target, NULL), key))
            {
              g_signal_emit_by_name (buttons->pdata[i], "clicked");
              pressed = TRUE;
            }
        }
      g_assert_true (pressed);
    }
}

static PkInquiryPage *
inquiry_page (PkWindow *window)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();

  pk_test_collect_type (GTK_WIDGET (window), PK_TYPE_INQUIRY_PAGE, pages);
  g_assert_cmpuint (pages->len, ==, 1);
  return pages->pdata[0];
}

static gboolean
inquiry_idle (PkWindow *window,
              gpointer  data)
{
  return !pk_inquiry_page_get_busy (inquiry_page (window));
}

static gboolean
not_printing (PkWindow *window,
              gpointer  data)
{
  return !pk_inquiry_page_get_printing (inquiry_page (window));
}

static guint
count_prints (PkWindow     *window,
              PkApiInquiry *inquiry)
{
  PkApplication *app = PK_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  g_autoptr(GDate) today = pk_office_day_today ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  guint n = 0;

  pk_test_settle ();
  entries = pk_journal_list_day (pk_application_get_journal (app), today, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      PkJournalEntry *entry = g_ptr_array_index (entries, i);

      if (entry->kind == PK_JOURNAL_KIND_PRINT &&
          g_strcmp0 (entry->tracking_code, inquiry->tracking_code) == 0)
        n++;
    }
  return n;
}

/* The documents the printer kept (it keeps job attributes next to them too). */
/* The slip through libcups to a real IPP printer (ippeveprinter on loopback): journaled as
 * printed only once the job completed; a printer that is gone is reported, and not journaled. */
static void
print_slip (PkWindow      *window,
            PkInquiryPage *page,
            PkApiInquiry  *inquiry)
{
  PkApplication *app = PK_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  PtPrinter *printer = pt_printer_start (NULL);
  GtkLabel *error_label;

  pk_settings_set_printer_name (pk_application_get_settings (app), printer->uri);
  pk_test_click (GTK_WIDGET (window), "inquiry.print");
  pk_test_wait_until (window, not_printing, NULL, "the print job");
  g_assert_null (pk_test_find_label_with_class (GTK_WIDGET (page), "field-error"));
  g_assert_cmpuint (pk_test_count_pdfs (printer->spool_dir), ==, 1);
  g_assert_cmpuint (count_prints (window, inquiry), ==, 1);

  /* The printer goes away: the operator is told, and nothing more is journaled. */
  pt_printer_stop (printer);
  pk_test_click (GTK_WIDGET (window), "inquiry.print");
  pk_test_wait_until (window, not_printing, NULL, "the failed print job");
  error_label = pk_test_find_label_with_class (GTK_WIDGET (page), "field-error");
  g_assert_nonnull (error_label);
  g_assert_true (pk_test_has_arabic_script (gtk_label_get_label (error_label)));
  g_assert_cmpuint (count_prints (window, inquiry), ==, 1);
  pk_settings_set_printer_name (pk_application_get_settings (app), "");
}

/* From the parcel card to a zoning inquiry: the fee sheet is the server's, item by item, and
 * its slip is one A4 page. */
static void
run_inquiry (PkWindow    *window,
             PkApiParcel *parcel)
{
  PkInquiryPage *page;
  PkApiInquiry *inquiry;
  gint64 sum = 0;
  g_autofree char *total = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *info = NULL;
  const char *pdfinfo_argv[] = { "pdfinfo", NULL, NULL };
  int status = -1;
  GtkLabel *total_label;

  pk_test_click (GTK_WIDGET (window), "parcel.inquiry");
  g_assert_cmpstr (pk_window_get_visible_page (window), ==, "inquiry");
  page = inquiry_page (window);
  pk_test_wait_until (window, inquiry_idle, NULL, "the service catalogue");
  g_assert_true (pk_inquiry_page_select_service (page, "NEW_BUILD"));
  g_assert_false (pk_inquiry_page_select_service (page, "NO_SUCH_SERVICE"));

  pk_test_click (GTK_WIDGET (window), "inquiry.run");
  pk_test_wait_until (window, inquiry_idle, NULL, "the inquiry");
  pk_test_settle ();
  inquiry = pk_inquiry_page_get_inquiry (page);
  g_assert_nonnull (inquiry);
  g_assert_cmpstr (inquiry->renovation_code, ==, parcel->renovation_code);
  g_assert_cmpstr (inquiry->service_code, ==, "NEW_BUILD");
  g_assert_cmpuint (inquiry->fee_items->len, >, 0);
  for (guint i = 0; i < inquiry->fee_items->len; i++)
    sum += ((PkApiFeeItem *) g_ptr_array_index (inquiry->fee_items, i))->amount_rial;
  g_assert_cmpint (sum, ==, inquiry->total_rial);

  /* The total on screen is the server's, in Persian digits and Rial. */
  total = pk_format_amount (inquiry->total_rial, PK_AMOUNT_UNIT_RIAL, PK_LANGUAGE_PERSIAN);
  total_label = pk_test_find_label_with_class (GTK_WIDGET (page), "fee-total");
  g_assert_nonnull (total_label);
  g_assert_cmpstr (gtk_label_get_label (total_label), ==, total);
  pk_test_save_screenshot (GTK_WIDGET (window), "inquiry-fa.png");

  /* The inquiry is on the office's journal, with its tracking code and total, and the chain
   * still verifies. */
  {
    PkApplication *app = PK_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
    PkJournal *journal = pk_application_get_journal (app);
    g_autoptr(GDate) today = pk_office_day_today ();
    g_autoptr(GPtrArray) entries = NULL;
    PkJournalVerification verification = { 0 };
    gboolean found = FALSE;

    pk_test_settle ();
    entries = pk_journal_list_day (journal, today, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < entries->len; i++)
      {
        PkJournalEntry *entry = g_ptr_array_index (entries, i);

        if (entry->kind == PK_JOURNAL_KIND_INQUIRY &&
            g_strcmp0 (entry->tracking_code, inquiry->tracking_code) == 0)
          {
            g_assert_true (entry->has_amount);
            g_assert_cmpint (entry->amount_rial, ==, inquiry->total_rial);
            g_assert_cmpstr (entry->service_code, ==, "NEW_BUILD");
            found = TRUE;
          }
      }
    g_assert_true (found);
    g_assert_true (pk_journal_verify (journal, &verification, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (verification.first_broken_seq, ==, 0);
  }

  pdf = pk_inquiry_page_render_slip (page, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);
  pdf_path = g_build_filename (g_getenv ("PK_SCREENSHOT_DIR") ? g_getenv ("PK_SCREENSHOT_DIR") : ".",
                               "inquiry-slip.pdf", NULL);
  g_assert_true (g_file_set_contents (pdf_path, g_bytes_get_data (pdf, NULL),
                                      (gssize) g_bytes_get_size (pdf), NULL));
  pdfinfo_argv[1] = pdf_path;
  g_assert_true (g_spawn_sync (NULL, (char **) pdfinfo_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &info, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_regex_match_simple ("^Pages:\\s+1$", info, G_REGEX_MULTILINE, 0));
  g_assert_nonnull (strstr (info, "595.276 x 841.89"));

  print_slip (window, page, inquiry);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-home", NULL);
  pk_test_click (GTK_WIDGET (window), "home.parcel");
}

static void
scenario (PkApplication *app,
          PkWindow      *window,
          gpointer       data)
{
  const PkSandboxAccount *account = pk_test_training_account ("operator");
  KnownParcel known = { 0 };
  g_autofree char *persian_code = NULL;
  g_autofree char *persian_postal = NULL;
  g_autofree char *short_code = NULL;
  PkApiParcel *parcel;

  pk_test_sign_in (window, account->office_code, account->username, account->password);
  pk_test_wait_until (window, pk_test_page_is, (gpointer) "home", "the home page");
  read_known_parcel (&known);

  pk_test_click (GTK_WIDGET (window), "home.parcel");
  g_assert_cmpstr (pk_window_get_visible_page (window), ==, "parcel");

  /* Malformed input is refused before anything is sent, with a Persian message. */
  search (window, "12-ab");
  g_assert_nonnull (field_error (window));
  g_assert_true (pk_test_has_arabic_script (field_error (window)));
  g_assert_null (pk_parcel_page_get_parcel (parcel_page (window)));
  search (window, "\u202E03-012");
  g_assert_nonnull (field_error (window));
  {
    g_autofree char *huge = g_strnfill (10000, '7');

    search (window, huge);
    g_assert_nonnull (field_error (window));
  }

  /* Well formed but unknown: the server says so, in words. */
  search (window, "99-999-999-999-999-999");
  g_assert_nonnull (field_error (window));
  g_assert_true (pk_test_has_arabic_script (field_error (window)));
  g_assert_null (pk_parcel_page_get_parcel (parcel_page (window)));

  /* A real code typed in Persian digits finds the parcel the sandbox has. */
  persian_code = pk_text_digits_to_persian (known.renovation_code);
  search (window, persian_code);
  g_assert_null (field_error (window));
  parcel = pk_parcel_page_get_parcel (parcel_page (window));
  g_assert_nonnull (parcel);
  g_assert_cmpstr (parcel->renovation_code, ==, known.renovation_code);
  g_assert_true (label_contains (window, known.address));
  {
    g_autofree char *shown = pk_format_identifier (known.renovation_code, PK_LANGUAGE_PERSIAN);

    g_assert_true (label_contains (window, shown));
  }
  g_assert_cmpuint (parcel->polygon->len, >=, 4);
  pk_test_save_screenshot (GTK_WIDGET (window), "parcel-fa.png");

  /* The on-screen keypad types the same code, unpadded segments and all. */
  {
    g_auto(GStrv) segments = g_strsplit (known.renovation_code, "-", -1);
    g_autoptr(GString) typed = g_string_new (NULL);

    for (guint i = 0; segments[i]; i++)
      {
        const char *s = segments[i];

        while (s[0] == '0' && s[1] != '\0')
          s++;
        if (i > 0)
          g_string_append_c (typed, '-');
        g_string_append (typed, s);
      }
    short_code = g_string_free (g_steal_pointer (&typed), FALSE);
  }
  gtk_editable_set_text (search_entry (window), "");
  press_keypad (window, short_code);
  pk_test_click (GTK_WIDGET (window), "parcel.search");
  pk_test_wait_until (window, search_done, NULL, "the keypad search");
  parcel = pk_parcel_page_get_parcel (parcel_page (window));
  g_assert_nonnull (parcel);
  g_assert_cmpstr (parcel->renovation_code, ==, known.renovation_code);
  run_inquiry (window, parcel);

  /* By postal code, in Arabic-Indic digits this time. */
  {
    g_autoptr(GPtrArray) toggles = g_ptr_array_new ();

    pk_test_collect_type (GTK_WIDGET (parcel_page (window)), GTK_TYPE_TOGGLE_BUTTON, toggles);
    g_assert_cmpuint (toggles->len, ==, 3);
    gtk_toggle_button_set_active (toggles->pdata[1], TRUE);
  }
  persian_postal = g_strdup (known.postal_code);
  for (char *p = persian_postal; *p; p++)
    g_assert_true (g_ascii_isdigit (*p));
  {
    GString *arabic = g_string_new (NULL);
    g_autofree char *typed = NULL;

    for (const char *p = known.postal_code; *p; p++)
      g_string_append_unichar (arabic, 0x0660 + (*p - '0'));
    typed = g_string_free (arabic, FALSE);
    search (window, typed);
  }
  g_assert_null (field_error (window));
  if (known.parcels_with_postal_code == 1)
    {
      parcel = pk_parcel_page_get_parcel (parcel_page (window));
      g_assert_nonnull (parcel);
      g_assert_cmpstr (parcel->postal_code, ==, known.postal_code);
    }
  else
    g_assert_true (label_contains (window, known.address));

  search (window, "123");
  g_assert_nonnull (field_error (window));

  /* Signing out leaves nothing of this search for the next person. */
  pk_test_click (GTK_WIDGET (window), "win.logout");
  g_assert_null (pk_parcel_page_get_parcel (parcel_page (window)));
  g_assert_cmpstr (gtk_editable_get_text (search_entry (window)), ==, "");

  g_free (known.renovation_code);
  g_free (known.postal_code);
  g_free (known.address);
}

static void
test_parcel (void)
{
  pk_test_gui_run (FALSE, scenario, NULL);
}

int
main (int   argc,
      char *argv[])
{
  pk_test_gui_init (&argc, &argv);
  g_test_add_func ("/gui/parcel", test_parcel);
  return g_test_run ();
}
