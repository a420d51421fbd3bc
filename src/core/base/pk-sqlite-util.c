/* pk-sqlite-util.c — private helpers shared by the outbox and the journal
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pk-sqlite-util.h"

void
pk_sqlite_set_error (sqlite3     *db,
                     const char  *what,
                     GQuark       domain,
                     int          code,
                     GError     **error)
{
  g_set_error (error, domain, code,
               /* Translators: %s is the step that failed, the second %s SQLite's own message */
               _("Local database error while %s: %s"),
               what, db ? sqlite3_errmsg (db) : "out of memory");
}

gboolean
pk_sqlite_exec (sqlite3     *db,
                const char  *sql,
                GQuark       domain,
                int          code,
                GError     **error)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) == SQLITE_OK)
    return TRUE;
  g_set_error (error, domain, code, _("Local database error: %s"), msg ? msg : "?");
  sqlite3_free (msg);
  return FALSE;
}

/* Both databases promise that a completed write survives a power cut: WAL so readers never
 * block the writer, synchronous=FULL so every commit is fsync'ed before it returns (NORMAL
 * would only guarantee consistency, not durability, of the last commits in WAL mode). */
sqlite3 *
pk_sqlite_open_durable (const char  *path,
                        GQuark       domain,
                        int          code,
                        GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, domain, code, _("Cannot open the local database “%s”: %s"),
                   path, db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 10000);
  sqlite3_extended_result_codes (db, 1);
  if (!pk_sqlite_exec (db,
                       "PRAGMA journal_mode=WAL;"
                       "PRAGMA synchronous=FULL;"
                       "PRAGMA foreign_keys=ON;",
                       domain, code, error))
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

gint64
pk_sqlite_now_us (void)
{
  return g_get_real_time ();
}

char *
pk_sqlite_dup_text (sqlite3_stmt *stmt,
                    int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text ? g_strdup ((const char *) text) : NULL;
}

/**
 * pk_sqlite_migrate:
 * @steps: (array length=n_steps): the SQL that takes schema version i to i + 1, at index i
 * @what: the step, for the error message ("reading the outbox schema version")
 *
 * Brings the database from its `PRAGMA user_version` to @n_steps: every missing step and the
 * new version in one transaction, so that a crash leaves the old schema or the new one.
 * Version 0 is an empty file. A version newer than @n_steps is left alone and returned: the
 * caller refuses it in its own words.
 *
 * Returns: the version found before migrating, or -1 with @error set
 */
int
pk_sqlite_migrate (sqlite3            *db,
                   const char * const *steps,
                   int                 n_steps,
                   const char         *what,
                   GQuark              domain,
                   int                 code,
                   GError            **error)
{
  g_autoptr(GString) sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int version;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK
      || sqlite3_step (stmt) != SQLITE_ROW)
    {
      pk_sqlite_set_error (db, what, domain, code, error);
      sqlite3_finalize (stmt);
      return -1;
    }
  version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (version >= n_steps)
    return version;

  sql = g_string_new ("BEGIN IMMEDIATE; ");
  for (int i = version; i < n_steps; i++)
    g_string_append (sql, steps[i]);
  g_string_append_printf (sql, " PRAGMA user_version = %d; COMMIT;", n_steps);
  if (!pk_sqlite_exec (db, sql->str, domain, code, error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return -1;
    }
  return version;
}

/* Both databases run the same dozen statements over and over (the sender a dozen per
 * delivered item, the journal five per batch): parsing them each time was a good part of
 * their own cost. A cached statement is reset, never finalized, until the cache goes. */
struct _PkSqliteCache
{
  sqlite3    *db;           /* borrowed: the cache must be freed before it is closed */
  GHashTable *statements;   /* SQL literal → sqlite3_stmt */
};

static void
statement_free (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

PkSqliteCache *
pk_sqlite_cache_new (sqlite3 *db)
{
  PkSqliteCache *cache = g_new0 (PkSqliteCache, 1);

  cache->db = db;
  cache->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                             statement_free);
  return cache;
}

void
pk_sqlite_cache_free (PkSqliteCache *cache)
{
  if (cache == NULL)
    return;
  g_hash_table_unref (cache->statements);
  g_free (cache);
}

/* Closes @db and clears both pointers; either may be %NULL. The statements go first: a
 * connection with statements left is not closed. */
void
pk_sqlite_close (sqlite3       **db,
                 PkSqliteCache **cache)
{
  g_clear_pointer (cache, pk_sqlite_cache_free);
  g_clear_pointer (db, sqlite3_close);
}

/**
 * pk_sqlite_cache_prepare:
 * @sql: a string literal (or any string that lives as long as the cache)
 *
 * Returns: (transfer none) (nullable): the statement, reset and without bindings, or %NULL
 *   if it does not compile (sqlite3_errmsg() says why)
 */
sqlite3_stmt *
pk_sqlite_cache_prepare (PkSqliteCache *cache,
                         const char    *sql)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (cache->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (cache->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL)
      != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return NULL;
    }
  g_hash_table_insert (cache->statements, (gpointer) sql, stmt);
  return stmt;
}

/* Done with a statement from the cache: reset it now so that it holds no read lock. */
void
pk_sqlite_cache_release (sqlite3_stmt *stmt)
{
  if (stmt != NULL)
    sqlite3_reset (stmt);
}

/* BEGIN, COMMIT and the switches of synchronous run once or twice per transaction: cached
 * like the other statements rather than parsed again by sqlite3_exec() each time. */
gboolean
pk_sqlite_cache_run (PkSqliteCache  *cache,
                     const char     *sql,
                     const char     *what,
                     GQuark          domain,
                     int             code,
                     GError        **error)
{
  sqlite3_stmt *stmt = pk_sqlite_cache_prepare (cache, sql);
  int rc;

  if (stmt == NULL)
    {
      pk_sqlite_set_error (cache->db, "preparing a statement", domain, code, error);
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      pk_sqlite_set_error (cache->db, what, domain, code, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}
