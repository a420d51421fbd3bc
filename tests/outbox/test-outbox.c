/* test-outbox.c — the outbox commits before it answers, recovers after a crash, and its
 * sender classifies, backs off, retries with the same key and pauses for login
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "fake-submitter.h"
#include "pk-api-error.h"
#include "pk-office-day.h"
#include "pk-outbox-private.h"
#include "pk-outbox-sender.h"

typedef struct
{
  char      *dir;
  char      *path;
  PkOutbox  *outbox;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("pk-outbox-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "outbox.db", NULL);
  f->outbox = pk_outbox_new_sync (f->path, NULL, &error);
  g_assert_no_error (error);
}

static void
rm_rf (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_remove (p);
    }
  g_rmdir (dir);
}

static void
spin_until_unref (GObject *object)
{
  /* GTask worker threads drop their references shortly after the callbacks ran. */
  for (guint i = 0; object->ref_count > 1 && i < 5000; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (f->outbox != NULL)
    {
      spin_until_unref (G_OBJECT (f->outbox));
      g_assert_finalize_object (f->outbox);
    }
  rm_rf (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static JsonObject *
make_application (guint n)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = g_strdup_printf (
    "{\"service_code\": \"NEW_BUILD\", \"renovation_code\": \"01-001-001-001-000-000\","
    " \"applicants\": [{\"first_name\": \"علی\", \"last_name\": \"رضایی\","
    " \"national_id\": \"0499370899\", \"mobile\": \"09121234567\", \"share_percent\": 100}],"
    " \"fields\": {\"floors\": %u}, \"documents\": [\"ignored\"]}", n);

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static GPtrArray *
make_documents (guint n)
{
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_outbox_document_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *content = g_strdup_printf ("%%PDF-1.4 document %u", i);
      g_autoptr(GBytes) bytes = g_bytes_new (content, strlen (content));
      g_autofree char *name = g_strdup_printf ("doc-%u.pdf", i);

      g_ptr_array_add (docs, pk_outbox_document_new (name, "application/pdf", bytes));
    }
  return docs;
}

static PkOutboxItem *
enqueue (Fixture *f,
         guint    n_docs)
{
  g_autoptr(JsonObject) app = make_application (n_docs);
  g_autoptr(GPtrArray) docs = make_documents (n_docs);
  g_autoptr(GError) error = NULL;
  PkOutboxItem *item = pk_outbox_enqueue (f->outbox, "op1", app, docs, &error);

  g_assert_no_error (error);
  g_assert_nonnull (item);
  return item;
}

static gint64
raw_count (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* --- outbox ------------------------------------------------------------------------------ */

static void
test_key_format (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 2000; i++)
    {
      char *key = pk_outbox_generate_idempotency_key ();

      g_assert_cmpuint (strlen (key), ==, 32);
      for (const char *p = key; *p; p++)
        g_assert_true (g_ascii_isalnum (*p) || *p == '-');
      g_assert_false (g_hash_table_contains (seen, key));
      g_hash_table_add (seen, key);
    }
}

typedef struct
{
  Fixture      *f;
  GMainLoop    *loop;
  PkOutboxItem *item;
  GError       *error;
  gint64        rows_seen_in_callback;
} EnqueueState;

static void
enqueue_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  EnqueueState *st = user_data;

  st->item = pk_outbox_enqueue_finish (PK_OUTBOX (source), result, &st->error);
  /* The moment the GUI would say "saved": another connection must see it already. */
  st->rows_seen_in_callback = raw_count (st->f->path, "SELECT count(*) FROM item");
  g_main_loop_quit (st->loop);
}

static void
test_enqueue_committed (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) app = make_application (2);
  g_autoptr(GPtrArray) docs = make_documents (2);
  EnqueueState st = { f, g_main_loop_new (NULL, FALSE), NULL, NULL, 0 };
  g_autofree char *sql = NULL;
  g_autofree char *expected_sha = NULL;

  pk_outbox_enqueue_async (f->outbox, "op1", app, docs, NULL, enqueue_cb, &st);
  g_main_loop_run (st.loop);
  g_main_loop_unref (st.loop);

  g_assert_no_error (st.error);
  g_assert_nonnull (st.item);
  g_assert_cmpint (st.rows_seen_in_callback, ==, 1);
  g_assert_cmpint (pk_outbox_item_get_state (st.item), ==, PK_OUTBOX_STATE_PENDING);
  g_assert_cmpuint (pk_outbox_item_get_attempts (st.item), ==, 0);
  g_assert_cmpuint (strlen (pk_outbox_item_get_idempotency_key (st.item)), ==, 32);
  g_assert_cmpstr (pk_outbox_item_get_service_code (st.item), ==, "NEW_BUILD");
  g_assert_cmpstr (pk_outbox_item_get_renovation_code (st.item), ==, "01-001-001-001-000-000");
  /* The caller's "documents" member is the outbox's business, dropped. */
  g_assert_null (strstr (pk_outbox_item_get_application_json (st.item), "ignored"));
  g_assert_nonnull (strstr (pk_outbox_item_get_application_json (st.item), "علی"));

  sql = g_strdup_printf ("SELECT count(*) FROM item WHERE idempotency_key = '%s' AND state = 'pending'",
                         pk_outbox_item_get_idempotency_key (st.item));
  g_assert_cmpint (raw_count (f->path, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  expected_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "%PDF-1.4 document 1", -1);
  sql = g_strdup_printf ("SELECT count(*) FROM document WHERE position = 1 AND sha256 = '%s'"
                         " AND length(data) = 19", expected_sha);
  g_assert_cmpint (raw_count (f->path, sql), ==, 1);
  g_assert_cmpint (raw_count (f->path, "PRAGMA journal_mode"), ==, 0); /* text 'wal' reads as 0 */
  g_assert_cmpint (raw_count (f->path, "PRAGMA user_version"), ==, 1);
  g_object_unref (st.item);
}

static void
test_enqueue_cancelled (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) app = make_application (0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  EnqueueState st = { f, g_main_loop_new (NULL, FALSE), NULL, NULL, 0 };

  /* Cancelled before the worker ran: nothing is saved and the GUI must not say "saved". */
  g_cancellable_cancel (cancellable);
  pk_outbox_enqueue_async (f->outbox, "op1", app, NULL, cancellable, enqueue_cb, &st);
  g_main_loop_run (st.loop);
  g_main_loop_unref (st.loop);
  g_assert_error (st.error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_CANCELLED);
  g_assert_null (st.item);
  g_assert_cmpint (st.rows_seen_in_callback, ==, 0);
  g_clear_error (&st.error);
}

static void
test_enqueue_invalid (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonObject) app = make_application (0);
  g_autoptr(JsonObject) no_service = json_object_new ();
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_outbox_document_unref);
  g_autoptr(GBytes) big = g_bytes_new_take (g_malloc0 (PK_OUTBOX_DOCUMENT_MAX_SIZE + 1),
                                            PK_OUTBOX_DOCUMENT_MAX_SIZE + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PkOutboxItem) item = NULL;

  item = pk_outbox_enqueue (f->outbox, "op1", no_service, NULL, &error);
  g_assert_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_INVALID);
  g_assert_null (item);
  g_clear_error (&error);

  g_ptr_array_add (docs, pk_outbox_document_new ("huge.pdf", "application/pdf", big));
  item = pk_outbox_enqueue (f->outbox, "op1", app, docs, &error);
  g_assert_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_INVALID);
  g_assert_null (item);
  g_assert_cmpint (raw_count (f->path, "SELECT count(*) FROM item"), ==, 0);
}

static void
count_changed (PkOutbox *outbox,
               guint    *n)
{
  (*n)++;
}

static void
test_counts_and_signals (Fixture       *f,
                         gconstpointer  data)
{
  guint changed = 0, work = 0;
  g_autoptr(PkOutboxItem) a = NULL;
  g_autoptr(PkOutboxItem) b = NULL;
  g_autoptr(PkOutboxItem) claimed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) reason = g_error_new_literal (PK_API_ERROR, PK_API_ERROR_CONFLICT, "conflict");

  g_signal_connect (f->outbox, "changed", G_CALLBACK (count_changed), &changed);
  g_signal_connect (f->outbox, "work-added", G_CALLBACK (count_changed), &work);
  a = enqueue (f, 0);
  b = enqueue (f, 1);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (pk_outbox_get_n_pending (f->outbox), ==, 2);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpuint (work, ==, 2);

  claimed = pk_outbox_claim_next (f->outbox, g_get_real_time (), &error);
  g_assert_no_error (error);
  g_assert_cmpint (pk_outbox_item_get_id (claimed), ==, pk_outbox_item_get_id (a));
  g_assert_true (pk_outbox_mark_failed (f->outbox, pk_outbox_item_get_id (a), reason,
                                        "{\"fields.floors\": \"out_of_range\"}", &error));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (pk_outbox_get_n_pending (f->outbox), ==, 1);
  g_assert_cmpuint (pk_outbox_get_n_failed (f->outbox), ==, 1);
  g_assert_cmpuint (pk_outbox_get_n_sending (f->outbox), ==, 0);
  g_assert_cmpuint (work, ==, 2);   /* bookkeeping does not wake the sender */
}

static void
test_recovery (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PkOutboxItem) a = enqueue (f, 1);
  g_autoptr(PkOutboxItem) b = enqueue (f, 0);
  g_autoptr(PkOutboxItem) c = enqueue (f, 0);
  g_autoptr(PkOutboxItem) claimed1 = NULL;
  g_autoptr(PkOutboxItem) claimed2 = NULL;
  g_autoptr(PkOutboxItem) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;

  claimed1 = pk_outbox_claim_next (f->outbox, g_get_real_time (), &error);
  claimed2 = pk_outbox_claim_next (f->outbox, g_get_real_time (), &error);
  g_assert_no_error (error);
  g_assert_cmpint (pk_outbox_item_get_state (claimed1), ==, PK_OUTBOX_STATE_SENDING);
  /* The bytes of documents still to upload come with the claim. */
  g_assert_nonnull (((PkOutboxDocument *) pk_outbox_item_get_documents (claimed1)->pdata[0])->data);
  g_assert_true (pk_outbox_set_document_id (f->outbox, pk_outbox_item_get_id (a), 0, "doc-77", &error));
  g_assert_cmpint (raw_count (f->path, "SELECT count(*) FROM item WHERE state = 'sending'"), ==, 2);

  /* "Crash": drop the connection with two items in flight and open the file again. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (f->outbox);
  f->outbox = pk_outbox_new_sync (f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pk_outbox_get_n_recovered (f->outbox), ==, 2);
  g_assert_cmpuint (pk_outbox_get_n_pending (f->outbox), ==, 3);
  g_assert_cmpuint (pk_outbox_get_n_sending (f->outbox), ==, 0);

  items = pk_outbox_list (f->outbox, PK_OUTBOX_STATE_PENDING, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 3);
  /* Same keys as before the crash: the server deduplicates the re-sends. */
  g_assert_cmpstr (pk_outbox_item_get_idempotency_key (items->pdata[0]), ==,
                   pk_outbox_item_get_idempotency_key (a));
  g_assert_cmpstr (pk_outbox_item_get_idempotency_key (items->pdata[1]), ==,
                   pk_outbox_item_get_idempotency_key (b));
  g_assert_cmpstr (pk_outbox_item_get_idempotency_key (items->pdata[2]), ==,
                   pk_outbox_item_get_idempotency_key (c));
  /* The committed document id survives, and its bytes are not read again. */
  again = pk_outbox_claim_next (f->outbox, g_get_real_time (), &error);
  g_assert_cmpint (pk_outbox_item_get_id (again), ==, pk_outbox_item_get_id (a));
  g_assert_cmpstr (((PkOutboxDocument *) pk_outbox_item_get_documents (again)->pdata[0])->document_id,
                   ==, "doc-77");
  g_assert_null (((PkOutboxDocument *) pk_outbox_item_get_documents (again)->pdata[0])->data);
}

static void
test_retry_now (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(PkOutboxItem) a = enqueue (f, 0);
  g_autoptr(PkOutboxItem) claimed = NULL;
  g_autoptr(PkOutboxItem) reread = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) reason = g_error_new_literal (PK_API_ERROR, PK_API_ERROR_NETWORK, "down");
  gint64 id = pk_outbox_item_get_id (a);
  gint64 later = g_get_real_time () + (gint64) G_USEC_PER_SEC * 3600;

  claimed = pk_outbox_claim_next (f->outbox, g_get_real_time (), &error);
  g_assert_true (pk_outbox_mark_retry (f->outbox, id, later, TRUE, reason, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pk_outbox_get_next_due_us (f->outbox, NULL), ==, later);
  g_assert_null (pk_outbox_claim_next (f->outbox, g_get_real_time (), &error));
  g_assert_no_error (error);

  reread = pk_outbox_get_item (f->outbox, id, FALSE, &error);
  g_assert_cmpuint (pk_outbox_item_get_attempts (reread), ==, 1);
  g_assert_cmpstr (pk_outbox_item_get_last_error (reread), ==, "down");
  {
    g_autoptr(GError) stored = pk_outbox_item_dup_last_error (reread);
    g_assert_error (stored, PK_API_ERROR, PK_API_ERROR_NETWORK);
  }

  g_assert_true (pk_outbox_retry_now (f->outbox, id, &error));
  g_assert_cmpint (pk_outbox_get_next_due_us (f->outbox, NULL), <=, g_get_real_time ());
  g_clear_object (&claimed);
  claimed = pk_outbox_claim_next (f->outbox, g_get_real_time (), &error);
  g_assert_nonnull (claimed);

  /* A failed item goes back to the queue only on the operator's explicit retry. */
  g_assert_true (pk_outbox_mark_failed (f->outbox, id, reason, NULL, &error));
  g_assert_cmpint (pk_outbox_get_next_due_us (f->outbox, NULL), ==, G_MAXINT64);
  g_assert_true (pk_outbox_retry_now (f->outbox, id, &error));
  g_clear_object (&reread);
  reread = pk_outbox_get_item (f->outbox, id, FALSE, &error);
  g_assert_cmpint (pk_outbox_item_get_state (reread), ==, PK_OUTBOX_STATE_PENDING);

  g_clear_object (&claimed);
  claimed = pk_outbox_claim_next (f->outbox, g_get_real_time (), &error);
  g_assert_true (pk_outbox_mark_delivered (f->outbox, id, "app-1", "PK0000000001", "{}", &error));
  g_assert_false (pk_outbox_retry_now (f->outbox, id, &error));
  g_assert_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_assert_false (pk_outbox_remove_failed (f->outbox, id, &error));
  g_assert_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_assert_false (pk_outbox_retry_now (f->outbox, 9999, &error));
  g_assert_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_NOT_FOUND);
}

static void
test_remove_failed (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PkOutboxItem) a = enqueue (f, 2);
  g_autoptr(PkOutboxItem) claimed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) reason = g_error_new_literal (PK_API_ERROR, PK_API_ERROR_VALIDATION, "bad");

  g_assert_false (pk_outbox_remove_failed (f->outbox, pk_outbox_item_get_id (a), &error));
  g_assert_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_WRONG_STATE);
  g_clear_error (&error);
  claimed = pk_outbox_claim_next (f->outbox, g_get_real_time (), &error);
  g_assert_true (pk_outbox_mark_failed (f->outbox, pk_outbox_item_get_id (a), reason, NULL, &error));
  g_assert_true (pk_outbox_remove_failed (f->outbox, pk_outbox_item_get_id (a), &error));
  g_assert_no_error (error);
  g_assert_cmpint (raw_count (f->path, "SELECT count(*) FROM document"), ==, 0);
}

/* The counts the header shows are kept incrementally: after any sequence of transitions they
 * must equal what the database says. */
static void
test_counts_match_database (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) reason = g_error_new_literal (PK_API_ERROR, PK_API_ERROR_SERVER, "x");

  for (guint step = 0; step < 400; step++)
    {
      g_autoptr(PkOutboxItem) item = NULL;
      gint64 id = ids->len ? g_array_index (ids, gint64, g_rand_int_range (rand, 0, ids->len)) : 0;

      switch (g_rand_int_range (rand, 0, 7))
        {
        case 0:
          item = enqueue (f, g_rand_int_range (rand, 0, 2));
          g_array_append_val (ids, (gint64) { pk_outbox_item_get_id (item) });
          break;
        case 1:
          item = pk_outbox_claim_next (f->outbox, g_get_real_time (), NULL);
          break;
        case 2:
          pk_outbox_mark_retry (f->outbox, id, g_get_real_time (), TRUE, reason, NULL);
          break;
        case 3:
          pk_outbox_mark_failed (f->outbox, id, reason, NULL, NULL);
          break;
        case 4:
          pk_outbox_mark_delivered (f->outbox, id, "a", "PK0000000001", "{}", NULL);
          break;
        case 5:
          pk_outbox_retry_now (f->outbox, id, NULL);
          break;
        default:
          pk_outbox_remove_failed (f->outbox, id, NULL);
          break;
        }
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_assert_cmpint (pk_outbox_get_n_pending (f->outbox), ==,
                       raw_count (f->path, "SELECT count(*) FROM item WHERE state = 'pending'"));
      g_assert_cmpint (pk_outbox_get_n_sending (f->outbox), ==,
                       raw_count (f->path, "SELECT count(*) FROM item WHERE state = 'sending'"));
      g_assert_cmpint (pk_outbox_get_n_failed (f->outbox), ==,
                       raw_count (f->path, "SELECT count(*) FROM item WHERE state = 'failed'"));
      g_assert_cmpint (pk_outbox_get_n_delivered (f->outbox), ==,
                       raw_count (f->path, "SELECT count(*) FROM item WHERE state = 'delivered'"));
    }
}

static gpointer
drain_thread (gpointer data)
{
  PkOutbox *outbox = data;
  PkOutboxItem *item;

  while ((item = pk_outbox_claim_next (outbox, g_get_real_time (), NULL)) != NULL)
    {
      g_assert_true (pk_outbox_mark_delivered (outbox, pk_outbox_item_get_id (item), "a",
                                               "PK0000000001", "{}", NULL));
      g_object_unref (item);
    }
  return NULL;
}

/* The sender's steps run on several worker threads at once: the counts the header shows
 * must end where the database is, whatever order the threads' notifications arrive in. */
static void
test_counts_from_threads (Fixture       *f,
                          gconstpointer  data)
{
  GThread *threads[4];
  guint changed = 0;

  for (guint i = 0; i < 300; i++)
    g_object_unref (enqueue (f, 0));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_signal_connect (f->outbox, "changed", G_CALLBACK (count_changed), &changed);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("drain", drain_thread, f->outbox);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (changed, >, 0);
  g_assert_cmpuint (pk_outbox_get_n_pending (f->outbox), ==, 0);
  g_assert_cmpuint (pk_outbox_get_n_sending (f->outbox), ==, 0);
  g_assert_cmpuint (pk_outbox_get_n_delivered (f->outbox), ==, 300);
}

static void
test_newer_schema (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PkOutbox) other = NULL;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA user_version = 2", NULL, NULL, NULL);
  sqlite3_close (db);
  other = pk_outbox_new_sync (f->path, NULL, &error);
  g_assert_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_SCHEMA);
  g_assert_null (other);
}

/* --- classification and backoff ---------------------------------------------------------- */

static void
test_classify (void)
{
  struct { GQuark domain; int code; PkOutboxVerdict verdict; } cases[] = {
    { 0, PK_API_ERROR_NETWORK, PK_OUTBOX_VERDICT_RETRY },
    { 0, PK_API_ERROR_TIMEOUT, PK_OUTBOX_VERDICT_RETRY },
    { 0, PK_API_ERROR_SERVER, PK_OUTBOX_VERDICT_RETRY },
    { 0, PK_API_ERROR_MALFORMED_REPLY, PK_OUTBOX_VERDICT_RETRY },
    { 0, PK_API_ERROR_VALIDATION, PK_OUTBOX_VERDICT_PERMANENT },
    { 0, PK_API_ERROR_CONFLICT, PK_OUTBOX_VERDICT_PERMANENT },
    { 0, PK_API_ERROR_FORBIDDEN, PK_OUTBOX_VERDICT_PERMANENT },
    { 0, PK_API_ERROR_NOT_FOUND, PK_OUTBOX_VERDICT_PERMANENT },
    { 0, PK_API_ERROR_TOO_LARGE, PK_OUTBOX_VERDICT_PERMANENT },
    { 0, PK_API_ERROR_UNSUPPORTED_TYPE, PK_OUTBOX_VERDICT_PERMANENT },
    { 0, PK_API_ERROR_MALFORMED_REQUEST, PK_OUTBOX_VERDICT_PERMANENT },
    { 0, PK_API_ERROR_UNAUTHORIZED, PK_OUTBOX_VERDICT_LOGIN },
    { 0, PK_API_ERROR_TOKEN_EXPIRED, PK_OUTBOX_VERDICT_LOGIN },
    { 0, PK_API_ERROR_CANCELLED, PK_OUTBOX_VERDICT_CANCELLED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) e = g_error_new_literal (PK_API_ERROR, cases[i].code, "x");
      g_assert_cmpint (pk_outbox_classify_error (e), ==, cases[i].verdict);
    }
  {
    g_autoptr(GError) e = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x");
    g_autoptr(GError) d = g_error_new_literal (PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_DATABASE, "x");
    g_assert_cmpint (pk_outbox_classify_error (e), ==, PK_OUTBOX_VERDICT_CANCELLED);
    g_assert_cmpint (pk_outbox_classify_error (d), ==, PK_OUTBOX_VERDICT_RETRY);
  }
}

static void
test_backoff_schedule (void)
{
  guint prev_hi = 0;

  /* 1 s → 5 min: doubles, ±25 % jitter, clamped. */
  g_assert_cmpuint (pk_outbox_backoff_delay_ms (0, 1000, 300000, 0.5), ==, 0);
  g_assert_cmpuint (pk_outbox_backoff_delay_ms (1, 1000, 300000, 0.5), ==, 1000);
  g_assert_cmpuint (pk_outbox_backoff_delay_ms (1, 1000, 300000, 0.0), ==, 1000); /* clamped up */
  g_assert_cmpuint (pk_outbox_backoff_delay_ms (1, 1000, 300000, 0.999), <=, 1250);
  g_assert_cmpuint (pk_outbox_backoff_delay_ms (2, 1000, 300000, 0.5), ==, 2000);
  g_assert_cmpuint (pk_outbox_backoff_delay_ms (3, 1000, 300000, 0.5), ==, 4000);
  g_assert_cmpuint (pk_outbox_backoff_delay_ms (4, 1000, 300000, 0.0), ==, 6000);
  g_assert_cmpuint (pk_outbox_backoff_delay_ms (9, 1000, 300000, 0.5), ==, 256000);
  g_assert_cmpuint (pk_outbox_backoff_delay_ms (10, 1000, 300000, 0.5), ==, 300000);
  g_assert_cmpuint (pk_outbox_backoff_delay_ms (10, 1000, 300000, 0.0), ==, 225000);
  g_assert_cmpuint (pk_outbox_backoff_delay_ms (1000, 1000, 300000, 0.999), ==, 300000);
  g_assert_cmpuint (pk_outbox_backoff_delay_ms (G_MAXUINT, 1000, 300000, 0.5), ==, 300000);
  for (guint n = 1; n < 40; n++)
    {
      guint lo = pk_outbox_backoff_delay_ms (n, 1000, 300000, 0.0);
      guint hi = pk_outbox_backoff_delay_ms (n, 1000, 300000, 0.999999);

      g_assert_cmpuint (lo, >=, 1000);
      g_assert_cmpuint (hi, <=, 300000);
      g_assert_cmpuint (lo, <=, hi);
      g_assert_cmpuint (hi, >=, prev_hi);   /* never shrinks as failures accumulate */
      prev_hi = hi;
    }
}

/* --- sender against a scripted submitter ------------------------------------------------- */

typedef struct
{
  Fixture        f;
  FakeSubmitter *fake;
  PkJournal     *journal;
  PkOutboxSender *sender;
  guint          delivered;
  guint          failed;
  guint          login_required;
  GPtrArray     *statuses;
} SenderFixture;

static void
on_delivered (PkOutboxSender *sender,
              PkOutboxItem   *item,
              SenderFixture  *sf)
{
  g_assert_cmpint (pk_outbox_item_get_state (item), ==, PK_OUTBOX_STATE_DELIVERED);
  g_assert_nonnull (pk_outbox_item_get_tracking_code (item));
  sf->delivered++;
}

static void
on_failed (PkOutboxSender *sender,
           PkOutboxItem   *item,
           SenderFixture  *sf)
{
  g_assert_cmpint (pk_outbox_item_get_state (item), ==, PK_OUTBOX_STATE_FAILED);
  sf->failed++;
}

static void
on_login (PkOutboxSender *sender,
          SenderFixture  *sf)
{
  sf->login_required++;
}

static void
on_status (PkOutboxSender *sender,
           GParamSpec     *pspec,
           SenderFixture  *sf)
{
  g_ptr_array_add (sf->statuses, GINT_TO_POINTER (pk_outbox_sender_get_status (sender)));
}

static void
sender_set_up (SenderFixture *sf,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *jpath = NULL;

  fixture_set_up (&sf->f, data);
  jpath = g_build_filename (sf->f.dir, "journal.db", NULL);
  sf->journal = pk_journal_new_sync (jpath, NULL, &error);
  g_assert_no_error (error);
  sf->fake = fake_submitter_new ();
  sf->statuses = g_ptr_array_new ();
  sf->sender = pk_outbox_sender_new (sf->f.outbox, PK_SUBMITTER (sf->fake), sf->journal);
  pk_outbox_sender_set_base_delay (sf->sender, 20);
  pk_outbox_sender_set_max_delay (sf->sender, 200);
  g_signal_connect (sf->sender, "item-delivered", G_CALLBACK (on_delivered), sf);
  g_signal_connect (sf->sender, "item-failed", G_CALLBACK (on_failed), sf);
  g_signal_connect (sf->sender, "login-required", G_CALLBACK (on_login), sf);
  g_signal_connect (sf->sender, "notify::status", G_CALLBACK (on_status), sf);
}

static void
sender_tear_down (SenderFixture *sf,
                  gconstpointer  data)
{
  pk_outbox_sender_stop (sf->sender);
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  spin_until_unref (G_OBJECT (sf->sender));
  g_assert_finalize_object (sf->sender);
  g_assert_finalize_object (sf->fake);
  spin_until_unref (G_OBJECT (sf->journal));
  g_assert_finalize_object (sf->journal);
  g_ptr_array_unref (sf->statuses);
  fixture_tear_down (&sf->f, data);
}

static gboolean
timeout_fail (gpointer data)
{
  g_error ("timed out waiting: %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

#define WAIT_UNTIL(cond) G_STMT_START {                                             \
    guint _t = g_timeout_add_seconds (20, timeout_fail, (gpointer) #cond);           \
    while (!(cond))                                                                  \
      g_main_context_iteration (NULL, TRUE);                                         \
    g_source_remove (_t);                                                            \
  } G_STMT_END

/* Runs the loop for @ms, to show that something does NOT happen. */
static void
run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
assert_journal (SenderFixture *sf,
                guint          n_submissions,
                guint          n_acks)
{
  g_autoptr(GDate) today = pk_office_day_today ();
  PkJournalTotals totals;
  g_autoptr(GError) error = NULL;

  /* Journal appends are fire-and-forget from the sender: let them land. */
  WAIT_UNTIL ((pk_journal_get_day_totals (sf->journal, today, &totals, NULL),
               totals.count[PK_JOURNAL_KIND_SUBMISSION] >= n_submissions &&
               totals.count[PK_JOURNAL_KIND_ACKNOWLEDGEMENT] >= n_acks));
  g_assert_cmpuint (totals.count[PK_JOURNAL_KIND_SUBMISSION], ==, n_submissions);
  g_assert_cmpuint (totals.count[PK_JOURNAL_KIND_ACKNOWLEDGEMENT], ==, n_acks);
  g_assert_true (pk_journal_verify (sf->journal, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_sender_delivers (SenderFixture *sf,
                      gconstpointer  data)
{
  g_autoptr(PkOutboxItem) a = enqueue (&sf->f, 2);
  g_autoptr(PkOutboxItem) b = enqueue (&sf->f, 0);
  g_autoptr(PkOutboxItem) c = enqueue (&sf->f, 1);
  g_autoptr(PkOutboxItem) done = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GDate) today = pk_office_day_today ();
  g_autoptr(GPtrArray) entries = NULL;
  JsonArray *ids;

  PkOutboxItem *queued[3] = { a, b, c };
  guint sent_as[3];
  guint n_submissions = 0;

  /* Three in flight by default: a's two uploads overlap with b's and c's posts. */
  g_assert_cmpuint (pk_outbox_sender_get_max_in_flight (sf->sender), ==, 3);
  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (sf->delivered == 3);
  WAIT_UNTIL (pk_outbox_sender_get_status (sf->sender) == PK_OUTBOX_SENDER_IDLE);

  g_assert_cmpuint (fake_submitter_n_uploads (sf->fake), ==, 3);
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 3);
  /* Each posted once, with its own stored key. */
  for (guint i = 0; i < 3; i++)
    {
      guint found = 0;

      for (guint k = 0; k < 3; k++)
        if (g_strcmp0 (fake_submitter_get_keys (sf->fake)->pdata[k],
                       pk_outbox_item_get_idempotency_key (queued[i])) == 0)
          {
            found++;
            sent_as[i] = k;
          }
      g_assert_cmpuint (found, ==, 1);
    }

  done = pk_outbox_get_item (sf->f.outbox, pk_outbox_item_get_id (a), TRUE, NULL);
  g_assert_cmpint (pk_outbox_item_get_state (done), ==, PK_OUTBOX_STATE_DELIVERED);
  /* The body carries the uploaded documents' ids, in order. */
  body = json_from_string (fake_submitter_get_bodies (sf->fake)->pdata[sent_as[0]], NULL);
  ids = json_object_get_array_member (json_node_get_object (body), "documents");
  g_assert_cmpuint (json_array_get_length (ids), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const char *id = ((PkOutboxDocument *) pk_outbox_item_get_documents (done)->pdata[i])->document_id;

      g_assert_true (g_str_has_prefix (id, "doc-"));
      g_assert_cmpstr (json_array_get_string_element (ids, i), ==, id);
    }
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "service_code"), ==, "NEW_BUILD");
  {
    g_autofree char *expected = g_strdup_printf ("PK%010u", sent_as[0] + 1);

    g_assert_cmpstr (pk_outbox_item_get_tracking_code (done), ==, expected);
  }
  g_assert_nonnull (strstr (pk_outbox_item_get_answer_json (done), "\"total_rial\":1250000"));
  g_assert_cmpuint (pk_outbox_item_get_attempts (done), ==, 1);
  /* Delivered documents keep their id and hash, not their bytes. */
  g_assert_nonnull (((PkOutboxDocument *) pk_outbox_item_get_documents (done)->pdata[1])->document_id);
  g_assert_null (((PkOutboxDocument *) pk_outbox_item_get_documents (done)->pdata[1])->data);
  g_assert_cmpint (raw_count (sf->f.path, "SELECT count(*) FROM document WHERE data IS NOT NULL"), ==, 0);

  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (pk_outbox_get_n_delivered (sf->f.outbox), ==, 3);
  g_assert_cmpuint (pk_outbox_get_n_pending (sf->f.outbox), ==, 0);
  g_assert_cmpuint (pk_outbox_get_n_sending (sf->f.outbox), ==, 0);
  assert_journal (sf, 3, 3);

  /* The journal: the items were taken in queue order, and each one's acknowledgement comes
   * after its submission. */
  entries = pk_journal_list_day (sf->journal, today, NULL);
  g_assert_cmpuint (entries->len, ==, 6);
  for (guint i = 0; i < entries->len; i++)
    {
      PkJournalEntry *e = entries->pdata[i];
      g_autoptr(JsonNode) detail = json_from_string (e->detail_json, NULL);
      gint64 item_id = json_object_get_int_member (json_node_get_object (detail), "item_id");

      if (e->kind == PK_JOURNAL_KIND_SUBMISSION)
        {
          g_assert_cmpint (item_id, ==, pk_outbox_item_get_id (queued[n_submissions]));
          n_submissions++;
          continue;
        }
      g_assert_cmpint (e->kind, ==, PK_JOURNAL_KIND_ACKNOWLEDGEMENT);
      {
        gboolean submitted_before = FALSE;

        for (guint k = 0; k < n_submissions; k++)
          submitted_before |= item_id == pk_outbox_item_get_id (queued[k]);
        g_assert_true (submitted_before);
      }
      if (item_id == pk_outbox_item_get_id (a))
        {
          g_assert_cmpstr (e->tracking_code, ==, pk_outbox_item_get_tracking_code (done));
          g_assert_cmpstr (e->operator_name, ==, "op1");
          g_assert_cmpstr (e->outcome, ==, "delivered");
          g_assert_true (e->has_amount);
          g_assert_cmpint (e->amount_rial, ==, 1250000);
        }
    }
  g_assert_cmpuint (n_submissions, ==, 3);

  /* New work wakes an idle sender by itself. */
  g_clear_object (&done);
  done = enqueue (&sf->f, 0);
  WAIT_UNTIL (sf->delivered == 4);
}

static void
test_sender_retries_same_key (SenderFixture *sf,
                              gconstpointer  data)
{
  g_autoptr(PkOutboxItem) a = enqueue (&sf->f, 1);
  g_autoptr(PkOutboxItem) done = NULL;
  GPtrArray *keys, *bodies;
  gboolean saw_backoff = FALSE;

  /* upload fails, upload succeeds, submit times out (the server may have it!), submit gets
   * a 503 with Retry-After, then submit succeeds. */
  fake_submitter_push (sf->fake, g_error_new_literal (PK_API_ERROR, PK_API_ERROR_NETWORK, "refused"));
  fake_submitter_push (sf->fake, NULL);
  fake_submitter_push (sf->fake, g_error_new_literal (PK_API_ERROR, PK_API_ERROR_TIMEOUT, "slow"));
  fake_submitter_push (sf->fake, pk_api_error_new_from_server (503, "unavailable", "x", NULL, 0));
  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (sf->delivered == 1);

  keys = fake_submitter_get_keys (sf->fake);
  bodies = fake_submitter_get_bodies (sf->fake);
  g_assert_cmpuint (fake_submitter_n_uploads (sf->fake), ==, 2);  /* not re-uploaded once stored */
  g_assert_cmpuint (keys->len, ==, 3);
  for (guint i = 0; i < keys->len; i++)
    {
      g_assert_cmpstr (keys->pdata[i], ==, pk_outbox_item_get_idempotency_key (a));
      g_assert_cmpstr (bodies->pdata[i], ==, bodies->pdata[0]);   /* byte-identical re-sends */
    }
  done = pk_outbox_get_item (sf->f.outbox, pk_outbox_item_get_id (a), FALSE, NULL);
  g_assert_cmpuint (pk_outbox_item_get_attempts (done), ==, 4);
  g_assert_null (pk_outbox_item_get_last_error (done));
  for (guint i = 0; i < sf->statuses->len; i++)
    saw_backoff |= GPOINTER_TO_INT (sf->statuses->pdata[i]) == PK_OUTBOX_SENDER_BACKING_OFF;
  g_assert_true (saw_backoff);
  g_assert_cmpuint (pk_outbox_sender_get_current_delay (sf->sender), ==, 0);
  assert_journal (sf, 1, 1);
}

static void
test_sender_backoff_grows (SenderFixture *sf,
                           gconstpointer  data)
{
  g_autoptr(PkOutboxItem) a = enqueue (&sf->f, 0);
  guint delays[4];
  gint64 t0, elapsed_ms;

  for (guint i = 0; i < 4; i++)
    fake_submitter_push (sf->fake, g_error_new_literal (PK_API_ERROR, PK_API_ERROR_NETWORK, "down"));
  t0 = g_get_monotonic_time ();
  pk_outbox_sender_start (sf->sender);
  for (guint i = 0; i < 4; i++)
    {
      WAIT_UNTIL (fake_submitter_n_submits (sf->fake) == i + 1 &&
                  pk_outbox_sender_get_status (sf->sender) == PK_OUTBOX_SENDER_BACKING_OFF);
      delays[i] = pk_outbox_sender_get_current_delay (sf->sender);
    }
  WAIT_UNTIL (sf->delivered == 1);
  elapsed_ms = (g_get_monotonic_time () - t0) / 1000;
  g_test_message ("delays %u %u %u %u, %" G_GINT64_FORMAT " ms", delays[0], delays[1], delays[2],
                  delays[3], elapsed_ms);
  /* base 20 ms, cap 200 ms, ±25 %. */
  g_assert_cmpuint (delays[0], >=, 20);
  g_assert_cmpuint (delays[0], <=, 25);
  g_assert_cmpuint (delays[1], >=, 30);
  g_assert_cmpuint (delays[1], <=, 50);
  g_assert_cmpuint (delays[2], >=, 60);
  g_assert_cmpuint (delays[3], >=, 120);
  g_assert_cmpuint (delays[3], <=, 200);
  /* The backoff was actually waited out. */
  g_assert_cmpint (elapsed_ms, >=, delays[0] + delays[1] + delays[2] + delays[3]);
}

static void
test_sender_permanent (SenderFixture *sf,
                       gconstpointer  data)
{
  g_autoptr(PkOutboxItem) a = enqueue (&sf->f, 0);
  g_autoptr(PkOutboxItem) b = enqueue (&sf->f, 0);
  g_autoptr(PkOutboxItem) failed = NULL;
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) stored = NULL;

  g_hash_table_insert (fields, g_strdup ("applicants[0].national_id"), g_strdup ("checksum"));
  g_hash_table_insert (fields, g_strdup ("fields.floors"), g_strdup ("out_of_range"));
  fake_submitter_push (sf->fake, pk_api_error_new_from_server (422, "validation", "نامعتبر", fields, 0));
  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (sf->failed == 1 && sf->delivered == 1);
  run_for (300);   /* longer than the max backoff: nothing is retried on its own */
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 2);

  failed = pk_outbox_get_item (sf->f.outbox, pk_outbox_item_get_id (a), FALSE, NULL);
  g_assert_cmpint (pk_outbox_item_get_state (failed), ==, PK_OUTBOX_STATE_FAILED);
  g_assert_cmpstr (g_hash_table_lookup (pk_outbox_item_get_error_fields (failed),
                                        "applicants[0].national_id"), ==, "checksum");
  g_assert_cmpstr (g_hash_table_lookup (pk_outbox_item_get_error_fields (failed),
                                        "fields.floors"), ==, "out_of_range");
  stored = pk_outbox_item_dup_last_error (failed);
  g_assert_error (stored, PK_API_ERROR, PK_API_ERROR_VALIDATION);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (pk_outbox_get_n_failed (sf->f.outbox), ==, 1);
  g_assert_cmpuint (pk_outbox_get_n_delivered (sf->f.outbox), ==, 1);
  assert_journal (sf, 2, 2);

  /* The operator's explicit retry sends it again (the fake now accepts). */
  g_assert_true (pk_outbox_retry_now (sf->f.outbox, pk_outbox_item_get_id (a), NULL));
  WAIT_UNTIL (sf->delivered == 2);
}

static void
test_sender_conflict_is_permanent (SenderFixture *sf,
                                   gconstpointer  data)
{
  g_autoptr(PkOutboxItem) a = enqueue (&sf->f, 0);

  fake_submitter_push (sf->fake, pk_api_error_new_from_server (409, "conflict", "x", NULL, 0));
  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (sf->failed == 1);
  run_for (300);
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 1);
}

static void
test_sender_login (SenderFixture *sf,
                   gconstpointer  data)
{
  g_autoptr(PkOutboxItem) a = enqueue (&sf->f, 0);
  g_autoptr(PkOutboxItem) reread = NULL;

  fake_submitter_push (sf->fake, pk_api_error_new_from_server (401, "token_expired", "x", NULL, 0));
  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (sf->login_required == 1);
  g_assert_cmpint (pk_outbox_sender_get_status (sf->sender), ==, PK_OUTBOX_SENDER_NEEDS_LOGIN);
  run_for (300);
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 1);   /* paused, not hammering */
  reread = pk_outbox_get_item (sf->f.outbox, pk_outbox_item_get_id (a), FALSE, NULL);
  g_assert_cmpint (pk_outbox_item_get_state (reread), ==, PK_OUTBOX_STATE_PENDING);
  g_assert_cmpuint (pk_outbox_item_get_attempts (reread), ==, 0);   /* not the item's fault */

  /* New work does not wake a sender that has no session… */
  g_clear_object (&reread);
  reread = enqueue (&sf->f, 0);
  run_for (100);
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 1);
  /* …a new token does. */
  pk_submitter_emit_ready (PK_SUBMITTER (sf->fake));
  WAIT_UNTIL (sf->delivered == 2);
  g_assert_cmpstr (fake_submitter_get_keys (sf->fake)->pdata[1], ==, pk_outbox_item_get_idempotency_key (a));
}

static void
test_sender_retry_now (SenderFixture *sf,
                       gconstpointer  data)
{
  g_autoptr(PkOutboxItem) a = enqueue (&sf->f, 0);
  gint64 t0;

  pk_outbox_sender_set_base_delay (sf->sender, 60000);
  pk_outbox_sender_set_max_delay (sf->sender, 60000);
  fake_submitter_push (sf->fake, g_error_new_literal (PK_API_ERROR, PK_API_ERROR_NETWORK, "down"));
  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (pk_outbox_sender_get_status (sf->sender) == PK_OUTBOX_SENDER_BACKING_OFF &&
              fake_submitter_n_submits (sf->fake) == 1);
  run_for (100);
  g_assert_cmpuint (sf->delivered, ==, 0);
  t0 = g_get_monotonic_time ();
  g_assert_true (pk_outbox_retry_now (sf->f.outbox, pk_outbox_item_get_id (a), NULL));
  WAIT_UNTIL (sf->delivered == 1);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 5 * G_USEC_PER_SEC);   /* not 60 s */
}

/* The sender is stopped with the POST in flight (connection dropped): the item goes back to
 * the queue and a fresh sender, as after a restart, re-sends the same key and body without
 * uploading the document again. */
static void
test_sender_interrupted (SenderFixture *sf,
                         gconstpointer  data)
{
  g_autoptr(PkOutboxItem) a = enqueue (&sf->f, 1);
  g_autoptr(PkOutboxSender) second = NULL;
  GPtrArray *keys, *bodies;

  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (fake_submitter_n_uploads (sf->fake) == 1);
  fake_submitter_set_hold (sf->fake, TRUE);
  WAIT_UNTIL (fake_submitter_n_submits (sf->fake) == 1);
  pk_outbox_sender_stop (sf->sender);
  WAIT_UNTIL ((g_main_context_iteration (NULL, FALSE), pk_outbox_get_n_sending (sf->f.outbox) == 0 &&
               pk_outbox_get_n_pending (sf->f.outbox) == 1));
  fake_submitter_set_hold (sf->fake, FALSE);

  second = pk_outbox_sender_new (sf->f.outbox, PK_SUBMITTER (sf->fake), NULL);
  pk_outbox_sender_start (second);
  WAIT_UNTIL (pk_outbox_get_n_delivered (sf->f.outbox) == 1);
  keys = fake_submitter_get_keys (sf->fake);
  bodies = fake_submitter_get_bodies (sf->fake);
  g_assert_cmpuint (fake_submitter_n_uploads (sf->fake), ==, 1);
  g_assert_cmpuint (keys->len, ==, 2);
  g_assert_cmpstr (keys->pdata[0], ==, keys->pdata[1]);
  g_assert_cmpstr (bodies->pdata[0], ==, bodies->pdata[1]);
  pk_outbox_sender_stop (second);
  spin_until_unref (G_OBJECT (second));
}

/* The posted body is the stored application with the documents' ids as "documents", also
 * when the application's own text happens to name "documents" (not as a member: the outbox
 * drops that one). */
static void
test_sender_body (SenderFixture *sf,
                  gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) docs = make_documents (2);
  g_autoptr(PkOutboxItem) a = NULL;
  g_autoptr(PkOutboxItem) b = NULL;
  g_autoptr(PkOutboxItem) done = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *app;

  g_assert_true (json_parser_load_from_data (parser,
    "{\"service_code\": \"NEW_BUILD\", \"renovation_code\": \"01-001-001-001-000-000\","
    " \"fields\": {\"note\": \"documents\", \"quote\": \"a \\\"documents\\\" b\\n\"},"
    " \"documents\": [\"ignored\"]}", -1, NULL));
  app = json_node_get_object (json_parser_get_root (parser));
  a = pk_outbox_enqueue (sf->f.outbox, "op1", app, docs, &error);
  g_assert_no_error (error);
  json_object_remove_member (json_object_get_object_member (app, "fields"), "note");
  b = pk_outbox_enqueue (sf->f.outbox, "op1", app, NULL, &error);
  g_assert_no_error (error);
  pk_outbox_sender_set_max_in_flight (sf->sender, 1);
  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (sf->delivered == 2);

  done = pk_outbox_get_item (sf->f.outbox, pk_outbox_item_get_id (a), FALSE, NULL);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonNode) body = json_from_string (fake_submitter_get_bodies (sf->fake)->pdata[i], &error);
      JsonObject *obj;
      JsonArray *ids;

      g_assert_no_error (error);
      obj = json_node_get_object (body);
      ids = json_object_get_array_member (obj, "documents");
      g_assert_cmpstr (json_object_get_string_member (obj, "service_code"), ==, "NEW_BUILD");
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj, "fields"),
                                                      "quote"), ==, "a \"documents\" b\n");
      if (i == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj, "fields"),
                                                          "note"), ==, "documents");
          g_assert_cmpuint (json_array_get_length (ids), ==, 2);
          for (guint k = 0; k < 2; k++)
            g_assert_cmpstr (json_array_get_string_element (ids, k), ==,
                             ((PkOutboxDocument *) pk_outbox_item_get_documents (done)->pdata[k])->document_id);
        }
      else
        g_assert_cmpuint (json_array_get_length (ids), ==, 0);
    }
}

/* --- several in flight ------------------------------------------------------------------- */

static gboolean
flushed_counts (SenderFixture *sf,
                guint          pending,
                guint          sending)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return pk_outbox_get_n_pending (sf->f.outbox) == pending
         && pk_outbox_get_n_sending (sf->f.outbox) == sending;
}

/* Index of the held call that carries @key's submit. */
static guint
held_index (SenderFixture *sf,
            PkOutboxItem  *item)
{
  for (guint i = 0; i < fake_submitter_n_held (sf->fake); i++)
    if (g_strcmp0 (fake_submitter_held_key (sf->fake, i), pk_outbox_item_get_idempotency_key (item)) == 0)
      return i;
  g_assert_not_reached ();
}

/* Answers every held call with success as it comes, until @n items are delivered. */
static void
answer_until_delivered (SenderFixture *sf,
                        guint          n)
{
  guint t = g_timeout_add_seconds (20, timeout_fail, (gpointer) "answer_until_delivered");

  while (sf->delivered < n)
    {
      if (fake_submitter_n_held (sf->fake) > 0)
        fake_submitter_answer_held (sf->fake, 0, NULL);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (t);
  g_assert_cmpuint (fake_submitter_n_held (sf->fake), ==, 0);
  fake_submitter_set_hold (sf->fake, FALSE);
}

/* Never more than max-in-flight items on their way, every one of them counted as sending,
 * and a slot that frees up is taken by the next item at once. */
static void
test_sender_in_flight_limit (SenderFixture *sf,
                             gconstpointer  data)
{
  PkOutboxItem *items[6];

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    items[i] = enqueue (&sf->f, 0);
  fake_submitter_set_hold (sf->fake, TRUE);
  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (fake_submitter_n_held (sf->fake) == 3);
  run_for (100);
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 3);
  g_assert_true (flushed_counts (sf, 3, 3));
  g_assert_cmpint (pk_outbox_sender_get_status (sf->sender), ==, PK_OUTBOX_SENDER_SENDING);
  /* The oldest three. */
  for (guint i = 0; i < 3; i++)
    held_index (sf, items[i]);

  /* The second answers first: its slot goes to the fourth item. */
  fake_submitter_answer_held (sf->fake, held_index (sf, items[1]), NULL);
  WAIT_UNTIL (sf->delivered == 1 && fake_submitter_n_held (sf->fake) == 3);
  held_index (sf, items[3]);
  run_for (50);
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 4);
  g_assert_true (flushed_counts (sf, 2, 3));

  /* Fewer slots while running: the ones in flight finish, no new one starts until there is
   * room under the new limit. */
  pk_outbox_sender_set_max_in_flight (sf->sender, 1);
  fake_submitter_answer_held (sf->fake, 0, NULL);
  fake_submitter_answer_held (sf->fake, 0, NULL);
  WAIT_UNTIL (sf->delivered == 3);
  run_for (50);
  g_assert_cmpuint (fake_submitter_n_held (sf->fake), ==, 1);
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 4);
  fake_submitter_answer_held (sf->fake, 0, NULL);
  WAIT_UNTIL (fake_submitter_n_held (sf->fake) == 1);
  g_assert_true (flushed_counts (sf, 1, 1));
  answer_until_delivered (sf, 6);
  WAIT_UNTIL (pk_outbox_sender_get_status (sf->sender) == PK_OUTBOX_SENDER_IDLE);
  g_assert_true (flushed_counts (sf, 0, 0));
  g_assert_cmpuint (pk_outbox_get_n_delivered (sf->f.outbox), ==, 6);
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 6);
  assert_journal (sf, 6, 6);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    g_object_unref (items[i]);
}

/* A 422 on one item while the others in flight are accepted: the refused one goes back to
 * the wizard with its fields and is not retried; the others are delivered; no backoff. */
static void
test_sender_in_flight_refusal (SenderFixture *sf,
                               gconstpointer  data)
{
  g_autoptr(PkOutboxItem) a = enqueue (&sf->f, 0);
  g_autoptr(PkOutboxItem) b = enqueue (&sf->f, 1);
  g_autoptr(PkOutboxItem) c = enqueue (&sf->f, 0);
  g_autoptr(PkOutboxItem) failed = NULL;
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_hash_table_insert (fields, g_strdup ("fields.floors"), g_strdup ("out_of_range"));
  fake_submitter_set_hold (sf->fake, TRUE);
  pk_outbox_sender_start (sf->sender);
  /* b's upload is held too: answer it so that its post comes. */
  WAIT_UNTIL (fake_submitter_n_uploads (sf->fake) == 1 && fake_submitter_n_held (sf->fake) == 3);
  for (guint i = 0; i < 3; i++)
    if (fake_submitter_held_key (sf->fake, i) == NULL)
      {
        fake_submitter_answer_held (sf->fake, i, NULL);
        break;
      }
  WAIT_UNTIL (fake_submitter_n_submits (sf->fake) == 3 && fake_submitter_n_held (sf->fake) == 3);

  fake_submitter_answer_held (sf->fake, held_index (sf, b),
                              pk_api_error_new_from_server (422, "validation", "نامعتبر",
                                                            g_steal_pointer (&fields), 0));
  WAIT_UNTIL (sf->failed == 1);
  g_assert_cmpint (pk_outbox_sender_get_status (sf->sender), ==, PK_OUTBOX_SENDER_SENDING);
  fake_submitter_answer_held (sf->fake, held_index (sf, c), NULL);
  fake_submitter_answer_held (sf->fake, held_index (sf, a), NULL);
  WAIT_UNTIL (sf->delivered == 2);
  fake_submitter_set_hold (sf->fake, FALSE);
  run_for (300);   /* longer than the max backoff: nothing is retried on its own */
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 3);
  g_assert_cmpint (pk_outbox_sender_get_status (sf->sender), ==, PK_OUTBOX_SENDER_IDLE);
  g_assert_cmpuint (pk_outbox_sender_get_current_delay (sf->sender), ==, 0);
  for (guint i = 0; i < sf->statuses->len; i++)
    g_assert_cmpint (GPOINTER_TO_INT (sf->statuses->pdata[i]), !=, PK_OUTBOX_SENDER_BACKING_OFF);

  failed = pk_outbox_get_item (sf->f.outbox, pk_outbox_item_get_id (b), FALSE, NULL);
  g_assert_cmpint (pk_outbox_item_get_state (failed), ==, PK_OUTBOX_STATE_FAILED);
  g_assert_cmpstr (g_hash_table_lookup (pk_outbox_item_get_error_fields (failed), "fields.floors"),
                   ==, "out_of_range");
  g_assert_true (flushed_counts (sf, 0, 0));
  g_assert_cmpuint (pk_outbox_get_n_failed (sf->f.outbox), ==, 1);
  g_assert_cmpuint (pk_outbox_get_n_delivered (sf->f.outbox), ==, 2);
  assert_journal (sf, 3, 3);
}

/* A network failure of one item in flight begins one backoff: the others in flight finish;
 * one that fails too joins the same backoff instead of making it longer; nothing new goes
 * out until the delay is over; then one item alone until it gets through, then three again. */
static void
test_sender_in_flight_failure (SenderFixture *sf,
                               gconstpointer  data)
{
  PkOutboxItem *items[5];
  g_autoptr(PkOutboxItem) reread = NULL;
  guint delay;
  gint64 t_fail;

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    items[i] = enqueue (&sf->f, 0);
  pk_outbox_sender_set_base_delay (sf->sender, 200);
  pk_outbox_sender_set_max_delay (sf->sender, 2000);
  fake_submitter_set_hold (sf->fake, TRUE);
  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (fake_submitter_n_held (sf->fake) == 3);

  t_fail = g_get_monotonic_time ();
  fake_submitter_answer_held (sf->fake, held_index (sf, items[0]),
                              g_error_new_literal (PK_API_ERROR, PK_API_ERROR_NETWORK, "down"));
  WAIT_UNTIL (pk_outbox_sender_get_status (sf->sender) == PK_OUTBOX_SENDER_BACKING_OFF);
  delay = pk_outbox_sender_get_current_delay (sf->sender);
  g_assert_cmpuint (delay, >=, 200);
  g_assert_cmpuint (delay, <=, 250);
  /* The other two were sent before the failure: one gets through, one fails as well. */
  fake_submitter_answer_held (sf->fake, held_index (sf, items[1]), NULL);
  fake_submitter_answer_held (sf->fake, held_index (sf, items[2]),
                              g_error_new_literal (PK_API_ERROR, PK_API_ERROR_TIMEOUT, "slow"));
  WAIT_UNTIL (sf->delivered == 1 && flushed_counts (sf, 4, 0));
  g_assert_cmpint (pk_outbox_sender_get_status (sf->sender), ==, PK_OUTBOX_SENDER_BACKING_OFF);
  g_assert_cmpuint (pk_outbox_sender_get_current_delay (sf->sender), ==, delay);
  reread = pk_outbox_get_item (sf->f.outbox, pk_outbox_item_get_id (items[2]), FALSE, NULL);
  g_assert_cmpuint (pk_outbox_item_get_attempts (reread), ==, 1);
  g_assert_cmpstr (pk_outbox_item_get_last_error (reread), ==, "slow");
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 3);

  /* After the delay: one probe only. The failed items were rescheduled to the end of the
   * delay, so an item that has not failed yet goes first. */
  WAIT_UNTIL (fake_submitter_n_held (sf->fake) == 1);
  g_assert_cmpint ((g_get_monotonic_time () - t_fail) / 1000, >=, delay);
  g_assert_cmpstr (fake_submitter_held_key (sf->fake, 0), ==,
                   pk_outbox_item_get_idempotency_key (items[3]));
  run_for (100);
  g_assert_cmpuint (fake_submitter_n_held (sf->fake), ==, 1);
  g_assert_true (flushed_counts (sf, 3, 1));
  fake_submitter_answer_held (sf->fake, 0, NULL);
  /* Through: three at a time again. */
  WAIT_UNTIL (fake_submitter_n_held (sf->fake) == 3);
  g_assert_cmpuint (pk_outbox_sender_get_current_delay (sf->sender), ==, 0);
  g_assert_cmpint (pk_outbox_sender_get_status (sf->sender), ==, PK_OUTBOX_SENDER_SENDING);
  answer_until_delivered (sf, 5);
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 7);
  WAIT_UNTIL (pk_outbox_sender_get_status (sf->sender) == PK_OUTBOX_SENDER_IDLE);
  g_assert_true (flushed_counts (sf, 0, 0));
  g_clear_object (&reread);
  reread = pk_outbox_get_item (sf->f.outbox, pk_outbox_item_get_id (items[0]), FALSE, NULL);
  g_assert_cmpuint (pk_outbox_item_get_attempts (reread), ==, 2);
  assert_journal (sf, 5, 5);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    g_object_unref (items[i]);
}

/* stop() with three items in flight (two posts, one upload): every call is cancelled, every
 * item is back in the queue with no attempt counted, nothing more is sent; a new sender
 * delivers them all with the same keys and bodies, the uploaded document not sent again. */
static void
test_sender_stop_in_flight (SenderFixture *sf,
                            gconstpointer  data)
{
  PkOutboxItem *items[4];
  g_autoptr(PkOutboxSender) second = NULL;
  g_autoptr(GHashTable) first_bodies = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *keys, *bodies;
  guint n_first;

  items[0] = enqueue (&sf->f, 0);
  items[1] = enqueue (&sf->f, 2);
  items[2] = enqueue (&sf->f, 0);
  items[3] = enqueue (&sf->f, 0);
  fake_submitter_set_hold (sf->fake, TRUE);
  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (fake_submitter_n_held (sf->fake) == 3 && fake_submitter_n_submits (sf->fake) == 2);
  /* The first of item 1's documents gets through; its second is held. */
  for (guint i = 0; i < 3; i++)
    if (fake_submitter_held_key (sf->fake, i) == NULL)
      {
        fake_submitter_answer_held (sf->fake, i, NULL);
        break;
      }
  WAIT_UNTIL (fake_submitter_n_uploads (sf->fake) == 2 && fake_submitter_n_held (sf->fake) == 3);
  g_assert_true (flushed_counts (sf, 1, 3));

  pk_outbox_sender_stop (sf->sender);
  WAIT_UNTIL (flushed_counts (sf, 4, 0));
  g_assert_cmpint (pk_outbox_sender_get_status (sf->sender), ==, PK_OUTBOX_SENDER_STOPPED);
  run_for (200);
  n_first = fake_submitter_n_submits (sf->fake);
  g_assert_cmpuint (n_first, ==, 2);
  g_assert_cmpuint (fake_submitter_n_uploads (sf->fake), ==, 2);
  g_assert_cmpuint (sf->delivered, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(PkOutboxItem) reread = pk_outbox_get_item (sf->f.outbox, pk_outbox_item_get_id (items[i]),
                                                           FALSE, NULL);

      g_assert_cmpint (pk_outbox_item_get_state (reread), ==, PK_OUTBOX_STATE_PENDING);
      g_assert_cmpuint (pk_outbox_item_get_attempts (reread), ==, 0);
    }
  keys = fake_submitter_get_keys (sf->fake);
  bodies = fake_submitter_get_bodies (sf->fake);
  for (guint i = 0; i < n_first; i++)
    g_hash_table_insert (first_bodies, keys->pdata[i], bodies->pdata[i]);
  /* Its second document is sent again when the sender resumes, not its first. */
  g_assert_cmpint (raw_count (sf->f.path, "SELECT count(*) FROM document WHERE document_id IS NOT NULL"), ==, 1);

  fake_submitter_set_hold (sf->fake, FALSE);
  second = pk_outbox_sender_new (sf->f.outbox, PK_SUBMITTER (sf->fake), NULL);
  pk_outbox_sender_start (second);
  WAIT_UNTIL (pk_outbox_get_n_delivered (sf->f.outbox) == 4);
  g_assert_cmpuint (fake_submitter_n_uploads (sf->fake), ==, 3);
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, n_first + 4);
  for (guint i = n_first; i < keys->len; i++)
    {
      const char *before = g_hash_table_lookup (first_bodies, keys->pdata[i]);

      if (before != NULL)
        g_assert_cmpstr (bodies->pdata[i], ==, before);
    }
  pk_outbox_sender_stop (second);
  spin_until_unref (G_OBJECT (second));
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    g_object_unref (items[i]);
}

/* The session expires with three in flight: one login-required, the items back in the queue
 * without an attempt counted; the refusal of a call made with a token older than the newest
 * one does not pause the sender again. */
static void
test_sender_login_in_flight (SenderFixture *sf,
                             gconstpointer  data)
{
  PkOutboxItem *items[4];
  g_autoptr(PkOutboxItem) reread = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    items[i] = enqueue (&sf->f, 0);
  fake_submitter_set_hold (sf->fake, TRUE);
  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (fake_submitter_n_held (sf->fake) == 3);

  fake_submitter_answer_held (sf->fake, 0, pk_api_error_new_from_server (401, "token_expired", "x", NULL, 0));
  fake_submitter_answer_held (sf->fake, 0, pk_api_error_new_from_server (401, "token_expired", "x", NULL, 0));
  WAIT_UNTIL (sf->login_required == 1 && flushed_counts (sf, 3, 1));
  g_assert_cmpint (pk_outbox_sender_get_status (sf->sender), ==, PK_OUTBOX_SENDER_NEEDS_LOGIN);

  /* Logged in again while the third call (made with the old token) is still out. */
  pk_submitter_emit_ready (PK_SUBMITTER (sf->fake));
  WAIT_UNTIL (fake_submitter_n_held (sf->fake) == 3);
  g_assert_cmpint (pk_outbox_sender_get_status (sf->sender), ==, PK_OUTBOX_SENDER_SENDING);
  reread = pk_outbox_get_item (sf->f.outbox, pk_outbox_item_get_id (items[2]), FALSE, NULL);
  g_assert_cmpint (pk_outbox_item_get_state (reread), ==, PK_OUTBOX_STATE_SENDING);
  fake_submitter_answer_held (sf->fake, held_index (sf, items[2]),
                              pk_api_error_new_from_server (401, "token_expired", "x", NULL, 0));
  run_for (100);
  g_assert_cmpint (pk_outbox_sender_get_status (sf->sender), ==, PK_OUTBOX_SENDER_SENDING);
  g_assert_cmpuint (sf->login_required, ==, 1);
  answer_until_delivered (sf, 4);
  /* A call refused for the session was no attempt: the item's next one, its first counted,
   * is journaled as a submission again (three of them here). */
  assert_journal (sf, 7, 4);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_clear_object (&reread);
      reread = pk_outbox_get_item (sf->f.outbox, pk_outbox_item_get_id (items[i]), FALSE, NULL);
      g_assert_cmpuint (pk_outbox_item_get_attempts (reread), ==, 1);
      g_object_unref (items[i]);
    }
}

/* Paused for a login, a network failure of an item still on its way does not turn the pause
 * into a backoff that would end by itself: only a new token resumes. */
static void
test_sender_failure_while_paused (SenderFixture *sf,
                                  gconstpointer  data)
{
  PkOutboxItem *items[3];
  g_autoptr(PkOutboxItem) reread = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    items[i] = enqueue (&sf->f, 0);
  fake_submitter_set_hold (sf->fake, TRUE);
  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (fake_submitter_n_held (sf->fake) == 3);
  fake_submitter_answer_held (sf->fake, held_index (sf, items[0]),
                              pk_api_error_new_from_server (401, "token_expired", "x", NULL, 0));
  WAIT_UNTIL (sf->login_required == 1);
  fake_submitter_answer_held (sf->fake, held_index (sf, items[1]),
                              g_error_new_literal (PK_API_ERROR, PK_API_ERROR_NETWORK, "down"));
  WAIT_UNTIL (flushed_counts (sf, 2, 1));
  run_for (300);   /* longer than the max backoff */
  g_assert_cmpint (pk_outbox_sender_get_status (sf->sender), ==, PK_OUTBOX_SENDER_NEEDS_LOGIN);
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 3);
  reread = pk_outbox_get_item (sf->f.outbox, pk_outbox_item_get_id (items[1]), FALSE, NULL);
  g_assert_cmpuint (pk_outbox_item_get_attempts (reread), ==, 1);

  pk_submitter_emit_ready (PK_SUBMITTER (sf->fake));
  answer_until_delivered (sf, 3);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    g_object_unref (items[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/outbox/key-format", test_key_format);
#define ADD(name, fn) g_test_add ("/outbox/" name, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("enqueue-committed", test_enqueue_committed);
  ADD ("enqueue-cancelled", test_enqueue_cancelled);
  ADD ("enqueue-invalid", test_enqueue_invalid);
  ADD ("counts-and-signals", test_counts_and_signals);
  ADD ("recovery", test_recovery);
  ADD ("retry-now", test_retry_now);
  ADD ("remove-failed", test_remove_failed);
  ADD ("counts-match-database", test_counts_match_database);
  ADD ("counts-from-threads", test_counts_from_threads);
  ADD ("newer-schema", test_newer_schema);
#undef ADD
  g_test_add_func ("/outbox/classify", test_classify);
  g_test_add_func ("/outbox/backoff-schedule", test_backoff_schedule);
#define ADD(name, fn) g_test_add ("/sender/" name, SenderFixture, NULL, sender_set_up, fn, sender_tear_down)
  ADD ("delivers", test_sender_delivers);
  ADD ("retries-same-key", test_sender_retries_same_key);
  ADD ("backoff-grows", test_sender_backoff_grows);
  ADD ("permanent", test_sender_permanent);
  ADD ("conflict-is-permanent", test_sender_conflict_is_permanent);
  ADD ("login", test_sender_login);
  ADD ("retry-now", test_sender_retry_now);
  ADD ("interrupted", test_sender_interrupted);
  ADD ("body", test_sender_body);
  ADD ("in-flight-limit", test_sender_in_flight_limit);
  ADD ("in-flight-refusal", test_sender_in_flight_refusal);
  ADD ("in-flight-failure", test_sender_in_flight_failure);
  ADD ("stop-in-flight", test_sender_stop_in_flight);
  ADD ("login-in-flight", test_sender_login_in_flight);
  ADD ("failure-while-paused", test_sender_failure_while_paused);
#undef ADD

  return g_test_run ();
}
