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

G_END_DECLS
