/* pk-journal-verify.c — reading rows back and walking the hash chain
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "pk-journal-private.h"

const char *
pk_journal_break_to_string (PkJournalBreak reason)
{
  switch (reason)
    {
    case PK_JOURNAL_BREAK_NONE: return "intact";
    case PK_JOURNAL_BREAK_EDITED: return "edited";
    case PK_JOURNAL_BREAK_DELETED: return "deleted";
    case PK_JOURNAL_BREAK_REORDERED: return "reordered";
    case PK_JOURNAL_BREAK_BAD_GENESIS: return "bad-genesis";
    case PK_JOURNAL_BREAK_TRUNCATED: return "truncated";
    default: return "unknown";
    }
}

/* --- rows -------------------------------------------------------------------------------- */

void
pk_journal_row_clear (PkJournalRow *row)
{
  row->operator_name = row->kind = row->service_code = NULL;
  row->tracking_code = row->outcome = row->detail = NULL;
}

void
pk_journal_row_read (sqlite3_stmt *stmt,
                     PkJournalRow *row)
{
  const char *text;
  char computed[65];

  pk_journal_row_clear (row);
  row->seq = sqlite3_column_int64 (stmt, 0);
  row->at_us = sqlite3_column_int64 (stmt, 1);
  row->operator_name = (const char *) sqlite3_column_text (stmt, 2);
  row->kind = (const char *) sqlite3_column_text (stmt, 3);
  row->service_code = (const char *) sqlite3_column_text (stmt, 4);
  row->tracking_code = (const char *) sqlite3_column_text (stmt, 5);
  row->has_amount = sqlite3_column_type (stmt, 6) != SQLITE_NULL;
  row->amount_rial = sqlite3_column_int64 (stmt, 6);
  row->outcome = (const char *) sqlite3_column_text (stmt, 7);
  row->detail = (const char *) sqlite3_column_text (stmt, 8);
  text = (const char *) sqlite3_column_text (stmt, 9);
  g_strlcpy (row->prev_hash, text ? text : "", sizeof row->prev_hash);
  text = (const char *) sqlite3_column_text (stmt, 10);
  g_strlcpy (row->hash, text ? text : "", sizeof row->hash);

  pk_journal_compute_hash (row->seq, row->at_us, row->operator_name, row->kind,
                           row->service_code, row->tracking_code, row->has_amount,
                           row->amount_rial, row->outcome, row->detail, row->prev_hash,
                           computed);
  row->self_consistent = strcmp (computed, row->hash) == 0;
}

/* --- verify ------------------------------------------------------------------------------ */

/* Whether some row other than @except_seq carries @hash: a previous-hash that names a row
 * elsewhere in the chain means rows were moved, not merely edited. */
static gboolean
hash_names_other_row (sqlite3    *db,
                      const char *hash,
                      gint64      except_seq)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM journal WHERE hash = ?1 AND seq <> ?2 LIMIT 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, except_seq);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

/* Whether @row's hash matches its fields under another sequence number nearby: the row was
 * renumbered, which is how a deletion is hidden by closing the gap. */
static gboolean
row_renumbered (const PkJournalRow *row)
{
  char computed[65];

  for (gint64 d = -16; d <= 16; d++)
    {
      if (d == 0)
        continue;
      pk_journal_compute_hash (row->seq + d, row->at_us, row->operator_name, row->kind,
                               row->service_code, row->tracking_code, row->has_amount,
                               row->amount_rial, row->outcome, row->detail, row->prev_hash,
                               computed);
      if (strcmp (computed, row->hash) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
verify_locked (PkJournal              *self,
               PkJournalVerification  *out,
               GCancellable           *cancellable,
               GError                **error)
{
  sqlite3_stmt *stmt = NULL;
  PkJournalRow prev = { 0 }, row = { 0 };
  gint64 expected = 1;
  gint64 head_seq = 0;
  char head_hash[65] = "";
  int rc;

  memset (out, 0, sizeof *out);
  g_strlcpy (out->head_hash, PK_JOURNAL_GENESIS_HASH, sizeof out->head_hash);

  /* One read transaction: the walk sees one consistent snapshot even while appends wait. */
  if (!pk_sqlite_exec (self->db, "BEGIN", PK_JOURNAL_ERROR, PK_JOURNAL_ERROR_DATABASE, error))
    return FALSE;

  if (sqlite3_prepare_v2 (self->db, "SELECT seq, hash FROM head WHERE id = 1", -1, &stmt,
                          NULL) != SQLITE_OK)
    goto db_error;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      head_seq = sqlite3_column_int64 (stmt, 0);
      g_strlcpy (head_hash, (const char *) sqlite3_column_text (stmt, 1), sizeof head_hash);
    }
  sqlite3_finalize (stmt);
  stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, "SELECT " PK_JOURNAL_ROW_COLUMNS " FROM journal ORDER BY seq",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto db_error;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *want_prev = expected == 1 ? PK_JOURNAL_GENESIS_HASH : prev.hash;

      if ((expected & 0xfff) == 0 && g_cancellable_is_cancelled (cancellable))
        {
          g_set_error (error, PK_JOURNAL_ERROR, PK_JOURNAL_ERROR_CANCELLED, _("Cancelled."));
          goto fail;
        }

      pk_journal_row_read (stmt, &row);
      out->n_entries++;

      if (row.seq != expected)
        {
          out->first_broken_seq = expected;
          out->reason = row.seq > expected ? PK_JOURNAL_BREAK_DELETED : PK_JOURNAL_BREAK_EDITED;
          break;
        }

      if (strcmp (row.prev_hash, want_prev) != 0)
        {
          if (expected == 1 && row.self_consistent)
            {
              out->first_broken_seq = 1;
              out->reason = hash_names_other_row (self->db, row.prev_hash, row.seq)
                ? PK_JOURNAL_BREAK_REORDERED : PK_JOURNAL_BREAK_BAD_GENESIS;
            }
          else if (!row.self_consistent && row_renumbered (&row)
                   && !hash_names_other_row (self->db, row.prev_hash, expected - 1))
            {
              /* Renumbered, and its real predecessor is nowhere: deleted, gap closed. */
              out->first_broken_seq = expected;
              out->reason = PK_JOURNAL_BREAK_DELETED;
            }
          else if (hash_names_other_row (self->db, row.prev_hash, expected - 1))
            {
              out->first_broken_seq = expected;
              out->reason = PK_JOURNAL_BREAK_REORDERED;
            }
          else if (row.self_consistent && expected > 1 && prev.self_consistent)
            {
              /* This row vouches for a different predecessor than the one stored: the
               * predecessor was rewritten and its hash recomputed to hide it. */
              out->first_broken_seq = expected - 1;
              out->reason = PK_JOURNAL_BREAK_EDITED;
            }
          else
            {
              out->first_broken_seq = expected;
              out->reason = PK_JOURNAL_BREAK_EDITED;
            }
          break;
        }

      if (!row.self_consistent)
        {
          out->first_broken_seq = expected;
          out->reason = hash_names_other_row (self->db, row.hash, row.seq)
            ? PK_JOURNAL_BREAK_REORDERED : PK_JOURNAL_BREAK_EDITED;
          break;
        }

      /* Swap the buffers instead of copying the strings: the walk runs over 100k rows. */
      {
        PkJournalRow tmp = prev;
        prev = row;
        row = tmp;
      }
      expected++;
    }

  if (out->reason == PK_JOURNAL_BREAK_NONE)
    {
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        goto db_error;

      if (head_seq > expected - 1)
        {
          out->first_broken_seq = expected;
          out->reason = PK_JOURNAL_BREAK_TRUNCATED;
        }
      else if (head_seq == expected - 1 && head_seq > 0 && strcmp (head_hash, prev.hash) != 0)
        {
          /* The last row is self-consistent but is not the row that was appended. */
          out->first_broken_seq = head_seq;
          out->reason = PK_JOURNAL_BREAK_EDITED;
        }
      else if (head_seq < expected - 1)
        {
          /* Rows after the recorded head were inserted behind the journal's back. */
          out->first_broken_seq = head_seq + 1;
          out->reason = PK_JOURNAL_BREAK_EDITED;
        }
      else if (expected > 1)
        g_strlcpy (out->head_hash, prev.hash, sizeof out->head_hash);
    }

  sqlite3_finalize (stmt);
  pk_journal_row_clear (&row);
  pk_journal_row_clear (&prev);
  sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);

  if (out->reason != PK_JOURNAL_BREAK_NONE)
    {
      g_set_error (error, PK_JOURNAL_ERROR, PK_JOURNAL_ERROR_BROKEN,
                   /* Translators: %s is a technical reason such as “edited” or “deleted” */
                   _("The journal has been altered at entry %" PRId64 " (%s)."),
                   out->first_broken_seq, pk_journal_break_to_string (out->reason));
      return FALSE;
    }
  return TRUE;

db_error:
  pk_sqlite_set_error (self->db, "verifying the journal", PK_JOURNAL_ERROR,
                       PK_JOURNAL_ERROR_DATABASE, error);
fail:
  sqlite3_finalize (stmt);
  pk_journal_row_clear (&row);
  pk_journal_row_clear (&prev);
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/**
 * pk_journal_verify:
 * @self: a #PkJournal
 * @out: (out caller-allocates): where the verdict goes, also when the chain is broken
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #PkJournalError
 *
 * Walks the whole chain in order. An empty journal is intact.
 *
 * Returns: %TRUE if the chain is intact; %FALSE with %PK_JOURNAL_ERROR_BROKEN and @out
 *   naming the first broken entry and why, or with another code if it could not be read.
 */
gboolean
pk_journal_verify (PkJournal              *self,
                   PkJournalVerification  *out,
                   GCancellable           *cancellable,
                   GError                **error)
{
  PkJournalVerification dummy;
  gboolean ok;

  g_return_val_if_fail (PK_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_mutex_lock (&self->lock);
  ok = verify_locked (self, out ? out : &dummy, cancellable, error);
  g_mutex_unlock (&self->lock);
  return ok;
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  PkJournalVerification *out = g_new0 (PkJournalVerification, 1);
  GError *error = NULL;

  /* The verdict travels as task data so that _finish can hand it out with the error. */
  g_task_set_task_data (task, out, g_free);
  if (pk_journal_verify (source_object, out, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
pk_journal_verify_async (PkJournal           *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PK_IS_JOURNAL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pk_journal_verify_async);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, verify_thread);
}

gboolean
pk_journal_verify_finish (PkJournal              *self,
                          GAsyncResult           *result,
                          PkJournalVerification  *out,
                          GError                **error)
{
  PkJournalVerification *verdict;

  g_return_val_if_fail (PK_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pk_journal_verify_async, FALSE);

  verdict = g_task_get_task_data (G_TASK (result));
  if (out != NULL && verdict != NULL)
    *out = *verdict;
  return g_task_propagate_boolean (G_TASK (result), error);
}
