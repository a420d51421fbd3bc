/* outbox-test-util.c — an outbox in a directory of its own, and a sender in front of it with
 * a scripted submitter and a journal, for the outbox suites
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "outbox-test-util.h"
#include "pk-office-day.h"

void
ot_fixture_set_up (Fixture       *f,
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

void
ot_fixture_tear_down (Fixture       *f,
                      gconstpointer  data)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (f->outbox != NULL)
    {
      ot_wait_until_unref (G_OBJECT (f->outbox));
      g_assert_finalize_object (f->outbox);
    }
  rm_rf (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

JsonObject *
ot_make_application (guint n)
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

GPtrArray *
ot_make_documents (guint n)
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

PkOutboxItem *
ot_enqueue (Fixture *f,
            guint    n_docs)
{
  g_autoptr(JsonObject) app = ot_make_application (n_docs);
  g_autoptr(GPtrArray) docs = ot_make_documents (n_docs);
  g_autoptr(GError) error = NULL;
  PkOutboxItem *item = pk_outbox_enqueue (f->outbox, "op1", app, docs, &error);

  g_assert_no_error (error);
  g_assert_nonnull (item);
  return item;
}

gint64
ot_raw_count (const char *path,
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

void
ot_sender_set_up (SenderFixture *sf,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *jpath = NULL;

  ot_fixture_set_up (&sf->f, data);
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

void
ot_sender_tear_down (SenderFixture *sf,
                     gconstpointer  data)
{
  pk_outbox_sender_stop (sf->sender);
  /* The calls it cancelled answer through the loop, then their tasks let go. */
  ot_wait_until_unref (G_OBJECT (sf->sender));
  g_assert_finalize_object (sf->sender);
  ot_wait_until_unref (G_OBJECT (sf->fake));
  g_assert_finalize_object (sf->fake);
  ot_wait_until_unref (G_OBJECT (sf->journal));
  g_assert_finalize_object (sf->journal);
  g_ptr_array_unref (sf->statuses);
  ot_fixture_tear_down (&sf->f, data);
}

gboolean
ot_timeout_fail (gpointer data)
{
  g_error ("timed out waiting: %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

/* Runs the loop for @ms, to show that something does NOT happen. */
void
ot_run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

void
ot_assert_journal (SenderFixture *sf,
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
