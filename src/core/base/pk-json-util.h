/* pk-json-util.h — JSON text written by hand where json-glib would cost a parse and a print
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void  pk_json_append_string (GString    *out,
                             const char *s);
gboolean pk_json_structure_ok (const char *data,
                               gsize       len,
                               guint       max_depth);

G_END_DECLS
