/* pk-sandbox-json.c — compact JSON output with tidy numbers, and canonical JSON
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * json-glib 1.6 prints doubles with 17 significant digits (267.39999999999998); the API
 * promises at most two decimals for areas and lengths, so doubles go out with 15 significant
 * digits, the shortest text that reads back to the same value for every number we store.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pk-json-util.h"
#include "pk-sandbox-json.h"

/**
 * pk_sandbox_json_append_double:
 *
 * Appends @v as pk_sandbox_json_to_string() writes a double: 15 significant digits, always
 * with a fraction or an exponent (`161.0`), `null` if not finite.
 */
void
pk_sandbox_json_append_double (GString *out,
                               gdouble  v)
{
  char buf[64];

  if (!isfinite (v))
    {
      g_string_append (out, "null");
      return;
    }
  g_ascii_formatd (buf, sizeof buf, "%.15g", v);
  g_string_append (out, buf);
  if (strpbrk (buf, ".eE") == NULL)
    g_string_append (out, ".0");
}

static void
append_node (GString  *out,
             JsonNode *node,
             gboolean  canonical)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *obj = json_node_get_object (node);
        g_autoptr(GList) names = json_object_get_members (obj);
        gboolean first = TRUE;

        if (canonical)
          names = g_list_sort (names, (GCompareFunc) strcmp);
        g_string_append_c (out, '{');
        for (GList *l = names; l; l = l->next)
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            pk_json_append_string (out, l->data);
            g_string_append_c (out, ':');
            append_node (out, json_object_get_member (obj, l->data), canonical);
          }
        g_string_append_c (out, '}');
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *arr = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (arr); i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_node (out, json_array_get_element (arr, i), canonical);
          }
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          {
            gdouble v = json_node_get_double (node);

            if (canonical && isfinite (v) && v == floor (v) && fabs (v) < 9007199254740992.0)
              /* 1.0 and 1 are the same number to the client. */
              g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) v);
            else
              pk_sandbox_json_append_double (out, v);
          }
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
          pk_json_append_string (out, json_node_get_string (node));
          break;
        default:
          g_string_append (out, "null");
          break;
        }
      break;
    default:
      g_assert_not_reached ();
    }
}

char *
pk_sandbox_json_to_string (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (node != NULL, NULL);
  append_node (out, node, FALSE);
  return g_string_free (out, FALSE);
}

/**
 * pk_sandbox_json_canonical:
 *
 * Members sorted by name (bytewise), no whitespace, integral numbers without a fraction:
 * two requests that mean the same give the same text.
 */
char *
pk_sandbox_json_canonical (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (node != NULL, NULL);
  append_node (out, node, TRUE);
  return g_string_free (out, FALSE);
}
