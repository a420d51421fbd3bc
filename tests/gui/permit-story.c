/* permit-story.c — the chapters of the permit story and the helpers they share
 *
 * Each chapter is a subtest that starts where the one it needs left the window. Run in order,
 * every chapter runs once; a chapter run alone (-p) first runs the chapters it needs, with
 * their assertions, so the state it starts from is the real one and not a copy of it.
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "permit-story.h"

typedef struct
{
  char      *path;
  guint      needs;   /* index of the chapter this one starts after */
  GTestFunc  body;
} Chapter;

static PermitStory story;
static GPtrArray *chapters;   /* of Chapter, in the order of the story */
static guint next_chapter;

PermitStory *
permit_story (void)
{
  return &story;
}

static void
run_chapter (gconstpointer data)
{
  const Chapter *chapter = data;
  guint index;

  if (!g_ptr_array_find (chapters, chapter, &index))
    g_error ("%s is not a chapter of the story", chapter->path);
  if (next_chapter > index)
    g_error ("%s ran after a later chapter of the story", chapter->path);
  story.app = pk_test_app ();
  story.window = pk_test_window ();
  /* The state this chapter starts from, told by the chapters before it. */
  while (next_chapter < index && next_chapter <= chapter->needs)
    {
      const Chapter *before = chapters->pdata[next_chapter++];

      g_test_message ("first: %s", before->path);
      before->body ();
    }
  next_chapter = index + 1;
  chapter->body ();
}

static void
chapter_free (gpointer data)
{
  Chapter *chapter = data;

  g_free (chapter->path);
  g_free (chapter);
}

/**
 * permit_story_add:
 * @needs: (nullable): the path of the chapter this one starts after; %NULL for the one added
 *   before it
 *
 * Adds the next chapter of the story as the subtest @path. Chapters are added in the order of
 * the story, and their paths must keep GTest's order the same (a suite's own cases run before
 * its child suites).
 */
void
permit_story_add (const char *path,
                  const char *needs,
                  GTestFunc   body)
{
  Chapter *chapter = g_new0 (Chapter, 1);

  if (chapters == NULL)
    chapters = g_ptr_array_new_with_free_func (chapter_free);
  chapter->path = g_strdup (path);
  chapter->body = body;
  chapter->needs = chapters->len > 0 ? chapters->len - 1 : 0;
  for (guint i = 0; needs != NULL && i <= chapters->len; i++)
    {
      if (i == chapters->len)
        g_error ("%s needs %s, which is not a chapter before it", path, needs);
      if (g_str_equal (((Chapter *) chapters->pdata[i])->path, needs))
        {
          chapter->needs = i;
          break;
        }
    }
  g_ptr_array_add (chapters, chapter);
  g_test_add_data_func (path, chapter, run_chapter);
}

/* After the last chapter: the files go, and the first visits of each step are reported. */
void
permit_story_end (void)
{
  if (story.dir != NULL)
    {
      g_autoptr(GDir) d = g_dir_open (story.dir, 0, NULL);
      const char *name;

      while (d && (name = g_dir_read_name (d)))
        {
          g_autofree char *child = g_build_filename (story.dir, name, NULL);

          g_unlink (child);
        }
      g_rmdir (story.dir);
    }
  g_clear_pointer (&story.dir, g_free);
  g_clear_pointer (&story.png, g_free);
  g_clear_pointer (&story.card, g_free);
  g_clear_pointer (&story.pdf, g_free);
  g_clear_pointer (&story.liar, g_free);
  g_clear_pointer (&story.huge, g_free);
  g_clear_pointer (&story.receipt, g_free);
  g_clear_pointer (&story.nid1, g_free);
  g_clear_pointer (&story.nid2, g_free);
  g_clear_pointer (&story.nid2_arabic, g_free);
  g_clear_pointer (&story.tracking, g_free);
  g_clear_pointer (&story.known.renovation_code, g_free);
  g_clear_pointer (&chapters, g_ptr_array_unref);
  permit_bench_report_first_visits ();
}

/* ---- values ---- */

/* A national ID with a correct check digit. */
char *
permit_national_id (const char *first9)
{
  int sum = 0, r;

  for (int i = 0; i < 9; i++)
    sum += (first9[i] - '0') * (10 - i);
  r = sum % 11;
  return g_strdup_printf ("%s%d", first9, r < 2 ? r : 11 - r);
}

char *
permit_to_digits (const char *ascii,
                  gunichar    zero)
{
  GString *out = g_string_new (NULL);

  for (const char *p = ascii; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_unichar (out, zero + (*p - '0'));
    else
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/* A tracking code as the inquiry page shows one (and its slip prints it): Latin
 * digits, isolated left to right. */
char *
permit_tracking_as_shown (const char *code)
{
  return g_strconcat ("\u2066", code, "\u2069", NULL);
}

/* The text of a PDF as poppler reads it. */
char *
permit_pdf_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char *[]) { "pdftotext", "-enc", "UTF-8", (char *) path, "-", NULL }, NULL,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

char *
permit_sha256_of (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* ---- conditions to wait on ---- */

static gboolean
receipt_saved (PkWindow *window,
               gpointer  data)
{
  return pk_permit_wizard_get_receipt_saved (story.wizard);
}

static gboolean
not_busy (PkWindow *window,
          gpointer  data)
{
  return !pk_permit_wizard_get_busy (story.wizard) &&
         pk_permit_wizard_get_n_attaching (story.wizard) == 0;
}

gboolean
permit_on_step (PkWindow *window,
                gpointer  step)
{
  return g_strcmp0 (pk_permit_wizard_get_step (story.wizard), step) == 0;
}

gboolean
permit_delivered (PkWindow *window,
                  gpointer  data)
{
  PkOutboxItem *item = pk_permit_wizard_get_saved_item (story.wizard);

  return item != NULL && pk_outbox_item_get_tracking_code (item) != NULL;
}

gboolean
permit_stack_still (PkWindow *window,
                    gpointer  stack)
{
  return !gtk_stack_get_transition_running (stack);
}

gboolean
permit_left_result (PkWindow *window,
                    gpointer  data)
{
  PkOutboxItem *item = pk_permit_wizard_get_saved_item (story.wizard);

  return g_strcmp0 (pk_permit_wizard_get_step (story.wizard), "result") != 0 &&
         item != NULL && pk_outbox_item_get_state (item) == PK_OUTBOX_STATE_FAILED;
}

/* Saves the receipt slip of the application just saved to @path and waits until it is
 * written: the main loop runs until the wizard says so, not for a fixed time. */
void
permit_save_receipt (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  pk_permit_wizard_save_receipt (story.wizard, file);
  pk_test_wait_until (story.window, receipt_saved, NULL, "the receipt to be saved");
}

void
permit_wait_idle (void)
{
  pk_test_wait_until (story.window, not_busy, NULL, "the wizard to finish its work");
  pk_test_settle ();
}

/* ---- the wizard's fields, as the operator reaches them ---- */

PkFormField *
permit_field (const char *name)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();

  pk_test_collect_type (GTK_WIDGET (story.wizard), PK_TYPE_FORM_FIELD, fields);
  for (guint i = 0; i < fields->len; i++)
    if (g_strcmp0 (pk_form_field_get_name (fields->pdata[i]), name) == 0)
      return fields->pdata[i];
  g_error ("no form field %s", name);
}

PkFormField *
permit_cell (const char *group,
             guint       row,
             const char *name)
{
  PkFormField *f = pk_form_field_get_row_field (permit_field (group), row, name);

  g_assert_nonnull (f);
  return f;
}

void
permit_type_into (PkFormField *f,
                  const char  *text)
{
  GtkEditable *editable = pk_form_field_get_editable (f);

  if (editable != NULL)
    gtk_editable_set_text (editable, text);
  else
    pk_form_field_set_text (f, text);
}

/* Presses Next and checks the wizard stays where it is. */
void
permit_next_refused (const char *step)
{
  pk_test_click (GTK_WIDGET (story.window), "permit.next");
  pk_test_settle ();
  g_assert_cmpstr (pk_permit_wizard_get_step (story.wizard), ==, step);
}

/* Presses Next and checks the wizard went on; a step's first visit is timed for the bench. */
void
permit_next_accepted (const char *from,
                      const char *to)
{
  g_assert_cmpstr (pk_permit_wizard_get_step (story.wizard), ==, from);
  permit_bench_press_next (to);
  pk_test_settle ();
  g_assert_cmpstr (pk_permit_wizard_get_step (story.wizard), ==, to);
}

void
permit_assert_message (PkFormField *f,
                       const char  *expected)
{
  const char *shown = pk_form_field_get_error (f);

  g_assert_cmpstr (shown, ==, expected);
  if (pk_test_gui_persian ())
    g_assert_true (pk_test_has_arabic_script (shown) || g_str_equal (shown, expected));
}

void
permit_screenshot (const char *name)
{
  pk_test_settle ();
  pk_test_save_screenshot (GTK_WIDGET (story.window), name);
}

void
permit_attach (const char *code,
               const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  pk_permit_wizard_attach_file (story.wizard, code, file);
  permit_wait_idle ();
}

/* Takes a started wizard from the service step to review with valid values, quickly. */
void
permit_fill_valid (const char *nid)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autofree char *area = g_strdup_printf ("%.2f", story.ground);
  const char *images[] = { "DEED", "NATIONAL_ID_CARD" };
  const char *pdfs[] = { "PLANS", "ENGINEER_COMMITMENT", "INSURANCE" };

  permit_wait_idle ();
  pk_test_collect_type (GTK_WIDGET (story.wizard), GTK_TYPE_ENTRY, entries);
  gtk_editable_set_text (entries->pdata[0], story.known.renovation_code);
  pk_test_click (GTK_WIDGET (story.window), "permit.find-parcel");
  permit_wait_idle ();
  g_assert_true (pk_permit_wizard_select_service (story.wizard, "NEW_BUILD"));
  permit_next_accepted ("service", "applicants");
  permit_type_into (permit_cell ("applicants", 0, "first_name"), "زهرا");
  permit_type_into (permit_cell ("applicants", 0, "last_name"), "کریمی");
  permit_type_into (permit_cell ("applicants", 0, "national_id"), nid);
  permit_type_into (permit_cell ("applicants", 0, "mobile"), "09131234567");
  permit_type_into (permit_cell ("applicants", 0, "share_percent"), "100");
  permit_next_accepted ("applicants", "property");
  permit_type_into (permit_field ("engineer_license"), "1-22-333");
  permit_type_into (permit_field ("contact_mobile"), "09131234567");
  permit_next_accepted ("property", "construction");
  for (guint r = 0; r < 2; r++)
    {
      g_autofree char *level = g_strdup_printf ("%u", r);

      if (r > 0)
        g_assert_true (pk_form_field_add_row (permit_field ("floors")));
      permit_type_into (permit_cell ("floors", r, "level"), level);
      permit_type_into (permit_cell ("floors", r, "use"), "residential");
      permit_type_into (permit_cell ("floors", r, "area_m2"), area);
      permit_type_into (permit_cell ("floors", r, "units"), "1");
    }
  permit_type_into (permit_field ("structure"), "steel");
  permit_type_into (permit_field ("parking_spaces"), "1");
  permit_next_accepted ("construction", "documents");
  for (guint i = 0; i < G_N_ELEMENTS (images); i++)
    permit_attach (images[i], story.png);
  for (guint i = 0; i < G_N_ELEMENTS (pdfs); i++)
    permit_attach (pdfs[i], story.pdf);
  permit_next_accepted ("documents", "fees");
  permit_wait_idle ();
  permit_next_accepted ("fees", "review");
  permit_wait_idle ();
  permit_type_into (permit_field ("accept_terms"), "true");
}
