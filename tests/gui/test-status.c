/* test-status.c — a citizen at a kiosk follows an application by tracking code and national ID,
 * in the real window against the training sandbox.
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "gui-test-util.h"
#include "pk-status-page.h"
#include "pk-text.h"

#define APPLICANT_ID "0499370899"

typedef struct
{
  gboolean         done;
  PkApiSession    *session;
  PkApiSubmission *submission;
  GError          *error;
} Call;

static gboolean
call_done (PkWindow *window,
           gpointer  data)
{
  return ((Call *) data)->done;
}

static void
login_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Call *call = data;

  call->session = pk_api_client_login_finish (PK_API_CLIENT (source), result, &call->error);
  call->done = TRUE;
}

static void
submit_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Call *call = data;

  call->submission = pk_api_client_submit_application_finish (PK_API_CLIENT (source), result,
                                                              &call->error);
  call->done = TRUE;
}

/* An operator at another counter files an application; its tracking code is what the citizen
 * brings to the kiosk. */
static char *
file_application (PkWindow    *window,
                  PkApiClient *app_client)
{
  const PkSandboxAccount *op = pk_test_training_account ("operator");
  g_autoptr(PkApiClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *json = NULL;
  g_autofree char *key = pk_api_generate_idempotency_key ();
  g_autofree char *path = pk_test_sandbox_db_path ();
  g_autofree char *parcel = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  Call login = { 0 }, submit = { 0 };
  char *tracking;

  client = pk_api_client_new (pk_api_client_get_base_url (app_client), NULL, &error);
  g_assert_no_error (error);
  pk_api_client_login_async (client, op->office_code, op->username, op->password, NULL,
                             login_cb, &login);
  pk_test_wait_until (window, call_done, &login, "the operator's login");
  g_assert_no_error (login.error);
  pk_api_session_unref (login.session);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT renovation_code FROM parcels"
                                           " ORDER BY renovation_code LIMIT 1", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  parcel = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  json = g_strdup_printf (
    "{\"service_code\":\"DEMOLITION\",\"renovation_code\":\"%s\",\"applicants\":[{"
    "\"first_name\":\"سارا\",\"last_name\":\"نوری\",\"national_id\":\"" APPLICANT_ID "\","
    "\"mobile\":\"09121234567\",\"share_percent\":100}],\"fields\":{\"area_m2\":120,"
    "\"start_date\":\"1405/09/01\",\"engineer_license\":\"1-23-4567\","
    "\"contact_mobile\":\"09121234567\"}}",
    parcel);
  body = json_from_string (json, &error);
  g_assert_no_error (error);
  pk_api_client_submit_application_async (client, body, key, NULL, submit_cb, &submit);
  pk_test_wait_until (window, call_done, &submit, "the submission");
  g_assert_no_error (submit.error);
  tracking = g_strdup (submit.submission->tracking_code);
  pk_api_submission_unref (submit.submission);
  return tracking;
}

static PkStatusPage *
status_page (PkWindow *window)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();

  pk_test_collect_type (GTK_WIDGET (window), PK_TYPE_STATUS_PAGE, pages);
  g_assert_cmpuint (pages->len, ==, 1);
  return pages->pdata[0];
}

static gboolean
idle (PkWindow *window,
      gpointer  data)
{
  return !pk_status_page_get_busy (status_page (window));
}

static const char *
field_error (PkWindow *window)
{
  GtkLabel *label = pk_test_find_label_with_class (GTK_WIDGET (status_page (window)), "field-error");

  return label ? gtk_label_get_label (label) : NULL;
}

static void
look_up (PkWindow   *window,
         const char *tracking,
         const char *national_id)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  pk_test_collect_type (GTK_WIDGET (status_page (window)), GTK_TYPE_ENTRY, entries);
  g_assert_cmpuint (entries->len, ==, 2);
  gtk_editable_set_text (entries->pdata[0], tracking);
  gtk_editable_set_text (entries->pdata[1], national_id);
  pk_test_click (GTK_WIDGET (window), "status.look-up");
  pk_test_wait_until (window, idle, NULL, "the status");
  pk_test_settle ();
}

static void
scenario (PkApplication *app,
          PkWindow      *window,
          gpointer       data)
{
  const PkSandboxAccount *kiosk = pk_test_training_account ("kiosk");
  g_autofree char *tracking = file_application (window, pk_application_get_client (app));
  g_autofree char *persian_id = pk_text_digits_to_persian (APPLICANT_ID);
  PkApiApplication *application;

  pk_test_sign_in (window, kiosk->office_code, kiosk->username, kiosk->password);
  pk_test_wait_until (window, pk_test_page_is, (gpointer) "home", "the kiosk home");
  pk_test_click (GTK_WIDGET (window), "home.status");
  g_assert_cmpstr (pk_window_get_visible_page (window), ==, "status");

  /* A kiosk needs the applicant's national ID: without it nothing is sent. */
  look_up (window, tracking, "");
  g_assert_nonnull (field_error (window));
  g_assert_true (pk_test_has_arabic_script (field_error (window)));
  g_assert_null (pk_status_page_get_application (status_page (window)));

  /* A valid ID that is not an applicant's: refused, without saying whether the code exists. */
  look_up (window, tracking, "5406135899");
  g_assert_nonnull (field_error (window));
  g_assert_null (pk_status_page_get_application (status_page (window)));

  /* Malformed tracking code and national ID: refused before sending. */
  look_up (window, "PK12", persian_id);
  g_assert_nonnull (field_error (window));
  look_up (window, tracking, "1111111111");
  g_assert_nonnull (field_error (window));

  /* The right pair, typed in Persian digits and lower case: the timeline. */
  {
    g_autofree char *lower = g_ascii_strdown (tracking, -1);

    look_up (window, lower, persian_id);
  }
  g_assert_null (field_error (window));
  application = pk_status_page_get_application (status_page (window));
  g_assert_nonnull (application);
  g_assert_cmpstr (application->tracking_code, ==, tracking);
  g_assert_cmpuint (application->timeline->len, >=, 1);
  g_assert_nonnull (pk_test_find_label_with_class (GTK_WIDGET (status_page (window)),
                                                   "application-status"));
  g_assert_true (pk_test_has_arabic_script (gtk_label_get_label (
    pk_test_find_label_with_class (GTK_WIDGET (status_page (window)), "application-status"))));
  pk_test_save_screenshot (GTK_WIDGET (window), "status-fa.png");

  /* The citizen walks away: after the idle time the kiosk forgets everything shown. */
  pk_window_set_idle_timeout_ms (window, 400);
  pk_test_wait_until (window, pk_test_page_is, (gpointer) "home", "the idle reset");
  g_assert_null (pk_status_page_get_application (status_page (window)));
  {
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();

    pk_test_collect_type (GTK_WIDGET (status_page (window)), GTK_TYPE_ENTRY, entries);
    g_assert_cmpstr (gtk_editable_get_text (entries->pdata[0]), ==, "");
    g_assert_cmpstr (gtk_editable_get_text (entries->pdata[1]), ==, "");
  }
  g_assert_nonnull (pk_window_get_session (window));
  pk_window_set_idle_timeout_ms (window, 0);
  pk_test_click (GTK_WIDGET (window), "home.status");

  /* The next citizen finds nothing of this one's. */
  pk_test_click (GTK_WIDGET (window), "win.logout");
  g_assert_null (pk_status_page_get_application (status_page (window)));
}

static void
test_status (void)
{
  pk_test_gui_run (TRUE, scenario, NULL);
}

int
main (int   argc,
      char *argv[])
{
  pk_test_gui_init (&argc, &argv);
  g_test_add_func ("/gui/status", test_status);
  return g_test_run ();
}
