/* pk-api-parse-private.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Every reader below takes the parse state and does nothing once a failure is recorded, so a
 * parser is a straight list of reads followed by one check at the end; the first problem wins
 * and names its member. */
typedef struct
{
  GError *error;
} PkApiReader;

void         pk_api_read_fail        (PkApiReader *p,
                                      const char  *where,
                                      const char  *name,
                                      const char  *problem);
gboolean     pk_api_read_finish      (PkApiReader  *p,
                                      GError      **error);
JsonNode    *pk_api_read_member      (PkApiReader *p,
                                      JsonObject  *o,
                                      const char  *where,
                                      const char  *name,
                                      gboolean     required);
const char  *pk_api_read_peek_str    (PkApiReader *p,
                                      JsonObject  *o,
                                      const char  *where,
                                      const char  *name,
                                      gboolean     required);
char        *pk_api_read_str         (PkApiReader *p,
                                      JsonObject  *o,
                                      const char  *where,
                                      const char  *name,
                                      gboolean     required);
gboolean     pk_api_node_to_int64    (JsonNode *node,
                                      gint64   *out);
gboolean     pk_api_node_to_double   (JsonNode *node,
                                      double   *out);
gint64       pk_api_read_int64       (PkApiReader *p,
                                      JsonObject  *o,
                                      const char  *where,
                                      const char  *name,
                                      gboolean     required);
guint        pk_api_read_uint        (PkApiReader *p,
                                      JsonObject  *o,
                                      const char  *where,
                                      const char  *name,
                                      gboolean     required);
double       pk_api_read_num         (PkApiReader *p,
                                      JsonObject  *o,
                                      const char  *where,
                                      const char  *name,
                                      gboolean     required,
                                      gboolean    *present);
gboolean     pk_api_read_boolean     (PkApiReader *p,
                                      JsonObject  *o,
                                      const char  *where,
                                      const char  *name,
                                      gboolean     required);
JsonObject  *pk_api_read_obj         (PkApiReader *p,
                                      JsonObject  *o,
                                      const char  *where,
                                      const char  *name,
                                      gboolean     required);
JsonArray   *pk_api_read_arr         (PkApiReader *p,
                                      JsonObject  *o,
                                      const char  *where,
                                      const char  *name,
                                      gboolean     required);
GDateTime   *pk_api_read_timestamp   (PkApiReader *p,
                                      JsonObject  *o,
                                      const char  *where,
                                      const char  *name,
                                      gboolean     required);
char        *pk_api_read_id          (PkApiReader *p,
                                      JsonObject  *o,
                                      const char  *where,
                                      const char  *name,
                                      gboolean     required);
char       **pk_api_read_strv        (PkApiReader *p,
                                      JsonObject  *o,
                                      const char  *where,
                                      const char  *name,
                                      gboolean     required);
JsonObject  *pk_api_read_root        (PkApiReader *p,
                                      JsonNode    *node,
                                      const char  *where);
void         pk_api_read_each_object (PkApiReader  *p,
                                      JsonObject   *o,
                                      const char   *where,
                                      const char   *name,
                                      gboolean      required,
                                      gpointer    (*parse_item) (PkApiReader *, JsonObject *),
                                      GPtrArray    *out);
gpointer     pk_api_read_reply       (JsonNode        *node,
                                      const char      *where,
                                      gpointer       (*parse_object) (PkApiReader *, JsonObject *),
                                      GDestroyNotify   free_func,
                                      GError         **error);

G_END_DECLS
