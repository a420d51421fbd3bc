/* sandbox-helper.h — run the real pishkhan-sandbox as a subprocess and talk to it through
 * the real API client
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pk-api-client.h"

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char        *data_dir;
  guint        port;
  char        *base_url;     /* http://127.0.0.1:PORT/api/v1 */
} Sandbox;

const char  *sandbox_executable     (void);
Sandbox     *sandbox_start          (const char  *data_dir,
                                     guint        port,
                                     gboolean     faults,
                                     GError     **error);
void         sandbox_stop           (Sandbox     *sandbox);
void         sandbox_free           (Sandbox     *sandbox);

/* Synchronous wrappers (they iterate the thread-default main context). */
PkApiClient *sandbox_login          (const char  *base_url,
                                     const char  *username,
                                     GError     **error);
char        *sandbox_find_parcel    (PkApiClient *client,
                                     GError     **error);
JsonObject  *sandbox_application    (const char  *renovation_code,
                                     guint        n);
GBytes      *sandbox_pdf            (guint        n);
/* Submissions in the office's report for the UTC days around now, tracking code → count. */
GHashTable  *sandbox_submissions    (PkApiClient *supervisor,
                                     GError     **error);
gboolean     sandbox_set_faults     (const char  *base_url,
                                     const char  *json,
                                     GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sandbox, sandbox_free)

G_END_DECLS
