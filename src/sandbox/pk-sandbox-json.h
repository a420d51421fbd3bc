/* pk-sandbox-json.h — compact JSON output with tidy numbers, and canonical JSON
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

char *pk_sandbox_json_to_string (JsonNode *node);
char *pk_sandbox_json_canonical (JsonNode *node);
void  pk_sandbox_json_append_double (GString    *out,
                                     gdouble     v);

G_END_DECLS
