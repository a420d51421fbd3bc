/* pk-outbox-transitions.c — the state changes of queued items (claims, deliveries, retries)
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "pk-outbox-store-private.h"

/* --- state changes ----------------------------------------------------------------------- */

/* Runs one statement in its own transaction; returns the number of rows changed or -1. */
static int
exec_change_locked (PkOutbox      *self,
                    sqlite3_stmt  *stmt,
                    const char    *what,
                    GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      pk_sqlite_set_error (self->db, what, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_DATABASE, error);
      return -1;
    }
  return sqlite3_changes (self->db);
}

/* Current state of @id, or -1 (with @error set) if there is none. */
static int
get_state_locked (PkOutbox  *self,
                  gint64     id,
                  GError   **error)
{
  sqlite3_stmt *stmt = pk_outbox_prepare (self, "SELECT state FROM item WHERE id = ?1", error);
  int state = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    state = pk_outbox_state_from_string ((const char *) sqlite3_column_text (stmt, 0));
  else
    g_set_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_NOT_FOUND,
                 _("There is no queued application number %" PRId64 "."), id);
  pk_sqlite_cache_release (stmt);
  return state;
}

/**
 * pk_outbox_claim_next: (skip)
 *
 * Picks the pending item due first at @now_us (the oldest among equals) and marks it
 * sending.
 *
 * The mark is committed with synchronous=NORMAL: losing it in a power cut only leaves the
 * item pending, which is what crash recovery would make of it anyway, and it saves one fsync
 * per delivered item. Later FULL commits flush it along with themselves.
 *
 * Returns: (transfer full) (nullable): the claimed item with the bytes of the documents still
 *   to upload, or %NULL (without error) when nothing is due
 */
PkOutboxItem *
pk_outbox_claim_next (PkOutbox  *self,
                      gint64     now_us,
                      GError   **error)
{
  sqlite3_stmt *stmt = NULL;
  PkOutboxItem *item = NULL;
  PkOutboxNotify *n = NULL;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (PK_IS_OUTBOX (self), NULL);

  g_mutex_lock (&self->lock);
  pk_outbox_exec_cached_locked (self, "PRAGMA synchronous=NORMAL", "claiming the next item", NULL);
  if (!pk_outbox_exec_cached_locked (self, "BEGIN IMMEDIATE", "claiming the next item", error))
    goto out;
  /* By due time, then age: first attempts go in the order they were taken, and an item the
   * server keeps failing on moves behind the others instead of blocking them. */
  stmt = pk_outbox_prepare (self,
                            "SELECT id FROM item WHERE state = 'pending' AND next_attempt_us <= ?1"
                            " ORDER BY next_attempt_us, id LIMIT 1", error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_int64 (stmt, 1, now_us);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  pk_sqlite_cache_release (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pk_sqlite_set_error (self->db, "claiming the next item", PK_OUTBOX_ERROR,
                           PK_OUTBOX_ERROR_DATABASE, error);
      goto rollback;
    }
  if (id == 0)
    {
      pk_outbox_exec_cached_locked (self, "COMMIT", "claiming the next item", NULL);
      goto out;
    }
  stmt = pk_outbox_prepare (self,
                            "UPDATE item SET state = 'sending', updated_us = ?2"
                            " WHERE id = ?1", error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, pk_sqlite_now_us ());
  rc = exec_change_locked (self, stmt, "claiming the next item", error);
  pk_sqlite_cache_release (stmt);
  if (rc < 0)
    goto rollback;
  if (!pk_outbox_exec_cached_locked (self, "COMMIT", "claiming the next item", error))
    goto rollback;
  pk_outbox_adjust_counts_locked (self, PK_OUTBOX_STATE_PENDING, PK_OUTBOX_STATE_SENDING);
  item = pk_outbox_read_item_locked (self, id, TRUE, error);
  n = pk_outbox_collect_counts_locked (self, FALSE);
  goto out;

rollback:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
out:
  pk_outbox_exec_cached_locked (self, "PRAGMA synchronous=FULL", "claiming the next item", NULL);
  g_mutex_unlock (&self->lock);
  pk_outbox_post_notify (self, n);
  return item;
}

/**
 * pk_outbox_set_document_id: (skip)
 *
 * Records the server's id of an uploaded document, durably, before the application that
 * names it is posted: a re-send must post the same body.
 */
gboolean
pk_outbox_set_document_id (PkOutbox    *self,
                           gint64       item_id,
                           guint        position,
                           const char  *document_id,
                           GError     **error)
{
  sqlite3_stmt *stmt;
  int rc = -1;

  g_return_val_if_fail (PK_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (document_id != NULL, FALSE);

  g_mutex_lock (&self->lock);
  stmt = pk_outbox_prepare (self,
                            "UPDATE document SET document_id = ?3"
                            " WHERE item_id = ?1 AND position = ?2", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, item_id);
      sqlite3_bind_int (stmt, 2, position);
      sqlite3_bind_text (stmt, 3, document_id, -1, SQLITE_STATIC);
      rc = exec_change_locked (self, stmt, "recording an uploaded document", error);
      pk_sqlite_cache_release (stmt);
      if (rc == 0)
        g_set_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_NOT_FOUND,
                     _("There is no queued application number %" PRId64 "."), item_id);
    }
  g_mutex_unlock (&self->lock);
  return rc > 0;
}

/**
 * pk_outbox_mark_delivered: (skip)
 *
 * Stores the server's acknowledgement and drops the documents' bytes (their sha256 and
 * server ids stay).
 *
 * Committed with synchronous=NORMAL, like the claim: the WAL write survives a crash of the
 * process, and only an OS crash or power cut in the next moments can lose it. Then the item
 * is found pending again and re-sent with its key and body, and the server answers from its
 * idempotency store with the same tracking code: the acknowledgement is already durable on
 * the server's side. Skipping this fsync doubles the drain rate. (Document ids, by contrast,
 * are committed with FULL: losing one would change the body of the re-send.)
 */
gboolean
pk_outbox_mark_delivered (PkOutbox    *self,
                          gint64       item_id,
                          const char  *application_id,
                          const char  *tracking_code,
                          const char  *answer_json,
                          GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  PkOutboxNotify *n = NULL;
  gint64 now = pk_sqlite_now_us ();
  int old_state;
  int rc;

  g_return_val_if_fail (PK_IS_OUTBOX (self), FALSE);

  g_mutex_lock (&self->lock);
  pk_outbox_exec_cached_locked (self, "PRAGMA synchronous=NORMAL", "recording a delivery", NULL);
  if (!pk_outbox_exec_cached_locked (self, "BEGIN IMMEDIATE", "recording a delivery", error))
    goto out;
  old_state = get_state_locked (self, item_id, error);
  if (old_state < 0)
    goto rollback;
  stmt = pk_outbox_prepare (self, "UPDATE item SET state = 'delivered', attempts = attempts + 1,"
                                  " application_id = ?2, tracking_code = ?3, answer = ?4,"
                                  " delivered_us = ?5, updated_us = ?5, error_domain = NULL,"
                                  " error_code = NULL, last_error = NULL, error_fields = NULL"
                                  " WHERE id = ?1", error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_int64 (stmt, 1, item_id);
  sqlite3_bind_text (stmt, 2, application_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, tracking_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, answer_json, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, now);
  rc = exec_change_locked (self, stmt, "recording a delivery", error);
  pk_sqlite_cache_release (stmt);
  if (rc < 0)
    goto rollback;
  if (rc == 0)
    {
      g_set_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_NOT_FOUND,
                   _("There is no queued application number %" PRId64 "."), item_id);
      goto rollback;
    }
  stmt = pk_outbox_prepare (self, "UPDATE document SET data = NULL WHERE item_id = ?1", error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_int64 (stmt, 1, item_id);
  rc = exec_change_locked (self, stmt, "recording a delivery", error);
  pk_sqlite_cache_release (stmt);
  if (rc < 0)
    goto rollback;
  if (!pk_outbox_exec_cached_locked (self, "COMMIT", "recording a delivery", error))
    goto rollback;
  pk_outbox_adjust_counts_locked (self, old_state, PK_OUTBOX_STATE_DELIVERED);
  n = pk_outbox_collect_counts_locked (self, FALSE);
  goto out;

rollback:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
out:
  pk_outbox_exec_cached_locked (self, "PRAGMA synchronous=FULL", "recording a delivery", NULL);
  g_mutex_unlock (&self->lock);
  pk_outbox_post_notify (self, n);
  return n != NULL;
}

static void
bind_reason (sqlite3_stmt *stmt,
             int           first,
             const GError *reason)
{
  if (reason == NULL)
    return;
  sqlite3_bind_text (stmt, first, g_quark_to_string (reason->domain), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, first + 1, reason->code);
  sqlite3_bind_text (stmt, first + 2, reason->message, -1, SQLITE_STATIC);
}

/**
 * pk_outbox_mark_retry: (skip)
 *
 * Puts a sending item back in the queue, due at @next_attempt_us, with @reason stored.
 * @count_attempt is %FALSE when the attempt never reached the server on the item's account
 * (the session had expired).
 */
gboolean
pk_outbox_mark_retry (PkOutbox      *self,
                      gint64         item_id,
                      gint64         next_attempt_us,
                      gboolean       count_attempt,
                      const GError  *reason,
                      GError       **error)
{
  sqlite3_stmt *stmt;
  PkOutboxNotify *n = NULL;
  int old_state;
  int rc = -1;

  g_return_val_if_fail (PK_IS_OUTBOX (self), FALSE);

  g_mutex_lock (&self->lock);
  old_state = get_state_locked (self, item_id, NULL);
  stmt = pk_outbox_prepare (self, "UPDATE item SET state = 'pending', attempts = attempts + ?2,"
                                  " next_attempt_us = ?3, updated_us = ?4, error_domain = ?5,"
                                  " error_code = ?6, last_error = ?7"
                                  " WHERE id = ?1 AND state IN ('pending', 'sending')", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, item_id);
      sqlite3_bind_int (stmt, 2, count_attempt ? 1 : 0);
      sqlite3_bind_int64 (stmt, 3, next_attempt_us);
      sqlite3_bind_int64 (stmt, 4, pk_sqlite_now_us ());
      bind_reason (stmt, 5, reason);
      rc = exec_change_locked (self, stmt, "rescheduling an item", error);
      pk_sqlite_cache_release (stmt);
      if (rc == 0)
        g_set_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_WRONG_STATE,
                     _("This application is no longer waiting to be sent."));
      if (rc > 0)
        {
          pk_outbox_adjust_counts_locked (self, old_state, PK_OUTBOX_STATE_PENDING);
          n = pk_outbox_collect_counts_locked (self, FALSE);
        }
    }
  g_mutex_unlock (&self->lock);
  pk_outbox_post_notify (self, n);
  return rc > 0;
}

/**
 * pk_outbox_mark_failed: (skip)
 *
 * The server refused the item for good: it waits for the operator, with @reason and the
 * per-field codes (@fields_json, a JSON object, for a validation error).
 */
gboolean
pk_outbox_mark_failed (PkOutbox      *self,
                       gint64         item_id,
                       const GError  *reason,
                       const char    *fields_json,
                       GError       **error)
{
  sqlite3_stmt *stmt;
  PkOutboxNotify *n = NULL;
  int old_state;
  int rc = -1;

  g_return_val_if_fail (PK_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (reason != NULL, FALSE);

  g_mutex_lock (&self->lock);
  old_state = get_state_locked (self, item_id, NULL);
  stmt = pk_outbox_prepare (self,
                            "UPDATE item SET state = 'failed', attempts = attempts + 1,"
                            " updated_us = ?2, error_domain = ?3, error_code = ?4, last_error = ?5,"
                            " error_fields = ?6 WHERE id = ?1", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, item_id);
      sqlite3_bind_int64 (stmt, 2, pk_sqlite_now_us ());
      bind_reason (stmt, 3, reason);
      sqlite3_bind_text (stmt, 6, fields_json, -1, SQLITE_STATIC);
      rc = exec_change_locked (self, stmt, "recording a refusal", error);
      pk_sqlite_cache_release (stmt);
      if (rc == 0)
        g_set_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_NOT_FOUND,
                     _("There is no queued application number %" PRId64 "."), item_id);
      if (rc > 0)
        {
          pk_outbox_adjust_counts_locked (self, old_state, PK_OUTBOX_STATE_FAILED);
          n = pk_outbox_collect_counts_locked (self, FALSE);
        }
    }
  g_mutex_unlock (&self->lock);
  pk_outbox_post_notify (self, n);
  return rc > 0;
}

/**
 * pk_outbox_get_next_due_us: (skip)
 *
 * Returns: when the earliest pending item is due (µs since the epoch), %G_MAXINT64 when none
 *   is pending, or -1 on error
 */
gint64
pk_outbox_get_next_due_us (PkOutbox  *self,
                           GError   **error)
{
  sqlite3_stmt *stmt;
  gint64 due = -1;

  g_return_val_if_fail (PK_IS_OUTBOX (self), -1);

  g_mutex_lock (&self->lock);
  stmt = pk_outbox_prepare (self,
                            "SELECT min(next_attempt_us) FROM item WHERE state = 'pending'", error);
  if (stmt != NULL)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        due = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? G_MAXINT64
                                                           : sqlite3_column_int64 (stmt, 0);
      else
        pk_sqlite_set_error (self->db, "reading the queue", PK_OUTBOX_ERROR,
                             PK_OUTBOX_ERROR_DATABASE, error);
      pk_sqlite_cache_release (stmt);
    }
  g_mutex_unlock (&self->lock);
  return due;
}

/**
 * pk_outbox_retry_now:
 * @self: a #PkOutbox
 * @id: an item id
 * @error: return location for a #PkOutboxError
 *
 * The operator's "retry now": a pending item becomes due at once; a failed one goes back to
 * the queue (an explicit decision, e.g. after the office's role was fixed). Delivered items
 * cannot be retried (%PK_OUTBOX_ERROR_WRONG_STATE); an item being sent is left alone.
 * Emits #PkOutbox::work-added so that the sender wakes up.
 */
gboolean
pk_outbox_retry_now (PkOutbox  *self,
                     gint64     id,
                     GError   **error)
{
  sqlite3_stmt *stmt = NULL;
  PkOutboxNotify *n = NULL;
  gboolean ok = FALSE;
  int state;

  g_return_val_if_fail (PK_IS_OUTBOX (self), FALSE);

  g_mutex_lock (&self->lock);
  state = get_state_locked (self, id, error);
  if (state == PK_OUTBOX_STATE_DELIVERED)
    g_set_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_WRONG_STATE,
                 _("This application has already been delivered."));
  else if (state == PK_OUTBOX_STATE_SENDING)
    ok = TRUE;
  else if (state >= 0)
    {
      stmt = pk_outbox_prepare (self, "UPDATE item SET state = 'pending', next_attempt_us = ?2,"
                                      " updated_us = ?2 WHERE id = ?1", error);
      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, id);
          sqlite3_bind_int64 (stmt, 2, pk_sqlite_now_us ());
          ok = exec_change_locked (self, stmt, "rescheduling an item", error) > 0;
          pk_sqlite_cache_release (stmt);
        }
    }
  if (ok && state != PK_OUTBOX_STATE_SENDING)
    pk_outbox_adjust_counts_locked (self, state, PK_OUTBOX_STATE_PENDING);
  if (ok)
    n = pk_outbox_collect_counts_locked (self, TRUE);
  g_mutex_unlock (&self->lock);
  pk_outbox_post_notify (self, n);
  return ok;
}

/**
 * pk_outbox_remove_failed:
 *
 * Drops a failed item (the operator discarded it, or re-queued a corrected copy, which gets
 * a new idempotency key). Only failed items can be removed: anything else may still be, or
 * already be, on the server.
 */
gboolean
pk_outbox_remove_failed (PkOutbox  *self,
                         gint64     id,
                         GError   **error)
{
  sqlite3_stmt *stmt;
  PkOutboxNotify *n = NULL;
  gboolean ok = FALSE;
  int state;

  g_return_val_if_fail (PK_IS_OUTBOX (self), FALSE);

  g_mutex_lock (&self->lock);
  state = get_state_locked (self, id, error);
  if (state >= 0 && state != PK_OUTBOX_STATE_FAILED)
    g_set_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_WRONG_STATE,
                 _("Only applications the server refused can be removed from the queue."));
  else if (state == PK_OUTBOX_STATE_FAILED)
    {
      stmt = pk_outbox_prepare (self, "DELETE FROM item WHERE id = ?1 AND state = 'failed'", error);
      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, id);
          ok = exec_change_locked (self, stmt, "removing an item", error) > 0;
          pk_sqlite_cache_release (stmt);
        }
    }
  if (ok)
    {
      pk_outbox_adjust_counts_locked (self, PK_OUTBOX_STATE_FAILED, -1);
      n = pk_outbox_collect_counts_locked (self, FALSE);
    }
  g_mutex_unlock (&self->lock);
  pk_outbox_post_notify (self, n);
  return ok;
}
