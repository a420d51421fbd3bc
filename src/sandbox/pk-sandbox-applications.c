/* pk-sandbox-applications.c — applications: submission, the review workflow and their state
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "pk-sandbox-city.h"
#include "pk-sandbox-json.h"
#include "pk-sandbox-server-private.h"
#include "pk-validate.h"

void
pk_sandbox_add_timeline (PkSandboxServer *self,
                         const char      *app_id,
                         const char      *status,
                         gint64           at,
                         const char      *note)
{
  sqlite3_stmt *q = pk_sandbox_stmt (self, "INSERT INTO timeline"
                                           " (application_id, seq, status, at, note_fa)"
                                           " SELECT ?1, COALESCE(MAX(seq), 0) + 1, ?2, ?3, ?4"
                                           " FROM timeline WHERE application_id = ?1");

  sqlite3_bind_text (q, 1, app_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (q, 2, status, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (q, 3, at);
  sqlite3_bind_text (q, 4, note, -1, SQLITE_TRANSIENT);
  pk_sandbox_exec_stmt (self, q);
}

static void
set_status (PkSandboxServer *self,
            const char      *app_id,
            const char      *status)
{
  sqlite3_stmt *q = pk_sandbox_stmt (self, "UPDATE applications SET status = ? WHERE id = ?");

  sqlite3_bind_text (q, 1, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 2, app_id, -1, SQLITE_TRANSIENT);
  pk_sandbox_exec_stmt (self, q);
}

/* Moves an application along by the clock: under review half-way through the review delay,
 * decided at the end, permit issued once approved and fully paid. Lazy, so it also catches up
 * after a restart. */
void
pk_sandbox_advance (PkSandboxServer *self,
                    const char      *app_id)
{
  sqlite3_stmt *q = pk_sandbox_stmt (self, "SELECT status, submitted_at, review_delay, total_rial,"
                                           " paid_rial, decision_note FROM applications"
                                           " WHERE id = ?");
  g_autofree char *status = NULL, *note = NULL;
  gint64 submitted, delay, total, paid, now = pk_sandbox_server_now (self);

  sqlite3_bind_text (q, 1, app_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (q) != SQLITE_ROW)
    {
      sqlite3_reset (q);
      return;
    }
  status = pk_sandbox_col_dup (q, 0);
  submitted = sqlite3_column_int64 (q, 1);
  delay = sqlite3_column_int64 (q, 2);
  total = sqlite3_column_int64 (q, 3);
  paid = sqlite3_column_int64 (q, 4);
  note = pk_sandbox_col_dup (q, 5);
  sqlite3_reset (q);

  if (strcmp (status, "submitted") == 0 && now >= submitted + delay / 2)
    {
      pk_sandbox_add_timeline (self, app_id, "under_review", submitted + delay / 2,
                               "پرونده در حال بررسی کارشناس شهرسازی است.");
      set_status (self, app_id, "under_review");
      g_free (status);
      status = g_strdup ("under_review");
    }
  if (strcmp (status, "under_review") == 0 && now >= submitted + delay)
    {
      if (note != NULL)
        {
          pk_sandbox_add_timeline (self, app_id, "rejected", submitted + delay, note);
          set_status (self, app_id, "rejected");
          return;
        }
      pk_sandbox_add_timeline (self, app_id, "approved", submitted + delay,
                               "درخواست تأیید شد؛ پس از پرداخت کامل عوارض، پروانه صادر می‌شود.");
      set_status (self, app_id, "approved");
      g_free (status);
      status = g_strdup ("approved");
    }
  if (strcmp (status, "approved") == 0 && paid >= total)
    pk_sandbox_issue_permit (self, app_id, now);
}

void
pk_sandbox_handle_application_submit (PkSandboxServer   *self,
                                      SoupServerMessage *msg,
                                      const char        *arg,
                                      GHashTable        *query)
{
  PkSandboxSession *s = pk_sandbox_authenticate (self, msg);
  SoupMessageHeaders *headers;
  const char *key, *service, *code;
  g_autoptr(JsonNode) root = NULL, svc = NULL;
  g_autoptr(JsonObject) errors = NULL;
  g_auto(PkSandboxParcel) parcel = { 0 };
  g_autofree char *canon = NULL, *hash = NULL, *norm = NULL, *formula = NULL, *kind = NULL;
  g_autofree char *id = NULL, *tc = NULL, *submitted = NULL, *text = NULL, *fees_text = NULL;
  g_autofree char *decision = NULL, *items_text = NULL;
  JsonObject *obj, *form = NULL;
  JsonNode *n;
  PkSandboxFeeVars vars = { 0 };
  PkSandboxRules rules;
  gint64 total = 0, paid = 0, now = pk_sandbox_server_now (self);
  gint floors = 0, units = 0;
  gdouble built = 0;
  sqlite3_stmt *q;
  gsize klen;

  if (s == NULL)
    return;
  if (pk_sandbox_is_kiosk (s))
    {
      pk_sandbox_forbid (msg);
      return;
    }
  headers = soup_server_message_get_request_headers (msg);
  key = soup_message_headers_get_one (headers, "Idempotency-Key");
  if (key == NULL)
    {
      pk_sandbox_respond_error (msg, 428, "idempotency_key_required",
                                "سرآیند Idempotency-Key لازم است.", NULL);
      return;
    }
  klen = strlen (key);
  if (klen < 16 || klen > 64 || strspn (key, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                             "0123456789-") != klen)
    {
      pk_sandbox_respond_error (msg, 400, "bad_request", "قالب Idempotency-Key نادرست است.", NULL);
      return;
    }
  if ((root = pk_sandbox_body_object (msg)) == NULL)
    return;
  canon = pk_sandbox_json_canonical (root);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, canon, -1);

  q = pk_sandbox_stmt (self, "SELECT body_sha256, status, response FROM idempotency"
                             " WHERE office_code = ? AND key = ?");
  sqlite3_bind_text (q, 1, s->office_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 2, key, -1, SQLITE_STATIC);
  if (sqlite3_step (q) == SQLITE_ROW)
    {
      if (strcmp ((const char *) sqlite3_column_text (q, 0), hash) != 0)
        pk_sandbox_respond_error (msg, 409, "conflict",
                                  "این Idempotency-Key پیش‌تر با درخواست دیگری به کار رفته است.",
                                  NULL);
      else
        {
          pk_sandbox_respond_text (msg, (guint) sqlite3_column_int (q, 1),
                                   pk_sandbox_col_dup (q, 2));
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Idempotent-Replayed", "true");
        }
      sqlite3_reset (q);
      return;
    }
  sqlite3_reset (q);

  obj = json_node_get_object (root);
  errors = json_object_new ();
  service = pk_sandbox_obj_string (obj, "service_code");
  code = pk_sandbox_obj_string (obj, "renovation_code");
  if (service == NULL)
    pk_sandbox_set_field_error (errors, "service_code", "required");
  else if (!pk_sandbox_lookup_service (self, service, &kind, &formula, &svc))
    pk_sandbox_set_field_error (errors, "service_code", "unknown");
  norm = pk_sandbox_normalize_renovation (code);
  if (code == NULL)
    pk_sandbox_set_field_error (errors, "renovation_code", "required");
  else if (norm == NULL)
    pk_sandbox_set_field_error (errors, "renovation_code", "invalid");
  else if (!pk_sandbox_load_parcel (self, norm, &parcel))
    pk_sandbox_set_field_error (errors, "renovation_code", "unknown");
  pk_sandbox_validate_applicants (json_object_get_member (obj, "applicants"), errors);
  n = json_object_get_member (obj, "fields");
  if (n != NULL && !JSON_NODE_HOLDS_OBJECT (n))
    pk_sandbox_set_field_error (errors, "fields", "invalid");
  else
    form = n ? json_node_get_object (n) : NULL;
  if (svc != NULL)
    {
      JsonObject *f = json_object_get_object_member (json_node_get_object (svc), "form");

      pk_sandbox_validate_fields (json_object_get_array_member (f, "fields"), form, "fields",
                                  errors);
    }
  n = json_object_get_member (obj, "documents");
  if (n != NULL && !JSON_NODE_HOLDS_ARRAY (n))
    pk_sandbox_set_field_error (errors, "documents", "invalid");
  else if (n != NULL)
    {
      JsonArray *docs = json_node_get_array (n);

      if (json_array_get_length (docs) > 50)
        pk_sandbox_set_field_error (errors, "documents", "out_of_range");
      for (guint i = 0; i < json_array_get_length (docs) && i < 50; i++)
        {
          JsonNode *d = json_array_get_element (docs, i);
          g_autofree char *p = g_strdup_printf ("documents[%u]", i);

          if (!JSON_NODE_HOLDS_VALUE (d) || json_node_get_value_type (d) != G_TYPE_STRING)
            {
              pk_sandbox_set_field_error (errors, p, "invalid");
              continue;
            }
          q = pk_sandbox_stmt (self, "SELECT 1 FROM documents WHERE id = ?");
          sqlite3_bind_text (q, 1, json_node_get_string (d), -1, SQLITE_TRANSIENT);
          if (sqlite3_step (q) != SQLITE_ROW)
            pk_sandbox_set_field_error (errors, p, "unknown");
          sqlite3_reset (q);
        }
    }
  n = json_object_get_member (obj, "fee_receipt");
  if (n != NULL && !JSON_NODE_HOLDS_NULL (n))
    {
      JsonObject *r = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      const char *ref = pk_sandbox_obj_string (r, "reference");

      if (r == NULL)
        pk_sandbox_set_field_error (errors, "fee_receipt", "invalid");
      else
        {
          if (ref == NULL || *ref == '\0')
            pk_sandbox_set_field_error (errors, "fee_receipt.reference", "required");
          else if (strlen (ref) > 64)
            pk_sandbox_set_field_error (errors, "fee_receipt.reference", "too_long");
          if (!pk_sandbox_obj_integer (r, "amount_rial", &paid))
            pk_sandbox_set_field_error (errors, "fee_receipt.amount_rial", "required");
          else if (paid < 0 || paid > PK_AMOUNT_MAX_RIAL)
            pk_sandbox_set_field_error (errors, "fee_receipt.amount_rial", "out_of_range");
        }
    }
  if (json_object_get_size (errors) > 0)
    {
      pk_sandbox_respond_validation (msg, g_steal_pointer (&errors));
      return;
    }

  /* What the application asks for, for the fees and the decision. */
  pk_sandbox_load_rules (self, &parcel, &rules);
  vars.land_area = parcel.area;
  vars.frontage = parcel.frontage;
  vars.area = parcel.area;
  vars.P = (gdouble) pk_sandbox_zone_price (self, &parcel, pk_sandbox_jalali_year (now));
  if (form && json_object_has_member (form, "floors"))
    {
      JsonArray *rows = json_object_get_array_member (form, "floors");

      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonObject *row = json_array_get_object_element (rows, i);
          gdouble a = 0;
          gint64 level = 0, u = 0;

          pk_sandbox_obj_number (row, "area_m2", &a);
          pk_sandbox_obj_integer (row, "level", &level);
          pk_sandbox_obj_integer (row, "units", &u);
          built += a;
          units += (gint) u;
          if (level >= 0)
            floors++;
        }
      vars.area = built;
    }
  else if (form && pk_sandbox_obj_number (form, "area_m2", &vars.area))
    built = vars.area;
  else if (form && pk_sandbox_obj_number (form, "width_m", &vars.area))
    {
      gdouble h = 0;

      pk_sandbox_obj_number (form, "height_m", &h);
      vars.area *= h;
    }
  vars.floors = floors;
  vars.units = units;
  if (!(form && pk_sandbox_obj_number (form, "length_m", &vars.length)))
    vars.length = parcel.frontage;
  if (!(form && pk_sandbox_obj_number (form, "duration_days", &vars.days)))
    vars.days = 30;
  /* The fee items go out twice, stored and answered: written once. */
  items_text = pk_sandbox_fee_items_text (self, formula, &vars, &total);
  fees_text = g_strdup_printf ("{\"items\":%s,\"total_rial\":%" G_GINT64_FORMAT "}",
                               items_text, total);

  if (strcmp (service, "NEW_BUILD") == 0)
    {
      gdouble max_built = round (parcel.area * rules.density) / 100.0;
      gdouble above = 0;
      JsonArray *rows = json_object_get_array_member (form, "floors");

      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonObject *row = json_array_get_object_element (rows, i);
          gint64 level = 0;
          gdouble a = 0;

          pk_sandbox_obj_integer (row, "level", &level);
          pk_sandbox_obj_number (row, "area_m2", &a);
          if (level >= 0)
            above += a;
        }
      if (parcel.zone[0] == 'G')
        decision = g_strdup ("احداث بنا در پهنه حفاظت و فضای سبز مجاز نیست.");
      else if (floors > rules.max_floors)
        decision = g_strdup_printf ("تعداد طبقات درخواستی (%d) بیش از حد مجاز پهنه (%d) است.",
                                    floors, rules.max_floors);
      else if (above > max_built + 0.005)
        decision = g_strdup_printf ("زیربنای درخواستی (%.2f متر مربع) بیش از تراکم مجاز"
                                    " (%.2f متر مربع) است.", above, max_built);
    }

  id = pk_sandbox_random_id ("APP-", 8);
  tc = pk_sandbox_tracking_code ();
  submitted = pk_sandbox_rfc3339 (now);
  /* Identifiers, a timestamp and numbers: nothing to escape. */
  text = g_strdup_printf ("{\"application_id\":\"%s\",\"tracking_code\":\"%s\","
                          "\"status\":\"submitted\",\"submitted_at\":\"%s\","
                          "\"fees\":{\"total_rial\":%" G_GINT64_FORMAT ","
                          "\"paid_rial\":%" G_GINT64_FORMAT ",\"items\":%s}}",
                          id, tc, submitted, total, paid, items_text);

  /* One transaction; BEGIN and COMMIT as cached statements like the rest. */
  pk_sandbox_exec_stmt (self, pk_sandbox_stmt (self, "BEGIN IMMEDIATE"));
  q = pk_sandbox_stmt (self, "INSERT INTO applications (id, tracking_code, office_code, username,"
                             " service_code, renovation_code, status, submitted_at, review_delay,"
                             " total_rial, paid_rial, floors, built_area, units, decision_note,"
                             " fees_json, request_json)"
                             " VALUES (?,?,?,?,?,?,'submitted',?,?,?,?,?,?,?,?,?,?)");
  sqlite3_bind_text (q, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 2, tc, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 3, s->office_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 4, s->username, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 5, service, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 6, norm, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (q, 7, now);
  sqlite3_bind_int64 (q, 8, self->review_delay);
  sqlite3_bind_int64 (q, 9, total);
  sqlite3_bind_int64 (q, 10, paid);
  sqlite3_bind_int (q, 11, floors);
  sqlite3_bind_double (q, 12, built);
  sqlite3_bind_int (q, 13, units);
  sqlite3_bind_text (q, 14, decision, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 15, fees_text, -1, SQLITE_STATIC);
  /* The request as hashed for the idempotency store: the same JSON, members sorted. */
  sqlite3_bind_text (q, 16, canon, -1, SQLITE_STATIC);
  pk_sandbox_exec_stmt (self, q);
  {
    JsonArray *apps = json_object_get_array_member (obj, "applicants");

    for (guint i = 0; i < json_array_get_length (apps); i++)
      {
        JsonObject *a = json_array_get_object_element (apps, i);
        g_autofree char *nid = NULL;

        pk_validate_national_id (pk_sandbox_obj_string (a, "national_id"), &nid, NULL);
        q = pk_sandbox_stmt (self, "INSERT INTO applicants VALUES (?,?,?,?,?)");
        sqlite3_bind_text (q, 1, id, -1, SQLITE_STATIC);
        sqlite3_bind_int (q, 2, (int) i);
        sqlite3_bind_text (q, 3, nid, -1, SQLITE_STATIC);
        sqlite3_bind_text (q, 4, pk_sandbox_obj_string (a, "first_name"), -1, SQLITE_STATIC);
        sqlite3_bind_text (q, 5, pk_sandbox_obj_string (a, "last_name"), -1, SQLITE_STATIC);
        pk_sandbox_exec_stmt (self, q);
      }
  }
  if (paid > 0)
    {
      g_autofree char *pid = pk_sandbox_random_id ("PAY-", 8);
      JsonObject *r = json_object_get_object_member (obj, "fee_receipt");

      q = pk_sandbox_stmt (self, "INSERT INTO payments VALUES (?,?,?,?,?,?,?)");
      sqlite3_bind_text (q, 1, pid, -1, SQLITE_STATIC);
      sqlite3_bind_text (q, 2, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (q, 3, s->office_code, -1, SQLITE_STATIC);
      sqlite3_bind_text (q, 4, s->username, -1, SQLITE_STATIC);
      sqlite3_bind_text (q, 5, pk_sandbox_obj_string (r, "reference"), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (q, 6, paid);
      sqlite3_bind_int64 (q, 7, now);
      pk_sandbox_exec_stmt (self, q);
    }
  pk_sandbox_add_timeline (self, id, "submitted", now, "درخواست ثبت شد.");
  q = pk_sandbox_stmt (self, "INSERT INTO idempotency VALUES (?,?,?,201,?,?)");
  sqlite3_bind_text (q, 1, s->office_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 2, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 3, hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 4, text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (q, 5, now);
  pk_sandbox_exec_stmt (self, q);
  pk_sandbox_advance (self, id);
  if (!pk_sandbox_exec_stmt (self, pk_sandbox_stmt (self, "COMMIT")))
    {
      pk_sandbox_db_exec (self->db, "ROLLBACK", NULL);
      pk_sandbox_respond_error (msg, 500, "internal", "خطای داخلی سرور.", NULL);
      return;
    }
  pk_sandbox_respond_text (msg, 201, g_steal_pointer (&text));
}

JsonNode *
pk_sandbox_application_json (PkSandboxServer  *self,
                             const char       *column,
                             const char       *value,
                             char            **id_out)
{
  sqlite3_stmt *q;
  g_autoptr(JsonBuilder) jb = json_builder_new ();
  g_autofree char *id = NULL;
  gboolean by_id = strcmp (column, "id") == 0;

  q = by_id ? pk_sandbox_stmt (self, "SELECT id FROM applications WHERE id = ?")
            : pk_sandbox_stmt (self, "SELECT id FROM applications WHERE tracking_code = ?");
  sqlite3_bind_text (q, 1, value, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (q) == SQLITE_ROW)
    id = pk_sandbox_col_dup (q, 0);
  sqlite3_reset (q);
  if (id == NULL)
    return NULL;

  pk_sandbox_db_exec (self->db, "BEGIN IMMEDIATE", NULL);
  pk_sandbox_advance (self, id);
  pk_sandbox_db_exec (self->db, "COMMIT", NULL);

  q = pk_sandbox_stmt (self, "SELECT id, tracking_code, service_code, renovation_code, status,"
                             " total_rial, paid_rial, permit_no, submitted_at FROM applications"
                             " WHERE id = ?");
  sqlite3_bind_text (q, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (q) != SQLITE_ROW)
    {
      sqlite3_reset (q);
      return NULL;
    }
  json_builder_begin_object (jb);
  ADD_STR (jb, "application_id", (const char *) sqlite3_column_text (q, 0));
  ADD_STR (jb, "tracking_code", (const char *) sqlite3_column_text (q, 1));
  ADD_STR (jb, "service_code", (const char *) sqlite3_column_text (q, 2));
  ADD_STR (jb, "renovation_code", (const char *) sqlite3_column_text (q, 3));
  ADD_STR (jb, "status", (const char *) sqlite3_column_text (q, 4));
  {
    g_autofree char *at = pk_sandbox_rfc3339 (sqlite3_column_int64 (q, 8));

    ADD_STR (jb, "submitted_at", at);
  }
  json_builder_set_member_name (jb, "fees");
  json_builder_begin_object (jb);
  ADD_INT (jb, "total_rial", sqlite3_column_int64 (q, 5));
  ADD_INT (jb, "paid_rial", sqlite3_column_int64 (q, 6));
  json_builder_end_object (jb);
  ADD_STR (jb, "permit_no", (const char *) sqlite3_column_text (q, 7));
  sqlite3_reset (q);
  json_builder_set_member_name (jb, "timeline");
  json_builder_begin_array (jb);
  q = pk_sandbox_stmt (self, "SELECT status, at, note_fa FROM timeline"
                             " WHERE application_id = ? ORDER BY seq");
  sqlite3_bind_text (q, 1, id, -1, SQLITE_STATIC);
  while (sqlite3_step (q) == SQLITE_ROW)
    {
      g_autofree char *at = pk_sandbox_rfc3339 (sqlite3_column_int64 (q, 1));

      json_builder_begin_object (jb);
      ADD_STR (jb, "status", (const char *) sqlite3_column_text (q, 0));
      ADD_STR (jb, "at", at);
      ADD_STR (jb, "note_fa", (const char *) sqlite3_column_text (q, 2));
      json_builder_end_object (jb);
    }
  sqlite3_reset (q);
  json_builder_end_array (jb);
  json_builder_end_object (jb);
  if (id_out)
    *id_out = g_steal_pointer (&id);
  return json_builder_get_root (jb);
}

void
pk_sandbox_handle_application_get (PkSandboxServer   *self,
                                   SoupServerMessage *msg,
                                   const char        *tc,
                                   GHashTable        *query)
{
  PkSandboxSession *s = pk_sandbox_authenticate (self, msg);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *id = NULL;

  if (s == NULL)
    return;
  if (pk_sandbox_is_kiosk (s))
    {
      const char *nid = query ? g_hash_table_lookup (query, "national_id") : NULL;
      g_autofree char *norm = NULL;
      sqlite3_stmt *q;
      gboolean match = FALSE;

      if (nid == NULL)
        {
          pk_sandbox_forbid (msg);
          return;
        }
      if (!pk_validate_national_id (nid, &norm, NULL))
        {
          JsonObject *fields = json_object_new ();

          json_object_set_string_member (fields, "national_id", "invalid");
          pk_sandbox_respond_validation (msg, fields);
          return;
        }
      /* A wrong ID answers like an unknown code: the kiosk must not confirm a code exists. */
      q = pk_sandbox_stmt (self, "SELECT 1 FROM applications a JOIN applicants p"
                                 " ON p.application_id = a.id"
                                 " WHERE a.tracking_code = ? AND p.national_id = ?");
      sqlite3_bind_text (q, 1, tc, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (q, 2, norm, -1, SQLITE_STATIC);
      match = sqlite3_step (q) == SQLITE_ROW;
      sqlite3_reset (q);
      if (!match)
        {
          pk_sandbox_respond_error (msg, 404, "not_found",
                                    "درخواستی با این مشخصات یافت نشد.", NULL);
          return;
        }
    }
  node = pk_sandbox_application_json (self, "tracking_code", tc, &id);
  if (node == NULL)
    pk_sandbox_respond_error (msg, 404, "not_found", "درخواستی با این کد رهگیری یافت نشد.", NULL);
  else
    pk_sandbox_respond_node (msg, 200, node);
}
