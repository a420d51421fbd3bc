/* pk-api-reader.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pk-api-error.h"
#include "pk-api-parse-private.h"

/* The typed readers every reply parser in pk-api-parse.c is made of (see the header). */

void
pk_api_read_fail (PkApiReader *p,
                  const char  *where,
                  const char  *name,
                  const char  *problem)
{
  if (p->error == NULL)
    p->error = g_error_new (PK_API_ERROR, PK_API_ERROR_MALFORMED_REPLY,
                            "Malformed reply: %s%s%s %s", where, name ? "." : "",
                            name ? name : "", problem);
}

gboolean
pk_api_read_finish (PkApiReader  *p,
                    GError      **error)
{
  if (p->error == NULL)
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&p->error));
  return FALSE;
}

/* Returns: (nullable): the member, or NULL when absent or JSON null (a failure if required). */
JsonNode *
pk_api_read_member (PkApiReader *p,
                    JsonObject  *o,
                    const char  *where,
                    const char  *name,
                    gboolean     required)
{
  JsonNode *node;

  if (p->error != NULL || o == NULL)
    return NULL;
  node = json_object_get_member (o, name);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        pk_api_read_fail (p, where, name, "is missing");
      return NULL;
    }
  return node;
}

const char *
pk_api_read_peek_str (PkApiReader *p,
                      JsonObject  *o,
                      const char  *where,
                      const char  *name,
                      gboolean     required)
{
  JsonNode *node = pk_api_read_member (p, o, where, name, required);
  const char *s;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      pk_api_read_fail (p, where, name, "is not a string");
      return NULL;
    }
  s = json_node_get_string (node);
  if (s == NULL || !g_utf8_validate (s, -1, NULL))
    {
      pk_api_read_fail (p, where, name, "is not valid UTF-8");
      return NULL;
    }
  if (required && *s == '\0')
    {
      pk_api_read_fail (p, where, name, "is empty");
      return NULL;
    }
  return s;
}

char *
pk_api_read_str (PkApiReader *p,
                 JsonObject  *o,
                 const char  *where,
                 const char  *name,
                 gboolean     required)
{
  return g_strdup (pk_api_read_peek_str (p, o, where, name, required));
}

gboolean
pk_api_node_to_int64 (JsonNode *node,
                      gint64   *out)
{
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      /* 12.0 is an integer; beyond 2^53 a double no longer counts exactly. */
      if (isfinite (d) && d == floor (d) && fabs (d) <= 9007199254740992.0)
        {
          *out = (gint64) d;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
pk_api_node_to_double (JsonNode *node,
                       double   *out)
{
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;
  return isfinite (*out);
}

gint64
pk_api_read_int64 (PkApiReader *p,
                   JsonObject  *o,
                   const char  *where,
                   const char  *name,
                   gboolean     required)
{
  JsonNode *node = pk_api_read_member (p, o, where, name, required);
  gint64 v = 0;

  if (node != NULL && !pk_api_node_to_int64 (node, &v))
    pk_api_read_fail (p, where, name, "is not an integer");
  return v;
}

guint
pk_api_read_uint (PkApiReader *p,
                  JsonObject  *o,
                  const char  *where,
                  const char  *name,
                  gboolean     required)
{
  gint64 v = pk_api_read_int64 (p, o, where, name, required);

  if (v < 0 || v > G_MAXUINT)
    {
      pk_api_read_fail (p, where, name, "is out of range");
      return 0;
    }
  return (guint) v;
}

double
pk_api_read_num (PkApiReader *p,
                 JsonObject  *o,
                 const char  *where,
                 const char  *name,
                 gboolean     required,
                 gboolean    *present)
{
  JsonNode *node = pk_api_read_member (p, o, where, name, required);
  double v = 0;

  if (present)
    *present = FALSE;
  if (node == NULL)
    return 0;
  if (!pk_api_node_to_double (node, &v))
    {
      pk_api_read_fail (p, where, name, "is not a number");
      return 0;
    }
  if (present)
    *present = TRUE;
  return v;
}

gboolean
pk_api_read_boolean (PkApiReader *p,
                     JsonObject  *o,
                     const char  *where,
                     const char  *name,
                     gboolean     required)
{
  JsonNode *node = pk_api_read_member (p, o, where, name, required);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      pk_api_read_fail (p, where, name, "is not a boolean");
      return FALSE;
    }
  return json_node_get_boolean (node);
}

JsonObject *
pk_api_read_obj (PkApiReader *p,
                 JsonObject  *o,
                 const char  *where,
                 const char  *name,
                 gboolean     required)
{
  JsonNode *node = pk_api_read_member (p, o, where, name, required);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      pk_api_read_fail (p, where, name, "is not an object");
      return NULL;
    }
  return json_node_get_object (node);
}

JsonArray *
pk_api_read_arr (PkApiReader *p,
                 JsonObject  *o,
                 const char  *where,
                 const char  *name,
                 gboolean     required)
{
  JsonNode *node = pk_api_read_member (p, o, where, name, required);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      pk_api_read_fail (p, where, name, "is not an array");
      return NULL;
    }
  return json_node_get_array (node);
}

GDateTime *
pk_api_read_timestamp (PkApiReader *p,
                       JsonObject  *o,
                       const char  *where,
                       const char  *name,
                       gboolean     required)
{
  const char *s = pk_api_read_peek_str (p, o, where, name, required);
  GDateTime *dt;

  if (s == NULL)
    return NULL;
  /* No default zone: a time without an offset is not RFC 3339. */
  dt = g_date_time_new_from_iso8601 (s, NULL);
  if (dt == NULL)
    pk_api_read_fail (p, where, name, "is not an RFC 3339 time");
  return dt;
}

/* Identifiers are strings; an integer is taken too, so a server using numeric ids still works. */
char *
pk_api_read_id (PkApiReader *p,
                JsonObject  *o,
                const char  *where,
                const char  *name,
                gboolean     required)
{
  JsonNode *node = pk_api_read_member (p, o, where, name, required);
  gint64 v;

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      v = json_node_get_int (node);
      return g_strdup_printf ("%" G_GINT64_FORMAT, v);
    }
  return pk_api_read_str (p, o, where, name, required);
}

char **
pk_api_read_strv (PkApiReader *p,
                  JsonObject  *o,
                  const char  *where,
                  const char  *name,
                  gboolean     required)
{
  JsonArray *a = pk_api_read_arr (p, o, where, name, required);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; a != NULL && i < json_array_get_length (a) && p->error == NULL; i++)
    {
      JsonNode *node = json_array_get_element (a, i);
      const char *s;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
          || (s = json_node_get_string (node)) == NULL || !g_utf8_validate (s, -1, NULL))
        pk_api_read_fail (p, where, name, "has an item that is not a string");
      else
        g_strv_builder_add (builder, s);
    }
  return g_strv_builder_end (builder);
}

JsonObject *
pk_api_read_root (PkApiReader *p,
                  JsonNode    *node,
                  const char  *where)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      pk_api_read_fail (p, where, NULL, "is not an object");
      return NULL;
    }
  return json_node_get_object (node);
}

/* Calls @parse_item on each object of the array @name, appending what it returns to @out. */
void
pk_api_read_each_object (PkApiReader  *p,
                         JsonObject   *o,
                         const char   *where,
                         const char   *name,
                         gboolean      required,
                         gpointer    (*parse_item) (PkApiReader *, JsonObject *),
                         GPtrArray    *out)
{
  JsonArray *a = pk_api_read_arr (p, o, where, name, required);

  for (guint i = 0; a != NULL && i < json_array_get_length (a) && p->error == NULL; i++)
    {
      JsonNode *node = json_array_get_element (a, i);
      gpointer item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          pk_api_read_fail (p, where, name, "has an item that is not an object");
          return;
        }
      item = parse_item (p, json_node_get_object (node));
      if (item != NULL)
        g_ptr_array_add (out, item);
    }
}

/* A reply that is one object: @parse_object's result, or %NULL with @error set (and what it
 * built freed with @free_func) when anything in the reply was wrong. */
gpointer
pk_api_read_reply (JsonNode        *node,
                   const char      *where,
                   gpointer       (*parse_object) (PkApiReader *, JsonObject *),
                   GDestroyNotify   free_func,
                   GError         **error)
{
  PkApiReader p = { NULL };
  JsonObject *o = pk_api_read_root (&p, node, where);
  gpointer result = o ? parse_object (&p, o) : NULL;

  if (!pk_api_read_finish (&p, error))
    {
      g_clear_pointer (&result, free_func);
      return NULL;
    }
  return result;
}
