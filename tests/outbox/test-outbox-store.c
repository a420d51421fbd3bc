/* test-outbox-store.c — the outbox commits before it answers, counts what it holds and
 * recovers after a crash
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "outbox-test-util.h"
#include "pk-api-error.h"
#include "pk-office-day.h"

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
  st->rows_seen_in_callback = ot_raw_count (st->f->path, "SELECT count(*) FROM item");
  g_main_loop_quit (st->loop);
}

static void
test_enqueue_committed (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) app = ot_make_application (2);
  g_autoptr(GPtrArray) docs = ot_make_documents (2);
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
  g_assert_cmpint (ot_raw_count (f->path, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  expected_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "%PDF-1.4 document 1", -1);
  sql = g_strdup_printf ("SELECT count(*) FROM document WHERE position = 1 AND sha256 = '%s'"
                         " AND length(data) = 19", expected_sha);
  g_assert_cmpint (ot_raw_count (f->path, sql), ==, 1);
  /* text 'wal' reads as 0 */
  g_assert_cmpint (ot_raw_count (f->path, "PRAGMA journal_mode"), ==, 0);
  g_assert_cmpint (ot_raw_count (f->path, "PRAGMA user_version"), ==, 1);
  g_object_unref (st.item);
}

static void
test_enqueue_cancelled (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) app = ot_make_application (0);
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
  g_autoptr(JsonObject) app = ot_make_application (0);
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
  g_assert_cmpint (ot_raw_count (f->path, "SELECT count(*) FROM item"), ==, 0);
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
  a = ot_enqueue (f, 0);
  b = ot_enqueue (f, 1);
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
  g_autoptr(PkOutboxItem) a = ot_enqueue (f, 1);
  g_autoptr(PkOutboxItem) b = ot_enqueue (f, 0);
  g_autoptr(PkOutboxItem) c = ot_enqueue (f, 0);
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
  g_assert_cmpint (ot_raw_count (f->path, "SELECT count(*) FROM item WHERE state = 'sending'"),
                   ==, 2);

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
  g_autoptr(PkOutboxItem) a = ot_enqueue (f, 0);
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
  g_autoptr(PkOutboxItem) a = ot_enqueue (f, 2);
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
  g_assert_cmpint (ot_raw_count (f->path, "SELECT count(*) FROM document"), ==, 0);
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
          item = ot_enqueue (f, g_rand_int_range (rand, 0, 2));
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
                       ot_raw_count (f->path, "SELECT count(*) FROM item WHERE state = 'pending'"));
      g_assert_cmpint (pk_outbox_get_n_sending (f->outbox), ==,
                       ot_raw_count (f->path, "SELECT count(*) FROM item WHERE state = 'sending'"));
      g_assert_cmpint (pk_outbox_get_n_failed (f->outbox), ==,
                       ot_raw_count (f->path, "SELECT count(*) FROM item WHERE state = 'failed'"));
      g_assert_cmpint (pk_outbox_get_n_delivered (f->outbox), ==,
                       ot_raw_count (f->path, "SELECT count(*) FROM item WHERE state = 'delivered'"));
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
    g_object_unref (ot_enqueue (f, 0));
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/outbox/key-format", test_key_format);
#define ADD(name, fn) \
  g_test_add ("/outbox/" name, Fixture, NULL, ot_fixture_set_up, fn, ot_fixture_tear_down)
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

  return g_test_run ();
}
