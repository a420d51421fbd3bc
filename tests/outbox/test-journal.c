/* test-journal.c — the hash chain detects edits, deletions and reordering at the right entry
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "pk-journal.h"
#include "pk-office-day.h"
#include "wait-unref.h"

typedef struct
{
  char      *dir;
  char      *path;
  PkJournal *journal;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("pk-journal-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "journal.db", NULL);
  f->journal = pk_journal_new_sync (f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->journal);
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
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->journal);
  rm_rf (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static PkJournalEntry *
append (Fixture       *f,
        PkJournalKind  kind,
        const char    *tracking,
        gint64         amount)
{
  g_autoptr(PkJournalEntry) entry = pk_journal_entry_new (kind, "op1", "ok");
  g_autoptr(GError) error = NULL;
  PkJournalEntry *stored;

  entry->service_code = g_strdup ("NEW_BUILD");
  entry->tracking_code = g_strdup (tracking);
  if (amount >= 0)
    pk_journal_entry_set_amount (entry, amount);
  entry->detail_json = g_strdup ("{\"note\":\"x\"}");
  stored = pk_journal_append (f->journal, entry, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  return stored;
}

static void
fill (Fixture *f,
      guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *tc = g_strdup_printf ("PK%010u", i + 1);
      g_autoptr(PkJournalEntry) e = append (f, i % PK_JOURNAL_N_KINDS, tc, 1000 * (i + 1));
      g_assert_cmpint (e->seq, ==, i + 1);
    }
}

/* Tampering goes through a second, raw connection: exactly what an attacker with the file
 * would do. */
static void
raw_sql (Fixture    *f,
         const char *sql)
{
  sqlite3 *db = NULL;
  char *msg = NULL;

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s: %s", sql, msg);
  sqlite3_close (db);
}

static void
assert_broken (Fixture        *f,
               gint64          seq,
               PkJournalBreak  reason)
{
  PkJournalVerification v;
  g_autoptr(GError) error = NULL;

  g_assert_false (pk_journal_verify (f->journal, &v, NULL, &error));
  g_assert_error (error, PK_JOURNAL_ERROR, PK_JOURNAL_ERROR_BROKEN);
  g_test_message ("verdict: %s at %" G_GINT64_FORMAT " (%s)",
                  pk_journal_break_to_string (v.reason), v.first_broken_seq, error->message);
  g_assert_cmpint (v.first_broken_seq, ==, seq);
  g_assert_cmpstr (pk_journal_break_to_string (v.reason), ==, pk_journal_break_to_string (reason));
}

static void
assert_intact (Fixture *f,
               gint64   n)
{
  PkJournalVerification v;
  g_autoptr(GError) error = NULL;

  g_assert_true (pk_journal_verify (f->journal, &v, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (v.n_entries, ==, n);
  g_assert_cmpint (v.first_broken_seq, ==, 0);
  g_assert_cmpint (v.reason, ==, PK_JOURNAL_BREAK_NONE);
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  PkJournalVerification v;

  assert_intact (f, 0);
  g_assert_true (pk_journal_verify (f->journal, &v, NULL, NULL));
  g_assert_cmpstr (v.head_hash, ==, PK_JOURNAL_GENESIS_HASH);
}

static void
test_append_verify (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PkJournalEntry) first = append (f, PK_JOURNAL_KIND_INQUIRY, NULL, -1);
  g_autoptr(PkJournalEntry) second = append (f, PK_JOURNAL_KIND_SUBMISSION, "PK0000000001", 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(PkJournal) reopened = NULL;
  PkJournalVerification v;

  g_assert_cmpint (first->seq, ==, 1);
  g_assert_cmpstr (first->prev_hash, ==, PK_JOURNAL_GENESIS_HASH);
  g_assert_cmpstr (second->prev_hash, ==, first->hash);
  g_assert_cmpstr (first->hash, !=, second->hash);
  g_assert_cmpuint (strlen (second->hash), ==, 64);
  assert_intact (f, 2);

  /* Durable: a second process (connection) sees the chain and continues it. */
  reopened = pk_journal_new_sync (f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pk_journal_verify (reopened, &v, NULL, &error));
  g_assert_cmpstr (v.head_hash, ==, second->hash);
}

static void
test_invalid_entry (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PkJournalEntry) entry = pk_journal_entry_new (PK_JOURNAL_KIND_PRINT, "op1", "ok");
  g_autoptr(PkJournalEntry) stored = NULL;
  g_autoptr(GError) error = NULL;

  entry->detail_json = g_strdup ("[1, 2");
  stored = pk_journal_append (f->journal, entry, &error);
  g_assert_error (error, PK_JOURNAL_ERROR, PK_JOURNAL_ERROR_INVALID);
  g_assert_null (stored);
  assert_intact (f, 0);
}

static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  const char *columns[] = {
    "amount_rial = amount_rial + 1", "operator = 'op2'", "outcome = 'rejected'",
    "tracking_code = NULL", "detail = '{\"note\":\"y\"}'", "at_us = at_us + 1",
    "kind = 'reprint'", "service_code = 'NEW_BUILD '",
  };

  fill (f, 10);
  assert_intact (f, 10);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      g_autofree char *backup = g_strdup_printf ("CREATE TABLE IF NOT EXISTS b AS SELECT * FROM journal WHERE seq = 4;"
                                                 "UPDATE journal SET %s WHERE seq = 4", columns[i]);
      g_test_message ("UPDATE %s", columns[i]);
      raw_sql (f, backup);
      assert_broken (f, 4, PK_JOURNAL_BREAK_EDITED);
      raw_sql (f, "DELETE FROM journal WHERE seq = 4; INSERT INTO journal SELECT * FROM b; DROP TABLE b");
      assert_intact (f, 10);
    }
}

/* An attacker who knows the algorithm edits entry 4 and recomputes its hash: entry 5 still
 * names the original, so the break is reported at 4, not at 5. */
static void
test_edit_rehashed (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PkJournalEntry) forged = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir2 = g_dir_make_tmp ("pk-journal-forge-XXXXXX", &error);
  g_autofree char *path2 = g_build_filename (dir2, "j.db", NULL);
  g_autofree char *sql = NULL;
  g_autoptr(PkJournal) scratch = pk_journal_new_sync (path2, NULL, &error);
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_no_error (error);
  fill (f, 6);

  /* Build the forged row with the real algorithm in a scratch journal: same seq (4), same
   * prev hash as the real row 4, different amount. */
  for (int i = 0; i < 3; i++)
    {
      g_autoptr(PkJournalEntry) e = pk_journal_entry_new (PK_JOURNAL_KIND_INQUIRY, "x", "ok");
      g_autoptr(PkJournalEntry) s = pk_journal_append (scratch, e, &error);
      g_assert_no_error (error);
    }
  {
    /* Point the scratch journal's tail at the real entry 3 so the forged entry 4 chains. */
    sqlite3 *real;
    char prev[65];

    g_assert_cmpint (sqlite3_open (f->path, &real), ==, SQLITE_OK);
    sqlite3_prepare_v2 (real, "SELECT hash FROM journal WHERE seq = 3", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_strlcpy (prev, (const char *) sqlite3_column_text (stmt, 0), sizeof prev);
    sqlite3_finalize (stmt);
    sqlite3_close (real);
    sql = g_strdup_printf ("UPDATE journal SET hash = '%s' WHERE seq = 3", prev);
    g_assert_cmpint (sqlite3_open (path2, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  {
    g_autoptr(PkJournalEntry) e = pk_journal_entry_new (PK_JOURNAL_KIND_SUBMISSION, "op1", "ok");
    e->service_code = g_strdup ("NEW_BUILD");
    e->tracking_code = g_strdup ("PK0000000004");
    pk_journal_entry_set_amount (e, 1);
    e->detail_json = g_strdup ("{\"note\":\"x\"}");
    forged = pk_journal_append (scratch, e, &error);
    g_assert_no_error (error);
    g_assert_cmpint (forged->seq, ==, 4);
  }
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("ATTACH '%s' AS f; UPDATE journal SET (at_us, operator, kind, service_code,"
                         " tracking_code, amount_rial, outcome, detail, prev_hash, hash) ="
                         " (SELECT at_us, operator, kind, service_code, tracking_code, amount_rial,"
                         " outcome, detail, prev_hash, hash FROM f.journal WHERE seq = 4) WHERE seq = 4;"
                         "DETACH f", path2);
  raw_sql (f, sql);
  assert_broken (f, 4, PK_JOURNAL_BREAK_EDITED);
  g_clear_object (&scratch);
  rm_rf (dir2);
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  fill (f, 10);
  raw_sql (f, "DELETE FROM journal WHERE seq = 5");
  assert_broken (f, 5, PK_JOURNAL_BREAK_DELETED);
}

static void
test_delete_first (Fixture       *f,
                   gconstpointer  data)
{
  fill (f, 3);
  raw_sql (f, "DELETE FROM journal WHERE seq = 1");
  assert_broken (f, 1, PK_JOURNAL_BREAK_DELETED);
}

/* Deleting entry 5 and renumbering the rest to close the gap. */
static void
test_delete_renumbered (Fixture       *f,
                        gconstpointer  data)
{
  fill (f, 10);
  raw_sql (f, "DELETE FROM journal WHERE seq = 5;"
              "UPDATE journal SET seq = -seq WHERE seq > 5;"
              "UPDATE journal SET seq = -seq - 1 WHERE seq < 0;"
              "UPDATE head SET seq = 9");
  assert_broken (f, 5, PK_JOURNAL_BREAK_DELETED);
}

static void
test_swap (Fixture       *f,
           gconstpointer  data)
{
  fill (f, 10);
  /* Swap every column of 3 and 7, keeping the positions. */
  raw_sql (f, "UPDATE journal SET seq = -1 WHERE seq = 3;"
              "UPDATE journal SET seq = 3 WHERE seq = 7;"
              "UPDATE journal SET seq = 7 WHERE seq = -1");
  assert_broken (f, 3, PK_JOURNAL_BREAK_REORDERED);
}

static void
test_swap_payload (Fixture       *f,
                   gconstpointer  data)
{
  fill (f, 10);
  /* Swap only the business fields of 2 and 6, leaving the hash columns in place. */
  raw_sql (f, "CREATE TABLE t AS SELECT * FROM journal WHERE seq IN (2, 6);"
              "UPDATE journal SET (at_us, operator, kind, tracking_code, amount_rial) ="
              " (SELECT at_us, operator, kind, tracking_code, amount_rial FROM t"
              "  WHERE t.seq = 8 - journal.seq) WHERE seq IN (2, 6);"
              "DROP TABLE t");
  assert_broken (f, 2, PK_JOURNAL_BREAK_EDITED);
}

static void
test_tamper_last (Fixture       *f,
                  gconstpointer  data)
{
  fill (f, 10);
  raw_sql (f, "UPDATE journal SET amount_rial = 0 WHERE seq = 10");
  assert_broken (f, 10, PK_JOURNAL_BREAK_EDITED);
}

static void
test_truncate_last (Fixture       *f,
                    gconstpointer  data)
{
  fill (f, 10);
  raw_sql (f, "DELETE FROM journal WHERE seq >= 9");
  assert_broken (f, 9, PK_JOURNAL_BREAK_TRUNCATED);
}

/* The canonical serialisation, written out again from its documentation
 * (docs/outbox-journal.md): this pins the format, and lets the test forge rows. */
static void
put_s (GString    *s,
       const char *v)
{
  if (v == NULL)
    g_string_append_c (s, 'n');
  else
    g_string_append_printf (s, "s%zu:%s", strlen (v), v);
}

static char *
doc_hash (gint64      seq,
          gint64      at_us,
          const char *op,
          const char *kind,
          const char *service,
          const char *tracking,
          const char *amount,
          const char *outcome,
          const char *detail,
          const char *prev)
{
  g_autoptr(GString) s = g_string_new ("PKJ1");

  g_string_append_printf (s, "i%" G_GINT64_FORMAT ";i%" G_GINT64_FORMAT ";", seq, at_us);
  put_s (s, op);
  put_s (s, kind);
  put_s (s, service);
  put_s (s, tracking);
  if (amount == NULL)
    g_string_append_c (s, 'n');
  else
    g_string_append_printf (s, "i%s;", amount);
  put_s (s, outcome);
  put_s (s, detail);
  put_s (s, prev);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, s->str, s->len);
}

static void
test_documented_format (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(PkJournalEntry) e = pk_journal_entry_new (PK_JOURNAL_KIND_ACKNOWLEDGEMENT, "op1", "delivered");
  g_autoptr(PkJournalEntry) s = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  e->at = g_date_time_new_from_iso8601 ("2026-11-21T08:30:00.000001Z", NULL);
  e->tracking_code = g_strdup ("PK0000000001");
  pk_journal_entry_set_amount (e, 12500000);
  e->detail_json = g_strdup ("{\"k\":\"\u06a9\"}");
  s = pk_journal_append (f->journal, e, &error);
  g_assert_no_error (error);
  expected = doc_hash (1, G_GINT64_CONSTANT (1795249800000001), "op1", "acknowledgement", NULL,
                       "PK0000000001", "12500000", "delivered", e->detail_json,
                       PK_JOURNAL_GENESIS_HASH);
  g_assert_cmpstr (s->hash, ==, expected);
}

static void
test_bad_genesis (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *prev = g_strnfill (64, 'f');
  g_autofree char *h1 = doc_hash (1, 1000, "op1", "inquiry", NULL, NULL, NULL, "ok", NULL, prev);
  g_autofree char *h2 = doc_hash (2, 2000, "op1", "inquiry", NULL, NULL, NULL, "ok", NULL, h1);
  g_autofree char *sql = NULL;

  /* A chain that is consistent everywhere except that it does not start from genesis. */
  sql = g_strdup_printf ("INSERT INTO journal VALUES (1, 1000, 'op1', 'inquiry', NULL, NULL, NULL, 'ok', NULL, '%s', '%s');"
                         "INSERT INTO journal VALUES (2, 2000, 'op1', 'inquiry', NULL, NULL, NULL, 'ok', NULL, '%s', '%s');"
                         "INSERT INTO head VALUES (1, 2, '%s')", prev, h1, h1, h2, h2);
  raw_sql (f, sql);
  assert_broken (f, 1, PK_JOURNAL_BREAK_BAD_GENESIS);
}

/* Rows inserted after the head (a forged, well-chained tail) are reported at the first. */
static void
test_forged_tail (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(PkJournalEntry) last = NULL;
  g_autofree char *h = NULL;
  g_autofree char *sql = NULL;

  fill (f, 2);
  last = append (f, PK_JOURNAL_KIND_PRINT, NULL, -1);
  h = doc_hash (4, 1000, "op1", "inquiry", NULL, NULL, NULL, "ok", NULL, last->hash);
  sql = g_strdup_printf ("INSERT INTO journal VALUES (4, 1000, 'op1', 'inquiry', NULL, NULL, NULL, 'ok', NULL, '%s', '%s')",
                         last->hash, h);
  raw_sql (f, sql);
  assert_broken (f, 4, PK_JOURNAL_BREAK_EDITED);
}

static void
test_appends_after_tamper_stay_broken (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(PkJournalEntry) e = NULL;

  fill (f, 5);
  raw_sql (f, "UPDATE journal SET operator = 'mallory' WHERE seq = 2");
  e = append (f, PK_JOURNAL_KIND_PRINT, "PK0000000099", -1);
  g_assert_cmpint (e->seq, ==, 6);
  assert_broken (f, 2, PK_JOURNAL_BREAK_EDITED);
}

typedef struct
{
  GMainLoop *loop;
  guint      pending;
  gint64     max_seq;
} AsyncState;

static void
append_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncState *st = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PkJournalEntry) e = pk_journal_append_finish (PK_JOURNAL (source), result, &error);

  g_assert_no_error (error);
  st->max_seq = MAX (st->max_seq, e->seq);
  if (--st->pending == 0)
    g_main_loop_quit (st->loop);
}

/* Concurrent async appends from several worker threads are serialized into one chain. */
static void
test_async_concurrent (Fixture       *f,
                       gconstpointer  data)
{
  AsyncState st = { g_main_loop_new (NULL, FALSE), 50, 0 };

  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(PkJournalEntry) e = pk_journal_entry_new (PK_JOURNAL_KIND_INQUIRY, "op1", "ok");
      pk_journal_append_async (f->journal, e, NULL, append_done, &st);
    }
  g_main_loop_run (st.loop);
  g_main_loop_unref (st.loop);
  /* Worker threads drop their task references a moment after the callbacks ran. */
  ot_wait_until_unref (G_OBJECT (f->journal));
  g_assert_cmpint (st.max_seq, ==, 50);
  assert_intact (f, 50);
}

static void
invalid_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(PkJournalEntry) e = pk_journal_append_finish (PK_JOURNAL (source), result, error);

  g_assert_null (e);
}

static void
test_async_invalid (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PkJournalEntry) e = pk_journal_entry_new (PK_JOURNAL_KIND_PRINT, "op1", "ok");
  GError *error = NULL;

  e->detail_json = g_strdup ("\"not an object\"");
  pk_journal_append_async (f->journal, e, NULL, invalid_done, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, PK_JOURNAL_ERROR, PK_JOURNAL_ERROR_INVALID);
  g_clear_error (&error);
  assert_intact (f, 0);
}

/* Days are office (Tehran, +03:30) days: 21:00 UTC on the 20th is already the 21st. */
static void
test_day_queries (Fixture       *f,
                  gconstpointer  data)
{
  struct { const char *at; PkJournalKind kind; gint64 amount; } rows[] = {
    { "2026-11-20T20:29:59Z", PK_JOURNAL_KIND_INQUIRY, 1 },        /* 23:59:59 on the 20th */
    { "2026-11-20T20:30:00Z", PK_JOURNAL_KIND_INQUIRY, 10 },       /* 00:00 on the 21st */
    { "2026-11-21T08:00:00Z", PK_JOURNAL_KIND_ACKNOWLEDGEMENT, 500 },
    { "2026-11-21T09:00:00Z", PK_JOURNAL_KIND_ACKNOWLEDGEMENT, 700 },
    { "2026-11-21T20:30:00Z", PK_JOURNAL_KIND_PRINT, 1000 },       /* the 22nd */
  };
  g_autoptr(GDate) day = g_date_new_dmy (21, G_DATE_NOVEMBER, 2026);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  PkJournalTotals totals;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(PkJournalEntry) e = pk_journal_entry_new (rows[i].kind, "op1", "ok");
      g_autoptr(PkJournalEntry) s = NULL;

      e->at = g_date_time_new_from_iso8601 (rows[i].at, NULL);
      pk_journal_entry_set_amount (e, rows[i].amount);
      s = pk_journal_append (f->journal, e, &error);
      g_assert_no_error (error);
    }
  entries = pk_journal_list_day (f->journal, day, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 3);
  g_assert_cmpint (((PkJournalEntry *) entries->pdata[0])->seq, ==, 2);
  g_assert_cmpint (((PkJournalEntry *) entries->pdata[2])->amount_rial, ==, 700);

  g_assert_true (pk_journal_get_day_totals (f->journal, day, &totals, &error));
  g_assert_cmpuint (totals.n_entries, ==, 3);
  g_assert_cmpuint (totals.count[PK_JOURNAL_KIND_ACKNOWLEDGEMENT], ==, 2);
  g_assert_cmpint (totals.amount_rial[PK_JOURNAL_KIND_ACKNOWLEDGEMENT], ==, 1200);
  g_assert_cmpint (totals.amount_rial[PK_JOURNAL_KIND_INQUIRY], ==, 10);
  g_assert_cmpuint (totals.count[PK_JOURNAL_KIND_PRINT], ==, 0);
}

static void
async_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_async_queries (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GDate) today = pk_office_day_today ();
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  PkJournalVerification v;

  fill (f, 5);
  pk_journal_list_day_async (f->journal, today, NULL, async_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  entries = pk_journal_list_day_finish (f->journal, result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 5);

  raw_sql (f, "UPDATE journal SET outcome = 'x' WHERE seq = 3");
  pk_journal_verify_async (f->journal, NULL, async_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (pk_journal_verify_finish (f->journal, result, &v, &error));
  g_clear_object (&result);
  g_assert_error (error, PK_JOURNAL_ERROR, PK_JOURNAL_ERROR_BROKEN);
  g_assert_cmpint (v.first_broken_seq, ==, 3);
  g_assert_cmpint (v.reason, ==, PK_JOURNAL_BREAK_EDITED);
  ot_wait_until_unref (G_OBJECT (f->journal));
}

static void
test_newer_schema_refused (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PkJournal) j = NULL;

  raw_sql (f, "PRAGMA user_version = 99");
  j = pk_journal_new_sync (f->path, NULL, &error);
  g_assert_error (error, PK_JOURNAL_ERROR, PK_JOURNAL_ERROR_SCHEMA);
  g_assert_null (j);
}

static void
test_unwritable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PkJournal) j = pk_journal_new_sync ("/nonexistent-dir/x/journal.db", NULL, &error);

  g_assert_error (error, PK_JOURNAL_ERROR, PK_JOURNAL_ERROR_DATABASE);
  g_assert_null (j);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) g_test_add ("/journal/" name, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("empty", test_empty);
  ADD ("append-verify", test_append_verify);
  ADD ("invalid-entry", test_invalid_entry);
  ADD ("edit", test_edit);
  ADD ("edit-rehashed", test_edit_rehashed);
  ADD ("delete", test_delete);
  ADD ("delete-first", test_delete_first);
  ADD ("delete-renumbered", test_delete_renumbered);
  ADD ("swap", test_swap);
  ADD ("swap-payload", test_swap_payload);
  ADD ("tamper-last", test_tamper_last);
  ADD ("truncate-last", test_truncate_last);
  ADD ("documented-format", test_documented_format);
  ADD ("bad-genesis", test_bad_genesis);
  ADD ("forged-tail", test_forged_tail);
  ADD ("append-after-tamper", test_appends_after_tamper_stay_broken);
  ADD ("async-concurrent", test_async_concurrent);
  ADD ("async-invalid", test_async_invalid);
  ADD ("day-queries", test_day_queries);
  ADD ("async-queries", test_async_queries);
  ADD ("newer-schema", test_newer_schema_refused);
#undef ADD
  g_test_add_func ("/journal/unwritable", test_unwritable);

  return g_test_run ();
}
