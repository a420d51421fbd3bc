/* test-permit-submit.c — the permit story after the review: the application is saved, delivered
 * with a tracking code and stored whole by the sandbox, its receipt printed, the wizard cleared
 * for the next citizen; then a server that refuses it, and one unreachable at submit
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "permit-story.h"
#include "pk-api-error.h"
#include "pk-outbox-sender.h"
#include "pk-submitter.h"

/* A central API that refuses every application the way the real one does on a validation
 * error: 422 with per-field codes. Uploads are accepted. */
#define TEST_TYPE_REFUSING_SUBMITTER (test_refusing_submitter_get_type ())
G_DECLARE_FINAL_TYPE (TestRefusingSubmitter, test_refusing_submitter, TEST, REFUSING_SUBMITTER,
                      GObject)

struct _TestRefusingSubmitter
{
  GObject  parent_instance;
  guint    submits;
  guint    unreachable;  /* when set: that many network failures, then a receipt */
  gboolean flaky;
};

static void test_refusing_submitter_iface_init (PkSubmitterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestRefusingSubmitter, test_refusing_submitter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PK_TYPE_SUBMITTER,
                                                      test_refusing_submitter_iface_init))

static void
refusing_upload_async (PkSubmitter         *self,
                       PkOutboxDocument    *document,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  PkApiDocument *doc = pk_api_document_new ();

  doc->document_id = g_strdup_printf ("DOC-TEST-%u", document->position);
  doc->sha256 = g_strdup (document->sha256);
  doc->size = document->size;
  doc->content_type = g_strdup (document->content_type);
  doc->filename = g_strdup (document->filename);
  g_task_return_pointer (task, doc, (GDestroyNotify) pk_api_document_unref);
}

static PkApiDocument *
refusing_upload_finish (PkSubmitter   *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
refusing_submit_async (PkSubmitter         *self,
                       const char          *idempotency_key,
                       const char          *body_json,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);

  TestRefusingSubmitter *fake = TEST_REFUSING_SUBMITTER (self);

  fake->submits++;
  if (fake->flaky)
    {
      PkApiSubmission *receipt;

      if (fake->submits <= fake->unreachable)
        {
          g_task_return_new_error (task, PK_API_ERROR, PK_API_ERROR_NETWORK, "unreachable");
          return;
        }
      receipt = pk_api_submission_new ();
      receipt->application_id = g_strdup ("APP-TEST-1");
      receipt->tracking_code = g_strdup ("PK2468013579");
      receipt->status = PK_API_APPLICATION_STATUS_SUBMITTED;
      receipt->status_name = g_strdup ("submitted");
      receipt->submitted_at = g_date_time_new_now_utc ();
      g_task_return_pointer (task, receipt, (GDestroyNotify) pk_api_submission_unref);
      return;
    }
  g_hash_table_insert (fields, "applicants[0].national_id", "checksum");
  g_hash_table_insert (fields, "fields.floors[1].area_m2", "out_of_range");
  g_task_return_error (task,
                       pk_api_error_new_from_server (422, "validation", "نامعتبر", fields, 0));
}

static PkApiSubmission *
refusing_submit_finish (PkSubmitter   *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_refusing_submitter_iface_init (PkSubmitterInterface *iface)
{
  iface->upload_document_async = refusing_upload_async;
  iface->upload_document_finish = refusing_upload_finish;
  iface->submit_async = refusing_submit_async;
  iface->submit_finish = refusing_submit_finish;
}

static void
test_refusing_submitter_class_init (TestRefusingSubmitterClass *klass)
{
}

static void
test_refusing_submitter_init (TestRefusingSubmitter *self)
{
}


/* ---- the chapters ---- */

/* Saved at once with an idempotency key, then delivered: the tracking code in Latin digits. */
static void
chapter_tracking_code (void)
{
  PermitStory *s = permit_story ();

  pk_test_click (GTK_WIDGET (s->window), "permit.submit");
  pk_test_wait_until (s->window, permit_on_step, "result", "the application to be saved");
  g_assert_nonnull (pk_permit_wizard_get_saved_item (s->wizard));
  g_assert_cmpuint (strlen (pk_outbox_item_get_idempotency_key (
                              pk_permit_wizard_get_saved_item (s->wizard))), >=, 16);
  permit_screenshot ("permit-8-saved.png");
  pk_test_wait_until (s->window, permit_delivered, NULL, "the tracking code");
  pk_test_settle ();
  s->tracking = g_strdup (pk_outbox_item_get_tracking_code (
                            pk_permit_wizard_get_saved_item (s->wizard)));
  g_assert_true (g_str_has_prefix (s->tracking, "PK"));
  {
    GtkLabel *big = pk_test_find_label_with_class (GTK_WIDGET (s->wizard), "tracking-code");
    g_autofree char *expected = permit_tracking_as_shown (s->tracking);

    g_assert_nonnull (big);
    g_assert_cmpstr (gtk_label_get_label (big), ==, expected);
    g_assert_false (pk_test_has_persian_digit (gtk_label_get_label (big)));
  }
  permit_screenshot ("permit-9-tracking-code.png");
}

/* What the sandbox stored: the fields, the fee, both applicants and the documents, whole. */
static void
chapter_stored (void)
{
  PermitStory *s = permit_story ();
  g_autofree char *path = pk_test_sandbox_db_path ();
  g_autofree char *deed_sum = permit_sha256_of (s->png);
  g_autofree char *plans_sum = permit_sha256_of (s->pdf);
  g_autoptr(JsonParser) parser = json_parser_new ();
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  JsonObject *request, *fields;
  JsonArray *floors, *documents;
  char *app_id;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                     "SELECT id, service_code, renovation_code, floors, built_area, paid_rial,"
                     " username, request_json FROM applications WHERE tracking_code = ?",
                     -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, s->tracking, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  app_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "NEW_BUILD");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, s->known.renovation_code);
  g_assert_cmpint (sqlite3_column_int (stmt, 3), ==, 2);
  g_assert_cmpfloat_with_epsilon (sqlite3_column_double (stmt, 4), 2 * s->ground, 0.011);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 5), ==, 2500000);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 6), ==, s->operator->username);
  g_assert_true (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 7),
                                             -1, NULL));
  sqlite3_finalize (stmt);

  request = json_node_get_object (json_parser_get_root (parser));
  fields = json_object_get_object_member (request, "fields");
  g_assert_cmpstr (json_object_get_string_member (fields, "structure"), ==, "concrete");
  g_assert_cmpstr (json_object_get_string_member (fields, "engineer_license"), ==, "12-34-5678");
  g_assert_cmpstr (json_object_get_string_member (fields, "contact_mobile"), ==, "09121234567");
  g_assert_cmpint (json_object_get_int_member (fields, "parking_spaces"), ==, 2);
  g_assert_true (json_object_get_boolean_member (fields, "accept_terms"));
  floors = json_object_get_array_member (fields, "floors");
  g_assert_cmpuint (json_array_get_length (floors), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (floors, 1), "level"),
                   ==, 1);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (request, "fee_receipt"), "reference"),
                   ==, "RC-4021-77");
  documents = json_object_get_array_member (request, "documents");
  g_assert_cmpuint (json_array_get_length (documents), ==, 5);

  /* The documents arrived whole: the first is the deed image, the third the plans. */
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT sha256, content_type, filename FROM documents"
                                       " WHERE id = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, json_array_get_string_element (documents, 0), -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, deed_sum);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "image/png");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "deed.png");
  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, json_array_get_string_element (documents, 2), -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, plans_sum);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "application/pdf");
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                     "SELECT national_id, first_name, last_name FROM applicants"
                     " WHERE application_id = ? ORDER BY ord", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, app_id, -1, g_free);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, s->nid1);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "علی");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "رضایی");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, s->nid2);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "مریم");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* The receipt slip carries the code as the screen shows it. */
static void
chapter_receipt (void)
{
  PermitStory *s = permit_story ();
  g_autofree char *contents = NULL;
  gsize length = 0;

  permit_save_receipt (s->receipt);
  g_assert_true (g_file_get_contents (s->receipt, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  /* The slip carries the code as the screen shows it (a code drawn without digits says
   * nothing about them; the late delivery below has one with digits). */
  {
    g_autofree char *text = permit_pdf_text (s->receipt);

    g_assert_nonnull (strstr (text, s->tracking));
  }
}

/* The next citizen starts clean. */
static void
chapter_next_citizen (void)
{
  PermitStory *s = permit_story ();

  s->finished = TRUE;
  pk_test_click (GTK_WIDGET (s->window), "permit.new");
  g_assert_false (s->finished);   /* cleared by ::finished */
  g_assert_cmpstr (pk_permit_wizard_get_step (s->wizard), ==, "service");
  g_assert_null (pk_permit_wizard_get_parcel (s->wizard));
  g_assert_null (pk_permit_wizard_get_saved_item (s->wizard));
  g_assert_cmpstr (gtk_editable_get_text (pk_form_field_get_editable (
                     permit_cell ("applicants", 0, "first_name"))), ==, "");
}

/* A validation error from the server brings the operator back, fields marked. */
static void
chapter_refused (void)
{
  PermitStory *s = permit_story ();
  g_autofree char *outbox_path = g_build_filename (s->dir, "refused-outbox.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PkOutbox) outbox = pk_outbox_new_sync (outbox_path, NULL, &error);
  g_autoptr(TestRefusingSubmitter) refusing = g_object_new (TEST_TYPE_REFUSING_SUBMITTER, NULL);
  g_autoptr(PkOutboxSender) sender = NULL;
  PkPermitWizard *first = s->wizard;
  GtkStack *stack = GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (first)));

  g_assert_no_error (error);
  sender = pk_outbox_sender_new (outbox, PK_SUBMITTER (refusing), NULL);
  pk_outbox_sender_start (sender);
  s->wizard = PK_PERMIT_WIZARD (pk_permit_wizard_new (pk_application_get_client (s->app),
                                                   pk_application_get_settings (s->app), outbox,
                                                   pk_application_get_language (s->app)));
  gtk_stack_add_named (stack, GTK_WIDGET (s->wizard), "permit-refused");
  gtk_stack_set_visible_child_name (stack, "permit-refused");
  /* Both pages are on screen while the stack cross-fades: wait until only this one is. */
  pk_test_wait_until (s->window, permit_stack_still, stack, "the page transition");
  pk_permit_wizard_start (s->wizard, NULL, s->operator->username);
  permit_fill_valid (s->nid1);
  pk_test_click (GTK_WIDGET (s->window), "permit.submit");
  pk_test_wait_until (s->window, permit_left_result, NULL, "the refusal to come back");
  pk_test_settle ();
  /* The earliest step with a marked field: the applicants. */
  g_assert_cmpstr (pk_permit_wizard_get_step (s->wizard), ==, "applicants");
  g_assert_cmpstr (pk_form_field_get_error (permit_cell ("applicants", 0, "national_id")), ==,
                   pk_api_field_code_to_user_message ("checksum"));
  g_assert_cmpstr (pk_form_field_get_error (permit_cell ("floors", 1, "area_m2")), ==,
                   pk_api_field_code_to_user_message ("out_of_range"));
  g_assert_null (pk_form_field_get_error (permit_cell ("floors", 0, "area_m2")));
  g_assert_cmpuint (pk_outbox_get_n_failed (outbox), ==, 1);
  g_assert_cmpuint (refusing->submits, ==, 1);
  permit_screenshot ("permit-10-refused.png");
  /* The server's word stays next to a value until the operator changes it. */
  pk_test_click (GTK_WIDGET (s->window), "permit.next");
  pk_test_click (GTK_WIDGET (s->window), "permit.next");
  pk_test_settle ();
  g_assert_cmpstr (pk_permit_wizard_get_step (s->wizard), ==, "construction");
  g_assert_cmpstr (pk_form_field_get_error (permit_cell ("floors", 1, "area_m2")), ==,
                   pk_api_field_code_to_user_message ("out_of_range"));
  pk_test_click (GTK_WIDGET (s->window), "permit.back");
  pk_test_click (GTK_WIDGET (s->window), "permit.back");
  g_assert_cmpstr (pk_permit_wizard_get_step (s->wizard), ==, "applicants");

  /* Corrected and submitted again: the refused item leaves the queue of failures, the new
   * one takes its place (refused again by this server), never retried on its own. */
  permit_type_into (permit_cell ("applicants", 0, "national_id"), s->nid2);
  for (guint i = 0; i < 5; i++)
    pk_test_click (GTK_WIDGET (s->window), "permit.next");
  permit_wait_idle ();
  g_assert_cmpstr (pk_permit_wizard_get_step (s->wizard), ==, "review");
  pk_test_click (GTK_WIDGET (s->window), "permit.submit");
  pk_test_wait_until (s->window, permit_on_step, "result", "the second save");
  pk_test_wait_until (s->window, permit_left_result, NULL, "the second refusal");
  g_assert_cmpuint (refusing->submits, ==, 2);
  g_assert_cmpuint (pk_outbox_get_n_failed (outbox), ==, 1);

  pk_outbox_sender_stop (sender);
  gtk_stack_set_visible_child (stack, GTK_WIDGET (first));
  gtk_stack_remove (stack, GTK_WIDGET (s->wizard));
  s->wizard = first;
}

/* The server unreachable at submit: saved, queued, then delivered. */
static void
chapter_offline (void)
{
  PermitStory *s = permit_story ();
  g_autofree char *outbox_path = g_build_filename (s->dir, "flaky-outbox.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PkOutbox) outbox = pk_outbox_new_sync (outbox_path, NULL, &error);
  g_autoptr(TestRefusingSubmitter) flaky = g_object_new (TEST_TYPE_REFUSING_SUBMITTER, NULL);
  g_autoptr(PkOutboxSender) sender = NULL;
  PkPermitWizard *first = s->wizard;
  GtkStack *stack = GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (first)));
  GtkLabel *queue;
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  flaky->flaky = TRUE;
  flaky->unreachable = 3;
  sender = pk_outbox_sender_new (outbox, PK_SUBMITTER (flaky), NULL);
  pk_outbox_sender_set_base_delay (sender, 300);
  pk_outbox_sender_set_max_delay (sender, 600);
  pk_outbox_sender_start (sender);
  s->wizard = PK_PERMIT_WIZARD (pk_permit_wizard_new (pk_application_get_client (s->app),
                                                   pk_application_get_settings (s->app), outbox,
                                                   pk_application_get_language (s->app)));
  gtk_stack_add_named (stack, GTK_WIDGET (s->wizard), "permit-flaky");
  gtk_stack_set_visible_child_name (stack, "permit-flaky");
  pk_test_wait_until (s->window, permit_stack_still, stack, "the page transition");
  pk_permit_wizard_start (s->wizard, NULL, s->operator->username);
  permit_fill_valid (s->nid1);
  pk_test_click (GTK_WIDGET (s->window), "permit.submit");
  pk_test_wait_until (s->window, permit_on_step, "result", "the application to be saved");
  /* Saved, not yet delivered: the screen says so, with the queue. */
  g_assert_null (pk_outbox_item_get_tracking_code (pk_permit_wizard_get_saved_item (s->wizard)));
  queue = pk_test_find_label_with_class (GTK_WIDGET (s->wizard), "title-2");
  g_assert_nonnull (queue);
  g_assert_cmpstr (gtk_label_get_label (queue), ==, _("Saved on this computer — sending…"));
  permit_screenshot ("permit-11-saved-sending.png");
  pk_test_wait_until (s->window, permit_delivered, NULL, "delivery after the server came back");
  pk_test_settle ();
  g_assert_cmpuint (flaky->submits, ==, 4);
  expected = permit_tracking_as_shown ("PK2468013579");
  g_assert_cmpstr (gtk_label_get_label (pk_test_find_label_with_class (GTK_WIDGET (s->wizard),
                                                                      "tracking-code")),
                   ==, expected);
  g_assert_cmpuint (pk_outbox_get_n_delivered (outbox), ==, 1);
  /* The receipt slip shows the code with the same Latin digits as the screen. */
  {
    g_autofree char *path = g_build_filename (s->dir, "flaky-receipt.pdf", NULL);
    g_autofree char *text = NULL;

    permit_save_receipt (path);
    text = permit_pdf_text (path);
    g_assert_nonnull (strstr (text, "PK2468013579"));
    g_assert_null (strstr (text, "PK۲۴۶۸۰۱۳۵۷۹"));
  }

  pk_outbox_sender_stop (sender);
  gtk_stack_set_visible_child (stack, GTK_WIDGET (first));
  gtk_stack_remove (stack, GTK_WIDGET (s->wizard));
  s->wizard = first;
}

void
permit_add_submit_chapters (void)
{
  permit_story_add ("/gui/permit/submit/tracking-code", NULL, chapter_tracking_code);
  permit_story_add ("/gui/permit/submit/stored-by-sandbox", NULL, chapter_stored);
  permit_story_add ("/gui/permit/submit/receipt", NULL, chapter_receipt);
  permit_story_add ("/gui/permit/submit/next-citizen-starts-clean", NULL, chapter_next_citizen);
  /* Each with a wizard and an outbox of its own: they need only the signed-in window. */
  permit_story_add ("/gui/permit/server/refusal-marks-fields",
                    "/gui/permit/wizard/opens-on-service", chapter_refused);
  permit_story_add ("/gui/permit/server/offline-then-delivered",
                    "/gui/permit/wizard/opens-on-service", chapter_offline);
}
