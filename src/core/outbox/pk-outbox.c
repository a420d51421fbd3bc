/* pk-outbox.c — the outbox object: life cycle, counts, notifications and async plumbing
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <sodium.h>
#include <string.h>

#include "pk-outbox-store-private.h"

/* The outbox: applications are committed here, with their documents and a client-generated
 * idempotency key, before any network I/O. The sender then delivers them; because a re-send
 * after a crash carries the same key and the same body (document ids are committed before the
 * application is posted), the server answers it from its idempotency store instead of
 * creating a second application. That is the whole exactly-once argument: at-least-once
 * delivery from here, deduplication by key there.
 *
 * Documents are stored as BLOBs in the same database rather than as files next to it: one
 * transaction then covers the application and all its documents, so there is no window in
 * which a file exists without its row or a row without its file, no orphan clean-up after a
 * crash, and one fsync sequence makes everything durable. Documents are at most 10 MiB (the
 * API's limit), well within what SQLite handles; their bytes are dropped once the
 * application is delivered, keeping the sha256 and the server's document id.
 *
 * Threading: one connection and one mutex. The blocking functions are called from GTask
 * worker threads (the _async wrappers) or from tests; count changes and "work-added" are
 * always signalled on the main context the outbox was created in. */

#define SCHEMA_VERSION 1
#define KEY_LENGTH     32

enum {
  PROP_0,
  PROP_PATH,
  PROP_N_PENDING,
  PROP_N_SENDING,
  PROP_N_FAILED,
  PROP_N_DELIVERED,
  N_PROPS
};

enum {
  CHANGED,
  WORK_ADDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void pk_outbox_initable_iface_init (GInitableIface *iface);

G_DEFINE_QUARK (pk-outbox-error-quark, pk_outbox_error)

G_DEFINE_FINAL_TYPE_WITH_CODE (PkOutbox, pk_outbox, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      pk_outbox_initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_ASYNC_INITABLE, NULL))

/* Step i takes schema version i to i + 1 (see pk_sqlite_migrate()). */
static const char * const schema_steps[SCHEMA_VERSION] = {
  "CREATE TABLE item ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  created_us INTEGER NOT NULL,"
  "  updated_us INTEGER NOT NULL,"
  "  operator TEXT NOT NULL,"
  "  service_code TEXT NOT NULL,"
  "  renovation_code TEXT,"
  "  application TEXT NOT NULL,"
  "  state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'delivered', 'failed')),"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_us INTEGER NOT NULL,"
  "  error_domain TEXT,"
  "  error_code INTEGER,"
  "  last_error TEXT,"
  "  error_fields TEXT,"
  "  application_id TEXT,"
  "  tracking_code TEXT,"
  "  answer TEXT,"
  "  delivered_us INTEGER);"
  "CREATE INDEX item_due ON item (state, next_attempt_us, id);"
  "CREATE TABLE document ("
  "  item_id INTEGER NOT NULL REFERENCES item (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  filename TEXT NOT NULL,"
  "  content_type TEXT NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  sha256 TEXT NOT NULL,"
  "  data BLOB,"
  "  document_id TEXT,"
  "  PRIMARY KEY (item_id, position));",
};

/* --- notifications ----------------------------------------------------------------------- */

static void
notify_free (gpointer data)
{
  PkOutboxNotify *n = data;

  g_object_unref (n->self);
  g_free (n);
}

static gboolean
notify_in_context (gpointer data)
{
  PkOutboxNotify *n = data;
  PkOutbox *self = n->self;
  gboolean changed = FALSE;
  static const guint props[4] = { PROP_N_PENDING, PROP_N_SENDING, PROP_N_DELIVERED, PROP_N_FAILED };

  /* Snapshots are posted after the lock is released, so two worker threads can post theirs
   * in the opposite order: an older one arriving late must not undo a newer one. */
  if (n->seq > self->counts_seq)
    {
      self->counts_seq = n->seq;
      for (guint i = 0; i < 4; i++)
        if (self->counts[i] != n->counts[i])
          {
            self->counts[i] = n->counts[i];
            g_object_notify_by_pspec (G_OBJECT (self), properties[props[i]]);
            changed = TRUE;
          }
    }
  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
  if (n->work_added)
    g_signal_emit (self, signals[WORK_ADDED], 0);
  return G_SOURCE_REMOVE;
}

/* Called with the lock held, after a commit. Counting with GROUP BY after every change
 * would scan the whole queue each time (10,000 items when the network was down all day):
 * the counts are kept up to date by each transition instead, see
 * pk_outbox_adjust_counts_locked(). */
PkOutboxNotify *
pk_outbox_collect_counts_locked (PkOutbox *self,
                                 gboolean  work_added)
{
  PkOutboxNotify *n = g_new0 (PkOutboxNotify, 1);

  n->work_added = work_added;
  memcpy (n->counts, self->db_counts, sizeof n->counts);
  n->seq = ++self->db_seq;
  return n;
}

void
pk_outbox_adjust_counts_locked (PkOutbox *self,
                                int       from,
                                int       to)
{
  if (from >= 0 && self->db_counts[from] > 0)
    self->db_counts[from]--;
  if (to >= 0)
    self->db_counts[to]++;
}

static gboolean
count_states_locked (PkOutbox  *self,
                     GError   **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = SQLITE_ERROR;

  memset (self->db_counts, 0, sizeof self->db_counts);
  if (sqlite3_prepare_v2 (self->db, "SELECT state, count(*) FROM item GROUP BY state", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *state = (const char *) sqlite3_column_text (stmt, 0);
          guint count = sqlite3_column_int (stmt, 1);

          for (guint i = 0; i < 4; i++)
            if (g_strcmp0 (state, pk_outbox_state_to_string (i)) == 0)
              self->db_counts[i] = count;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      pk_sqlite_set_error (self->db, "counting the queue", PK_OUTBOX_ERROR,
                           PK_OUTBOX_ERROR_DATABASE, error);
      return FALSE;
    }
  return TRUE;
}

/* Called without the lock, so that handlers may call back into the outbox. */
void
pk_outbox_post_notify (PkOutbox *self,
                       PkOutboxNotify   *n)
{
  if (n == NULL)
    return;
  n->self = g_object_ref (self);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, notify_in_context, n,
                              notify_free);
}

/* --- life cycle -------------------------------------------------------------------------- */

static gboolean
pk_outbox_initable_init (GInitable     *initable,
                         GCancellable  *cancellable,
                         GError       **error)
{
  PkOutbox *self = PK_OUTBOX (initable);
  int version;

  g_return_val_if_fail (self->path != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (sodium_init () < 0)
    {
      g_set_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_DATABASE,
                   _("The random number generator is not available."));
      return FALSE;
    }

  self->db = pk_sqlite_open_durable (self->path, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_DATABASE, error);
  if (self->db == NULL)
    return FALSE;

  version = pk_sqlite_migrate (self->db, schema_steps, SCHEMA_VERSION,
                               "reading the outbox schema version", PK_OUTBOX_ERROR,
                               PK_OUTBOX_ERROR_DATABASE, error);
  if (version < 0)
    return FALSE;
  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_SCHEMA,
                   _("The outbox “%s” was written by a newer version of Pishkhan (schema %d)."),
                   self->path, version);
      return FALSE;
    }
  self->statements = pk_sqlite_cache_new (self->db);

  /* Crash recovery: whatever was being sent when the process died goes back to the queue,
   * due now. It keeps its idempotency key, so if the server did get it, the re-send is
   * answered from the server's idempotency store. */
  if (!pk_sqlite_exec (self->db,
                       "UPDATE item SET state = 'pending', next_attempt_us = 0"
                       " WHERE state = 'sending'",
                       PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_DATABASE, error))
    return FALSE;
  self->n_recovered = sqlite3_changes (self->db);

  if (!count_states_locked (self, error))
    return FALSE;
  /* Initial counts are set directly: nobody can be connected yet. */
  memcpy (self->counts, self->db_counts, sizeof self->counts);
  return TRUE;
}

static void
pk_outbox_initable_iface_init (GInitableIface *iface)
{
  iface->init = pk_outbox_initable_init;
}

static void
pk_outbox_finalize (GObject *object)
{
  PkOutbox *self = (PkOutbox *)object;

  pk_sqlite_close (&self->db, &self->statements);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (pk_outbox_parent_class)->finalize (object);
}

static void
pk_outbox_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PkOutbox *self = PK_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, pk_outbox_get_path (self));
      break;
    case PROP_N_PENDING:
      g_value_set_uint (value, pk_outbox_get_n_pending (self));
      break;
    case PROP_N_SENDING:
      g_value_set_uint (value, pk_outbox_get_n_sending (self));
      break;
    case PROP_N_FAILED:
      g_value_set_uint (value, pk_outbox_get_n_failed (self));
      break;
    case PROP_N_DELIVERED:
      g_value_set_uint (value, pk_outbox_get_n_delivered (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_outbox_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PkOutbox *self = PK_OUTBOX (object);

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
pk_outbox_class_init (PkOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pk_outbox_finalize;
  object_class->get_property = pk_outbox_get_property;
  object_class->set_property = pk_outbox_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The header's queue indicator binds to these. */
  properties[PROP_N_PENDING] = g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_SENDING] = g_param_spec_uint ("n-sending", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_FAILED] = g_param_spec_uint ("n-failed", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_DELIVERED] = g_param_spec_uint ("n-delivered", NULL, NULL, 0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PkOutbox::changed:
   *
   * The counts changed (after the corresponding notify:: signals). Emitted on the main
   * context the outbox was created in.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * PkOutbox::work-added:
   *
   * An item was queued or an operator asked to retry one now: the sender wakes up.
   */
  signals[WORK_ADDED] = g_signal_new ("work-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pk_outbox_init (PkOutbox *self)
{
  g_mutex_init (&self->lock);
  self->context = g_main_context_ref_thread_default ();
}

PkOutbox *
pk_outbox_new_sync (const char    *path,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_initable_new (PK_TYPE_OUTBOX, cancellable, error, "path", path, NULL);
}

void
pk_outbox_new_async (const char          *path,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (path != NULL);

  g_async_initable_new_async (PK_TYPE_OUTBOX, G_PRIORITY_DEFAULT, cancellable, callback,
                              user_data, "path", path, NULL);
}

PkOutbox *
pk_outbox_new_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_autoptr(GObject) source = g_async_result_get_source_object (result);
  GObject *object = g_async_initable_new_finish (G_ASYNC_INITABLE (source), result, error);

  return object ? PK_OUTBOX (object) : NULL;
}

const char *
pk_outbox_get_path (PkOutbox *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX (self), NULL);
  return self->path;
}

guint
pk_outbox_get_n_pending (PkOutbox *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX (self), 0);
  return self->counts[PK_OUTBOX_STATE_PENDING];
}

guint
pk_outbox_get_n_sending (PkOutbox *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX (self), 0);
  return self->counts[PK_OUTBOX_STATE_SENDING];
}

guint
pk_outbox_get_n_failed (PkOutbox *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX (self), 0);
  return self->counts[PK_OUTBOX_STATE_FAILED];
}

guint
pk_outbox_get_n_delivered (PkOutbox *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX (self), 0);
  return self->counts[PK_OUTBOX_STATE_DELIVERED];
}

/**
 * pk_outbox_get_n_recovered:
 *
 * Returns: how many items were found in the sending state when the outbox was opened (the
 *   previous process died while sending them) and were put back in the queue
 */
guint
pk_outbox_get_n_recovered (PkOutbox *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX (self), 0);
  return self->n_recovered;
}

/**
 * pk_outbox_generate_idempotency_key:
 *
 * Returns: (transfer full): 32 characters from `[A-Za-z0-9-]`, from the system's CSPRNG
 *   (about 190 bits: collisions across every kiosk of the country are not a concern)
 */
char *
pk_outbox_generate_idempotency_key (void)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-";
  char *key = g_malloc (KEY_LENGTH + 1);

  if (sodium_init () < 0)
    g_error ("libsodium cannot be initialised");
  for (guint i = 0; i < KEY_LENGTH; i++)
    key[i] = alphabet[randombytes_uniform (sizeof alphabet - 1)];
  key[KEY_LENGTH] = '\0';
  return key;
}

/* --- statements ------------------------------------------------------------------------ */

/* A statement from the connection's cache (see pk_sqlite_cache_prepare()). */
sqlite3_stmt *
pk_outbox_prepare (PkOutbox    *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = pk_sqlite_cache_prepare (self->statements, sql);

  if (stmt == NULL)
    pk_sqlite_set_error (self->db, "preparing a statement", PK_OUTBOX_ERROR,
                         PK_OUTBOX_ERROR_DATABASE, error);
  return stmt;
}

gboolean
pk_outbox_exec_cached_locked (PkOutbox    *self,
                              const char  *sql,
                              const char  *what,
                              GError     **error)
{
  return pk_sqlite_cache_run (self->statements, sql, what, PK_OUTBOX_ERROR,
                              PK_OUTBOX_ERROR_DATABASE, error);
}

PkOutboxState
pk_outbox_state_from_string (const char *str)
{
  for (guint i = 0; i < 4; i++)
    if (g_strcmp0 (str, pk_outbox_state_to_string (i)) == 0)
      return i;
  return PK_OUTBOX_STATE_PENDING;
}

/* --- async plumbing ---------------------------------------------------------------------- */

typedef struct
{
  PkOutboxOpFunc func;
  gpointer       data;
  GDestroyNotify data_free;
  GDestroyNotify result_free;
} Op;

static void
op_free (gpointer data)
{
  Op *op = data;

  if (op->data_free != NULL)
    op->data_free (op->data);
  g_free (op);
}

static void
op_thread (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  Op *op = task_data;
  GError *error = NULL;
  gpointer result;

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_CANCELLED, _("Cancelled."));
      return;
    }
  result = op->func (source_object, op->data, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, op->result_free);
}

void
pk_outbox_run_async (PkOutbox            *self,
                     PkOutboxOpFunc       func,
                     gpointer             data,
                     GDestroyNotify       data_free,
                     GDestroyNotify       result_free,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Op *op = g_new0 (Op, 1);

  op->func = func;
  op->data = data;
  op->data_free = data_free;
  op->result_free = result_free;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pk_outbox_run_async);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, op, op_free);
  g_task_run_in_thread (task, op_thread);
}

gpointer
pk_outbox_run_finish (PkOutbox      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (PK_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gpointer
list_op (PkOutbox  *self,
         gpointer   data,
         GError   **error)
{
  return pk_outbox_list (self, GPOINTER_TO_INT (data), error);
}

void
pk_outbox_list_async (PkOutbox            *self,
                      int                  state,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (PK_IS_OUTBOX (self));

  pk_outbox_run_async (self, list_op, GINT_TO_POINTER (state), NULL,
                       (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
pk_outbox_list_finish (PkOutbox      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  return pk_outbox_run_finish (self, result, error);
}

static gpointer
retry_now_op (PkOutbox  *self,
              gpointer   data,
              GError   **error)
{
  return pk_outbox_retry_now (self, *(gint64 *) data, error) ? GINT_TO_POINTER (1) : NULL;
}

void
pk_outbox_retry_now_async (PkOutbox            *self,
                           gint64               id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (PK_IS_OUTBOX (self));

  pk_outbox_run_async (self, retry_now_op, g_memdup2 (&id, sizeof id), g_free, NULL,
                       cancellable, callback, user_data);
}

gboolean
pk_outbox_retry_now_finish (PkOutbox      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return pk_outbox_run_finish (self, result, error) != NULL;
}

typedef struct
{
  gint64   id;
  gboolean with_data;
} GetItem;

static gpointer
get_item_op (PkOutbox  *self,
             gpointer   data,
             GError   **error)
{
  GetItem *get = data;

  return pk_outbox_get_item (self, get->id, get->with_data, error);
}

/**
 * pk_outbox_get_item_async:
 *
 * pk_outbox_get_item() on a worker thread, for a screen that follows an item.
 */
void
pk_outbox_get_item_async (PkOutbox            *self,
                          gint64               id,
                          gboolean             with_data,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GetItem *get;

  g_return_if_fail (PK_IS_OUTBOX (self));

  get = g_new0 (GetItem, 1);
  get->id = id;
  get->with_data = with_data;
  pk_outbox_run_async (self, get_item_op, get, g_free, g_object_unref, cancellable, callback,
                       user_data);
}

/**
 * pk_outbox_get_item_finish:
 *
 * Returns: (transfer full) (nullable): the item, or %NULL with @error set
 */
PkOutboxItem *
pk_outbox_get_item_finish (PkOutbox      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return pk_outbox_run_finish (self, result, error);
}

static gpointer
remove_failed_op (PkOutbox  *self,
                  gpointer   data,
                  GError   **error)
{
  return pk_outbox_remove_failed (self, *(gint64 *) data, error) ? GINT_TO_POINTER (1) : NULL;
}

/**
 * pk_outbox_remove_failed_async:
 *
 * pk_outbox_remove_failed() on a worker thread.
 */
void
pk_outbox_remove_failed_async (PkOutbox            *self,
                               gint64               id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (PK_IS_OUTBOX (self));

  pk_outbox_run_async (self, remove_failed_op, g_memdup2 (&id, sizeof id), g_free, NULL,
                       cancellable, callback, user_data);
}

gboolean
pk_outbox_remove_failed_finish (PkOutbox      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return pk_outbox_run_finish (self, result, error) != NULL;
}
