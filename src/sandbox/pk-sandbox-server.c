/* pk-sandbox-server.c — the training/test implementation of the central API
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The object, its storage and its public API. Every handler answers from the main loop
 * without waiting: reads are single indexed SQLite queries on cached statements, writes are
 * small transactions in WAL mode, document bodies are written asynchronously with the message
 * paused, and injected latency is a timeout on a paused message. The resources are in
 * pk-sandbox-<resource>.c, dispatched by the table in pk-sandbox-routes.c.
 */
#include "config.h"

#include <errno.h>
#include <sodium.h>
#include <string.h>

#include "pk-sandbox-city.h"
#include "pk-sandbox-server-private.h"

#define CHECKPOINT_PAGES 1000

enum {
  PROP_0,
  PROP_DATA_DIR,
  PROP_SEED,
  PROP_REVIEW_DELAY,
  PROP_TOKEN_LIFETIME,
  PROP_FAULTS_ENABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void initable_iface_init (GInitableIface *iface);
static void async_initable_iface_init (GAsyncInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PkSandboxServer, pk_sandbox_server, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_ASYNC_INITABLE,
                                                      async_initable_iface_init))

G_DEFINE_QUARK (pk-sandbox-error-quark, pk_sandbox_error)

static void
stmt_finalize (gpointer s)
{
  sqlite3_finalize (s);
}

sqlite3_stmt *
pk_sandbox_stmt (PkSandboxServer *self,
                 const char      *sql)
{
  sqlite3_stmt *s = g_hash_table_lookup (self->stmts, sql);

  if (s == NULL)
    {
      if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK)
        g_error ("sandbox SQL does not compile: %s: %s", sqlite3_errmsg (self->db), sql);
      g_hash_table_insert (self->stmts, (gpointer) sql, s);
    }
  sqlite3_reset (s);
  sqlite3_clear_bindings (s);
  return s;
}

gboolean
pk_sandbox_exec_stmt (PkSandboxServer *self,
                      sqlite3_stmt    *s)
{
  int rc = sqlite3_step (s);

  sqlite3_reset (s);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      g_warning ("sandbox SQL failed: %s", sqlite3_errmsg (self->db));
      return FALSE;
    }
  return TRUE;
}

char *
pk_sandbox_col_dup (sqlite3_stmt *s,
                    int           i)
{
  return g_strdup ((const char *) sqlite3_column_text (s, i));
}

char *
pk_sandbox_random_id (const char *prefix,
                      guint       n_bytes)
{
  guint8 buf[16];
  GString *s = g_string_new (prefix);

  g_assert (n_bytes <= sizeof buf);
  randombytes_buf (buf, n_bytes);
  for (guint i = 0; i < n_bytes; i++)
    g_string_append_printf (s, "%02x", buf[i]);
  return g_string_free (s, FALSE);
}

char *
pk_sandbox_tracking_code (void)
{
  static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  char code[13] = "PK";

  for (guint i = 2; i < 12; i++)
    code[i] = alphabet[randombytes_uniform (sizeof alphabet - 1)];
  code[12] = '\0';
  return g_strdup (code);
}

static gpointer
checkpoint_thread (gpointer data)
{
  PkSandboxCheckpointer *c = data;

  g_mutex_lock (&c->lock);
  for (;;)
    {
      while (!c->wanted && !c->quit)
        g_cond_wait (&c->cond, &c->lock);
      if (c->quit)
        break;
      c->wanted = FALSE;
      g_mutex_unlock (&c->lock);
      /* Passive: copies what it can without making the writer wait. */
      sqlite3_wal_checkpoint_v2 (c->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      g_mutex_lock (&c->lock);
    }
  g_mutex_unlock (&c->lock);
  return NULL;
}

/* Called by SQLite after each commit of the main connection, with the WAL's size. */
static int
wal_hook (void       *data,
          sqlite3    *db,
          const char *name,
          int         n_pages)
{
  PkSandboxCheckpointer *c = data;

  if (n_pages >= CHECKPOINT_PAGES)
    {
      g_mutex_lock (&c->lock);
      c->wanted = TRUE;
      g_cond_signal (&c->cond);
      g_mutex_unlock (&c->lock);
    }
  return SQLITE_OK;
}

static gboolean
checkpointer_start (PkSandboxServer  *self,
                    const char       *db_path,
                    GError          **error)
{
  PkSandboxCheckpointer *c = &self->checkpointer;

  if (sqlite3_open_v2 (db_path, &c->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      g_set_error (error, PK_SANDBOX_ERROR, PK_SANDBOX_ERROR_STORAGE, "%s: %s", db_path,
                   c->db ? sqlite3_errmsg (c->db) : "out of memory");
      return FALSE;
    }
  sqlite3_busy_timeout (c->db, 2000);
  if (!pk_sandbox_db_exec (c->db, "PRAGMA synchronous = NORMAL", error))
    return FALSE;
  c->thread = g_thread_new ("sandbox-checkpoint", checkpoint_thread, c);
  /* Replaces SQLite's own automatic checkpoint on this connection. */
  sqlite3_wal_hook (self->db, wal_hook, c);
  return TRUE;
}

static void
checkpointer_stop (PkSandboxServer *self)
{
  PkSandboxCheckpointer *c = &self->checkpointer;

  if (self->db != NULL)
    sqlite3_wal_hook (self->db, NULL, NULL);
  if (c->thread != NULL)
    {
      g_mutex_lock (&c->lock);
      c->quit = TRUE;
      g_cond_signal (&c->cond);
      g_mutex_unlock (&c->lock);
      g_clear_pointer (&c->thread, g_thread_join);
    }
  g_clear_pointer (&c->db, sqlite3_close);
}

static gboolean
open_storage (PkSandboxServer  *self,
              GError          **error)
{
  g_autofree char *db_path = g_build_filename (self->data_dir, "sandbox.db", NULL);
  g_autofree char *docs = g_build_filename (self->data_dir, "documents", NULL);
  sqlite3_stmt *q = NULL;
  gboolean fresh;

  if (g_mkdir_with_parents (docs, 0700) != 0)
    {
      g_set_error (error, PK_SANDBOX_ERROR, PK_SANDBOX_ERROR_STORAGE, "cannot create %s: %s",
                   docs, g_strerror (errno));
      return FALSE;
    }
  if (sqlite3_open_v2 (db_path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, PK_SANDBOX_ERROR, PK_SANDBOX_ERROR_STORAGE, "%s: %s", db_path,
                   self->db ? sqlite3_errmsg (self->db) : "out of memory");
      return FALSE;
    }
  sqlite3_busy_timeout (self->db, 2000);
  /* Durability: WAL with synchronous=NORMAL. Every commit is in the WAL (the kernel's page
   * cache) before its answer goes out, so killing the sandbox never loses an acknowledged
   * application or idempotency key; an OS crash or power cut can lose the last ones (the WAL
   * is synced at checkpoints). Enough for a training and test server whose city is
   * generated. The real central API must make each commit durable (FULL, or replicated)
   * before answering: a kiosk drops a document's bytes once acknowledged, and exactly once
   * relies on the server remembering every key it answered. */
  if (!pk_sandbox_db_exec (self->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                                     " PRAGMA foreign_keys = ON;", error) ||
      !pk_sandbox_city_create_schema (self->db, error))
    goto fail;

  sqlite3_prepare_v2 (self->db, "SELECT value FROM meta WHERE key = 'seed'", -1, &q, NULL);
  fresh = sqlite3_step (q) != SQLITE_ROW;
  if (!fresh)
    self->seed = g_ascii_strtoull ((const char *) sqlite3_column_text (q, 0), NULL, 10);
  sqlite3_finalize (q);
  if (fresh && !pk_sandbox_city_generate (self->db, self->seed, error))
    goto fail;
  if (!pk_sandbox_catalogue_install (self->db, error))
    goto fail;
  if (!checkpointer_start (self, db_path, error))
    goto fail;
  return TRUE;

fail:
  if (error && *error && (*error)->domain != PK_SANDBOX_ERROR)
    {
      (*error)->domain = PK_SANDBOX_ERROR;
      (*error)->code = PK_SANDBOX_ERROR_STORAGE;
    }
  return FALSE;
}

static gboolean
pk_sandbox_server_initable_init (GInitable     *initable,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  PkSandboxServer *self = PK_SANDBOX_SERVER (initable);
  g_autoptr(GError) local = NULL;

  if (self->data_dir == NULL)
    {
      g_set_error_literal (error, PK_SANDBOX_ERROR, PK_SANDBOX_ERROR_STORAGE, "no data directory");
      return FALSE;
    }
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, PK_SANDBOX_ERROR, PK_SANDBOX_ERROR_KEYS, "libsodium init failed");
      return FALSE;
    }
  if (!open_storage (self, error))
    return FALSE;
  if (!pk_sandbox_keys_load_or_create (self->data_dir, pk_sandbox_server_now (self),
                                       &self->keys, &local))
    {
      g_set_error (error, PK_SANDBOX_ERROR, PK_SANDBOX_ERROR_KEYS, "%s", local->message);
      return FALSE;
    }
  self->services_json = pk_sandbox_build_services_json (self);
  return TRUE;
}

static void
initable_iface_init (GInitableIface *iface)
{
  iface->init = pk_sandbox_server_initable_init;
}

/* GAsyncInitable's default implementation runs GInitable.init in a worker thread: opening the
 * database and generating a city stay off the GUI's main loop. Nothing libsoup is touched
 * until listen(), on the caller's thread. */
static void
async_initable_iface_init (GAsyncInitableIface *iface)
{
}

static void
pk_sandbox_server_dispose (GObject *object)
{
  PkSandboxServer *self = PK_SANDBOX_SERVER (object);

  if (self->soup != NULL)
    {
      soup_server_disconnect (self->soup);
      g_clear_object (&self->soup);
    }
  G_OBJECT_CLASS (pk_sandbox_server_parent_class)->dispose (object);
}

static void
pk_sandbox_server_finalize (GObject *object)
{
  PkSandboxServer *self = PK_SANDBOX_SERVER (object);

  checkpointer_stop (self);
  g_clear_pointer (&self->stmts, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_clear_pointer (&self->sessions, g_hash_table_unref);
  g_clear_pointer (&self->service_schemas, g_hash_table_unref);
  g_free (self->services_json);
  g_free (self->data_dir);
  g_mutex_clear (&self->checkpointer.lock);
  g_cond_clear (&self->checkpointer.cond);
  sodium_memzero (&self->keys, sizeof self->keys);
  G_OBJECT_CLASS (pk_sandbox_server_parent_class)->finalize (object);
}

static void
pk_sandbox_server_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PkSandboxServer *self = PK_SANDBOX_SERVER (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;
    case PROP_SEED:
      g_value_set_uint64 (value, self->seed);
      break;
    case PROP_REVIEW_DELAY:
      g_value_set_uint (value, self->review_delay);
      break;
    case PROP_TOKEN_LIFETIME:
      g_value_set_uint (value, self->token_lifetime);
      break;
    case PROP_FAULTS_ENABLED:
      g_value_set_boolean (value, self->faults_enabled);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_sandbox_server_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PkSandboxServer *self = PK_SANDBOX_SERVER (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_free (self->data_dir);
      self->data_dir = g_value_dup_string (value);
      break;
    case PROP_SEED:
      self->seed = g_value_get_uint64 (value);
      break;
    case PROP_REVIEW_DELAY:
      pk_sandbox_server_set_review_delay (self, g_value_get_uint (value));
      break;
    case PROP_TOKEN_LIFETIME:
      pk_sandbox_server_set_token_lifetime (self, g_value_get_uint (value));
      break;
    case PROP_FAULTS_ENABLED:
      pk_sandbox_server_set_faults_enabled (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_sandbox_server_class_init (PkSandboxServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pk_sandbox_server_dispose;
  object_class->finalize = pk_sandbox_server_finalize;
  object_class->get_property = pk_sandbox_server_get_property;
  object_class->set_property = pk_sandbox_server_set_property;

  properties[PROP_DATA_DIR] =
    g_param_spec_string ("data-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEED] =
    g_param_spec_uint64 ("seed", NULL, NULL, 0, G_MAXUINT64, PK_SANDBOX_DEFAULT_SEED,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVIEW_DELAY] =
    g_param_spec_uint ("review-delay", NULL, NULL, 0, 86400, PK_SANDBOX_DEFAULT_REVIEW_DELAY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN_LIFETIME] =
    g_param_spec_uint ("token-lifetime", NULL, NULL, 0, G_MAXINT, PK_SANDBOX_DEFAULT_TOKEN_LIFETIME,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FAULTS_ENABLED] =
    g_param_spec_boolean ("faults-enabled", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pk_sandbox_server_init (PkSandboxServer *self)
{
  self->seed = PK_SANDBOX_DEFAULT_SEED;
  self->review_delay = PK_SANDBOX_DEFAULT_REVIEW_DELAY;
  self->token_lifetime = PK_SANDBOX_DEFAULT_TOKEN_LIFETIME;
  self->stmts = g_hash_table_new_full (NULL, NULL, NULL, stmt_finalize);
  self->service_schemas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) json_node_unref);
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) pk_sandbox_session_free);
  g_mutex_init (&self->checkpointer.lock);
  g_cond_init (&self->checkpointer.cond);
}

PkSandboxServer *
pk_sandbox_server_new (const char  *data_dir,
                       guint64      seed,
                       GError     **error)
{
  g_return_val_if_fail (data_dir != NULL, NULL);

  return g_initable_new (PK_TYPE_SANDBOX_SERVER, NULL, error, "data-dir", data_dir, "seed", seed,
                         NULL);
}

/**
 * pk_sandbox_server_new_async:
 *
 * Like pk_sandbox_server_new(), with the database work (up to ~0.3 s on first start) done on a
 * worker thread. Finish with pk_sandbox_server_new_finish().
 */
void
pk_sandbox_server_new_async (const char          *data_dir,
                             guint64              seed,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (data_dir != NULL);

  g_async_initable_new_async (PK_TYPE_SANDBOX_SERVER, G_PRIORITY_DEFAULT, cancellable, callback,
                              user_data, "data-dir", data_dir, "seed", seed, NULL);
}

PkSandboxServer *
pk_sandbox_server_new_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_autoptr(GObject) source = g_async_result_get_source_object (result);
  GObject *object;

  g_return_val_if_fail (G_IS_ASYNC_INITABLE (source), NULL);

  object = g_async_initable_new_finish (G_ASYNC_INITABLE (source), result, error);
  return object ? PK_SANDBOX_SERVER (object) : NULL;
}

guint16
pk_sandbox_server_listen (PkSandboxServer  *self,
                          guint16           port,
                          GError          **error)
{
  g_autoptr(GInetAddress) lo = NULL;
  g_autoptr(GSocketAddress) addr = NULL;
  GSList *uris;

  g_return_val_if_fail (PK_IS_SANDBOX_SERVER (self), 0);

  if (self->soup == NULL)
    {
      self->soup = soup_server_new ("server-header", "pishkhan-sandbox/" PACKAGE_VERSION " ", NULL);
      soup_server_add_handler (self->soup, NULL, pk_sandbox_server_callback, self, NULL);
      pk_sandbox_keepalive_attach (self->soup);
    }
  lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  addr = g_inet_socket_address_new (lo, port);
  if (!soup_server_listen (self->soup, addr, 0, error))
    {
      if (error && *error)
        {
          (*error)->domain = PK_SANDBOX_ERROR;
          (*error)->code = PK_SANDBOX_ERROR_LISTEN;
        }
      return 0;
    }
  uris = soup_server_get_uris (self->soup);
  for (GSList *l = uris; l; l = l->next)
    {
      gint p = g_uri_get_port (l->data);

      if (p > 0)
        self->port = (guint16) p;
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return self->port;
}

void
pk_sandbox_server_disconnect (PkSandboxServer *self)
{
  g_return_if_fail (PK_IS_SANDBOX_SERVER (self));

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  self->port = 0;
}

guint16
pk_sandbox_server_get_port (PkSandboxServer *self)
{
  g_return_val_if_fail (PK_IS_SANDBOX_SERVER (self), 0);
  return self->port;
}

char *
pk_sandbox_server_get_base_url (PkSandboxServer *self)
{
  g_return_val_if_fail (PK_IS_SANDBOX_SERVER (self), NULL);

  if (self->port == 0)
    return NULL;
  return g_strdup_printf ("http://127.0.0.1:%u/api/v1", self->port);
}

guint
pk_sandbox_server_get_review_delay (PkSandboxServer *self)
{
  g_return_val_if_fail (PK_IS_SANDBOX_SERVER (self), 0);
  return self->review_delay;
}

void
pk_sandbox_server_set_review_delay (PkSandboxServer *self,
                                    guint            seconds)
{
  g_return_if_fail (PK_IS_SANDBOX_SERVER (self));

  if (self->review_delay == seconds)
    return;
  self->review_delay = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVIEW_DELAY]);
}

guint
pk_sandbox_server_get_token_lifetime (PkSandboxServer *self)
{
  g_return_val_if_fail (PK_IS_SANDBOX_SERVER (self), 0);
  return self->token_lifetime;
}

void
pk_sandbox_server_set_token_lifetime (PkSandboxServer *self,
                                      guint            seconds)
{
  g_return_if_fail (PK_IS_SANDBOX_SERVER (self));

  if (self->token_lifetime == seconds)
    return;
  self->token_lifetime = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN_LIFETIME]);
}

gboolean
pk_sandbox_server_get_faults_enabled (PkSandboxServer *self)
{
  g_return_val_if_fail (PK_IS_SANDBOX_SERVER (self), FALSE);
  return self->faults_enabled;
}

void
pk_sandbox_server_set_faults_enabled (PkSandboxServer *self,
                                      gboolean         enabled)
{
  g_return_if_fail (PK_IS_SANDBOX_SERVER (self));

  enabled = !!enabled;
  if (self->faults_enabled == enabled)
    return;
  self->faults_enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAULTS_ENABLED]);
}

void
pk_sandbox_server_set_faults (PkSandboxServer       *self,
                              const PkSandboxFaults *faults)
{
  g_return_if_fail (PK_IS_SANDBOX_SERVER (self));
  g_return_if_fail (faults != NULL);

  self->faults = *faults;
  self->fault_state = faults->seed;
}

void
pk_sandbox_server_get_faults (PkSandboxServer *self,
                              PkSandboxFaults *faults)
{
  g_return_if_fail (PK_IS_SANDBOX_SERVER (self));
  g_return_if_fail (faults != NULL);

  *faults = self->faults;
}

const char *
pk_sandbox_server_get_data_dir (PkSandboxServer *self)
{
  g_return_val_if_fail (PK_IS_SANDBOX_SERVER (self), NULL);
  return self->data_dir;
}

const char *
pk_sandbox_server_get_key_id (PkSandboxServer *self)
{
  g_return_val_if_fail (PK_IS_SANDBOX_SERVER (self), NULL);
  return self->keys.key_id;
}

GBytes *
pk_sandbox_server_dup_public_key (PkSandboxServer *self)
{
  g_return_val_if_fail (PK_IS_SANDBOX_SERVER (self), NULL);
  return g_bytes_new (self->keys.public_key, sizeof self->keys.public_key);
}

char *
pk_sandbox_server_dup_city_hash (PkSandboxServer  *self,
                                 GError          **error)
{
  g_return_val_if_fail (PK_IS_SANDBOX_SERVER (self), NULL);
  return pk_sandbox_city_hash (self->db, error);
}

char **
pk_sandbox_server_dup_sample_parcels (PkSandboxServer *self,
                                      guint            n)
{
  sqlite3_stmt *q;
  GPtrArray *out = g_ptr_array_new ();

  g_return_val_if_fail (PK_IS_SANDBOX_SERVER (self), NULL);

  q = pk_sandbox_stmt (self, "SELECT renovation_code FROM parcels WHERE zone IN ('R2', 'R3')"
                             " AND area_m2 >= 150 ORDER BY renovation_code LIMIT ?");
  sqlite3_bind_int (q, 1, (int) n);
  while (sqlite3_step (q) == SQLITE_ROW)
    g_ptr_array_add (out, pk_sandbox_col_dup (q, 0));
  sqlite3_reset (q);
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

const PkSandboxAccount *
pk_sandbox_server_get_training_accounts (guint *n_accounts)
{
  return pk_sandbox_city_accounts (n_accounts);
}
