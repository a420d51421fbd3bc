/* pk-sandbox-validate.c — application forms and applicants checked against the catalogue
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "pk-format.h"
#include "pk-sandbox-server-private.h"
#include "pk-text.h"
#include "pk-validate.h"

/* The field error for a national ID pk_validate_national_id() refused. */
static const char *
national_id_error (const GError *error)
{
  return g_error_matches (error, PK_VALIDATION_ERROR, PK_VALIDATION_ERROR_CHECKSUM)
         ? "checksum" : "invalid";
}

void
pk_sandbox_set_field_error (JsonObject *errors,
                            const char *path,
                            const char *code)
{
  if (!json_object_has_member (errors, path))
    json_object_set_string_member (errors, path, code);
}

/* A Jalali yyyy/MM/dd in Latin digits that exists in the calendar (ICU, as the core parses
 * what an operator types): 1404/12/30 does not, 1403 being the leap year. */
static gboolean
valid_jalali_date (const char *s)
{
  g_autoptr(GDateTime) parsed = NULL;
  guint y;

  if (strlen (s) != 10 || s[4] != '/' || s[7] != '/')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (s[i]))
      return FALSE;
  y = (guint) g_ascii_strtoull (s, NULL, 10);
  if (y < 1300 || y > 1499)
    return FALSE;
  parsed = pk_parse_date (s, NULL);
  return parsed != NULL;
}

/* Field patterns come from the catalogue, a handful in all: each is compiled once rather
 * than on every submission. */
static gboolean
pattern_matches (const char *pattern,
                 const char *s)
{
  static GMutex lock;
  static GHashTable *compiled;
  g_autoptr(GRegex) re = NULL;

  g_mutex_lock (&lock);
  if (compiled == NULL)
    compiled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) g_regex_unref);
  re = g_hash_table_lookup (compiled, pattern);
  if (re == NULL)
    {
      g_autoptr(GError) error = NULL;

      re = g_regex_new (pattern, 0, 0, &error);
      if (re == NULL)
        {
          g_warning ("catalogue pattern %s: %s", pattern, error->message);
          g_mutex_unlock (&lock);
          return FALSE;
        }
      g_hash_table_insert (compiled, g_strdup (pattern), g_regex_ref (re));
    }
  else
    g_regex_ref (re);
  g_mutex_unlock (&lock);
  return g_regex_match (re, s, 0, NULL);
}

static void
validate_value (JsonObject *f,
                JsonNode   *v,
                const char *path,
                JsonObject *errors)
{
  const char *type = json_object_get_string_member_with_default (f, "type", "text");
  gdouble num, min, max;
  gint64 inum;

  if (strcmp (type, "group") == 0)
    {
      JsonArray *rows;
      gint64 min_items = json_object_get_int_member_with_default (f, "min_items", 0);
      gint64 max_items = json_object_get_int_member_with_default (f, "max_items", PAGE_MAX);
      JsonArray *sub = json_object_get_array_member (f, "fields");

      if (!JSON_NODE_HOLDS_ARRAY (v))
        return pk_sandbox_set_field_error (errors, path, "invalid");
      rows = json_node_get_array (v);
      if (json_array_get_length (rows) < (guint) min_items ||
          json_array_get_length (rows) > (guint) max_items)
        return pk_sandbox_set_field_error (errors, path, "out_of_range");
      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonNode *row = json_array_get_element (rows, i);
          g_autofree char *rp = g_strdup_printf ("%s[%u]", path, i);

          if (!JSON_NODE_HOLDS_OBJECT (row))
            pk_sandbox_set_field_error (errors, rp, "invalid");
          else
            pk_sandbox_validate_fields (sub, json_node_get_object (row), rp, errors);
        }
      return;
    }

  if (strcmp (type, "boolean") == 0)
    {
      if (!JSON_NODE_HOLDS_VALUE (v) || json_node_get_value_type (v) != G_TYPE_BOOLEAN)
        pk_sandbox_set_field_error (errors, path, "invalid");
      else if (json_object_get_boolean_member_with_default (f, "required", FALSE) &&
               strcmp (json_object_get_string_member (f, "name"), "accept_terms") == 0 &&
               !json_node_get_boolean (v))
        pk_sandbox_set_field_error (errors, path, "required");
      return;
    }

  if (strcmp (type, "integer") == 0 || strcmp (type, "decimal") == 0)
    {
      JsonObject *holder = json_object_new ();
      gboolean ok;

      json_object_set_member (holder, "v", json_node_ref (v));
      if (strcmp (type, "integer") == 0)
        {
          ok = pk_sandbox_obj_integer (holder, "v", &inum);
          num = (gdouble) inum;
        }
      else
        ok = pk_sandbox_obj_number (holder, "v", &num);
      json_object_unref (holder);
      if (!ok)
        return pk_sandbox_set_field_error (errors, path, "invalid");
      if (strcmp (type, "decimal") == 0 && fabs (num * 100 - round (num * 100)) > 1e-6)
        return pk_sandbox_set_field_error (errors, path, "invalid");
      if ((pk_sandbox_obj_number (f, "min", &min) && num < min) ||
          (pk_sandbox_obj_number (f, "max", &max) && num > max))
        pk_sandbox_set_field_error (errors, path, "out_of_range");
      return;
    }

  /* The rest are strings. */
  if (!JSON_NODE_HOLDS_VALUE (v) || json_node_get_value_type (v) != G_TYPE_STRING)
    return pk_sandbox_set_field_error (errors, path, "invalid");
  {
    const char *s = json_node_get_string (v);
    g_autoptr(GError) error = NULL;

    if (*s == '\0' && json_object_get_boolean_member_with_default (f, "required", FALSE))
      return pk_sandbox_set_field_error (errors, path, "required");
    if (strcmp (type, "text") == 0)
      {
        gint64 max_len = json_object_get_int_member_with_default (f, "max_length", 200);
        const char *pattern = json_object_get_string_member_with_default (f, "pattern", NULL);

        if (!g_utf8_validate (s, -1, NULL) || pk_text_has_bidi_controls (s))
          pk_sandbox_set_field_error (errors, path, "invalid");
        else if (g_utf8_strlen (s, -1) > max_len)
          pk_sandbox_set_field_error (errors, path, "too_long");
        else if (pattern != NULL && *s != '\0' && !pattern_matches (pattern, s))
          pk_sandbox_set_field_error (errors, path, "invalid");
      }
    else if (strcmp (type, "choice") == 0)
      {
        JsonArray *choices = json_object_get_array_member (f, "choices");
        gboolean found = FALSE;

        for (guint i = 0; choices && i < json_array_get_length (choices); i++)
          if (g_strcmp0 (json_object_get_string_member (
                           json_array_get_object_element (choices, i), "value"), s) == 0)
            found = TRUE;
        if (!found)
          pk_sandbox_set_field_error (errors, path, "not_allowed");
      }
    else if (strcmp (type, "date") == 0)
      {
        if (!valid_jalali_date (s))
          pk_sandbox_set_field_error (errors, path, "invalid");
      }
    else if (strcmp (type, "national_id") == 0)
      {
        if (!pk_validate_national_id (s, NULL, &error))
          pk_sandbox_set_field_error (errors, path, national_id_error (error));
      }
    else if (strcmp (type, "mobile") == 0)
      {
        if (!pk_validate_mobile (s, NULL, NULL))
          pk_sandbox_set_field_error (errors, path, "invalid");
      }
    else if (strcmp (type, "postal_code") == 0)
      {
        if (!pk_validate_postal_code (s, NULL, NULL))
          pk_sandbox_set_field_error (errors, path, "invalid");
      }
  }
}

void
pk_sandbox_validate_fields (JsonArray  *schema,
                            JsonObject *values,
                            const char *prefix,
                            JsonObject *errors)
{
  for (guint i = 0; schema && i < json_array_get_length (schema); i++)
    {
      JsonObject *f = json_array_get_object_element (schema, i);
      const char *name = json_object_get_string_member (f, "name");
      g_autofree char *path = g_strdup_printf ("%s.%s", prefix, name);
      JsonNode *v = values ? json_object_get_member (values, name) : NULL;

      if (v == NULL || JSON_NODE_HOLDS_NULL (v))
        {
          if (json_object_get_boolean_member_with_default (f, "required", FALSE))
            pk_sandbox_set_field_error (errors, path, "required");
          continue;
        }
      validate_value (f, v, path, errors);
    }
}

void
pk_sandbox_validate_applicants (JsonNode   *node,
                                JsonObject *errors)
{
  JsonArray *arr;
  gdouble share_sum = 0;
  gboolean shares_ok = TRUE;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (json_node_get_array (node)) == 0)
    return pk_sandbox_set_field_error (errors, "applicants", node ? "invalid" : "required");
  arr = json_node_get_array (node);
  if (json_array_get_length (arr) > 10)
    return pk_sandbox_set_field_error (errors, "applicants", "out_of_range");
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *el = json_array_get_element (arr, i);
      JsonObject *a;
      static const char *names[] = { "first_name", "last_name" };
      const char *nid, *mobile;
      gdouble share;
      g_autoptr(GError) error = NULL;
      g_autofree char *p_nid = g_strdup_printf ("applicants[%u].national_id", i);
      g_autofree char *p_mob = g_strdup_printf ("applicants[%u].mobile", i);
      g_autofree char *p_share = g_strdup_printf ("applicants[%u].share_percent", i);

      if (!JSON_NODE_HOLDS_OBJECT (el))
        {
          g_autofree char *p = g_strdup_printf ("applicants[%u]", i);

          pk_sandbox_set_field_error (errors, p, "invalid");
          continue;
        }
      a = json_node_get_object (el);
      for (guint k = 0; k < G_N_ELEMENTS (names); k++)
        {
          const char *v = pk_sandbox_obj_string (a, names[k]);
          g_autofree char *p = g_strdup_printf ("applicants[%u].%s", i, names[k]);
          g_autoptr(GError) nerr = NULL;

          if (v == NULL || *v == '\0')
            pk_sandbox_set_field_error (errors, p, "required");
          else if (!pk_validate_person_name (v, 50, NULL, &nerr))
            pk_sandbox_set_field_error (errors, p,
                                        g_error_matches (nerr, PK_VALIDATION_ERROR,
                                                         PK_VALIDATION_ERROR_TOO_LONG)
                                        ? "too_long" : "invalid");
        }
      nid = pk_sandbox_obj_string (a, "national_id");
      if (nid == NULL)
        pk_sandbox_set_field_error (errors, p_nid, "required");
      else if (!pk_validate_national_id (nid, NULL, &error))
        pk_sandbox_set_field_error (errors, p_nid, national_id_error (error));
      mobile = pk_sandbox_obj_string (a, "mobile");
      if (mobile == NULL)
        pk_sandbox_set_field_error (errors, p_mob, "required");
      else if (!pk_validate_mobile (mobile, NULL, NULL))
        pk_sandbox_set_field_error (errors, p_mob, "invalid");
      if (!pk_sandbox_obj_number (a, "share_percent", &share))
        pk_sandbox_set_field_error (errors, p_share, "required"), shares_ok = FALSE;
      else if (share <= 0 || share > 100)
        pk_sandbox_set_field_error (errors, p_share, "out_of_range"), shares_ok = FALSE;
      else
        share_sum += share;
    }
  if (shares_ok && fabs (share_sum - 100) > 0.01)
    pk_sandbox_set_field_error (errors, "applicants", "out_of_range");
}
