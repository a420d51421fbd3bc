/* pk-sandbox-permits.c — permit issue, GET /permits/{permit_no}, POST /verify and GET /keys
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pk-permit-code.h"
#include "pk-sandbox-city.h"
#include "pk-sandbox-json.h"
#include "pk-sandbox-server-private.h"
#include "pk-validate.h"

static gint64
next_counter (PkSandboxServer *self,
              const char      *name)
{
  sqlite3_stmt *q = pk_sandbox_stmt (self, "INSERT INTO counters VALUES (?1, 1) ON CONFLICT (name)"
                                           " DO UPDATE SET value = value + 1 RETURNING value");
  gint64 v = 0;

  sqlite3_bind_text (q, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (q) == SQLITE_ROW)
    v = sqlite3_column_int64 (q, 0);
  sqlite3_reset (q);
  return v;
}

void
pk_sandbox_issue_permit (PkSandboxServer *self,
                         const char      *app_id,
                         gint64           at)
{
  sqlite3_stmt *q = pk_sandbox_stmt (self, "SELECT tracking_code, service_code, renovation_code,"
                                           " floors, built_area, units, total_rial, paid_rial,"
                                           " fees_json, request_json FROM applications"
                                           " WHERE id = ?");
  g_autofree char *tc = NULL, *service = NULL, *reno = NULL, *fees_json = NULL, *req = NULL;
  g_autofree char *permit_no = NULL, *counter = NULL, *issued = NULL, *payload = NULL;
  g_autofree char *url = NULL, *sig_b64 = NULL, *text = NULL, *expires_at = NULL;
  g_autofree char *owner_nid = NULL, *title = NULL;
  g_autoptr(PkPermitCode) code = pk_permit_code_new ();
  g_autoptr(JsonBuilder) jb = json_builder_new ();
  g_autoptr(JsonNode) fees = NULL, request = NULL, root = NULL, svc = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(PkSandboxParcel) parcel = { 0 };
  g_autoptr(JsonNode) parcel_node = NULL;
  JsonObject *req_obj, *form, *pobj;
  gint floors, units;
  gdouble area;
  gint64 total, paid;
  guint year = pk_sandbox_jalali_year (at);

  sqlite3_bind_text (q, 1, app_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (q) != SQLITE_ROW)
    {
      sqlite3_reset (q);
      return;
    }
  tc = pk_sandbox_col_dup (q, 0);
  service = pk_sandbox_col_dup (q, 1);
  reno = pk_sandbox_col_dup (q, 2);
  floors = sqlite3_column_int (q, 3);
  area = sqlite3_column_double (q, 4);
  units = sqlite3_column_int (q, 5);
  total = sqlite3_column_int64 (q, 6);
  paid = sqlite3_column_int64 (q, 7);
  fees_json = pk_sandbox_col_dup (q, 8);
  req = pk_sandbox_col_dup (q, 9);
  sqlite3_reset (q);

  q = pk_sandbox_stmt (self, "SELECT national_id FROM applicants"
                             " WHERE application_id = ? ORDER BY ord");
  sqlite3_bind_text (q, 1, app_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (q) == SQLITE_ROW)
    owner_nid = pk_sandbox_col_dup (q, 0);
  sqlite3_reset (q);
  pk_sandbox_load_parcel (self, reno, &parcel);
  pk_sandbox_lookup_service (self, service, NULL, NULL, &svc);
  title = g_strdup (json_object_get_string_member (json_node_get_object (svc), "title_fa"));

  counter = g_strdup_printf ("permit-%u", year);
  permit_no = g_strdup_printf ("%04u-%06" G_GINT64_FORMAT, year, next_counter (self, counter));
  issued = pk_sandbox_rfc3339 (at);

  g_strlcpy (code->key_id, self->keys.key_id, sizeof code->key_id);
  code->permit_no = g_strdup (permit_no);
  code->renovation_code = g_strdup (reno);
  code->issued_on = pk_sandbox_iso_date (at);
  code->expires_on = pk_sandbox_iso_date_after (at, PERMIT_VALID_DAYS);
  code->floors = (guint) CLAMP (floors, 0, 255);
  code->total_area_m2 = area;
  pk_permit_code_set_owner (code, owner_nid ? owner_nid : "");
  payload = pk_permit_code_sign (code, self->keys.secret_key, &error);
  if (payload == NULL)
    {
      g_warning ("sandbox: signing permit %s failed: %s", permit_no, error->message);
      return;
    }
  url = pk_permit_code_to_url (payload, QR_URL_HOST);
  sig_b64 = g_base64_encode (code->signature, sizeof code->signature);
  expires_at = pk_sandbox_end_of_day (code->expires_on);

  fees = pk_sandbox_parse_stored (fees_json);
  request = pk_sandbox_parse_stored (req);
  req_obj = json_node_get_object (request);
  form = json_object_get_object_member (req_obj, "fields");
  parcel_node = pk_sandbox_parse_stored (parcel.json);
  pobj = json_node_get_object (parcel_node);

  json_builder_begin_object (jb);
  ADD_STR (jb, "permit_no", permit_no);
  ADD_STR (jb, "tracking_code", tc);
  ADD_STR (jb, "renovation_code", reno);
  ADD_STR (jb, "service_code", service);
  ADD_STR (jb, "title_fa", title);
  ADD_STR (jb, "status", "valid");
  ADD_STR (jb, "issued_at", issued);
  ADD_STR (jb, "issued_on", code->issued_on);
  ADD_STR (jb, "expires_on", code->expires_on);
  ADD_STR (jb, "expires_at", expires_at);
  ADD_STR (jb, "key_id", self->keys.key_id);
  json_builder_set_member_name (jb, "owners");
  json_builder_begin_array (jb);
  {
    JsonArray *apps = json_object_get_array_member (req_obj, "applicants");

    for (guint i = 0; i < json_array_get_length (apps); i++)
      {
        JsonObject *a = json_array_get_object_element (apps, i);
        g_autofree char *full = g_strdup_printf ("%s %s", pk_sandbox_obj_string (a, "first_name"),
                                                 pk_sandbox_obj_string (a, "last_name"));
        g_autofree char *nid = NULL;
        g_autofree char *masked = NULL;
        gdouble share = 0;

        pk_validate_national_id (pk_sandbox_obj_string (a, "national_id"), &nid, NULL);
        masked = g_strdup_printf ("%.3s****%.3s", nid, nid + 7);
        pk_sandbox_obj_number (a, "share_percent", &share);
        json_builder_begin_object (jb);
        ADD_STR (jb, "name", full);
        ADD_STR (jb, "national_id_masked", masked);
        ADD_DBL (jb, "share_percent", share);
        json_builder_end_object (jb);
      }
  }
  json_builder_end_array (jb);
  json_builder_set_member_name (jb, "parcel");
  json_builder_begin_object (jb);
  ADD_STR (jb, "renovation_code", reno);
  ADD_NODE (jb, "registration_plate",
            json_node_copy (json_object_get_member (pobj, "registration_plate")));
  ADD_STR (jb, "postal_code", json_object_get_string_member (pobj, "postal_code"));
  ADD_STR (jb, "address_fa", json_object_get_string_member (pobj, "address_fa"));
  ADD_DBL (jb, "area_m2", parcel.area);
  if (json_object_has_member (pobj, "area_after_widening_m2"))
    ADD_NODE (jb, "area_after_widening_m2",
              json_node_copy (json_object_get_member (pobj, "area_after_widening_m2")));
  ADD_STR (jb, "zone", parcel.zone);
  ADD_STR (jb, "land_use", parcel.land_use);
  if (json_object_has_member (pobj, "geometry"))
    ADD_NODE (jb, "geometry", json_node_copy (json_object_get_member (pobj, "geometry")));
  json_builder_end_object (jb);
  json_builder_set_member_name (jb, "building");
  json_builder_begin_object (jb);
  ADD_INT (jb, "floors", floors);
  ADD_DBL (jb, "total_area_m2", area);
  ADD_INT (jb, "units", units);
  /* The building rights the permit grants: the zone's rules for this plot, and the floors the
   * application asked for, split above and below ground by their level. */
  {
    PkSandboxRules rules = { 0 };
    gint64 above = 0, below = 0;
    gdouble parking = 0;

    pk_sandbox_load_rules (self, &parcel, &rules);
    ADD_DBL (jb, "density_percent", rules.density);
    ADD_DBL (jb, "occupancy_percent", rules.occupancy);
    ADD_DBL (jb, "setback_front_m", rules.setback_front);
    ADD_DBL (jb, "setback_back_m", rules.setback_back);
    if (form && json_object_has_member (form, "floors") &&
        JSON_NODE_HOLDS_ARRAY (json_object_get_member (form, "floors")))
      {
        JsonArray *rows = json_object_get_array_member (form, "floors");

        for (guint i = 0; i < json_array_get_length (rows); i++)
          {
            gdouble level = 0;

            JsonNode *row = json_array_get_element (rows, i);

            if (JSON_NODE_HOLDS_OBJECT (row) &&
                pk_sandbox_obj_number (json_node_get_object (row), "level", &level) && level < 0)
              below++;
            else
              above++;
          }
      }
    else
      above = floors;
    ADD_INT (jb, "floors_above_ground", above);
    ADD_INT (jb, "floors_below_ground", below);
    if (form && pk_sandbox_obj_number (form, "parking_spaces", &parking))
      ADD_INT (jb, "parking_spaces", (gint64) parking);
  }
  if (form && json_object_has_member (form, "floors"))
    ADD_NODE (jb, "floor_rows", json_node_copy (json_object_get_member (form, "floors")));
  if (form && json_object_has_member (form, "structure"))
    ADD_STR (jb, "structure", json_object_get_string_member (form, "structure"));
  /* Engineers as the application named them; one with neither a name nor a licence is left
   * out rather than printed empty. */
  json_builder_set_member_name (jb, "engineers");
  json_builder_begin_array (jb);
  {
    static const struct { const char *role, *name, *licence; } engineers[] = {
      { "designer", "designer_name", "designer_license" },
      { "supervisor", "engineer_name", "engineer_license" },
      { "builder", "builder_name", "builder_license" },
    };

    for (guint i = 0; form != NULL && i < G_N_ELEMENTS (engineers); i++)
      {
        const char *name = pk_sandbox_obj_string (form, engineers[i].name);
        const char *licence = pk_sandbox_obj_string (form, engineers[i].licence);

        if ((name == NULL || *name == '\0') && (licence == NULL || *licence == '\0'))
          continue;
        json_builder_begin_object (jb);
        ADD_STR (jb, "role", engineers[i].role);
        if (name != NULL && *name != '\0')
          ADD_STR (jb, "name", name);
        if (licence != NULL && *licence != '\0')
          ADD_STR (jb, "licence_no", licence);
        json_builder_end_object (jb);
      }
  }
  json_builder_end_array (jb);
  json_builder_end_object (jb);
  json_builder_set_member_name (jb, "fees");
  json_builder_begin_object (jb);
  ADD_INT (jb, "total_rial", total);
  ADD_INT (jb, "paid_rial", paid);
  ADD_NODE (jb, "items", json_node_copy (json_object_get_member (json_node_get_object (fees),
                                                                 "items")));
  /* The receipts the fees were paid with. */
  json_builder_set_member_name (jb, "payments");
  json_builder_begin_array (jb);
  {
    sqlite3_stmt *pq = pk_sandbox_stmt (self, "SELECT reference, amount_rial, at FROM payments"
                                              " WHERE application_id = ? ORDER BY at");

    sqlite3_bind_text (pq, 1, app_id, -1, SQLITE_TRANSIENT);
    while (sqlite3_step (pq) == SQLITE_ROW)
      {
        g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (sqlite3_column_int64 (pq, 2));
        g_autofree char *when_text = when ? g_date_time_format_iso8601 (when) : NULL;

        json_builder_begin_object (jb);
        ADD_STR (jb, "reference", (const char *) sqlite3_column_text (pq, 0));
        ADD_INT (jb, "amount_rial", sqlite3_column_int64 (pq, 1));
        if (when_text)
          ADD_STR (jb, "paid_at", when_text);
        json_builder_end_object (jb);
      }
    sqlite3_reset (pq);
  }
  json_builder_end_array (jb);
  json_builder_end_object (jb);
  json_builder_set_member_name (jb, "conditions_fa");
  json_builder_begin_array (jb);
  json_builder_add_string_value (jb, "رعایت کامل نقشه‌های مصوب و ضوابط طرح تفصیلی الزامی است.");
  json_builder_add_string_value (jb, "شروع عملیات ساختمانی منوط به معرفی مهندس ناظر است.");
  json_builder_add_string_value (jb, "نصب تابلوی مشخصات پروانه در محل کارگاه الزامی است.");
  json_builder_add_string_value (jb, "اعتبار این پروانه دو سال از تاریخ صدور است.");
  json_builder_end_array (jb);
  ADD_STR (jb, "rulebook_version", PK_SANDBOX_RULEBOOK_VERSION);
  ADD_STR (jb, "qr_payload", payload);
  ADD_STR (jb, "qr_url", url);
  ADD_STR (jb, "signature", sig_b64);
  json_builder_end_object (jb);
  root = json_builder_get_root (jb);
  text = pk_sandbox_json_to_string (root);

  q = pk_sandbox_stmt (self, "INSERT INTO permits VALUES (?,?,?,?,'valid',?,?,?,?,?)");
  sqlite3_bind_text (q, 1, permit_no, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 2, app_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (q, 3, tc, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 4, reno, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (q, 5, at);
  sqlite3_bind_text (q, 6, code->expires_on, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 7, self->keys.key_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 8, payload, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 9, text, -1, SQLITE_STATIC);
  pk_sandbox_exec_stmt (self, q);
  q = pk_sandbox_stmt (self, "UPDATE applications SET status = 'permit_issued', permit_no = ?"
                             " WHERE id = ?");
  sqlite3_bind_text (q, 1, permit_no, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 2, app_id, -1, SQLITE_TRANSIENT);
  pk_sandbox_exec_stmt (self, q);
  {
    g_autofree char *note = g_strdup_printf ("پروانه شماره %s صادر و امضا شد.", permit_no);

    pk_sandbox_add_timeline (self, app_id, "permit_issued", at, note);
  }
}

void
pk_sandbox_handle_permit (PkSandboxServer   *self,
                          SoupServerMessage *msg,
                          const char        *permit_no,
                          GHashTable        *query)
{
  sqlite3_stmt *q;

  if (pk_sandbox_authenticate (self, msg) == NULL)
    return;
  q = pk_sandbox_stmt (self, "SELECT json, status FROM permits WHERE permit_no = ?");
  sqlite3_bind_text (q, 1, permit_no, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (q) != SQLITE_ROW)
    pk_sandbox_respond_error (msg, 404, "not_found", "پروانه‌ای با این شماره یافت نشد.", NULL);
  else
    {
      const char *json = (const char *) sqlite3_column_text (q, 0);
      g_autoptr(JsonNode) node = pk_sandbox_parse_stored (json);

      json_object_set_string_member (json_node_get_object (node), "status",
                                     (const char *) sqlite3_column_text (q, 1));
      pk_sandbox_respond_node (msg, 200, node);
    }
  sqlite3_reset (q);
}

static void
respond_verdict (SoupServerMessage  *msg,
                 const char         *verdict,
                 const PkPermitCode *code,
                 const char         *status,
                 const char         *title)
{
  g_autoptr(JsonBuilder) jb = json_builder_new ();

  json_builder_begin_object (jb);
  ADD_STR (jb, "verdict", verdict);
  if (code != NULL)
    {
      json_builder_set_member_name (jb, "permit");
      json_builder_begin_object (jb);
      ADD_STR (jb, "permit_no", code->permit_no);
      ADD_STR (jb, "renovation_code", code->renovation_code);
      ADD_STR (jb, "issued_on", code->issued_on);
      ADD_STR (jb, "expires_on", code->expires_on);
      ADD_INT (jb, "floors", code->floors);
      ADD_DBL (jb, "total_area_m2", code->total_area_m2);
      ADD_STR (jb, "key_id", code->key_id);
      if (status)
        ADD_STR (jb, "status", status);
      if (title)
        ADD_STR (jb, "title_fa", title);
      json_builder_end_object (jb);
    }
  json_builder_end_object (jb);
  pk_sandbox_respond_builder (msg, 200, jb);
}

void
pk_sandbox_handle_verify (PkSandboxServer   *self,
                          SoupServerMessage *msg,
                          const char        *arg,
                          GHashTable        *query)
{
  g_autoptr(JsonNode) root = pk_sandbox_body_object (msg);
  g_autoptr(PkPermitCode) code = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL, *stored = NULL, *expires = NULL, *today = NULL;
  g_autofree char *title = NULL;
  const char *payload;
  sqlite3_stmt *q;

  if (root == NULL)
    return;
  payload = pk_sandbox_obj_string (json_node_get_object (root), "payload");
  if (payload == NULL)
    {
      pk_sandbox_respond_error (msg, 400, "bad_request", "متن کد QR لازم است.", NULL);
      return;
    }
  code = pk_permit_code_decode (payload, &error);
  if (code == NULL)
    {
      respond_verdict (msg, "malformed", NULL, NULL, NULL);
      return;
    }
  if (strcmp (code->key_id, self->keys.key_id) != 0)
    {
      respond_verdict (msg, "unknown_key", NULL, NULL, NULL);
      return;
    }
  if (!pk_permit_code_verify (code, self->keys.public_key, NULL))
    {
      respond_verdict (msg, "forged", NULL, NULL, NULL);
      return;
    }
  q = pk_sandbox_stmt (self, "SELECT p.status, p.qr_payload, p.expires_on, json_extract(p.json,"
                             " '$.title_fa') FROM permits p WHERE p.permit_no = ?");
  sqlite3_bind_text (q, 1, code->permit_no, -1, SQLITE_STATIC);
  if (sqlite3_step (q) == SQLITE_ROW)
    {
      status = pk_sandbox_col_dup (q, 0);
      stored = pk_sandbox_col_dup (q, 1);
      expires = pk_sandbox_col_dup (q, 2);
      title = pk_sandbox_col_dup (q, 3);
    }
  sqlite3_reset (q);
  if (status == NULL)
    {
      /* Signed by this key but not on file: the sandbox's data dir was reset. */
      respond_verdict (msg, "unknown_permit", code, NULL, NULL);
      return;
    }
  today = pk_sandbox_iso_date (pk_sandbox_server_now (self));
  {
    g_autoptr(PkPermitCode) on_file = pk_permit_code_decode (stored, NULL);

    if (on_file == NULL ||
        memcmp (on_file->signature, code->signature, sizeof code->signature) != 0)
      respond_verdict (msg, "superseded", code, status, title);
    else if (strcmp (status, "revoked") == 0)
      respond_verdict (msg, "revoked", code, status, title);
    else if (strcmp (status, "superseded") == 0)
      respond_verdict (msg, "superseded", code, status, title);
    else if (strcmp (code->expires_on, today) < 0 || strcmp (expires, today) < 0)
      respond_verdict (msg, "expired", code, status, title);
    else
      respond_verdict (msg, "valid", code, status, title);
  }
}

void
pk_sandbox_handle_keys (PkSandboxServer   *self,
                        SoupServerMessage *msg,
                        const char        *arg,
                        GHashTable        *query)
{
  g_autoptr(JsonBuilder) jb = json_builder_new ();
  g_autofree char *pub = g_base64_encode (self->keys.public_key, sizeof self->keys.public_key);
  g_autofree char *from = pk_sandbox_rfc3339 (self->keys.created_at);

  json_builder_begin_object (jb);
  json_builder_set_member_name (jb, "keys");
  json_builder_begin_array (jb);
  json_builder_begin_object (jb);
  ADD_STR (jb, "key_id", self->keys.key_id);
  ADD_STR (jb, "algorithm", "Ed25519");
  ADD_STR (jb, "public_key", pub);
  ADD_STR (jb, "valid_from", from);
  json_builder_set_member_name (jb, "valid_until");
  json_builder_add_null_value (jb);
  json_builder_end_object (jb);
  json_builder_end_array (jb);
  json_builder_end_object (jb);
  pk_sandbox_respond_builder (msg, 200, jb);
}
