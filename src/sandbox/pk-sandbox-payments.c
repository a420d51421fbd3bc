/* pk-sandbox-payments.c — POST /applications/{id}/payments and GET /reports/daily
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pk-format.h"
#include "pk-office-day.h"
#include "pk-sandbox-city.h"
#include "pk-sandbox-server-private.h"
#include "pk-validate.h"

void
pk_sandbox_handle_payment (PkSandboxServer   *self,
                           SoupServerMessage *msg,
                           const char        *app_id,
                           GHashTable        *query)
{
  PkSandboxSession *s = pk_sandbox_authenticate (self, msg);
  g_autoptr(JsonNode) root = NULL, app = NULL;
  g_autoptr(JsonBuilder) jb = NULL;
  g_autofree char *status = NULL, *pid = NULL;
  JsonObject *obj, *fields = NULL;
  const char *ref;
  gint64 amount = 0, paid = 0, now = pk_sandbox_server_now (self);
  sqlite3_stmt *q;

  if (s == NULL)
    return;
  if (pk_sandbox_is_kiosk (s))
    {
      pk_sandbox_forbid (msg);
      return;
    }
  if ((root = pk_sandbox_body_object (msg)) == NULL)
    return;
  obj = json_node_get_object (root);
  ref = pk_sandbox_obj_string (obj, "reference");
  if (ref == NULL || *ref == '\0' || strlen (ref) > 64)
    {
      fields = json_object_new ();
      json_object_set_string_member (fields, "reference", ref ? "invalid" : "required");
    }
  if (!pk_sandbox_obj_integer (obj, "amount_rial", &amount) || amount <= 0 ||
      amount > PK_AMOUNT_MAX_RIAL)
    {
      if (fields == NULL)
        fields = json_object_new ();
      json_object_set_string_member (fields, "amount_rial",
                                     json_object_has_member (obj, "amount_rial") ? "out_of_range"
                                                                                 : "required");
    }
  if (fields != NULL)
    {
      pk_sandbox_respond_validation (msg, fields);
      return;
    }
  app = pk_sandbox_application_json (self, "id", app_id, NULL);
  if (app == NULL)
    {
      pk_sandbox_respond_error (msg, 404, "not_found", "درخواست یافت نشد.", NULL);
      return;
    }
  status = g_strdup (json_object_get_string_member (json_node_get_object (app), "status"));

  /* The same receipt twice is a retry, not a second payment. */
  q = pk_sandbox_stmt (self, "SELECT id, amount_rial FROM payments WHERE application_id = ?"
                             " AND reference = ?");
  sqlite3_bind_text (q, 1, app_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (q, 2, ref, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (q) == SQLITE_ROW)
    {
      gboolean same = sqlite3_column_int64 (q, 1) == amount;

      pid = pk_sandbox_col_dup (q, 0);
      sqlite3_reset (q);
      if (!same)
        {
          pk_sandbox_respond_error (msg, 409, "conflict",
                                    "این شماره رسید با مبلغ دیگری ثبت شده است.", NULL);
          return;
        }
    }
  else
    {
      sqlite3_reset (q);
      if (strcmp (status, "rejected") == 0 || strcmp (status, "permit_issued") == 0)
        {
          pk_sandbox_respond_error (msg, 409, "invalid_state",
                                    "در این وضعیت پرداخت پذیرفته نمی‌شود.", NULL);
          return;
        }
      pid = pk_sandbox_random_id ("PAY-", 8);
      pk_sandbox_db_exec (self->db, "BEGIN IMMEDIATE", NULL);
      q = pk_sandbox_stmt (self, "INSERT INTO payments VALUES (?,?,?,?,?,?,?)");
      sqlite3_bind_text (q, 1, pid, -1, SQLITE_STATIC);
      sqlite3_bind_text (q, 2, app_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (q, 3, s->office_code, -1, SQLITE_STATIC);
      sqlite3_bind_text (q, 4, s->username, -1, SQLITE_STATIC);
      sqlite3_bind_text (q, 5, ref, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (q, 6, amount);
      sqlite3_bind_int64 (q, 7, now);
      pk_sandbox_exec_stmt (self, q);
      q = pk_sandbox_stmt (self, "UPDATE applications SET paid_rial = paid_rial + ? WHERE id = ?");
      sqlite3_bind_int64 (q, 1, amount);
      sqlite3_bind_text (q, 2, app_id, -1, SQLITE_TRANSIENT);
      pk_sandbox_exec_stmt (self, q);
      pk_sandbox_advance (self, app_id);
      pk_sandbox_db_exec (self->db, "COMMIT", NULL);
    }
  q = pk_sandbox_stmt (self, "SELECT paid_rial, status FROM applications WHERE id = ?");
  sqlite3_bind_text (q, 1, app_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (q) == SQLITE_ROW)
    {
      paid = sqlite3_column_int64 (q, 0);
      g_free (status);
      status = pk_sandbox_col_dup (q, 1);
    }
  sqlite3_reset (q);
  jb = json_builder_new ();
  json_builder_begin_object (jb);
  ADD_STR (jb, "payment_id", pid);
  ADD_INT (jb, "paid_rial", paid);
  ADD_STR (jb, "status", status);
  json_builder_end_object (jb);
  pk_sandbox_respond_builder (msg, 201, jb);
}

void
pk_sandbox_handle_report (PkSandboxServer   *self,
                          SoupServerMessage *msg,
                          const char        *arg,
                          GHashTable        *query)
{
  /* The office day's inquiries, submissions and payments, in one time order. */
  static const char report_sql[] =
    "SELECT at, kind, tracking_code, service_code, amount, username FROM ("
    " SELECT created_at AS at, 'inquiry' AS kind, tracking_code, service_code,"
    "  total_rial AS amount, username FROM inquiries"
    "  WHERE office_code = ?1 AND created_at >= ?2 AND created_at < ?3"
    " UNION ALL SELECT submitted_at, 'submission', tracking_code, service_code,"
    "  total_rial, username FROM applications"
    "  WHERE office_code = ?1 AND submitted_at >= ?2 AND submitted_at < ?3"
    " UNION ALL SELECT p.at, 'payment', a.tracking_code, a.service_code,"
    "  p.amount_rial, p.username FROM payments p"
    "  JOIN applications a ON a.id = p.application_id"
    "  WHERE p.office_code = ?1 AND p.at >= ?2 AND p.at < ?3)"
    " ORDER BY at, kind, tracking_code";
  PkSandboxSession *s = pk_sandbox_authenticate (self, msg);
  const char *date = query ? g_hash_table_lookup (query, "date") : NULL;
  const char *office = query ? g_hash_table_lookup (query, "office") : NULL;
  g_autofree char *today = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(JsonBuilder) jb = NULL;
  gint64 from, to, inquiries = 0, submissions = 0, fees = 0;
  GDate day;
  sqlite3_stmt *q;

  if (s == NULL)
    return;
  if (strcmp (s->role, "supervisor") != 0)
    {
      pk_sandbox_forbid (msg);
      return;
    }
  if (office == NULL)
    office = s->office_code;
  if (strcmp (office, s->office_code) != 0)
    {
      pk_sandbox_forbid (msg);
      return;
    }
  if (date == NULL)
    date = today = pk_sandbox_iso_date (pk_sandbox_server_now (self));
  if (!pk_office_day_parse_iso (date, &day))
    {
      JsonObject *fields = json_object_new ();

      json_object_set_string_member (fields, "date", "invalid");
      pk_sandbox_respond_validation (msg, fields);
      return;
    }
  start = pk_office_day_start (&day);
  from = g_date_time_to_unix (start);
  to = from + 86400;

  jb = json_builder_new ();
  json_builder_begin_object (jb);
  ADD_STR (jb, "date", date);
  ADD_STR (jb, "office", office);
  json_builder_set_member_name (jb, "items");
  json_builder_begin_array (jb);
  q = pk_sandbox_stmt (self, report_sql);
  sqlite3_bind_text (q, 1, office, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (q, 2, from);
  sqlite3_bind_int64 (q, 3, to);
  while (sqlite3_step (q) == SQLITE_ROW)
    {
      g_autofree char *at = pk_sandbox_rfc3339 (sqlite3_column_int64 (q, 0));
      const char *kind = (const char *) sqlite3_column_text (q, 1);

      if (strcmp (kind, "inquiry") == 0)
        inquiries++;
      else if (strcmp (kind, "submission") == 0)
        submissions++;
      else
        fees += sqlite3_column_int64 (q, 4);
      json_builder_begin_object (jb);
      ADD_STR (jb, "at", at);
      ADD_STR (jb, "kind", kind);
      ADD_STR (jb, "tracking_code", (const char *) sqlite3_column_text (q, 2));
      ADD_STR (jb, "service_code", (const char *) sqlite3_column_text (q, 3));
      ADD_INT (jb, "amount_rial", sqlite3_column_int64 (q, 4));
      ADD_STR (jb, "operator", (const char *) sqlite3_column_text (q, 5));
      json_builder_end_object (jb);
    }
  sqlite3_reset (q);
  json_builder_end_array (jb);
  ADD_INT (jb, "inquiries", inquiries);
  ADD_INT (jb, "submissions", submissions);
  ADD_INT (jb, "fees_total_rial", fees);
  json_builder_end_object (jb);
  pk_sandbox_respond_builder (msg, 200, jb);
}
