/* pk-sandbox-catalogue.c — the services catalogue, form schemas and fee formulas (as data)
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The 28 urban-planning services Urmia put online (inquiries, permits, certificates), plus the
 * floor-addition permit and violation inquiry announced as next. The catalogue itself is data:
 * pk-sandbox-catalogue.json, compiled in as a GResource, holds each service as GET
 * /services/{code} answers it ("services", in catalogue order), the fee items of every formula
 * ("fee_items") and hand-computed sample cases the tests recompute ("fee_samples"). This file
 * evaluates the formulas and copies the catalogue into the database.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "pk-sandbox-catalogue.h"
#include "pk-sandbox-city.h"
#include "pk-sandbox-json.h"
#include "pk-sandbox-resources.h"

#define CATALOGUE_RESOURCE "/ir/pishkhan/Sandbox/pk-sandbox-catalogue.json"

/* ---- expression evaluator: + - * / ( ), numbers, variables, min(a,b), max(a,b) ---- */

typedef struct
{
  const char *p;
  const PkSandboxFeeVars *vars;
  gboolean ok;
} Parser;

static gdouble parse_sum (Parser *ps);

static void
skip_space (Parser *ps)
{
  while (*ps->p == ' ')
    ps->p++;
}

static gdouble
parse_atom (Parser *ps)
{
  skip_space (ps);
  if (*ps->p == '(')
    {
      gdouble v;

      ps->p++;
      v = parse_sum (ps);
      skip_space (ps);
      if (*ps->p != ')')
        ps->ok = FALSE;
      else
        ps->p++;
      return v;
    }
  if (*ps->p == '-')
    {
      ps->p++;
      return -parse_atom (ps);
    }
  if (g_ascii_isdigit (*ps->p) || *ps->p == '.')
    {
      char *end = NULL;
      gdouble v = g_ascii_strtod (ps->p, &end);

      if (end == ps->p)
        ps->ok = FALSE;
      ps->p = end;
      return v;
    }
  if (g_ascii_isalpha (*ps->p) || *ps->p == '_')
    {
      const char *start = ps->p;
      gsize len;

      while (g_ascii_isalnum (*ps->p) || *ps->p == '_')
        ps->p++;
      len = (gsize) (ps->p - start);
#define IS(name) (len == strlen (name) && strncmp (start, name, len) == 0)
      if (IS ("min") || IS ("max"))
        {
          gboolean is_max = IS ("max");
          gdouble a, b;

          skip_space (ps);
          if (*ps->p != '(')
            return ps->ok = FALSE, 0;
          ps->p++;
          a = parse_sum (ps);
          skip_space (ps);
          if (*ps->p != ',')
            return ps->ok = FALSE, 0;
          ps->p++;
          b = parse_sum (ps);
          skip_space (ps);
          if (*ps->p != ')')
            return ps->ok = FALSE, 0;
          ps->p++;
          return is_max ? MAX (a, b) : MIN (a, b);
        }
      if (IS ("area")) return ps->vars->area;
      if (IS ("land_area")) return ps->vars->land_area;
      if (IS ("frontage")) return ps->vars->frontage;
      if (IS ("P")) return ps->vars->P;
      if (IS ("k")) return ps->vars->k;
      if (IS ("floors")) return ps->vars->floors;
      if (IS ("units")) return ps->vars->units;
      if (IS ("length")) return ps->vars->length;
      if (IS ("days")) return ps->vars->days;
#undef IS
    }
  ps->ok = FALSE;
  return 0;
}

static gdouble
parse_product (Parser *ps)
{
  gdouble v = parse_atom (ps);

  for (;;)
    {
      skip_space (ps);
      if (*ps->p == '*')
        ps->p++, v *= parse_atom (ps);
      else if (*ps->p == '/')
        {
          gdouble d;

          ps->p++;
          d = parse_atom (ps);
          if (d == 0)
            ps->ok = FALSE;
          else
            v /= d;
        }
      else
        return v;
    }
}

static gdouble
parse_sum (Parser *ps)
{
  gdouble v = parse_product (ps);

  for (;;)
    {
      skip_space (ps);
      if (*ps->p == '+')
        ps->p++, v += parse_product (ps);
      else if (*ps->p == '-')
        ps->p++, v -= parse_product (ps);
      else
        return v;
    }
}

/**
 * pk_sandbox_fee_eval:
 *
 * Evaluates a stored fee expression; the amount is rounded half up to a whole Rial.
 */
gboolean
pk_sandbox_fee_eval (const char              *expression,
                     const PkSandboxFeeVars  *vars,
                     gint64                  *amount_rial,
                     GError                 **error)
{
  Parser ps = { expression, vars, TRUE };
  gdouble v;

  g_return_val_if_fail (expression != NULL, FALSE);
  g_return_val_if_fail (vars != NULL, FALSE);

  v = parse_sum (&ps);
  skip_space (&ps);
  if (!ps.ok || *ps.p != '\0' || !isfinite (v) || v < 0 || v > 1e15)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "bad fee expression “%s”",
                   expression);
      return FALSE;
    }
  /* Products like 120.5 × 24e6 × 0.15 land a hair off the integer in binary. */
  *amount_rial = (gint64) floor (v + 0.5 + 1e-6);
  return TRUE;
}


/* The catalogue is compiled in, so a fault in it is the build's: each check names the entry
 * and member, for whoever edits the JSON. */
static gboolean
bad_member (const char  *list,
            guint        index,
            const char  *name,
            GError     **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "catalogue: %s[%u].%s missing or wrong",
               list, index, name);
  return FALSE;
}

static gboolean
get_string (JsonObject  *obj,
            const char  *list,
            guint        index,
            const char  *name,
            const char **out,
            GError     **error)
{
  JsonNode *n = json_object_get_member (obj, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return bad_member (list, index, name, error);
  *out = json_node_get_string (n);
  return TRUE;
}

/* An integer or a decimal, as a double: JSON does not tell 1200000 from 1200000.0. */
static gboolean
get_number (JsonObject  *obj,
            const char  *list,
            guint        index,
            const char  *name,
            gdouble     *out,
            GError     **error)
{
  JsonNode *n = json_object_get_member (obj, name);
  GType t = n && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_value_type (n) : G_TYPE_INVALID;

  if (t == G_TYPE_INT64)
    *out = (gdouble) json_node_get_int (n);
  else if (t == G_TYPE_DOUBLE)
    *out = json_node_get_double (n);
  else
    return bad_member (list, index, name, error);
  return TRUE;
}

/* The array @name of the catalogue, each element an object. */
static JsonArray *
get_list (JsonObject  *root,
          const char  *name,
          GError     **error)
{
  JsonNode *n = json_object_get_member (root, name);
  JsonArray *list;

  if (n == NULL || !JSON_NODE_HOLDS_ARRAY (n))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "catalogue: no %s list", name);
      return NULL;
    }
  list = json_node_get_array (n);
  for (guint i = 0; i < json_array_get_length (list); i++)
    if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (list, i)))
      {
        bad_member (name, i, "", error);
        return NULL;
      }
  return list;
}

static JsonNode *
load_catalogue (GError **error)
{
  g_autoptr(GBytes) bytes = g_resource_lookup_data (pk_sandbox_get_resource (),
                                                    CATALOGUE_RESOURCE,
                                                    G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize len;
  const char *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  if (!json_parser_load_from_data (parser, data, (gssize) len, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "catalogue: not a JSON object");
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

/* A service's form fields and documents are what clients read; the installer only needs them
 * to be there, the API tests check their contents. */
static gboolean
insert_services (sqlite3       *db,
                 sqlite3_stmt  *svc,
                 JsonArray     *services,
                 GError       **error)
{
  for (guint i = 0; i < json_array_get_length (services); i++)
    {
      JsonNode *node = json_array_get_element (services, i);
      JsonObject *s = json_node_get_object (node);
      JsonObject *form;
      const char *code, *kind, *formula, *text;
      g_autofree char *json = NULL;

      if (!get_string (s, "services", i, "code", &code, error) ||
          !get_string (s, "services", i, "kind", &kind, error) ||
          !get_string (s, "services", i, "title_fa", &text, error) ||
          !get_string (s, "services", i, "title_en", &text, error) ||
          !get_string (s, "services", i, "description_fa", &text, error) ||
          !get_string (s, "services", i, "fee_formula", &formula, error))
        return FALSE;
      form = json_object_get_object_member (s, "form");
      if (form == NULL || json_object_get_array_member (form, "fields") == NULL)
        return bad_member ("services", i, "form.fields", error);
      if (json_object_get_array_member (s, "documents") == NULL)
        return bad_member ("services", i, "documents", error);

      /* Stored as GET /services/{code} answers it, members in the file's order. */
      json = pk_sandbox_json_to_string (node);
      sqlite3_bind_text (svc, 1, code, -1, SQLITE_STATIC);
      sqlite3_bind_int (svc, 2, (int) i);
      sqlite3_bind_text (svc, 3, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (svc, 4, formula, -1, SQLITE_STATIC);
      sqlite3_bind_text (svc, 5, json, -1, SQLITE_STATIC);
      if (!pk_sandbox_db_step_reset (db, svc, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_fee_items (sqlite3       *db,
                  sqlite3_stmt  *item,
                  JsonArray     *items,
                  GError       **error)
{
  static const char *texts[] = { "formula", "code", "title_fa", "title_en", "expression",
                                 "display" };

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *f = json_array_get_object_element (items, i);
      const char *value;
      gdouble coefficient;

      /* Columns: formula, ord, code, title_fa, title_en, expression, display, coefficient. */
      for (guint k = 0; k < G_N_ELEMENTS (texts); k++)
        {
          if (!get_string (f, "fee_items", i, texts[k], &value, error))
            return FALSE;
          sqlite3_bind_text (item, k == 0 ? 1 : (int) k + 2, value, -1, SQLITE_STATIC);
        }
      if (!get_number (f, "fee_items", i, "coefficient", &coefficient, error))
        return FALSE;
      sqlite3_bind_int (item, 2, (int) i);
      sqlite3_bind_double (item, 8, coefficient);
      if (!pk_sandbox_db_step_reset (db, item, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_fee_samples (sqlite3       *db,
                    sqlite3_stmt  *sample,
                    JsonArray     *samples,
                    GError       **error)
{
  static const char *numbers[] = { "area", "land_area", "frontage", "P", "floors", "units",
                                   "length", "days" };

  for (guint i = 0; i < json_array_get_length (samples); i++)
    {
      JsonObject *f = json_array_get_object_element (samples, i);
      const char *formula, *item;
      gdouble v, expected;

      if (!get_string (f, "fee_samples", i, "formula", &formula, error) ||
          !get_string (f, "fee_samples", i, "item", &item, error))
        return FALSE;
      sqlite3_bind_text (sample, 1, formula, -1, SQLITE_STATIC);
      sqlite3_bind_text (sample, 2, item, -1, SQLITE_STATIC);
      for (guint k = 0; k < G_N_ELEMENTS (numbers); k++)
        {
          if (!get_number (f, "fee_samples", i, numbers[k], &v, error))
            return FALSE;
          sqlite3_bind_double (sample, (int) k + 3, v);
        }
      if (!get_number (f, "fee_samples", i, "expected_rial", &expected, error))
        return FALSE;
      sqlite3_bind_int64 (sample, 11, (sqlite3_int64) expected);
      if (!pk_sandbox_db_step_reset (db, sample, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * pk_sandbox_catalogue_install:
 *
 * Writes services, fee items and fee samples, replacing what was there (the catalogue follows
 * the code; the city follows the seed).
 */
gboolean
pk_sandbox_catalogue_install (sqlite3  *db,
                              GError  **error)
{
  g_autoptr(JsonNode) catalogue = load_catalogue (error);
  JsonObject *root;
  JsonArray *services, *items, *samples;
  sqlite3_stmt *svc = NULL, *item = NULL, *sample = NULL;
  gboolean ok = FALSE;

  if (catalogue == NULL)
    return FALSE;
  root = json_node_get_object (catalogue);
  if ((services = get_list (root, "services", error)) == NULL ||
      (items = get_list (root, "fee_items", error)) == NULL ||
      (samples = get_list (root, "fee_samples", error)) == NULL)
    return FALSE;
  if (!pk_sandbox_db_exec (db, "BEGIN IMMEDIATE; DELETE FROM services; DELETE FROM fee_items;"
                               " DELETE FROM fee_samples;", error))
    return FALSE;
  svc = pk_sandbox_db_prepare (db, "INSERT INTO services VALUES (?,?,?,?,?)", error);
  item = svc ? pk_sandbox_db_prepare (db, "INSERT INTO fee_items VALUES (?,?,?,?,?,?,?,?)",
                                      error)
             : NULL;
  sample = item ? pk_sandbox_db_prepare (db,
                                         "INSERT INTO fee_samples VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                                         error)
                : NULL;
  ok = sample != NULL &&
       insert_services (db, svc, services, error) &&
       insert_fee_items (db, item, items, error) &&
       insert_fee_samples (db, sample, samples, error) &&
       pk_sandbox_db_exec (db, "COMMIT", error);

  sqlite3_finalize (svc);
  sqlite3_finalize (item);
  sqlite3_finalize (sample);
  if (!ok)
    pk_sandbox_db_exec (db, "ROLLBACK", NULL);
  return ok;
}
