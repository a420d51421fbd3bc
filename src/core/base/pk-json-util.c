/* pk-json-util.c — JSON text written by hand where json-glib would cost a parse and a print,
 * and the structure check that keeps json-glib's recursion bounded
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-json-util.h"

/**
 * pk_json_append_string:
 * @out: where the JSON text goes
 * @s: (nullable): UTF-8 text
 *
 * Appends @s as a JSON string, or `null` for %NULL. Only what JSON requires is escaped (the
 * quote, the backslash and control characters): non-ASCII text stays as it is, so that the
 * same string always gives the same bytes.
 */
void
pk_json_append_string (GString    *out,
                       const char *s)
{
  if (s == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = s; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      else if ((guchar) *p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/**
 * pk_json_structure_ok:
 * @data: JSON text (need not be NUL-terminated)
 * @len: its length
 * @max_depth: the deepest nesting of arrays and objects allowed
 *
 * json-glib recurses once per nesting level, so 75,000 opening brackets overflow the stack of
 * whoever parses them; it also stops reading after the first value. This scan, linear and
 * without recursion, bounds the nesting and refuses anything but white space after a top-level
 * container. Anything else (syntax, UTF-8) is left to the parser.
 *
 * Returns: %FALSE when @data nests deeper than @max_depth or has text after its top level
 */
gboolean
pk_json_structure_ok (const char *data,
                      gsize       len,
                      guint       max_depth)
{
  guint depth = 0;
  gboolean in_string = FALSE, escaped = FALSE;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0 && --depth == 0)
        {
          for (i++; i < len; i++)
            if (!g_ascii_isspace (data[i]))
              return FALSE;
          return TRUE;
        }
    }
  return TRUE;
}
