/* pk-application-private.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pk-application.h"

G_BEGIN_DECLS

/* pk-application-bench.c: what only the start-up benchmark (--bench-first-frame) uses. */
void pk_application_bench_first_frame (PkApplication *self,
                                       GtkWindow     *window);

G_END_DECLS
