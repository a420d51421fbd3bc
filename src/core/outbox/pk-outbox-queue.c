/* pk-outbox-queue.c — reading items and committing new ones
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "pk-outbox-store-private.h"

/* --- reading ----------------------------------------------------------------------------- */

#define ITEM_COLUMNS "id, idempotency_key, operator, service_code, renovation_code, application," \
                     " state, attempts, created_us, next_attempt_us, error_domain, error_code," \
                     " last_error, error_fields, application_id, tracking_code, answer"

static gboolean
read_documents_locked (PkOutbox   *self,
                       gint64      item_id,
                       gboolean    with_data,
                       GPtrArray  *documents)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* Only the bytes still to upload are read: delivered documents have none left, and the
   * uploaded ones are not needed again. */
  stmt = pk_outbox_prepare (self,
                            "SELECT position, filename, content_type, size, sha256, document_id,"
                            " CASE WHEN ?2 AND document_id IS NULL THEN data END"
                            " FROM document WHERE item_id = ?1 ORDER BY position", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item_id);
  sqlite3_bind_int (stmt, 2, with_data);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PkOutboxDocument *doc = pk_outbox_document_new ((const char *) sqlite3_column_text (stmt, 1),
                                                      (const char *) sqlite3_column_text (stmt, 2),
                                                      NULL);
      doc->position = sqlite3_column_int (stmt, 0);
      doc->size = sqlite3_column_int64 (stmt, 3);
      doc->sha256 = pk_sqlite_dup_text (stmt, 4);
      doc->document_id = pk_sqlite_dup_text (stmt, 5);
      if (sqlite3_column_type (stmt, 6) == SQLITE_BLOB)
        doc->data = g_bytes_new (sqlite3_column_blob (stmt, 6), sqlite3_column_bytes (stmt, 6));
      else if (sqlite3_column_type (stmt, 6) != SQLITE_NULL)
        doc->data = g_bytes_new (NULL, 0);
      g_ptr_array_add (documents, doc);
    }
  pk_sqlite_cache_release (stmt);
  return rc == SQLITE_DONE;
}

PkOutboxItem *
pk_outbox_read_item_locked (PkOutbox  *self,
                            gint64     id,
                            gboolean   with_data,
                            GError   **error)
{
  PkOutboxItemData d = { 0 };
  sqlite3_stmt *stmt = NULL;
  int rc;

  stmt = pk_outbox_prepare (self, "SELECT " ITEM_COLUMNS " FROM item WHERE id = ?1", NULL);
  if (stmt == NULL)
    goto db_error;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      pk_sqlite_cache_release (stmt);
      g_set_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_NOT_FOUND,
                   _("There is no queued application number %" PRId64 "."), id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    goto db_error;

  d.id = sqlite3_column_int64 (stmt, 0);
  d.idempotency_key = pk_sqlite_dup_text (stmt, 1);
  d.operator_name = pk_sqlite_dup_text (stmt, 2);
  d.service_code = pk_sqlite_dup_text (stmt, 3);
  d.renovation_code = pk_sqlite_dup_text (stmt, 4);
  d.application_json = pk_sqlite_dup_text (stmt, 5);
  d.state = pk_outbox_state_from_string ((const char *) sqlite3_column_text (stmt, 6));
  d.attempts = sqlite3_column_int (stmt, 7);
  d.created_us = sqlite3_column_int64 (stmt, 8);
  d.next_attempt_us = sqlite3_column_int64 (stmt, 9);
  d.error_domain = pk_sqlite_dup_text (stmt, 10);
  d.error_code = sqlite3_column_int (stmt, 11);
  d.last_error = pk_sqlite_dup_text (stmt, 12);
  d.error_fields_json = pk_sqlite_dup_text (stmt, 13);
  d.application_id = pk_sqlite_dup_text (stmt, 14);
  d.tracking_code = pk_sqlite_dup_text (stmt, 15);
  d.answer_json = pk_sqlite_dup_text (stmt, 16);
  pk_sqlite_cache_release (stmt);
  stmt = NULL;

  d.documents = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_outbox_document_unref);
  if (!read_documents_locked (self, id, with_data, d.documents))
    {
      g_autoptr(PkOutboxItem) discard = pk_outbox_item_new_take (&d);
      goto db_error;
    }
  return pk_outbox_item_new_take (&d);

db_error:
  pk_sqlite_set_error (self->db, "reading the outbox", PK_OUTBOX_ERROR,
                       PK_OUTBOX_ERROR_DATABASE, error);
  pk_sqlite_cache_release (stmt);
  return NULL;
}

/**
 * pk_outbox_get_item:
 * @self: a #PkOutbox
 * @id: an item id
 * @with_data: whether to read the bytes of documents not uploaded yet
 * @error: return location for a #PkOutboxError
 *
 * Blocks; meant for worker threads and tests.
 *
 * Returns: (transfer full): a snapshot of the item
 */
PkOutboxItem *
pk_outbox_get_item (PkOutbox  *self,
                    gint64     id,
                    gboolean   with_data,
                    GError   **error)
{
  PkOutboxItem *item;

  g_return_val_if_fail (PK_IS_OUTBOX (self), NULL);

  g_mutex_lock (&self->lock);
  item = pk_outbox_read_item_locked (self, id, with_data, error);
  g_mutex_unlock (&self->lock);
  return item;
}

/**
 * pk_outbox_list:
 * @self: a #PkOutbox
 * @state: a #PkOutboxState, or -1 for all
 * @error: return location for a #PkOutboxError
 *
 * Blocks; the GUI uses pk_outbox_list_async().
 *
 * Returns: (transfer container) (element-type PkOutboxItem): the items, oldest first
 */
GPtrArray *
pk_outbox_list (PkOutbox  *self,
                int        state,
                GError   **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;
  int rc = SQLITE_ERROR;

  g_return_val_if_fail (PK_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (state >= -1 && state <= PK_OUTBOX_STATE_FAILED, NULL);

  g_mutex_lock (&self->lock);
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT id FROM item WHERE ?1 IS NULL OR state = ?1 ORDER BY id",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      if (state >= 0)
        sqlite3_bind_text (stmt, 1, pk_outbox_state_to_string (state), -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (ids, id);
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      pk_sqlite_set_error (self->db, "listing the outbox", PK_OUTBOX_ERROR,
                           PK_OUTBOX_ERROR_DATABASE, error);
      g_mutex_unlock (&self->lock);
      return NULL;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      PkOutboxItem *item = pk_outbox_read_item_locked (self, id, FALSE, error);

      if (item == NULL)
        {
          g_mutex_unlock (&self->lock);
          return NULL;
        }
      g_ptr_array_add (items, item);
    }
  g_mutex_unlock (&self->lock);
  return g_steal_pointer (&items);
}

/* --- enqueue ----------------------------------------------------------------------------- */

typedef struct
{
  char      *operator_name;
  char      *application_json;
  char      *service_code;
  char      *renovation_code;
  GPtrArray *documents;
} EnqueueData;

static void
enqueue_data_free (gpointer data)
{
  EnqueueData *e = data;

  g_free (e->operator_name);
  g_free (e->application_json);
  g_free (e->service_code);
  g_free (e->renovation_code);
  g_clear_pointer (&e->documents, g_ptr_array_unref);
  g_free (e);
}

/* Validates and serialises in the caller's thread: the JsonObject is not thread-safe. */
static EnqueueData *
enqueue_data_new (const char  *operator_name,
                  JsonObject  *application,
                  GPtrArray   *documents,
                  GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) copy = NULL;
  EnqueueData *e;
  const char *service_code;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  service_code = json_object_get_string_member_with_default (application, "service_code", NULL);
  if (service_code == NULL || *service_code == '\0')
    {
      g_set_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_INVALID,
                   _("The application has no service code."));
      return NULL;
    }
  for (guint i = 0; documents != NULL && i < documents->len; i++)
    {
      PkOutboxDocument *doc = g_ptr_array_index (documents, i);

      if (doc->data == NULL || doc->sha256 == NULL)
        {
          g_set_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_INVALID,
                       _("The document “%s” has no contents."), doc->filename);
          return NULL;
        }
      if (g_bytes_get_size (doc->data) > PK_OUTBOX_DOCUMENT_MAX_SIZE)
        {
          g_set_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_INVALID,
                       _("The document “%s” is larger than 10 MB."), doc->filename);
          return NULL;
        }
    }

  /* The document ids are the outbox's business: they are filled in when sending. */
  copy = json_object_new ();
  json_object_iter_init (&iter, application);
  while (json_object_iter_next (&iter, &name, &member))
    if (strcmp (name, "documents") != 0)
      json_object_set_member (copy, name, json_node_copy (member));
  node = json_node_init_object (json_node_alloc (), copy);

  e = g_new0 (EnqueueData, 1);
  e->operator_name = g_strdup (operator_name);
  e->application_json = json_to_string (node, FALSE);
  e->service_code = g_strdup (service_code);
  e->renovation_code = g_strdup (json_object_get_string_member_with_default (application,
                                                                             "renovation_code",
                                                                             NULL));
  e->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_outbox_document_unref);
  for (guint i = 0; documents != NULL && i < documents->len; i++)
    g_ptr_array_add (e->documents, pk_outbox_document_ref (g_ptr_array_index (documents, i)));
  return e;
}

static PkOutboxItem *
enqueue_locked (PkOutbox     *self,
                EnqueueData  *e,
                GError      **error)
{
  g_autofree char *key = pk_outbox_generate_idempotency_key ();
  sqlite3_stmt *stmt = NULL;
  gint64 now = pk_sqlite_now_us ();
  gint64 id;

  if (!pk_sqlite_exec (self->db, "BEGIN IMMEDIATE", PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_DATABASE,
                       error))
    return NULL;

  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO item (idempotency_key, created_us, updated_us, operator,"
                          " service_code, renovation_code, application, state, next_attempt_us)"
                          " VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, 'pending', ?2)",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto db_error;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_text (stmt, 3, e->operator_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, e->service_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, e->renovation_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, e->application_json, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto db_error;
  sqlite3_finalize (stmt);
  stmt = NULL;
  id = sqlite3_last_insert_rowid (self->db);

  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO document (item_id, position, filename, content_type, size,"
                          " sha256, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto db_error;
  for (guint i = 0; i < e->documents->len; i++)
    {
      PkOutboxDocument *doc = g_ptr_array_index (e->documents, i);
      gsize size;
      gconstpointer bytes = g_bytes_get_data (doc->data, &size);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, doc->filename, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, doc->content_type, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, size);
      sqlite3_bind_text (stmt, 6, doc->sha256, -1, SQLITE_STATIC);
      sqlite3_bind_blob64 (stmt, 7, bytes ? bytes : "", size, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        goto db_error;
    }
  sqlite3_finalize (stmt);
  stmt = NULL;

  if (!pk_sqlite_exec (self->db, "COMMIT", PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_DATABASE, error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return NULL;
    }
  return pk_outbox_read_item_locked (self, id, FALSE, error);

db_error:
  pk_sqlite_set_error (self->db, "saving the application", PK_OUTBOX_ERROR,
                       PK_OUTBOX_ERROR_DATABASE, error);
  sqlite3_finalize (stmt);
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return NULL;
}

static PkOutboxItem *
enqueue_data (PkOutbox     *self,
              EnqueueData  *e,
              GError      **error)
{
  PkOutboxItem *item;
  PkOutboxNotify *n = NULL;

  g_mutex_lock (&self->lock);
  item = enqueue_locked (self, e, error);
  if (item != NULL)
    {
      pk_outbox_adjust_counts_locked (self, -1, PK_OUTBOX_STATE_PENDING);
      n = pk_outbox_collect_counts_locked (self, TRUE);
    }
  g_mutex_unlock (&self->lock);
  pk_outbox_post_notify (self, n);
  return item;
}

/**
 * pk_outbox_enqueue:
 * @self: a #PkOutbox
 * @operator_name: who took the application
 * @application: the `POST /applications` body: `service_code`, `renovation_code`,
 *   `applicants`, `fields`, `fee_receipt` (a `documents` member is ignored: the outbox fills
 *   it with the ids of @documents when sending)
 * @documents: (nullable) (element-type PkOutboxDocument): the attached documents, with data
 * @error: return location for a #PkOutboxError
 *
 * Commits the application, its documents and a fresh idempotency key durably. When this
 * returns an item, the application is on disk (fsync'ed) and will be delivered, whatever
 * happens to the process afterwards. Blocks: the GUI uses pk_outbox_enqueue_async().
 *
 * Returns: (transfer full): the queued item (pending)
 */
PkOutboxItem *
pk_outbox_enqueue (PkOutbox    *self,
                   const char  *operator_name,
                   JsonObject  *application,
                   GPtrArray   *documents,
                   GError     **error)
{
  EnqueueData *e;
  PkOutboxItem *item;

  g_return_val_if_fail (PK_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (operator_name != NULL, NULL);
  g_return_val_if_fail (application != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  e = enqueue_data_new (operator_name, application, documents, error);
  if (e == NULL)
    return NULL;
  item = enqueue_data (self, e, error);
  enqueue_data_free (e);
  return item;
}

static void
enqueue_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  PkOutboxItem *item;

  /* Cancellation is honoured only before the commit: once saved, the item is reported. */
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_CANCELLED, _("Cancelled."));
      return;
    }
  item = enqueue_data (source_object, task_data, &error);
  if (item == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, item, g_object_unref);
}

/**
 * pk_outbox_enqueue_async:
 *
 * Like pk_outbox_enqueue(), on a worker thread. The application is validated and copied
 * before this returns, so @application may be changed afterwards. Complete means committed:
 * only then may the GUI say "saved".
 */
void
pk_outbox_enqueue_async (PkOutbox            *self,
                         const char          *operator_name,
                         JsonObject          *application,
                         GPtrArray           *documents,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  EnqueueData *e;

  g_return_if_fail (PK_IS_OUTBOX (self));
  g_return_if_fail (operator_name != NULL);
  g_return_if_fail (application != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pk_outbox_enqueue_async);
  g_task_set_check_cancellable (task, FALSE);

  e = enqueue_data_new (operator_name, application, documents, &error);
  if (e == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, e, enqueue_data_free);
  g_task_run_in_thread (task, enqueue_thread);
}

PkOutboxItem *
pk_outbox_enqueue_finish (PkOutbox      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (PK_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pk_outbox_enqueue_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
