/* pk-journal-day.c — the entries and totals of one office day, for the supervisor
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pk-journal-private.h"
#include "pk-office-day.h"

/* --- queries for the supervisor ---------------------------------------------------------- */

static void
office_day_bounds (const GDate *day,
                   gint64      *start_us,
                   gint64      *end_us)
{
  g_autoptr(GDateTime) start = pk_office_day_start (day);
  g_autoptr(GDateTime) end = g_date_time_add_days (start, 1);
  *start_us = pk_journal_date_time_to_unix_us (start);
  *end_us = pk_journal_date_time_to_unix_us (end);
}

static PkJournalEntry *
entry_from_row (const PkJournalRow *row)
{
  PkJournalEntry *entry;
  PkJournalKind kind = PK_JOURNAL_KIND_INQUIRY;
  g_autoptr(GDateTime) utc = NULL;

  pk_journal_kind_from_string (row->kind, &kind);
  entry = pk_journal_entry_new (kind, row->operator_name ? row->operator_name : "",
                                row->outcome ? row->outcome : "");
  entry->seq = row->seq;
  utc = g_date_time_new_from_unix_utc (row->at_us / G_USEC_PER_SEC);
  entry->at = g_date_time_add (utc, row->at_us % G_USEC_PER_SEC);
  entry->service_code = g_strdup (row->service_code);
  entry->tracking_code = g_strdup (row->tracking_code);
  entry->has_amount = row->has_amount;
  entry->amount_rial = row->amount_rial;
  entry->detail_json = g_strdup (row->detail);
  memcpy (entry->prev_hash, row->prev_hash, sizeof entry->prev_hash);
  memcpy (entry->hash, row->hash, sizeof entry->hash);
  return entry;
}

/**
 * pk_journal_list_day:
 * @self: a #PkJournal
 * @office_day: a calendar day in the office's time zone (Asia/Tehran)
 * @error: return location for a #PkJournalError
 *
 * Returns: (transfer container) (element-type PkJournalEntry): the day's entries in order
 */
GPtrArray *
pk_journal_list_day (PkJournal    *self,
                     const GDate  *office_day,
                     GError      **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 start_us, end_us;
  PkJournalRow row = { 0 };
  int rc;

  g_return_val_if_fail (PK_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (office_day != NULL && g_date_valid (office_day), NULL);

  office_day_bounds (office_day, &start_us, &end_us);
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_journal_entry_unref);

  g_mutex_lock (&self->lock);
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT " PK_JOURNAL_ROW_COLUMNS " FROM journal"
                          " WHERE at_us >= ?1 AND at_us < ?2 ORDER BY seq",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, start_us);
      sqlite3_bind_int64 (stmt, 2, end_us);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          pk_journal_row_read (stmt, &row);
          g_ptr_array_add (entries, entry_from_row (&row));
        }
      pk_journal_row_clear (&row);
      if (rc != SQLITE_DONE)
        g_clear_pointer (&entries, g_ptr_array_unref);
    }
  else
    g_clear_pointer (&entries, g_ptr_array_unref);

  if (entries == NULL)
    pk_sqlite_set_error (self->db, "reading the journal", PK_JOURNAL_ERROR,
                         PK_JOURNAL_ERROR_DATABASE, error);
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->lock);

  return g_steal_pointer (&entries);
}

/**
 * pk_journal_dup_idempotency_keys:
 * @self: a #PkJournal
 * @kind: which entries
 * @error: return location for a #PkJournalError
 *
 * The outbox keys the journal holds entries of @kind for (the sender writes each submission's
 * key into its entries' detail), so that what a kill -9 kept from the journal can be told
 * from what it did not.
 *
 * Returns: (transfer full) (element-type utf8 guint): key → number of entries
 */
GHashTable *
pk_journal_dup_idempotency_keys (PkJournal      *self,
                                 PkJournalKind   kind,
                                 GError        **error)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = NULL;
  int rc = SQLITE_ERROR;

  g_return_val_if_fail (PK_IS_JOURNAL (self), NULL);

  g_mutex_lock (&self->lock);
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT json_extract(detail, '$.idempotency_key') FROM journal"
                          " WHERE kind = ?1 AND json_valid(detail)",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, pk_journal_kind_to_string (kind), -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *key = (const char *) sqlite3_column_text (stmt, 0);
          guint n;

          if (key == NULL)
            continue;
          n = GPOINTER_TO_UINT (g_hash_table_lookup (keys, key));
          g_hash_table_replace (keys, g_strdup (key), GUINT_TO_POINTER (n + 1));
        }
    }
  if (rc != SQLITE_DONE)
    {
      pk_sqlite_set_error (self->db, "reading the journal", PK_JOURNAL_ERROR,
                           PK_JOURNAL_ERROR_DATABASE, error);
      g_clear_pointer (&keys, g_hash_table_unref);
    }
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->lock);

  return g_steal_pointer (&keys);
}

static void
list_day_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *entries;

  entries = pk_journal_list_day (source_object, task_data, &error);
  if (entries == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, entries, (GDestroyNotify) g_ptr_array_unref);
}

void
pk_journal_list_day_async (PkJournal           *self,
                           const GDate         *office_day,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PK_IS_JOURNAL (self));
  g_return_if_fail (office_day != NULL && g_date_valid (office_day));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pk_journal_list_day_async);
  g_task_set_task_data (task, g_date_copy (office_day), (GDestroyNotify) g_date_free);
  g_task_run_in_thread (task, list_day_thread);
}

GPtrArray *
pk_journal_list_day_finish (PkJournal     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (PK_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pk_journal_get_day_totals:
 * @self: a #PkJournal
 * @office_day: a calendar day in the office's time zone
 * @out: (out caller-allocates): counts and amount sums per kind
 * @error: return location for a #PkJournalError
 *
 * Returns: %TRUE on success
 */
gboolean
pk_journal_get_day_totals (PkJournal        *self,
                           const GDate      *office_day,
                           PkJournalTotals  *out,
                           GError          **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 start_us, end_us;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (PK_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (office_day != NULL && g_date_valid (office_day), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  office_day_bounds (office_day, &start_us, &end_us);

  g_mutex_lock (&self->lock);
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT kind, count(*), coalesce(sum(amount_rial), 0) FROM journal"
                          " WHERE at_us >= ?1 AND at_us < ?2 GROUP BY kind",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, start_us);
      sqlite3_bind_int64 (stmt, 2, end_us);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          PkJournalKind kind;
          guint n = sqlite3_column_int (stmt, 1);

          out->n_entries += n;
          if (pk_journal_kind_from_string ((const char *) sqlite3_column_text (stmt, 0), &kind))
            {
              out->count[kind] = n;
              out->amount_rial[kind] = sqlite3_column_int64 (stmt, 2);
            }
        }
      ok = rc == SQLITE_DONE;
    }
  if (!ok)
    pk_sqlite_set_error (self->db, "reading the journal", PK_JOURNAL_ERROR,
                         PK_JOURNAL_ERROR_DATABASE, error);
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->lock);
  return ok;
}
