/* pk-sandbox-city.h — the generated sample city and the sandbox's SQLite schema
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "pk-sandbox-server.h"

G_BEGIN_DECLS

#define PK_SANDBOX_CITY_PATTERN     "2-3-3-3-3-3"
#define PK_SANDBOX_RULEBOOK_VERSION "1405.1"


const PkSandboxAccount *pk_sandbox_city_accounts   (guint       *n_accounts);

gboolean  pk_sandbox_city_create_schema (sqlite3     *db,
                                         GError     **error);
gboolean  pk_sandbox_city_generate      (sqlite3     *db,
                                         guint64      seed,
                                         GError     **error);
char     *pk_sandbox_city_hash          (sqlite3     *db,
                                         GError     **error);
gboolean  pk_sandbox_db_exec            (sqlite3     *db,
                                         const char  *sql,
                                         GError     **error);
sqlite3_stmt *pk_sandbox_db_prepare    (sqlite3       *db,
                                        const char    *sql,
                                        GError       **error);
gboolean  pk_sandbox_db_step_reset      (sqlite3       *db,
                                         sqlite3_stmt  *stmt,
                                         GError       **error);
void      pk_sandbox_db_set_error       (GError     **error,
                                         sqlite3     *db,
                                         const char  *what);

G_END_DECLS
