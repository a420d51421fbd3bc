/* pk-sqlite-util.h — private helpers shared by the outbox and the journal
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

sqlite3  *pk_sqlite_open_durable (const char  *path,
                                  GQuark       domain,
                                  int          code,
                                  GError     **error);
gboolean  pk_sqlite_exec         (sqlite3     *db,
                                  const char  *sql,
                                  GQuark       domain,
                                  int          code,
                                  GError     **error);
void      pk_sqlite_set_error    (sqlite3     *db,
                                  const char  *what,
                                  GQuark       domain,
                                  int          code,
                                  GError     **error);
gint64    pk_sqlite_now_us       (void);
char     *pk_sqlite_dup_text     (sqlite3_stmt *stmt,
                                  int           column);

int       pk_sqlite_migrate      (sqlite3            *db,
                                  const char * const *steps,
                                  int                 n_steps,
                                  const char         *what,
                                  GQuark              domain,
                                  int                 code,
                                  GError            **error);

/* Prepared statements kept per connection, keyed by the address of their SQL literal. */
typedef struct _PkSqliteCache PkSqliteCache;

PkSqliteCache *pk_sqlite_cache_new     (sqlite3       *db);
void           pk_sqlite_cache_free    (PkSqliteCache *cache);
sqlite3_stmt  *pk_sqlite_cache_prepare (PkSqliteCache *cache,
                                        const char    *sql);
void           pk_sqlite_cache_release (sqlite3_stmt  *stmt);
gboolean       pk_sqlite_cache_run     (PkSqliteCache *cache,
                                        const char    *sql,
                                        const char    *what,
                                        GQuark         domain,
                                        int            code,
                                        GError       **error);
void           pk_sqlite_close         (sqlite3       **db,
                                        PkSqliteCache **cache);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkSqliteCache, pk_sqlite_cache_free)

G_END_DECLS
