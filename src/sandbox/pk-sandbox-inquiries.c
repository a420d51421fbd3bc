/* pk-sandbox-inquiries.c — GET /services, GET /services/{code}, fees and POST /inquiries
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "pk-json-util.h"
#include "pk-sandbox-city.h"
#include "pk-sandbox-json.h"
#include "pk-sandbox-server-private.h"

char *
pk_sandbox_build_services_json (PkSandboxServer *self)
{
  sqlite3_stmt *q = pk_sandbox_stmt (self, "SELECT json FROM services ORDER BY ord");
  GString *out = g_string_new ("{\"rulebook_version\":\"" PK_SANDBOX_RULEBOOK_VERSION
                               "\",\"items\":[");
  gboolean first = TRUE;

  while (sqlite3_step (q) == SQLITE_ROW)
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      g_string_append (out, (const char *) sqlite3_column_text (q, 0));
    }
  sqlite3_reset (q);
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

void
pk_sandbox_handle_services (PkSandboxServer   *self,
                            SoupServerMessage *msg,
                            const char        *code,
                            GHashTable        *query)
{
  sqlite3_stmt *q;

  if (pk_sandbox_authenticate (self, msg) == NULL)
    return;
  if (code == NULL)
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        self->services_json, strlen (self->services_json));
      return;
    }
  q = pk_sandbox_stmt (self, "SELECT json FROM services WHERE code = ?");
  sqlite3_bind_text (q, 1, code, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (q) != SQLITE_ROW)
    pk_sandbox_respond_error (msg, 404, "not_found", "خدمت یافت نشد.", NULL);
  else
    pk_sandbox_respond_text (msg, 200, pk_sandbox_col_dup (q, 0));
  sqlite3_reset (q);
}

/* The fee items of @formula for @vars as a JSON array, written out directly: the text the
 * JSON builder and pk_sandbox_json_to_string() gave, at a fraction of the cost (a
 * submission stores and answers it). */
char *
pk_sandbox_fee_items_text (PkSandboxServer  *self,
                           const char       *formula,
                           PkSandboxFeeVars *vars,
                           gint64           *total_out)
{
  sqlite3_stmt *q = pk_sandbox_stmt (self, "SELECT code, title_fa, title_en, expression, display,"
                                           " coefficient FROM fee_items"
                                           " WHERE formula = ? ORDER BY ord");
  GString *out = g_string_new ("[");
  gint64 total = 0;

  sqlite3_bind_text (q, 1, formula, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (q) == SQLITE_ROW)
    {
      gint64 amount = 0;
      g_autoptr(GError) error = NULL;

      vars->k = sqlite3_column_double (q, 5);
      if (!pk_sandbox_fee_eval ((const char *) sqlite3_column_text (q, 3), vars, &amount, &error))
        g_warning ("%s", error->message);
      total += amount;
      if (out->len > 1)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"code\":");
      pk_json_append_string (out, (const char *) sqlite3_column_text (q, 0));
      g_string_append (out, ",\"title_fa\":");
      pk_json_append_string (out, (const char *) sqlite3_column_text (q, 1));
      g_string_append (out, ",\"title_en\":");
      pk_json_append_string (out, (const char *) sqlite3_column_text (q, 2));
      g_string_append (out, ",\"formula\":");
      pk_json_append_string (out, (const char *) sqlite3_column_text (q, 4));
      g_string_append (out, ",\"inputs\":{\"area_m2\":");
      pk_sandbox_json_append_double (out, round (vars->area * 100) / 100);
      g_string_append_printf (out, ",\"price_p_rial\":%" G_GINT64_FORMAT ",\"coefficient\":",
                              (gint64) vars->P);
      pk_sandbox_json_append_double (out, vars->k);
      g_string_append (out, ",\"land_area_m2\":");
      pk_sandbox_json_append_double (out, vars->land_area);
      g_string_append (out, ",\"length_m\":");
      pk_sandbox_json_append_double (out, vars->length);
      g_string_append_printf (out, ",\"days\":%" G_GINT64_FORMAT "},\"amount_rial\":%"
                              G_GINT64_FORMAT "}", (gint64) vars->days, amount);
    }
  sqlite3_reset (q);
  g_string_append_c (out, ']');
  *total_out = total;
  return g_string_free (out, FALSE);
}

/* Builds {"items": […], "total_rial": N} for @formula. */
static JsonNode *
compute_fees (PkSandboxServer  *self,
              const char       *formula,
              PkSandboxFeeVars *vars,
              gint64           *total_out)
{
  g_autofree char *items = pk_sandbox_fee_items_text (self, formula, vars, total_out);
  g_autoptr(JsonBuilder) jb = json_builder_new ();

  json_builder_begin_object (jb);
  ADD_NODE (jb, "items", pk_sandbox_parse_json (items, strlen (items)));
  ADD_INT (jb, "total_rial", *total_out);
  json_builder_end_object (jb);
  return json_builder_get_root (jb);
}

gboolean
pk_sandbox_lookup_service (PkSandboxServer  *self,
                           const char       *code,
                           char            **kind,
                           char            **formula,
                           JsonNode        **json)
{
  sqlite3_stmt *q = pk_sandbox_stmt (self, "SELECT kind, fee_formula, json FROM services"
                                           " WHERE code = ?");
  gboolean found;

  sqlite3_bind_text (q, 1, code, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (q) == SQLITE_ROW;
  if (found)
    {
      if (kind)
        *kind = pk_sandbox_col_dup (q, 0);
      if (formula)
        *formula = pk_sandbox_col_dup (q, 1);
      if (json)
        {
          /* Parsing the schema was a quarter of every submission; it is read-only, so one
           * sealed copy serves every request. */
          JsonNode *cached = g_hash_table_lookup (self->service_schemas, code);

          if (cached == NULL)
            {
              cached = pk_sandbox_parse_stored ((const char *) sqlite3_column_text (q, 2));
              json_node_seal (cached);
              g_hash_table_insert (self->service_schemas, g_strdup (code), cached);
            }
          *json = json_node_ref (cached);
        }
    }
  sqlite3_reset (q);
  return found;
}

void
pk_sandbox_handle_inquiry (PkSandboxServer   *self,
                           SoupServerMessage *msg,
                           const char        *arg,
                           GHashTable        *query)
{
  PkSandboxSession *s = pk_sandbox_authenticate (self, msg);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonBuilder) jb = NULL;
  g_autoptr(JsonNode) fees = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_auto(PkSandboxParcel) parcel = { 0 };
  g_autofree char *norm = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *formula = NULL;
  g_autofree char *id = NULL;
  g_autofree char *tc = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *valid = NULL;
  g_autofree char *text = NULL;
  JsonObject *obj, *fields = NULL;
  const char *code, *service;
  PkSandboxFeeVars vars = { 0 };
  PkSandboxRules rules;
  gint64 total = 0, now = pk_sandbox_server_now (self);
  sqlite3_stmt *q;

  if (s == NULL || (root = pk_sandbox_body_object (msg)) == NULL)
    return;
  obj = json_node_get_object (root);
  code = pk_sandbox_obj_string (obj, "renovation_code");
  service = pk_sandbox_obj_string (obj, "service_code");
  norm = pk_sandbox_normalize_renovation (code);
  if (norm == NULL)
    {
      fields = json_object_new ();
      json_object_set_string_member (fields, "renovation_code", code ? "invalid" : "required");
    }
  if (service == NULL || !pk_sandbox_lookup_service (self, service, &kind, &formula, NULL))
    {
      if (fields == NULL)
        fields = json_object_new ();
      json_object_set_string_member (fields, "service_code", service ? "unknown" : "required");
    }
  if (fields != NULL)
    {
      pk_sandbox_respond_validation (msg, fields);
      return;
    }
  if (!pk_sandbox_load_parcel (self, norm, &parcel))
    {
      pk_sandbox_respond_error (msg, 404, "not_found", "پلاکی با این کد نوسازی یافت نشد.", NULL);
      return;
    }
  pk_sandbox_load_rules (self, &parcel, &rules);
  vars.land_area = parcel.area;
  vars.frontage = parcel.frontage;
  vars.length = parcel.frontage;
  vars.days = 30;
  vars.P = (gdouble) pk_sandbox_zone_price (self, &parcel, pk_sandbox_jalali_year (now));
  if (strcmp (kind, "permit") == 0)
    {
      /* A permit's fees are estimated for the most the rules allow. */
      vars.area = round (parcel.area * rules.density) / 100.0;
      vars.floors = rules.max_floors;
      vars.units = rules.max_floors;
    }
  else
    vars.area = parcel.area;
  fees = compute_fees (self, formula, &vars, &total);

  id = pk_sandbox_random_id ("INQ-", 8);
  tc = pk_sandbox_tracking_code ();
  issued = pk_sandbox_rfc3339 (now);
  valid = pk_sandbox_rfc3339 (now + INQUIRY_VALID_DAYS * 86400);
  jb = json_builder_new ();
  json_builder_begin_object (jb);
  ADD_STR (jb, "inquiry_id", id);
  ADD_STR (jb, "tracking_code", tc);
  ADD_STR (jb, "renovation_code", norm);
  ADD_STR (jb, "service_code", service);
  ADD_STR (jb, "rulebook_version", PK_SANDBOX_RULEBOOK_VERSION);
  ADD_STR (jb, "issued_at", issued);
  ADD_STR (jb, "valid_until", valid);
  json_builder_set_member_name (jb, "rules");
  json_builder_begin_object (jb);
  ADD_STR (jb, "zone", parcel.zone);
  ADD_STR (jb, "land_use", parcel.land_use);
  ADD_DBL (jb, "density_percent", rules.density);
  ADD_DBL (jb, "occupancy_percent", rules.occupancy);
  ADD_INT (jb, "max_floors", rules.max_floors);
  ADD_DBL (jb, "max_height_m", rules.height);
  ADD_DBL (jb, "setback_front_m", rules.setback_front);
  ADD_DBL (jb, "setback_back_m", rules.setback_back);
  ADD_DBL (jb, "parking_per_unit", rules.parking);
  ADD_DBL (jb, "min_plot_area_m2", rules.min_plot);
  ADD_DBL (jb, "max_built_area_m2", round (parcel.area * rules.density) / 100.0);
  json_builder_end_object (jb);
  ADD_NODE (jb, "fees", json_node_copy (fees));
  json_builder_set_member_name (jb, "fees_are_estimate");
  json_builder_add_boolean_value (jb, strcmp (kind, "permit") == 0);
  json_builder_end_object (jb);
  answer = json_builder_get_root (jb);
  text = pk_sandbox_json_to_string (answer);

  q = pk_sandbox_stmt (self, "INSERT INTO inquiries VALUES (?,?,?,?,?,?,?,?,?)");
  sqlite3_bind_text (q, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 2, tc, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 3, s->office_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 4, s->username, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 5, norm, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 6, service, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (q, 7, now);
  sqlite3_bind_int64 (q, 8, total);
  sqlite3_bind_text (q, 9, text, -1, SQLITE_STATIC);
  if (!pk_sandbox_exec_stmt (self, q))
    {
      pk_sandbox_respond_error (msg, 500, "internal", "خطای داخلی سرور.", NULL);
      return;
    }
  pk_sandbox_respond_text (msg, 201, g_steal_pointer (&text));
}
