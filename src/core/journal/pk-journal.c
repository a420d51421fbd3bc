/* pk-journal.c — the journal object, the canonical hash of an entry and the appends
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pk-journal-private.h"

/* The append-only, hash-chained journal of a counter.
 *
 * Each row stores the SHA-256 of the previous row and its own SHA-256 over a canonical
 * serialisation of every field, its own sequence number and the previous hash (see
 * pk_journal_compute_hash()). The sequence number is inside the hash so that moving a row to another
 * position is detectable even when the attacker copies all columns; the head record (the
 * last seq and hash, written in the same transaction as each append) makes truncation at the
 * tail visible too. Someone able to rewrite the whole file can of course rebuild a valid
 * chain: the head hash has to be anchored outside the kiosk (the supervisor's printed daily
 * report) for that, which is what pk_journal_verify() returns it for.
 *
 * One connection, one mutex: SQLite writers are serialized anyway, and the mutex lets the
 * worker threads of concurrent _async calls share the connection safely.
 *
 * Verification is in pk-journal-verify.c, the day's queries in pk-journal-day.c. */

#define SCHEMA_VERSION 1

/* The statements of an append come from the connection's cache (see append_batch_locked()):
 * with the sender appending two entries per delivered item, preparing them for every batch
 * was a third of the journal's cost. */
static const char append_last_sql[] = "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1";
static const char append_insert_sql[] =
  "INSERT INTO journal (seq, at_us, operator, kind, service_code,"
  " tracking_code, amount_rial, outcome, detail, prev_hash, hash)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char append_head_sql[] =
  "INSERT OR REPLACE INTO head (id, seq, hash) VALUES (1, ?1, ?2)";

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void pk_journal_initable_iface_init (GInitableIface *iface);

G_DEFINE_QUARK (pk-journal-error-quark, pk_journal_error)

G_DEFINE_FINAL_TYPE_WITH_CODE (PkJournal, pk_journal, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      pk_journal_initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_ASYNC_INITABLE, NULL))

gint64
pk_journal_date_time_to_unix_us (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

/* Canonical serialisation: a version tag, then every field in a fixed order, strings
 * length-prefixed ("s<bytes>:<utf8>"), integers terminated ("i<decimal>;"), absent values as
 * "n". No separator character can be forged by a field's content, so two different entries
 * never serialise to the same bytes. */
static void
put_str (GChecksum  *sum,
         const char *value)
{
  char prefix[32];

  if (value == NULL)
    {
      g_checksum_update (sum, (const guchar *) "n", 1);
      return;
    }
  g_snprintf (prefix, sizeof prefix, "s%" G_GSIZE_FORMAT ":", strlen (value));
  g_checksum_update (sum, (const guchar *) prefix, -1);
  g_checksum_update (sum, (const guchar *) value, strlen (value));
}

static void
put_int (GChecksum *sum,
         gboolean   present,
         gint64     value)
{
  char buf[32];

  if (!present)
    {
      g_checksum_update (sum, (const guchar *) "n", 1);
      return;
    }
  g_snprintf (buf, sizeof buf, "i%" G_GINT64_FORMAT ";", value);
  g_checksum_update (sum, (const guchar *) buf, -1);
}

/* The fields as stored (kind as its text), hashed into @out_hex. */
void
pk_journal_compute_hash (gint64      seq,
                         gint64      at_us,
                         const char *operator_name,
                         const char *kind,
                         const char *service_code,
                         const char *tracking_code,
                         gboolean    has_amount,
                         gint64      amount_rial,
                         const char *outcome,
                         const char *detail_json,
                         const char *prev_hash,
                         char        out_hex[65])
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (sum, (const guchar *) "PKJ1", 4);
  put_int (sum, TRUE, seq);
  put_int (sum, TRUE, at_us);
  put_str (sum, operator_name);
  put_str (sum, kind);
  put_str (sum, service_code);
  put_str (sum, tracking_code);
  put_int (sum, has_amount, amount_rial);
  put_str (sum, outcome);
  put_str (sum, detail_json);
  put_str (sum, prev_hash);
  g_strlcpy (out_hex, g_checksum_get_string (sum), 65);
}

/* Step i takes schema version i to i + 1 (see pk_sqlite_migrate()). */
static const char * const schema_steps[SCHEMA_VERSION] = {
  "CREATE TABLE IF NOT EXISTS journal ("
  "  seq INTEGER PRIMARY KEY,"
  "  at_us INTEGER NOT NULL,"
  "  operator TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  service_code TEXT,"
  "  tracking_code TEXT,"
  "  amount_rial INTEGER,"
  "  outcome TEXT NOT NULL,"
  "  detail TEXT,"
  "  prev_hash TEXT NOT NULL,"
  "  hash TEXT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS journal_at ON journal (at_us);"
  "CREATE TABLE IF NOT EXISTS head ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  seq INTEGER NOT NULL,"
  "  hash TEXT NOT NULL);",
};

static gboolean
pk_journal_initable_init (GInitable     *initable,
                          GCancellable  *cancellable,
                          GError       **error)
{
  PkJournal *self = PK_JOURNAL (initable);
  int version;

  g_return_val_if_fail (self->path != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  self->db = pk_sqlite_open_durable (self->path, PK_JOURNAL_ERROR,
                                     PK_JOURNAL_ERROR_DATABASE, error);
  if (self->db == NULL)
    return FALSE;

  version = pk_sqlite_migrate (self->db, schema_steps, SCHEMA_VERSION,
                               "reading the journal schema version", PK_JOURNAL_ERROR,
                               PK_JOURNAL_ERROR_DATABASE, error);
  if (version < 0)
    return FALSE;
  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, PK_JOURNAL_ERROR, PK_JOURNAL_ERROR_SCHEMA,
                   _("The journal “%s” was written by a newer version of Pishkhan (schema %d)."),
                   self->path, version);
      return FALSE;
    }
  self->statements = pk_sqlite_cache_new (self->db);
  return TRUE;
}

static void
pk_journal_initable_iface_init (GInitableIface *iface)
{
  iface->init = pk_journal_initable_init;
}

static void
pk_journal_finalize (GObject *object)
{
  PkJournal *self = (PkJournal *)object;

  pk_sqlite_close (&self->db, &self->statements);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->queue_lock);

  G_OBJECT_CLASS (pk_journal_parent_class)->finalize (object);
}

static void
pk_journal_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PkJournal *self = PK_JOURNAL (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, pk_journal_get_path (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_journal_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PkJournal *self = PK_JOURNAL (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_journal_class_init (PkJournalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pk_journal_finalize;
  object_class->get_property = pk_journal_get_property;
  object_class->set_property = pk_journal_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pk_journal_init (PkJournal *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->queue_lock);
  g_queue_init (&self->queue);
}

PkJournal *
pk_journal_new_sync (const char    *path,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_initable_new (PK_TYPE_JOURNAL, cancellable, error, "path", path, NULL);
}

void
pk_journal_new_async (const char          *path,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (path != NULL);

  g_async_initable_new_async (PK_TYPE_JOURNAL, G_PRIORITY_DEFAULT, cancellable,
                              callback, user_data, "path", path, NULL);
}

PkJournal *
pk_journal_new_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_autoptr(GObject) source = g_async_result_get_source_object (result);
  GObject *object;

  object = g_async_initable_new_finish (G_ASYNC_INITABLE (source), result, error);
  return object ? PK_JOURNAL (object) : NULL;
}

const char *
pk_journal_get_path (PkJournal *self)
{
  g_return_val_if_fail (PK_IS_JOURNAL (self), NULL);

  return self->path;
}

/* --- append ------------------------------------------------------------------------------ */

/* Runs a statement without results; it is reset afterwards, holding no lock. */
static gboolean
append_step_done (sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

/* Appends @entries (in order) in one transaction; on success @results holds the stored
 * entries. One transaction and one fsync for a whole batch is the journal's group commit:
 * concurrent _async appends that queued up while the previous batch was being written are
 * made durable together (see writer_thread()). */
static gboolean
append_batch_locked (PkJournal   *self,
                     GPtrArray   *entries,
                     GPtrArray   *results,
                     GError     **error)
{
  sqlite3_stmt *stmt;
  sqlite3_stmt *insert;
  gint64 last_seq = 0;
  char prev_hash[65];
  int rc;

  if (!pk_sqlite_cache_run (self->statements, "BEGIN IMMEDIATE", "appending to the journal",
                            PK_JOURNAL_ERROR, PK_JOURNAL_ERROR_DATABASE, error))
    return FALSE;

  g_strlcpy (prev_hash, PK_JOURNAL_GENESIS_HASH, sizeof prev_hash);
  stmt = pk_sqlite_cache_prepare (self->statements, append_last_sql);
  if (stmt == NULL)
    goto db_error;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      last_seq = sqlite3_column_int64 (stmt, 0);
      g_strlcpy (prev_hash, (const char *) sqlite3_column_text (stmt, 1), sizeof prev_hash);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    goto db_error;

  insert = pk_sqlite_cache_prepare (self->statements, append_insert_sql);
  if (insert == NULL)
    goto db_error;

  for (guint i = 0; i < entries->len; i++)
    {
      PkJournalEntry *result = pk_journal_entry_copy (g_ptr_array_index (entries, i));
      gint64 at_us;

      g_ptr_array_add (results, result);
      if (result->at == NULL)
        result->at = g_date_time_new_now_utc ();
      at_us = pk_journal_date_time_to_unix_us (result->at);
      result->seq = ++last_seq;
      memcpy (result->prev_hash, prev_hash, sizeof prev_hash);
      pk_journal_compute_hash (result->seq, at_us, result->operator_name,
                               pk_journal_kind_to_string (result->kind), result->service_code,
                               result->tracking_code, result->has_amount, result->amount_rial,
                               result->outcome, result->detail_json, result->prev_hash,
                               result->hash);
      memcpy (prev_hash, result->hash, sizeof prev_hash);

      sqlite3_reset (insert);
      sqlite3_clear_bindings (insert);
      sqlite3_bind_int64 (insert, 1, result->seq);
      sqlite3_bind_int64 (insert, 2, at_us);
      sqlite3_bind_text (insert, 3, result->operator_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 4, pk_journal_kind_to_string (result->kind), -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 5, result->service_code, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 6, result->tracking_code, -1, SQLITE_STATIC);
      if (result->has_amount)
        sqlite3_bind_int64 (insert, 7, result->amount_rial);
      sqlite3_bind_text (insert, 8, result->outcome, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 9, result->detail_json, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 10, result->prev_hash, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 11, result->hash, -1, SQLITE_STATIC);
      if (!append_step_done (insert))
        goto db_error;
    }
  /* The bound texts belong to @results: let go of them before they can be freed. */
  sqlite3_clear_bindings (insert);

  stmt = pk_sqlite_cache_prepare (self->statements, append_head_sql);
  if (stmt == NULL)
    goto db_error;
  sqlite3_bind_int64 (stmt, 1, last_seq);
  sqlite3_bind_text (stmt, 2, prev_hash, -1, SQLITE_STATIC);
  if (!append_step_done (stmt))
    goto db_error;
  sqlite3_clear_bindings (stmt);

  if (!pk_sqlite_cache_run (self->statements, "COMMIT", "appending to the journal",
                            PK_JOURNAL_ERROR, PK_JOURNAL_ERROR_DATABASE, error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      g_ptr_array_set_size (results, 0);
      return FALSE;
    }
  return TRUE;

db_error:
  pk_sqlite_set_error (self->db, "appending to the journal", PK_JOURNAL_ERROR,
                       PK_JOURNAL_ERROR_DATABASE, error);
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_ptr_array_set_size (results, 0);
  return FALSE;
}

static gboolean
check_entry (const PkJournalEntry  *entry,
             GError               **error)
{
  if (entry->operator_name == NULL || entry->outcome == NULL || entry->kind >= PK_JOURNAL_N_KINDS)
    {
      g_set_error (error, PK_JOURNAL_ERROR, PK_JOURNAL_ERROR_INVALID,
                   _("A journal entry needs an operator, a kind and an outcome."));
      return FALSE;
    }
  if (entry->detail_json != NULL)
    {
      g_autoptr(JsonNode) node = json_from_string (entry->detail_json, NULL);

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, PK_JOURNAL_ERROR, PK_JOURNAL_ERROR_INVALID,
                       _("The detail of a journal entry must be a JSON object."));
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * pk_journal_append:
 * @self: a #PkJournal
 * @entry: what to append; its @seq, @prev_hash and @hash are ignored, a %NULL @at means now
 * @error: return location for a #PkJournalError
 *
 * Appends @entry durably (the commit is fsync'ed before this returns). Blocks: call it from a
 * worker thread or a test; the GUI uses pk_journal_append_async().
 *
 * Returns: (transfer full): the stored entry with its sequence number and hashes.
 */
PkJournalEntry *
pk_journal_append (PkJournal             *self,
                   const PkJournalEntry  *entry,
                   GError               **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GPtrArray) results =
    g_ptr_array_new_with_free_func ((GDestroyNotify) pk_journal_entry_unref);
  gboolean ok;

  g_return_val_if_fail (PK_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (entry != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_entry (entry, error))
    return NULL;

  g_ptr_array_add (entries, (gpointer) entry);
  g_mutex_lock (&self->lock);
  ok = append_batch_locked (self, entries, results, error);
  g_mutex_unlock (&self->lock);
  return ok ? pk_journal_entry_ref (g_ptr_array_index (results, 0)) : NULL;
}

/* The writer: one at a time, draining whatever _async appends queued up meanwhile and
 * committing them as one batch; each task completes only after its batch is committed. */
static void
writer_thread (GTask        *writer,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *unused)
{
  PkJournal *self = source_object;

  for (;;)
    {
      g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GPtrArray) entries = g_ptr_array_new ();
      g_autoptr(GPtrArray) results =
        g_ptr_array_new_with_free_func ((GDestroyNotify) pk_journal_entry_unref);
      GError *error = NULL;
      GTask *task;

      g_mutex_lock (&self->queue_lock);
      while ((task = g_queue_pop_head (&self->queue)) != NULL)
        {
          if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
            {
              g_task_return_new_error (task, PK_JOURNAL_ERROR, PK_JOURNAL_ERROR_CANCELLED,
                                       _("Cancelled."));
              g_object_unref (task);
              continue;
            }
          g_ptr_array_add (tasks, task);
          g_ptr_array_add (entries, g_task_get_task_data (task));
        }
      if (tasks->len == 0)
        {
          self->writer_running = FALSE;
          g_mutex_unlock (&self->queue_lock);
          break;
        }
      g_mutex_unlock (&self->queue_lock);

      g_mutex_lock (&self->lock);
      append_batch_locked (self, entries, results, &error);
      g_mutex_unlock (&self->lock);

      for (guint i = 0; i < tasks->len; i++)
        {
          if (error != NULL)
            g_task_return_error (tasks->pdata[i], g_error_copy (error));
          else
            g_task_return_pointer (tasks->pdata[i], pk_journal_entry_ref (results->pdata[i]),
                                   (GDestroyNotify) pk_journal_entry_unref);
        }
      g_clear_error (&error);
    }
  g_task_return_boolean (writer, TRUE);
}

void
pk_journal_append_async (PkJournal            *self,
                         const PkJournalEntry *entry,
                         GCancellable         *cancellable,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  gboolean start_writer = FALSE;

  g_return_if_fail (PK_IS_JOURNAL (self));
  g_return_if_fail (entry != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pk_journal_append_async);
  g_task_set_check_cancellable (task, FALSE);
  if (!check_entry (entry, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, pk_journal_entry_copy (entry),
                        (GDestroyNotify) pk_journal_entry_unref);

  g_mutex_lock (&self->queue_lock);
  g_queue_push_tail (&self->queue, g_steal_pointer (&task));
  if (!self->writer_running)
    self->writer_running = start_writer = TRUE;
  g_mutex_unlock (&self->queue_lock);

  if (start_writer)
    {
      g_autoptr(GTask) writer = g_task_new (self, NULL, NULL, NULL);

      g_task_set_source_tag (writer, writer_thread);
      g_task_run_in_thread (writer, writer_thread);
    }
}

PkJournalEntry *
pk_journal_append_finish (PkJournal     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (PK_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pk_journal_append_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
