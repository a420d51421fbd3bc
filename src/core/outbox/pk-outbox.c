/* pk-outbox.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <sodium.h>
#include <string.h>

#include "pk-outbox-private.h"
#include "pk-sqlite-util.h"

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

struct _PkOutbox
{
  GObject       parent_instance;

  char         *path;
  sqlite3      *db;
  GMutex        lock;
  GMainContext *context;

  guint         counts[4];      /* by PkOutboxState, as last signalled (main context) */
  guint64       counts_seq;     /* the snapshot they come from (main context) */
  guint         db_counts[4];   /* by PkOutboxState, as in the database (under the lock) */
  guint64       db_seq;         /* snapshots of db_counts taken so far (under the lock) */
  GHashTable   *statements;     /* SQL literal → sqlite3_stmt, see prepare() */
  guint         n_recovered;
};

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

static const char schema_sql[] =
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
  "  PRIMARY KEY (item_id, position));";

/* --- notifications ----------------------------------------------------------------------- */

typedef struct
{
  PkOutbox *self;
  guint     counts[4];
  guint64   seq;
  gboolean  work_added;
} Notify;

static void
notify_free (gpointer data)
{
  Notify *n = data;

  g_object_unref (n->self);
  g_free (n);
}

static gboolean
notify_in_context (gpointer data)
{
  Notify *n = data;
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
 * the counts are kept up to date by each transition instead, see adjust_counts_locked(). */
static Notify *
collect_counts_locked (PkOutbox *self,
                       gboolean  work_added)
{
  Notify *n = g_new0 (Notify, 1);

  n->work_added = work_added;
  memcpy (n->counts, self->db_counts, sizeof n->counts);
  n->seq = ++self->db_seq;
  return n;
}

static void
adjust_counts_locked (PkOutbox *self,
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
static void
post_notify (PkOutbox *self,
             Notify   *n)
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
  sqlite3_stmt *stmt = NULL;
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

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK
      || sqlite3_step (stmt) != SQLITE_ROW)
    {
      pk_sqlite_set_error (self->db, "reading the outbox schema version", PK_OUTBOX_ERROR,
                           PK_OUTBOX_ERROR_DATABASE, error);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_SCHEMA,
                   _("The outbox “%s” was written by a newer version of Pishkhan (schema %d)."),
                   self->path, version);
      return FALSE;
    }
  if (version < SCHEMA_VERSION)
    {
      /* Version 0 is an empty file; later versions migrate step by step from here. */
      g_autofree char *sql = g_strdup_printf ("BEGIN IMMEDIATE; %s PRAGMA user_version = %d; COMMIT;",
                                              schema_sql, SCHEMA_VERSION);

      if (!pk_sqlite_exec (self->db, sql, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_DATABASE, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }

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

  /* Statements first: a connection with statements left is not closed. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->db, sqlite3_close);
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
statement_free (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
pk_outbox_init (PkOutbox *self)
{
  g_mutex_init (&self->lock);
  self->context = g_main_context_ref_thread_default ();
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            statement_free);
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

/* Prepared statements are cached per connection (keyed by the SQL literal's address): the
 * sender runs a dozen statements per delivered item, and parsing them each time was a good
 * part of the outbox's own cost. A cached statement is reset, never finalized, after use. */
static sqlite3_stmt *
prepare (PkOutbox    *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      pk_sqlite_set_error (self->db, "preparing a statement", PK_OUTBOX_ERROR,
                           PK_OUTBOX_ERROR_DATABASE, error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

/* Done with a statement from prepare(): reset it now so that it holds no read lock. */
static void
release (sqlite3_stmt *stmt)
{
  if (stmt != NULL)
    sqlite3_reset (stmt);
}

/* BEGIN, COMMIT and the switches of synchronous run twice per delivered item: cached like
 * the other statements rather than parsed again by sqlite3_exec() each time. */
static gboolean
exec_cached_locked (PkOutbox    *self,
                    const char  *sql,
                    const char  *what,
                    GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      pk_sqlite_set_error (self->db, what, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_DATABASE, error);
      release (stmt);
      return FALSE;
    }
  release (stmt);
  return TRUE;
}

/* --- reading ----------------------------------------------------------------------------- */

#define ITEM_COLUMNS "id, idempotency_key, operator, service_code, renovation_code, application," \
                     " state, attempts, created_us, next_attempt_us, error_domain, error_code," \
                     " last_error, error_fields, application_id, tracking_code, answer"

static PkOutboxState
state_from_string (const char *str)
{
  for (guint i = 0; i < 4; i++)
    if (g_strcmp0 (str, pk_outbox_state_to_string (i)) == 0)
      return i;
  return PK_OUTBOX_STATE_PENDING;
}

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
  stmt = prepare (self, "SELECT position, filename, content_type, size, sha256, document_id,"
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
  release (stmt);
  return rc == SQLITE_DONE;
}

static PkOutboxItem *
read_item_locked (PkOutbox  *self,
                  gint64     id,
                  gboolean   with_data,
                  GError   **error)
{
  PkOutboxItemData d = { 0 };
  sqlite3_stmt *stmt = NULL;
  int rc;

  stmt = prepare (self, "SELECT " ITEM_COLUMNS " FROM item WHERE id = ?1", NULL);
  if (stmt == NULL)
    goto db_error;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      release (stmt);
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
  d.state = state_from_string ((const char *) sqlite3_column_text (stmt, 6));
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
  release (stmt);
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
  release (stmt);
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
  item = read_item_locked (self, id, with_data, error);
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
      PkOutboxItem *item = read_item_locked (self, g_array_index (ids, gint64, i), FALSE, error);

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
  return read_item_locked (self, id, FALSE, error);

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
  Notify *n = NULL;

  g_mutex_lock (&self->lock);
  item = enqueue_locked (self, e, error);
  if (item != NULL)
    {
      adjust_counts_locked (self, -1, PK_OUTBOX_STATE_PENDING);
      n = collect_counts_locked (self, TRUE);
    }
  g_mutex_unlock (&self->lock);
  post_notify (self, n);
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
  sqlite3_stmt *stmt = prepare (self, "SELECT state FROM item WHERE id = ?1", error);
  int state = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    state = state_from_string ((const char *) sqlite3_column_text (stmt, 0));
  else
    g_set_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_NOT_FOUND,
                 _("There is no queued application number %" PRId64 "."), id);
  release (stmt);
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
  Notify *n = NULL;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (PK_IS_OUTBOX (self), NULL);

  g_mutex_lock (&self->lock);
  exec_cached_locked (self, "PRAGMA synchronous=NORMAL", "claiming the next item", NULL);
  if (!exec_cached_locked (self, "BEGIN IMMEDIATE", "claiming the next item", error))
    goto out;
  /* By due time, then age: first attempts go in the order they were taken, and an item the
   * server keeps failing on moves behind the others instead of blocking them. */
  stmt = prepare (self, "SELECT id FROM item WHERE state = 'pending' AND next_attempt_us <= ?1"
                        " ORDER BY next_attempt_us, id LIMIT 1", error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_int64 (stmt, 1, now_us);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  release (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pk_sqlite_set_error (self->db, "claiming the next item", PK_OUTBOX_ERROR,
                           PK_OUTBOX_ERROR_DATABASE, error);
      goto rollback;
    }
  if (id == 0)
    {
      exec_cached_locked (self, "COMMIT", "claiming the next item", NULL);
      goto out;
    }
  stmt = prepare (self, "UPDATE item SET state = 'sending', updated_us = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, pk_sqlite_now_us ());
  rc = exec_change_locked (self, stmt, "claiming the next item", error);
  release (stmt);
  if (rc < 0)
    goto rollback;
  if (!exec_cached_locked (self, "COMMIT", "claiming the next item", error))
    goto rollback;
  adjust_counts_locked (self, PK_OUTBOX_STATE_PENDING, PK_OUTBOX_STATE_SENDING);
  item = read_item_locked (self, id, TRUE, error);
  n = collect_counts_locked (self, FALSE);
  goto out;

rollback:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
out:
  exec_cached_locked (self, "PRAGMA synchronous=FULL", "claiming the next item", NULL);
  g_mutex_unlock (&self->lock);
  post_notify (self, n);
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
  stmt = prepare (self, "UPDATE document SET document_id = ?3 WHERE item_id = ?1 AND position = ?2",
                  error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, item_id);
      sqlite3_bind_int (stmt, 2, position);
      sqlite3_bind_text (stmt, 3, document_id, -1, SQLITE_STATIC);
      rc = exec_change_locked (self, stmt, "recording an uploaded document", error);
      release (stmt);
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
  Notify *n = NULL;
  gint64 now = pk_sqlite_now_us ();
  int old_state;
  int rc;

  g_return_val_if_fail (PK_IS_OUTBOX (self), FALSE);

  g_mutex_lock (&self->lock);
  exec_cached_locked (self, "PRAGMA synchronous=NORMAL", "recording a delivery", NULL);
  if (!exec_cached_locked (self, "BEGIN IMMEDIATE", "recording a delivery", error))
    goto out;
  old_state = get_state_locked (self, item_id, error);
  if (old_state < 0)
    goto rollback;
  stmt = prepare (self, "UPDATE item SET state = 'delivered', attempts = attempts + 1,"
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
  release (stmt);
  if (rc < 0)
    goto rollback;
  if (rc == 0)
    {
      g_set_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_NOT_FOUND,
                   _("There is no queued application number %" PRId64 "."), item_id);
      goto rollback;
    }
  stmt = prepare (self, "UPDATE document SET data = NULL WHERE item_id = ?1", error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_int64 (stmt, 1, item_id);
  rc = exec_change_locked (self, stmt, "recording a delivery", error);
  release (stmt);
  if (rc < 0)
    goto rollback;
  if (!exec_cached_locked (self, "COMMIT", "recording a delivery", error))
    goto rollback;
  adjust_counts_locked (self, old_state, PK_OUTBOX_STATE_DELIVERED);
  n = collect_counts_locked (self, FALSE);
  goto out;

rollback:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
out:
  exec_cached_locked (self, "PRAGMA synchronous=FULL", "recording a delivery", NULL);
  g_mutex_unlock (&self->lock);
  post_notify (self, n);
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
  Notify *n = NULL;
  int old_state;
  int rc = -1;

  g_return_val_if_fail (PK_IS_OUTBOX (self), FALSE);

  g_mutex_lock (&self->lock);
  old_state = get_state_locked (self, item_id, NULL);
  stmt = prepare (self, "UPDATE item SET state = 'pending', attempts = attempts + ?2,"
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
      release (stmt);
      if (rc == 0)
        g_set_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_WRONG_STATE,
                     _("This application is no longer waiting to be sent."));
      if (rc > 0)
        {
          adjust_counts_locked (self, old_state, PK_OUTBOX_STATE_PENDING);
          n = collect_counts_locked (self, FALSE);
        }
    }
  g_mutex_unlock (&self->lock);
  post_notify (self, n);
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
  Notify *n = NULL;
  int old_state;
  int rc = -1;

  g_return_val_if_fail (PK_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (reason != NULL, FALSE);

  g_mutex_lock (&self->lock);
  old_state = get_state_locked (self, item_id, NULL);
  stmt = prepare (self, "UPDATE item SET state = 'failed', attempts = attempts + 1,"
                        " updated_us = ?2, error_domain = ?3, error_code = ?4, last_error = ?5,"
                        " error_fields = ?6 WHERE id = ?1", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, item_id);
      sqlite3_bind_int64 (stmt, 2, pk_sqlite_now_us ());
      bind_reason (stmt, 3, reason);
      sqlite3_bind_text (stmt, 6, fields_json, -1, SQLITE_STATIC);
      rc = exec_change_locked (self, stmt, "recording a refusal", error);
      release (stmt);
      if (rc == 0)
        g_set_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_NOT_FOUND,
                     _("There is no queued application number %" PRId64 "."), item_id);
      if (rc > 0)
        {
          adjust_counts_locked (self, old_state, PK_OUTBOX_STATE_FAILED);
          n = collect_counts_locked (self, FALSE);
        }
    }
  g_mutex_unlock (&self->lock);
  post_notify (self, n);
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
  stmt = prepare (self, "SELECT min(next_attempt_us) FROM item WHERE state = 'pending'", error);
  if (stmt != NULL)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        due = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? G_MAXINT64
                                                           : sqlite3_column_int64 (stmt, 0);
      else
        pk_sqlite_set_error (self->db, "reading the queue", PK_OUTBOX_ERROR,
                             PK_OUTBOX_ERROR_DATABASE, error);
      release (stmt);
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
  Notify *n = NULL;
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
      stmt = prepare (self, "UPDATE item SET state = 'pending', next_attempt_us = ?2,"
                            " updated_us = ?2 WHERE id = ?1", error);
      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, id);
          sqlite3_bind_int64 (stmt, 2, pk_sqlite_now_us ());
          ok = exec_change_locked (self, stmt, "rescheduling an item", error) > 0;
          release (stmt);
        }
    }
  if (ok && state != PK_OUTBOX_STATE_SENDING)
    adjust_counts_locked (self, state, PK_OUTBOX_STATE_PENDING);
  if (ok)
    n = collect_counts_locked (self, TRUE);
  g_mutex_unlock (&self->lock);
  post_notify (self, n);
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
  Notify *n = NULL;
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
      stmt = prepare (self, "DELETE FROM item WHERE id = ?1 AND state = 'failed'", error);
      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, id);
          ok = exec_change_locked (self, stmt, "removing an item", error) > 0;
          release (stmt);
        }
    }
  if (ok)
    {
      adjust_counts_locked (self, PK_OUTBOX_STATE_FAILED, -1);
      n = collect_counts_locked (self, FALSE);
    }
  g_mutex_unlock (&self->lock);
  post_notify (self, n);
  return ok;
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
