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
