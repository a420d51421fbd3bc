/* pk-json-util.c — JSON text written by hand where json-glib would cost a parse and a print
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
