/* test-outbox-sandbox.c — exactly-once delivery into the real sandbox: with the sandbox down
 * at submit time, and with the submitting process killed -9 at random moments
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "pk-client-submitter.h"
#include "pk-outbox-sender.h"
#include "sandbox-helper.h"
#include "test-spawn.h"

static char *
make_tmp (const char *pattern)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (pattern, &error);

  g_assert_no_error (error);
  return dir;
}

static void
rm_rf (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) e = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                           G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                                           NULL, NULL);
  GFileInfo *info;

  while (e && (info = g_file_enumerator_next_file (e, NULL, NULL)))
    {
      g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));
      g_autofree char *p = g_file_get_path (child);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        rm_rf (p);
      else
        g_remove (p);
      g_object_unref (info);
    }
  g_rmdir (path);
}

static gboolean
timeout_fail (gpointer data)
{
  g_error ("timed out waiting: %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

#define WAIT_UNTIL(secs, cond) G_STMT_START {                                       \
    guint _t = g_timeout_add_seconds (secs, timeout_fail, (gpointer) #cond);         \
    while (!(cond))                                                                  \
      g_main_context_iteration (NULL, TRUE);                                         \
    g_source_remove (_t);                                                            \
  } G_STMT_END

static gboolean
skip_without_sandbox (void)
{
  if (sandbox_executable () != NULL && g_file_test (sandbox_executable (), G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;
  g_test_skip ("pishkhan-sandbox is not built (PK_SANDBOX_EXE)");
  return TRUE;
}

typedef struct
{
  guint delivered;
  guint login_required;
} Counters;

static void
on_delivered (PkOutboxSender *sender,
              PkOutboxItem   *item,
              Counters       *c)
{
  c->delivered++;
}

static void
on_login_required (PkOutboxSender *sender,
                   Counters       *c)
{
  c->login_required++;
}

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  ((Wait *) user_data)->result = g_object_ref (result);
}

static guint
attempts_of (PkOutbox      *outbox,
             PkOutboxItem  *item,
             PkOutboxItem **reread)
{
  g_clear_object (reread);
  *reread = pk_outbox_get_item (outbox, pk_outbox_item_get_id (item), FALSE, NULL);
  return pk_outbox_item_get_attempts (*reread);
}

/* Exactly once, counted where it matters: in the sandbox's own database. Every key of
 * @items is in its idempotency store once, answered with the item's tracking code, and the
 * store and the applications table hold as many entries as there are items, each stored
 * application named by exactly one key. */
static void
assert_server_once_per_key (const char *data_dir,
                            GPtrArray  *items)
{
  g_autofree char *path = g_build_filename (data_dir, "sandbox.db", NULL);
  g_autofree char *uri = g_strconcat ("file:", path, "?mode=ro", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL), ==,
                   SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT (SELECT count(*) FROM applications),"
                                       " (SELECT count(*) FROM idempotency),"
                                       " (SELECT count(DISTINCT json_extract (i.response, '$.application_id'))"
                                       "  FROM idempotency i JOIN applications a"
                                       "  ON a.id = json_extract (i.response, '$.application_id'))",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, items->len);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, items->len);
  g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, items->len);
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT count(*), json_extract (response, '$.tracking_code')"
                                       " FROM idempotency WHERE key = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < items->len; i++)
    {
      PkOutboxItem *item = items->pdata[i];

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, pk_outbox_item_get_idempotency_key (item), -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==,
                       pk_outbox_item_get_tracking_code (item));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* Sandbox down when the operator submits: the application is saved and queued; once the
 * sandbox is back the sender delivers it, exactly once. */
static void
test_down_then_up (void)
{
  g_autofree char *tmp = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *outbox_path = NULL;
  g_autofree char *journal_path = NULL;
  g_autofree char *parcel = NULL;
  g_autoptr(Sandbox) sandbox = NULL;
  g_autoptr(PkApiClient) op = NULL;
  g_autoptr(PkApiClient) sup = NULL;
  g_autoptr(PkOutbox) outbox = NULL;
  g_autoptr(PkJournal) journal = NULL;
  g_autoptr(PkClientSubmitter) submitter = NULL;
  g_autoptr(PkOutboxSender) sender = NULL;
  g_autoptr(PkOutboxItem) item = NULL;
  g_autoptr(PkOutboxItem) done = NULL;
  g_autoptr(JsonObject) app = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) last = NULL;
  Counters c = { 0 };
  guint port;

  if (skip_without_sandbox ())
    return;

  tmp = make_tmp ("pk-outbox-sbx-XXXXXX");
  data_dir = g_build_filename (tmp, "sandbox", NULL);
  outbox_path = g_build_filename (tmp, "outbox.db", NULL);
  journal_path = g_build_filename (tmp, "journal.db", NULL);
  g_mkdir (data_dir, 0700);

  sandbox = sandbox_start (data_dir, 0, FALSE, &error);
  g_assert_no_error (error);
  port = sandbox->port;
  op = sandbox_login (sandbox->base_url, "op1", &error);
  g_assert_no_error (error);
  parcel = sandbox_find_parcel (op, &error);
  g_assert_no_error (error);
  sandbox_stop (sandbox);

  outbox = pk_outbox_new_sync (outbox_path, NULL, &error);
  g_assert_no_error (error);
  journal = pk_journal_new_sync (journal_path, NULL, &error);
  g_assert_no_error (error);
  submitter = pk_client_submitter_new (op);
  sender = pk_outbox_sender_new (outbox, PK_SUBMITTER (submitter), journal);
  pk_outbox_sender_set_base_delay (sender, 100);
  pk_outbox_sender_set_max_delay (sender, 400);
  g_signal_connect (sender, "item-delivered", G_CALLBACK (on_delivered), &c);
  g_signal_connect (sender, "login-required", G_CALLBACK (on_login_required), &c);
  pk_outbox_sender_start (sender);

  app = sandbox_application (parcel, 1);
  docs = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_outbox_document_unref);
  pdf = sandbox_pdf (1);
  g_ptr_array_add (docs, pk_outbox_document_new ("site plan.pdf", "application/pdf", pdf));
  item = pk_outbox_enqueue (outbox, "op1", app, docs, &error);
  g_assert_no_error (error);

  /* Saved, queued, and failing for a reason that passes. */
  WAIT_UNTIL (20, pk_outbox_sender_get_status (sender) == PK_OUTBOX_SENDER_BACKING_OFF);
  WAIT_UNTIL (20, attempts_of (outbox, item, &done) >= 2);
  g_assert_cmpint (pk_outbox_item_get_state (done), ==, PK_OUTBOX_STATE_PENDING);
  last = pk_outbox_item_dup_last_error (done);
  g_assert_error (last, PK_API_ERROR, PK_API_ERROR_NETWORK);
  g_assert_cmpuint (c.delivered, ==, 0);

  /* Back up on the same port and data: the sender gets through by itself. */
  g_clear_pointer (&sandbox, sandbox_free);
  sandbox = sandbox_start (data_dir, port, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sandbox->port, ==, port);
  WAIT_UNTIL (30, c.delivered == 1 || c.login_required > 0);
  if (c.delivered == 0)
    {
      /* Sessions did not survive the restart: log in again, the sender resumes on the token. */
      Wait w = { NULL };
      g_autoptr(PkApiSession) session = NULL;

      pk_api_client_login_async (op, "12034", "op1", "op1-1405", NULL, wait_cb, &w);
      WAIT_UNTIL (20, w.result != NULL);
      session = pk_api_client_login_finish (op, w.result, &error);
      g_object_unref (w.result);
      g_assert_no_error (error);
      WAIT_UNTIL (30, c.delivered == 1);
    }

  g_clear_object (&done);
  done = pk_outbox_get_item (outbox, pk_outbox_item_get_id (item), FALSE, &error);
  g_assert_cmpint (pk_outbox_item_get_state (done), ==, PK_OUTBOX_STATE_DELIVERED);
  g_assert_nonnull (pk_outbox_item_get_tracking_code (done));
  g_test_message ("delivered as %s after %u attempts", pk_outbox_item_get_tracking_code (done),
                  pk_outbox_item_get_attempts (done));

  /* Ask the server: exactly one submission, with our tracking code… */
  sup = sandbox_login (sandbox->base_url, "sup1", &error);
  g_assert_no_error (error);
  seen = sandbox_submissions (sup, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (seen, pk_outbox_item_get_tracking_code (done))), ==, 1);

  /* …and a duplicate send of the same item (as after a crash right after the server
   * answered) is answered from the server's idempotency store, not stored twice. */
  {
    g_autoptr(JsonNode) body = json_from_string (pk_outbox_item_get_application_json (done), NULL);
    g_autoptr(PkApiSubmission) again = NULL;
    JsonArray *ids = json_array_new ();
    Wait w = { NULL };

    json_array_add_string_element (ids, ((PkOutboxDocument *) pk_outbox_item_get_documents (done)->pdata[0])->document_id);
    json_object_set_array_member (json_node_get_object (body), "documents", ids);
    pk_api_client_submit_application_async (op, body, pk_outbox_item_get_idempotency_key (done),
                                            NULL, wait_cb, &w);
    WAIT_UNTIL (20, w.result != NULL);
    again = pk_api_client_submit_application_finish (op, w.result, &error);
    g_object_unref (w.result);
    g_assert_no_error (error);
    g_assert_true (again->replayed);
    g_assert_cmpstr (again->tracking_code, ==, pk_outbox_item_get_tracking_code (done));
  }
  g_clear_pointer (&seen, g_hash_table_unref);
  seen = sandbox_submissions (sup, &error);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 1);

  g_assert_true (pk_journal_verify (journal, NULL, NULL, &error));
  g_assert_no_error (error);

  pk_outbox_sender_stop (sender);
  for (guint i = 0; i < 100 && G_OBJECT (outbox)->ref_count > 2; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_clear_object (&sender);
  g_clear_pointer (&sandbox, sandbox_free);
  rm_rf (tmp);
}

/* The sandbox stores applications and then truncates, drops or garbles its answers, or fails
 * outright: the sender retries with the same key, the server answers the retries from its
 * idempotency store, and each application exists exactly once. */
static void
test_faults (void)
{
  g_autofree char *tmp = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *outbox_path = NULL;
  g_autofree char *parcel = NULL;
  g_autoptr(Sandbox) sandbox = NULL;
  g_autoptr(PkApiClient) op = NULL;
  g_autoptr(PkApiClient) sup = NULL;
  g_autoptr(PkOutbox) outbox = NULL;
  g_autoptr(PkClientSubmitter) submitter = NULL;
  g_autoptr(PkOutboxSender) sender = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GError) error = NULL;
  const guint total = 40;
  guint replayed = 0, retried = 0;
  Counters c = { 0 };

  if (skip_without_sandbox ())
    return;

  tmp = make_tmp ("pk-outbox-faults-XXXXXX");
  data_dir = g_build_filename (tmp, "sandbox", NULL);
  outbox_path = g_build_filename (tmp, "outbox.db", NULL);
  g_mkdir (data_dir, 0700);
  sandbox = sandbox_start (data_dir, 0, TRUE, &error);
  g_assert_no_error (error);
  op = sandbox_login (sandbox->base_url, "op1", &error);
  g_assert_no_error (error);
  sup = sandbox_login (sandbox->base_url, "sup1", &error);
  g_assert_no_error (error);
  parcel = sandbox_find_parcel (op, &error);
  g_assert_no_error (error);

  outbox = pk_outbox_new_sync (outbox_path, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < total; i++)
    {
      g_autoptr(JsonObject) app = sandbox_application (parcel, i);
      g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_outbox_document_unref);
      g_autoptr(GBytes) pdf = sandbox_pdf (i);
      g_autoptr(PkOutboxItem) item = NULL;

      g_ptr_array_add (docs, pk_outbox_document_new ("plan.pdf", "application/pdf", pdf));
      item = pk_outbox_enqueue (outbox, "op1", app, docs, &error);
      g_assert_no_error (error);
    }

  g_assert_true (sandbox_set_faults (sandbox->base_url,
                                     "{\"latency_ms\": 0, \"error_rate\": 0.15, \"drop_rate\": 0.1,"
                                     " \"truncate_rate\": 0.25, \"garbage_rate\": 0.1, \"seed\": 7}",
                                     &error));
  g_assert_no_error (error);
  submitter = pk_client_submitter_new (op);
  sender = pk_outbox_sender_new (outbox, PK_SUBMITTER (submitter), NULL);
  pk_outbox_sender_set_base_delay (sender, 5);
  pk_outbox_sender_set_max_delay (sender, 40);
  g_signal_connect (sender, "item-delivered", G_CALLBACK (on_delivered), &c);
  pk_outbox_sender_start (sender);
  WAIT_UNTIL (90, c.delivered == total);
  pk_outbox_sender_stop (sender);
  g_assert_true (sandbox_set_faults (sandbox->base_url,
                                     "{\"latency_ms\": 0, \"error_rate\": 0, \"drop_rate\": 0,"
                                     " \"truncate_rate\": 0, \"garbage_rate\": 0, \"seed\": 1}",
                                     &error));

  items = pk_outbox_list (outbox, -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      PkOutboxItem *item = items->pdata[i];

      g_assert_cmpint (pk_outbox_item_get_state (item), ==, PK_OUTBOX_STATE_DELIVERED);
      if (strstr (pk_outbox_item_get_answer_json (item), "\"replayed\":true") != NULL)
        replayed++;
      if (pk_outbox_item_get_attempts (item) > 1)
        retried++;
    }
  g_test_message ("%u of %u items retried, %u answered by the server's idempotency store",
                  retried, total, replayed);
  /* The interesting case did happen: stored on the server, answer lost, re-sent. */
  g_assert_cmpuint (replayed, >=, 1);

  seen = sandbox_submissions (sup, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (seen), ==, total);
  for (guint i = 0; i < items->len; i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (seen, pk_outbox_item_get_tracking_code (items->pdata[i]))), ==, 1);
  assert_server_once_per_key (data_dir, items);

  for (guint i = 0; i < 100 && G_OBJECT (sender)->ref_count > 1; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_clear_object (&sender);
  g_clear_pointer (&sandbox, sandbox_free);
  rm_rf (tmp);
}

/* --- kill -9 ----------------------------------------------------------------------------- */

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
  GHashTable       *saved;
  gboolean          drained;
  gboolean          eof;
  gboolean          exited;
  GCancellable     *cancellable;
  guint            *recovered;
  guint             saved_this_run;
} Run;

static void read_next (Run *run);

static void
line_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                     result, NULL, NULL);

  if (line == NULL)
    {
      run->eof = TRUE;
      return;
    }
  if (g_str_has_prefix (line, "saved "))
    {
      g_hash_table_add (run->saved, g_strdup (line + strlen ("saved ")));
      run->saved_this_run++;
    }
  else if (strcmp (line, "drained") == 0)
    run->drained = TRUE;
  else if (g_str_has_prefix (line, "recovered "))
    *run->recovered += (guint) g_ascii_strtoull (line + strlen ("recovered "), NULL, 10);
  read_next (run);
}

static void
read_next (Run *run)
{
  g_data_input_stream_read_line_async (run->out, G_PRIORITY_DEFAULT, run->cancellable, line_cb, run);
}

static void
exited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Run *run = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  run->exited = TRUE;
}

static gint64
count_lines (GHashTable *saved)
{
  return g_hash_table_size (saved);
}

/* @latency_ms: added by the sandbox to every call, so that the items in flight stay in
 * flight long enough for the kills to find them there; @in_flight: 0 for the sender's
 * default. */
static void
run_kill9 (guint latency_ms,
           guint in_flight)
{
  g_autofree char *tmp = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *outbox_path = NULL;
  g_autofree char *journal_path = NULL;
  g_autofree char *parcel = NULL;
  g_autofree char *driver = NULL;
  g_autoptr(Sandbox) sandbox = NULL;
  g_autoptr(PkApiClient) op = NULL;
  g_autoptr(PkApiClient) sup = NULL;
  g_autoptr(GHashTable) saved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GHashTable) tracking = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(PkOutbox) outbox = NULL;
  g_autoptr(PkJournal) journal = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = NULL;
  guint32 seed = 1405;
  const guint total = 200;
  guint kills = 0, runs = 0, recovered = 0, max_recovered = 0;
  g_autofree char *in_flight_str = g_strdup_printf ("%u", in_flight);
  gint64 t0 = g_get_monotonic_time ();

  if (skip_without_sandbox ())
    return;
  driver = g_strdup (g_getenv ("PK_OUTBOX_DRIVER"));
  g_assert_nonnull (driver);
  if (g_getenv ("PK_KILL_SEED"))
    seed = (guint32) g_ascii_strtoull (g_getenv ("PK_KILL_SEED"), NULL, 10);
  rand = g_rand_new_with_seed (seed);
  g_test_message ("kill seed %u", seed);

  tmp = make_tmp ("pk-outbox-kill-XXXXXX");
  data_dir = g_build_filename (tmp, "sandbox", NULL);
  outbox_path = g_build_filename (tmp, "outbox.db", NULL);
  journal_path = g_build_filename (tmp, "journal.db", NULL);
  g_mkdir (data_dir, 0700);
  sandbox = sandbox_start (data_dir, 0, latency_ms > 0, &error);
  g_assert_no_error (error);
  op = sandbox_login (sandbox->base_url, "op1", &error);
  g_assert_no_error (error);
  parcel = sandbox_find_parcel (op, &error);
  g_assert_no_error (error);
  if (latency_ms > 0)
    {
      g_autofree char *faults = g_strdup_printf ("{\"latency_ms\": %u, \"error_rate\": 0,"
                                                 " \"drop_rate\": 0, \"truncate_rate\": 0,"
                                                 " \"garbage_rate\": 0, \"seed\": 1}", latency_ms);

      g_assert_true (sandbox_set_faults (sandbox->base_url, faults, &error));
      g_assert_no_error (error);
    }

  for (;;)
    {
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autofree char *total_str = g_strdup_printf ("%u", total);
      /* Kill at random moments for the first runs, then let one finish: after a random time,
       * or after a random number of saves, whichever comes first (so that a fast machine
       * still gets killed while filling the queue, not only while draining it). */
      gboolean kill_this = kills < 15;
      gint64 kill_at = g_get_monotonic_time () + g_rand_int_range (rand, 20, 450) * 1000;
      guint kill_after_saves = g_rand_int_range (rand, 1, 60);
      Run run = { 0 };

      guint recovered_before = recovered;

      process = test_spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, driver,
                                  "--outbox", outbox_path, "--journal", journal_path,
                                  "--url", sandbox->base_url, "--parcel", parcel,
                                  "--total", total_str, "--in-flight", in_flight_str, NULL);
      g_assert_no_error (error);
      runs++;
      run.process = process;
      run.out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
      run.saved = saved;
      run.cancellable = cancellable;
      run.recovered = &recovered;
      read_next (&run);
      g_subprocess_wait_async (process, NULL, exited_cb, &run);

      while (!run.exited)
        {
          if (kill_this && (g_get_monotonic_time () >= kill_at ||
                            run.saved_this_run >= kill_after_saves))
            {
              g_subprocess_send_signal (process, SIGKILL);
              kill_this = FALSE;
              kills++;
            }
          g_main_context_iteration (NULL, FALSE);
          g_usleep (500);
          g_assert_cmpint (g_get_monotonic_time () - t0, <, 150 * G_USEC_PER_SEC);
        }
      /* Whatever was printed before the kill still counts as shown to the operator. */
      while (!run.eof)
        g_main_context_iteration (NULL, TRUE);
      g_clear_object (&run.out);
      max_recovered = MAX (max_recovered, recovered - recovered_before);

      if (g_subprocess_get_if_signaled (process))
        continue;
      g_assert_true (g_subprocess_get_if_exited (process));
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
      g_assert_true (run.drained);
      break;
    }
  g_test_message ("%u runs, %u kills -9, %u items found mid-send after a kill (at most %u at"
                  " once), %" G_GINT64_FORMAT " saved lines, %.1f s", runs, kills, recovered,
                  max_recovered, count_lines (saved), (g_get_monotonic_time () - t0) / 1e6);
  g_assert_cmpuint (kills, >=, 3);
  /* With the latency, the kills did find several items on their way at once. */
  if (latency_ms > 0)
    g_assert_cmpuint (max_recovered, >=, 2);

  /* The outbox: exactly the 200 applications, all delivered, every saved one among them. */
  outbox = pk_outbox_new_sync (outbox_path, NULL, &error);
  g_assert_no_error (error);
  items = pk_outbox_list (outbox, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, total);
  {
    g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
    GHashTableIter iter;
    gpointer key;

    for (guint i = 0; i < items->len; i++)
      {
        PkOutboxItem *item = items->pdata[i];

        g_assert_cmpint (pk_outbox_item_get_state (item), ==, PK_OUTBOX_STATE_DELIVERED);
        g_assert_nonnull (pk_outbox_item_get_tracking_code (item));
        g_assert_false (g_hash_table_contains (tracking, pk_outbox_item_get_tracking_code (item)));
        g_hash_table_add (tracking, (gpointer) pk_outbox_item_get_tracking_code (item));
        g_hash_table_add (keys, (gpointer) pk_outbox_item_get_idempotency_key (item));
      }
    g_hash_table_iter_init (&iter, saved);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_assert_true (g_hash_table_contains (keys, key));
  }

  /* The server: one submission per application, none twice, none extra. */
  sup = sandbox_login (sandbox->base_url, "sup1", &error);
  g_assert_no_error (error);
  seen = sandbox_submissions (sup, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (seen), ==, total);
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, seen);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        g_assert_cmpuint (GPOINTER_TO_UINT (value), ==, 1);
        g_assert_true (g_hash_table_contains (tracking, key));
      }
  }

  assert_server_once_per_key (data_dir, items);

  /* Killed mid-append or not, the journal's chain holds. */
  journal = pk_journal_new_sync (journal_path, NULL, &error);
  g_assert_no_error (error);
  {
    PkJournalVerification v;

    g_assert_true (pk_journal_verify (journal, &v, NULL, &error));
    g_assert_no_error (error);
    g_test_message ("journal: %" G_GINT64_FORMAT " entries intact", v.n_entries);
    g_assert_cmpint (v.n_entries, >=, total);
  }
  /* Every delivered item acknowledged exactly once in the journal: a kill between the outbox's
   * commit and the journal's left some without; the next start journals them. */
  {
    g_autoptr(GHashTable) acks = pk_journal_dup_idempotency_keys (journal,
                                                                  PK_JOURNAL_KIND_ACKNOWLEDGEMENT,
                                                                  &error);
    guint missing = 0, twice = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < items->len; i++)
      {
        guint n = GPOINTER_TO_UINT (g_hash_table_lookup (
          acks, pk_outbox_item_get_idempotency_key (items->pdata[i])));

        missing += n == 0;
        twice += n > 1;
      }
    g_test_message ("acknowledgements: %u missing, %u journaled twice, of %u delivered", missing,
                    twice, items->len);
    g_assert_cmpuint (missing, ==, 0);
    g_assert_cmpuint (twice, ==, 0);
  }

  g_clear_object (&outbox);
  g_clear_object (&journal);
  g_clear_pointer (&sandbox, sandbox_free);
  rm_rf (tmp);
}

static void
test_kill9 (void)
{
  run_kill9 (0, 0);
}

/* Four in flight, each call held 15 ms by the sandbox: most kills find several items on
 * their way, some of them stored on the server and not yet acknowledged. */
static void
test_kill9_in_flight (void)
{
  run_kill9 (15, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/outbox-sandbox/down-then-up", test_down_then_up);
  g_test_add_func ("/outbox-sandbox/faults", test_faults);
  g_test_add_func ("/outbox-sandbox/kill-9", test_kill9);
  g_test_add_func ("/outbox-sandbox/kill-9-in-flight", test_kill9_in_flight);

  return g_test_run ();
}
