/* pk-sandbox-parcels.c — GET /parcels and /parcels/{code}, a parcel's zoning rules and prices
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pk-sandbox-city.h"
#include "pk-sandbox-server-private.h"
#include "pk-validate.h"

char *
pk_sandbox_normalize_renovation (const char *input)
{
  char *norm = NULL;

  if (input == NULL || !pk_validate_renovation_code (input, PK_SANDBOX_CITY_PATTERN, &norm, NULL))
    return NULL;
  return norm;
}

void
pk_sandbox_handle_parcel (PkSandboxServer   *self,
                          SoupServerMessage *msg,
                          const char        *code,
                          GHashTable        *query)
{
  g_autofree char *norm = NULL;
  sqlite3_stmt *q;

  if (pk_sandbox_authenticate (self, msg) == NULL)
    return;
  norm = pk_sandbox_normalize_renovation (code);
  if (norm == NULL)
    {
      JsonObject *fields = json_object_new ();

      json_object_set_string_member (fields, "renovation_code", "invalid");
      pk_sandbox_respond_validation (msg, fields);
      return;
    }
  q = pk_sandbox_stmt (self, "SELECT json FROM parcels WHERE renovation_code = ?");
  sqlite3_bind_text (q, 1, norm, -1, SQLITE_STATIC);
  if (sqlite3_step (q) != SQLITE_ROW)
    pk_sandbox_respond_error (msg, 404, "not_found", "پلاکی با این کد نوسازی یافت نشد.", NULL);
  else
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        (const char *) sqlite3_column_text (q, 0),
                                        (gsize) sqlite3_column_bytes (q, 0));
    }
  sqlite3_reset (q);
}

void
pk_sandbox_handle_parcel_search (PkSandboxServer   *self,
                                 SoupServerMessage *msg,
                                 const char        *arg,
                                 GHashTable        *query)
{
  const char *postal = query ? g_hash_table_lookup (query, "postal_code") : NULL;
  const char *cursor = query ? g_hash_table_lookup (query, "cursor") : NULL;
  const char *limit_s = query ? g_hash_table_lookup (query, "limit") : NULL;
  g_autofree char *hi = NULL;
  g_autofree char *after_postal = NULL;
  g_autofree char *after_code = NULL;
  g_autofree char *last_postal = NULL;
  g_autofree char *last_code = NULL;
  GString *out;
  sqlite3_stmt *q;
  guint64 limit = PAGE_DEFAULT;
  gsize plen;
  guint n = 0;
  JsonObject *fields = NULL;

  if (pk_sandbox_authenticate (self, msg) == NULL)
    return;
  plen = postal ? strlen (postal) : 0;
  if (postal == NULL)
    {
      fields = json_object_new ();
      json_object_set_string_member (fields, "postal_code", "required");
    }
  else if (plen < 5 || plen > 10 || strspn (postal, "0123456789") != plen ||
           (plen == 10 && !pk_validate_postal_code (postal, NULL, NULL)))
    {
      fields = json_object_new ();
      json_object_set_string_member (fields, "postal_code", "invalid");
    }
  if (limit_s != NULL &&
      (!g_ascii_string_to_unsigned (limit_s, 10, 1, PAGE_MAX, &limit, NULL)))
    {
      if (fields == NULL)
        fields = json_object_new ();
      json_object_set_string_member (fields, "limit", "out_of_range");
    }
  if (cursor != NULL)
    {
      gsize len = 0;
      g_autofree guchar *raw = NULL;
      g_autofree char *text = NULL;
      char *bar;

      raw = g_base64_decode (cursor, &len);
      text = g_strndup ((const char *) raw, len);
      bar = strchr (text, '|');
      if (bar == NULL)
        {
          if (fields == NULL)
            fields = json_object_new ();
          json_object_set_string_member (fields, "cursor", "invalid");
        }
      else
        {
          *bar = '\0';
          after_postal = g_strdup (text);
          after_code = g_strdup (bar + 1);
        }
    }
  if (fields != NULL)
    {
      pk_sandbox_respond_validation (msg, fields);
      return;
    }

  hi = g_strdup (postal);
  hi[plen - 1] = (char) (hi[plen - 1] + 1);
  if (plen == 10)
    {
      g_free (hi);
      hi = g_strconcat (postal, "~", NULL);
    }
  q = pk_sandbox_stmt (self, "SELECT json, postal_code, renovation_code FROM parcels"
                             " WHERE postal_code >= ?1 AND postal_code < ?2"
                             " AND (postal_code, renovation_code) > (?3, ?4)"
                             " ORDER BY postal_code, renovation_code LIMIT ?5");
  sqlite3_bind_text (q, 1, postal, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (q, 2, hi, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 3, after_postal ? after_postal : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 4, after_code ? after_code : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (q, 5, (sqlite3_int64) limit + 1);
  out = g_string_new ("{\"items\":[");
  while (sqlite3_step (q) == SQLITE_ROW)
    {
      if (n == limit)
        {
          g_autofree char *key = g_strdup_printf ("%s|%s", last_postal, last_code);
          g_autofree char *enc = g_base64_encode ((const guchar *) key, strlen (key));

          g_string_append_printf (out, "],\"next_cursor\":\"%s\"}", enc);
          n++;
          break;
        }
      if (n > 0)
        g_string_append_c (out, ',');
      g_string_append (out, (const char *) sqlite3_column_text (q, 0));
      g_free (last_postal);
      g_free (last_code);
      last_postal = pk_sandbox_col_dup (q, 1);
      last_code = pk_sandbox_col_dup (q, 2);
      n++;
    }
  sqlite3_reset (q);
  if (n <= limit)
    g_string_append (out, "],\"next_cursor\":null}");
  pk_sandbox_respond_text (msg, 200, g_string_free (out, FALSE));
}

void
pk_sandbox_parcel_clear (PkSandboxParcel *p)
{
  g_free (p->renovation_code);
  g_free (p->zone);
  g_free (p->land_use);
  g_free (p->json);
}

gboolean
pk_sandbox_load_parcel (PkSandboxServer *self,
                        const char      *code,
                        PkSandboxParcel *p)
{
  sqlite3_stmt *q = pk_sandbox_stmt (self, "SELECT renovation_code, zone, land_use, district,"
                                           " block, area_m2, frontage_m, json FROM parcels"
                                           " WHERE renovation_code = ?");
  gboolean found;

  sqlite3_bind_text (q, 1, code, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (q) == SQLITE_ROW;
  if (found)
    {
      p->renovation_code = pk_sandbox_col_dup (q, 0);
      p->zone = pk_sandbox_col_dup (q, 1);
      p->land_use = pk_sandbox_col_dup (q, 2);
      p->district = sqlite3_column_int (q, 3);
      p->block = sqlite3_column_int (q, 4);
      p->area = sqlite3_column_double (q, 5);
      p->frontage = sqlite3_column_double (q, 6);
      p->json = pk_sandbox_col_dup (q, 7);
    }
  sqlite3_reset (q);
  return found;
}

void
pk_sandbox_load_rules (PkSandboxServer       *self,
                       const PkSandboxParcel *p,
                       PkSandboxRules        *r)
{
  sqlite3_stmt *q = pk_sandbox_stmt (self, "SELECT r.density_percent, r.occupancy_percent,"
                                           " r.max_floors, r.max_height_m, r.setback_front_m,"
                                           " r.setback_back_m,"
                                           " r.parking_per_unit, z.min_plot_area_m2"
                                           " FROM zone_rules r JOIN zones z ON z.code = r.zone"
                                           " WHERE r.zone = ? AND r.min_area_m2 <= ?2"
                                           " AND ?2 < r.max_area_m2");

  memset (r, 0, sizeof *r);
  sqlite3_bind_text (q, 1, p->zone, -1, SQLITE_STATIC);
  sqlite3_bind_double (q, 2, p->area);
  if (sqlite3_step (q) == SQLITE_ROW)
    {
      r->density = sqlite3_column_double (q, 0);
      r->occupancy = sqlite3_column_double (q, 1);
      r->max_floors = sqlite3_column_int (q, 2);
      r->height = sqlite3_column_double (q, 3);
      r->setback_front = sqlite3_column_double (q, 4);
      r->setback_back = sqlite3_column_double (q, 5);
      r->parking = sqlite3_column_double (q, 6);
      r->min_plot = sqlite3_column_double (q, 7);
    }
  sqlite3_reset (q);
}

gint64
pk_sandbox_zone_price (PkSandboxServer       *self,
                       const PkSandboxParcel *p,
                       guint                  year)
{
  sqlite3_stmt *q = pk_sandbox_stmt (self, "SELECT price_p_rial FROM zone_prices WHERE district = ?"
                                           " AND block = ? AND year <= ? ORDER BY year DESC"
                                           " LIMIT 1");
  gint64 price = 0;

  sqlite3_bind_int (q, 1, p->district);
  sqlite3_bind_int (q, 2, p->block);
  sqlite3_bind_int (q, 3, (int) year);
  if (sqlite3_step (q) == SQLITE_ROW)
    price = sqlite3_column_int64 (q, 0);
  sqlite3_reset (q);
  return price;
}
