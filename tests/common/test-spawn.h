/* test-spawn.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GSubprocess *test_spawnv (GSubprocessFlags     flags,
                          const char * const  *argv,
                          GError             **error);
GSubprocess *test_spawn  (GSubprocessFlags     flags,
                          GError             **error,
                          const char          *argv0,
                          ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
