/* gui-test-util.c — drive the real kiosk window in tests like a person would
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "gui-test-util.h"
#include "pk-office-day.h"
#include "pk-status-page.h"

static char *data_home;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)))
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static void
cleanup_data_home (void)
{
  if (data_home != NULL)
    remove_tree (data_home);
  g_clear_pointer (&data_home, g_free);
}

/**
 * pk_test_gui_init:
 *
 * i18n as the app does it, GTest, a display check, and a data directory of this test's own,
 * so tests running side by side each get their own training sandbox.
 */
void
pk_test_gui_init (int    *argc,
                  char ***argv)
{
  g_autoptr(GError) error = NULL;

  data_home = g_dir_make_tmp ("pishkhan-gui-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  atexit (cleanup_data_home);

  pk_application_init_i18n ();
  g_test_init (argc, argv, NULL);
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    g_error ("The GUI tests need a display: run them through build-aux/test.sh, which starts Xvfb");
}

gboolean
pk_test_gui_persian (void)
{
  const char *language = g_getenv ("LANGUAGE");

  return language == NULL || !g_str_has_prefix (language, "en");
}

typedef struct
{
  PkTestScenario scenario;
  gpointer       data;
  gboolean       done;
} Run;

static gboolean
run_scenario_cb (gpointer user_data)
{
  GApplication *app = user_data;
  Run *run = g_object_get_data (G_OBJECT (app), "pk-test-run");
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (PK_IS_WINDOW (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  run->scenario (PK_APPLICATION (app), PK_WINDOW (window), run->data);
  /* Let calls still on the wire (a logout, a journal append) finish before the application
   * goes: a request cut off at exit is reported as a leak by the sanitizers. */
  for (guint i = 0; i < 4; i++)
    pk_test_settle ();
  run->done = TRUE;
  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static gboolean
no_first_frame_cb (gpointer data)
{
  g_error ("the window painted no frame within 20 s");
  return G_SOURCE_REMOVE;
}

static void
first_frame_cb (GdkFrameClock *clock,
                GApplication  *app)
{
  guint timeout = GPOINTER_TO_UINT (g_object_steal_data (G_OBJECT (app), "pk-test-timeout"));

  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, app);
  g_source_remove (timeout);
  /* Not from inside the frame: the scenario runs the loop itself. */
  g_idle_add (run_scenario_cb, app);
}

static void
window_mapped_cb (GtkWidget    *window,
                  GApplication *app)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_handlers_disconnect_by_func (window, window_mapped_cb, app);
  g_signal_connect (clock, "after-paint", G_CALLBACK (first_frame_cb), app);
  gtk_widget_queue_draw (window);
}

static void
activated (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  guint timeout = g_timeout_add_seconds (20, no_first_frame_cb, NULL);

  /* The scenario starts once the window is mapped and has painted its first frame (laid out
   * by then), however long a slow machine takes for it. */
  if (window == NULL)
    g_error ("the application activated without a window");
  g_object_set_data (G_OBJECT (app), "pk-test-timeout", GUINT_TO_POINTER (timeout));
  if (gtk_widget_get_mapped (GTK_WIDGET (window)))
    window_mapped_cb (GTK_WIDGET (window), app);
  else
    g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb), app);
}

/**
 * pk_test_gui_run:
 *
 * Starts the real application in training mode (its sandbox in-process, on loopback) and runs
 * @scenario once the window is up; the application quits after it.
 */
void
pk_test_gui_run (gboolean        kiosk,
                 PkTestScenario  scenario,
                 gpointer        data)
{
  g_autoptr(PkApplication) app = pk_application_new ();
  const char *argv[] = { "pishkhan", "--training", NULL, NULL };
  int argc = 2;
  Run run = { scenario, data, FALSE };

  if (kiosk)
    argv[argc++] = "--kiosk";
  /* Tests run side by side on one session bus: don't let them find each other. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_object_set_data (G_OBJECT (app), "pk-test-run", &run);
  g_signal_connect_after (app, "activate", G_CALLBACK (activated), NULL);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), argc, (char **) argv), ==, 0);
  g_assert_true (run.done);
}

/* The application and window of pk_test_gui_run_tests(), for the subtests it runs. */
static PkApplication *shared_app;
static PkWindow *shared_window;

typedef struct
{
  GDestroyNotify after;
  int            status;
} TestsRun;

static void
run_tests_scenario (PkApplication *app,
                    PkWindow      *window,
                    gpointer       data)
{
  TestsRun *run = data;

  shared_app = app;
  shared_window = window;
  run->status = g_test_run ();
  if (run->after != NULL)
    run->after (NULL);
  shared_window = NULL;
  shared_app = NULL;
}

/**
 * pk_test_gui_run_tests:
 * @after: (nullable): called once every subtest has run, while the window is still up
 *
 * Starts the real application in training mode like pk_test_gui_run() and runs every subtest
 * added with g_test_add*() inside it, in order, once the window is up: the subtests of a story
 * share one window (pk_test_app(), pk_test_window()) instead of each paying for a start.
 *
 * Returns: what g_test_run() returned
 */
int
pk_test_gui_run_tests (gboolean       kiosk,
                       GDestroyNotify after)
{
  TestsRun run = { after, 1 };

  pk_test_gui_run (kiosk, run_tests_scenario, &run);
  return run.status;
}

/* Returns: (transfer none): the application pk_test_gui_run_tests() is running */
PkApplication *
pk_test_app (void)
{
  if (shared_app == NULL)
    g_error ("pk_test_app() is only for subtests run by pk_test_gui_run_tests()");
  return shared_app;
}

/* Returns: (transfer none): its window */
PkWindow *
pk_test_window (void)
{
  if (shared_window == NULL)
    g_error ("pk_test_window() is only for subtests run by pk_test_gui_run_tests()");
  return shared_window;
}

static void
collect_labels (GtkWidget *widget,
                GPtrArray *labels)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget))
    g_ptr_array_add (labels, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, labels);
}

/**
 * pk_test_collect_labels:
 *
 * Returns: (transfer container): every label on screen under @root
 */
GPtrArray *
pk_test_collect_labels (GtkWidget *root)
{
  GPtrArray *labels = g_ptr_array_new ();

  collect_labels (root, labels);
  return labels;
}

void
pk_test_collect_type (GtkWidget *widget,
                      GType      type,
                      GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    pk_test_collect_type (child, type, out);
}

GtkLabel *
pk_test_find_label (GPtrArray  *labels,
                    const char *text)
{
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_label (labels->pdata[i]), text) == 0)
      return labels->pdata[i];
  return NULL;
}

/**
 * pk_test_find_label_with_class:
 *
 * Returns: (nullable): the first label on screen with @css_class and some text
 */
GtkLabel *
pk_test_find_label_with_class (GtkWidget  *root,
                               const char *css_class)
{
  g_autoptr(GPtrArray) labels = pk_test_collect_labels (root);

  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (labels->pdata[i], css_class) &&
        *gtk_label_get_label (labels->pdata[i]) != '\0')
      return labels->pdata[i];
  return NULL;
}

/**
 * pk_test_find_action_button:
 *
 * Returns: (nullable): the visible button under @root bound to @action_name
 */
GtkWidget *
pk_test_find_action_button (GtkWidget  *root,
                            const char *action_name)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  pk_test_collect_type (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), action_name) == 0 &&
        gtk_widget_is_drawable (buttons->pdata[i]))
      return buttons->pdata[i];
  return NULL;
}

/* Presses the on-screen button bound to @action_name, as a finger would. */
void
pk_test_click (GtkWidget  *root,
               const char *action_name)
{
  GtkWidget *button = pk_test_find_action_button (root, action_name);

  if (button == NULL)
    g_error ("no visible button for %s", action_name);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
keep_ticking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @condition holds: the window talks to the in-process sandbox over
 * real loopback HTTP, so answers arrive through the loop. */
void
pk_test_wait_until (PkWindow        *window,
                    PkTestCondition  condition,
                    gpointer         data,
                    const char      *what)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  /* A ticking source wakes the loop to check the condition even when nothing else happens. */
  guint tick = g_timeout_add (20, keep_ticking, NULL);

  while (!condition (window, data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
}

gboolean
pk_test_page_is (PkWindow *window,
                 gpointer  name)
{
  return g_strcmp0 (pk_window_get_visible_page (window), name) == 0;
}

gboolean
pk_test_label_visible (PkWindow *window,
                       gpointer  text)
{
  g_autoptr(GPtrArray) labels = pk_test_collect_labels (GTK_WIDGET (window));
  GtkLabel *label = pk_test_find_label (labels, text);

  return label != NULL && gtk_widget_get_mapped (GTK_WIDGET (label));
}

static gboolean
settle_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets layout and painting catch up before a screenshot. */
void
pk_test_settle (void)
{
  gboolean done = FALSE;

  g_timeout_add (300, settle_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

const PkSandboxAccount *
pk_test_training_account (const char *role)
{
  guint n = 0;
  const PkSandboxAccount *accounts = pk_sandbox_server_get_training_accounts (&n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (accounts[i].role, role))
      return &accounts[i];
  g_error ("no training account with role %s", role);
}

/* Types into the login form like an operator and presses the sign-in button. */
void
pk_test_sign_in (PkWindow   *window,
                 const char *office,
                 const char *username,
                 const char *password)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  pk_test_collect_type (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 3);
  if (office)
    gtk_editable_set_text (GTK_EDITABLE (rows->pdata[0]), office);
  if (username)
    gtk_editable_set_text (GTK_EDITABLE (rows->pdata[1]), username);
  gtk_editable_set_text (GTK_EDITABLE (rows->pdata[2]), password);
  pk_test_click (GTK_WIDGET (window), "login.sign-in");
}

const char *
pk_test_login_entry_text (PkWindow *window,
                          guint     index)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  pk_test_collect_type (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 3);
  return gtk_editable_get_text (GTK_EDITABLE (rows->pdata[index]));
}


/* Renders the window as it is on screen into $PK_SCREENSHOT_DIR/@name. */
void
pk_test_save_screenshot (GtkWidget  *window,
                         const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  const char *dir = g_getenv ("PK_SCREENSHOT_DIR");
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  /* The widget paintable is empty until the window has drawn a frame. */
  for (guint attempt = 0; node == NULL && attempt < 20; attempt++)
    {
      pk_test_settle ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir ? dir : ".", name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

gboolean
pk_test_has_arabic_script (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_ARABIC)
      return TRUE;
  return FALSE;
}

gboolean
pk_test_has_persian_digit (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x06F0 && c <= 0x06F9)
        return TRUE;
    }
  return FALSE;
}

/* The training sandbox's database, to compare what the UI shows with what the server has. */
char *
pk_test_sandbox_db_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "pishkhan", "training-sandbox", "sandbox.db",
                           NULL);
}

typedef struct
{
  gboolean  done;
  gpointer  value;
  GError   *error;
  gpointer (*finish) (PkApiClient *, GAsyncResult *, GError **);
} Call;

static void
call_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Call *call = data;

  call->value = call->finish (PK_API_CLIENT (source), result, &call->error);
  call->done = TRUE;
}

static gboolean
call_done (PkWindow *window,
           gpointer  data)
{
  return ((Call *) data)->done;
}

#define CALL(window, call, finish_fn, async_fn, ...) \
  G_STMT_START { \
    (call)->finish = (gpointer (*) (PkApiClient *, GAsyncResult *, GError **)) finish_fn; \
    async_fn (__VA_ARGS__, NULL, call_cb, (call)); \
    pk_test_wait_until (window, call_done, (call), #async_fn); \
    g_assert_no_error ((call)->error); \
  } G_STMT_END

static char *
first_renovation_code (void)
{
  g_autofree char *path = pk_test_sandbox_db_path ();
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *code;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT renovation_code FROM parcels"
                                           " ORDER BY renovation_code LIMIT 1", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return code;
}

/**
 * pk_test_file_application:
 * @app_client: the application's client, for the sandbox's address
 * @national_id: the applicant's national ID
 * @pay: also pay the fees, so that the permit is issued
 *
 * An operator at another counter files a demolition application over real HTTP.
 *
 * Returns: (transfer full): the application as the server has it after filing (and paying)
 */
PkApiApplication *
pk_test_file_application (PkWindow    *window,
                          PkApiClient *app_client,
                          const char  *national_id,
                          gboolean     pay)
{
  const PkSandboxAccount *op = pk_test_training_account ("operator");
  g_autoptr(PkApiClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *json = NULL;
  g_autofree char *key = pk_api_generate_idempotency_key ();
  g_autofree char *parcel = first_renovation_code ();
  Call login = { 0 }, submit = { 0 }, status = { 0 }, payment = { 0 }, issued = { 0 };
  PkApiApplication *application;

  client = pk_api_client_new (pk_api_client_get_base_url (app_client), NULL, &error);
  g_assert_no_error (error);
  CALL (window, &login, pk_api_client_login_finish, pk_api_client_login_async, client,
        op->office_code, op->username, op->password);
  pk_api_session_unref (login.value);

  json = g_strdup_printf (
    "{\"service_code\":\"DEMOLITION\",\"renovation_code\":\"%s\",\"applicants\":[{"
    "\"first_name\":\"سارا\",\"last_name\":\"نوری\",\"national_id\":\"%s\","
    "\"mobile\":\"09121234567\",\"share_percent\":100}],\"fields\":{\"area_m2\":120,"
    "\"start_date\":\"1405/09/01\",\"engineer_license\":\"1-23-4567\","
    "\"contact_mobile\":\"09121234567\"}}", parcel, national_id);
  body = json_from_string (json, &error);
  g_assert_no_error (error);
  CALL (window, &submit, pk_api_client_submit_application_finish,
        pk_api_client_submit_application_async, client, body, key);
  CALL (window, &status, pk_api_client_get_application_finish, pk_api_client_get_application_async,
        client, ((PkApiSubmission *) submit.value)->tracking_code, NULL);
  application = status.value;
  if (pay)
    {
      CALL (window, &payment, pk_api_client_record_payment_finish,
            pk_api_client_record_payment_async, client, application->application_id, "REF-7788",
            application->total_rial - application->paid_rial);
      pk_api_payment_unref (payment.value);
      CALL (window, &issued, pk_api_client_get_application_finish,
            pk_api_client_get_application_async, client, application->tracking_code, NULL);
      pk_api_application_unref (application);
      application = issued.value;
    }
  pk_api_submission_unref (submit.value);
  return application;
}

/**
 * pk_test_get_permit:
 *
 * Returns: (transfer full): the issued permit @permit_no, as the central API signed it
 */
PkApiPermit *
pk_test_get_permit (PkWindow    *window,
                    PkApiClient *client,
                    const char  *permit_no)
{
  Call permit = { 0 };

  CALL (window, &permit, pk_api_client_get_permit_finish, pk_api_client_get_permit_async, client,
        permit_no);
  return permit.value;
}

PkPermitPage *
pk_test_permit_page (PkWindow *window)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();

  pk_test_collect_type (GTK_WIDGET (window), PK_TYPE_PERMIT_PAGE, pages);
  g_assert_cmpuint (pages->len, ==, 1);
  return pages->pdata[0];
}

gboolean
pk_test_permit_idle (PkWindow *window,
                     gpointer  data)
{
  return !pk_permit_page_get_busy (pk_test_permit_page (window));
}

gboolean
pk_test_status_idle (PkWindow *window,
                     gpointer  data)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();

  pk_test_collect_type (GTK_WIDGET (window), PK_TYPE_STATUS_PAGE, pages);
  g_assert_cmpuint (pages->len, ==, 1);
  return !pk_status_page_get_busy (pages->pdata[0]);
}

/* The documents a printer (ippeveprinter -k) kept. */
guint
pk_test_count_pdfs (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d && (name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".pdf"))
      n++;
  return n;
}

/* Today's journal entries of @kind for @tracking_code. */
guint
pk_test_count_journal (PkApplication *app,
                       PkJournalKind  kind,
                       const char    *tracking_code)
{
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

      if (entry->kind == kind && g_strcmp0 (entry->tracking_code, tracking_code) == 0)
        n++;
    }
  return n;
}
