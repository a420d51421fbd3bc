/* test-outbox-sender.c — the sender classifies errors, backs off, retries with the same key
 * and pauses for login, one item at a time
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "outbox-test-util.h"
#include "pk-api-error.h"
#include "pk-office-day.h"

/* --- classification and backoff ---------------------------------------------------------- */

static void
test_classify (void)
{
  struct { GQuark domain; int code; PkOutboxVerdict verdict; } cases[] = {
    { 0, PK_API_ERROR_NETWORK, PK_OUTBOX_VERDICT_RETRY },
    { 0, PK_API_ERROR_TIMEOUT, PK_OUTBOX_VERDICT_RETRY },
    { 0, PK_API_ERROR_SERVER, PK_OUTBOX_VERDICT_RETRY },
    { 0, PK_API_ERROR_MALFORMED_REPLY, PK_OUTBOX_VERDICT_RETRY },
    { 0, PK_API_ERROR_VALIDATION, PK_OUTBOX_VERDICT_PERMANENT },
    { 0, PK_API_ERROR_CONFLICT, PK_OUTBOX_VERDICT_PERMANENT },
    { 0, PK_API_ERROR_FORBIDDEN, PK_OUTBOX_VERDICT_PERMANENT },
    { 0, PK_API_ERROR_NOT_FOUND, PK_OUTBOX_VERDICT_PERMANENT },
    { 0, PK_API_ERROR_TOO_LARGE, PK_OUTBOX_VERDICT_PERMANENT },
    { 0, PK_API_ERROR_UNSUPPORTED_TYPE, PK_OUTBOX_VERDICT_PERMANENT },
    { 0, PK_API_ERROR_MALFORMED_REQUEST, PK_OUTBOX_VERDICT_PERMANENT },
    { 0, PK_API_ERROR_UNAUTHORIZED, PK_OUTBOX_VERDICT_LOGIN },
    { 0, PK_API_ERROR_TOKEN_EXPIRED, PK_OUTBOX_VERDICT_LOGIN },
    { 0, PK_API_ERROR_CANCELLED, PK_OUTBOX_VERDICT_CANCELLED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) e = g_error_new_literal (PK_API_ERROR, cases[i].code, "x");
      g_assert_cmpint (pk_outbox_classify_error (e), ==, cases[i].verdict);
    }
  {
    g_autoptr(GError) e = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x");
    g_autoptr(GError) d = g_error_new_literal (PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_DATABASE, "x");
    g_assert_cmpint (pk_outbox_classify_error (e), ==, PK_OUTBOX_VERDICT_CANCELLED);
    g_assert_cmpint (pk_outbox_classify_error (d), ==, PK_OUTBOX_VERDICT_RETRY);
  }
}

static void
test_backoff_schedule (void)
{
  guint prev_hi = 0;

  /* 1 s → 5 min: doubles, ±25 % jitter, clamped. */
  g_assert_cmpuint (pk_outbox_backoff_delay_ms (0, 1000, 300000, 0.5), ==, 0);
  g_assert_cmpuint (pk_outbox_backoff_delay_ms (1, 1000, 300000, 0.5), ==, 1000);
  g_assert_cmpuint (pk_outbox_backoff_delay_ms (1, 1000, 300000, 0.0), ==, 1000); /* clamped up */
  g_assert_cmpuint (pk_outbox_backoff_delay_ms (1, 1000, 300000, 0.999), <=, 1250);
  g_assert_cmpuint (pk_outbox_backoff_delay_ms (2, 1000, 300000, 0.5), ==, 2000);
  g_assert_cmpuint (pk_outbox_backoff_delay_ms (3, 1000, 300000, 0.5), ==, 4000);
  g_assert_cmpuint (pk_outbox_backoff_delay_ms (4, 1000, 300000, 0.0), ==, 6000);
  g_assert_cmpuint (pk_outbox_backoff_delay_ms (9, 1000, 300000, 0.5), ==, 256000);
  g_assert_cmpuint (pk_outbox_backoff_delay_ms (10, 1000, 300000, 0.5), ==, 300000);
  g_assert_cmpuint (pk_outbox_backoff_delay_ms (10, 1000, 300000, 0.0), ==, 225000);
  g_assert_cmpuint (pk_outbox_backoff_delay_ms (1000, 1000, 300000, 0.999), ==, 300000);
  g_assert_cmpuint (pk_outbox_backoff_delay_ms (G_MAXUINT, 1000, 300000, 0.5), ==, 300000);
  for (guint n = 1; n < 40; n++)
    {
      guint lo = pk_outbox_backoff_delay_ms (n, 1000, 300000, 0.0);
      guint hi = pk_outbox_backoff_delay_ms (n, 1000, 300000, 0.999999);

      g_assert_cmpuint (lo, >=, 1000);
      g_assert_cmpuint (hi, <=, 300000);
      g_assert_cmpuint (lo, <=, hi);
      g_assert_cmpuint (hi, >=, prev_hi);   /* never shrinks as failures accumulate */
      prev_hi = hi;
    }
}

/* --- sender against a scripted submitter ------------------------------------------------- */

static void
test_sender_delivers (SenderFixture *sf,
                      gconstpointer  data)
{
  g_autoptr(PkOutboxItem) a = ot_enqueue (&sf->f, 2);
  g_autoptr(PkOutboxItem) b = ot_enqueue (&sf->f, 0);
  g_autoptr(PkOutboxItem) c = ot_enqueue (&sf->f, 1);
  g_autoptr(PkOutboxItem) done = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GDate) today = pk_office_day_today ();
  g_autoptr(GPtrArray) entries = NULL;
  JsonArray *ids;

  PkOutboxItem *queued[3] = { a, b, c };
  guint sent_as[3];
  guint n_submissions = 0;

  /* Three in flight by default: a's two uploads overlap with b's and c's posts. */
  g_assert_cmpuint (pk_outbox_sender_get_max_in_flight (sf->sender), ==, 3);
  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (sf->delivered == 3);
  WAIT_UNTIL (pk_outbox_sender_get_status (sf->sender) == PK_OUTBOX_SENDER_IDLE);

  g_assert_cmpuint (fake_submitter_n_uploads (sf->fake), ==, 3);
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 3);
  /* Each posted once, with its own stored key. */
  for (guint i = 0; i < 3; i++)
    {
      guint found = 0;

      for (guint k = 0; k < 3; k++)
        if (g_strcmp0 (fake_submitter_get_keys (sf->fake)->pdata[k],
                       pk_outbox_item_get_idempotency_key (queued[i])) == 0)
          {
            found++;
            sent_as[i] = k;
          }
      g_assert_cmpuint (found, ==, 1);
    }

  done = pk_outbox_get_item (sf->f.outbox, pk_outbox_item_get_id (a), TRUE, NULL);
  g_assert_cmpint (pk_outbox_item_get_state (done), ==, PK_OUTBOX_STATE_DELIVERED);
  /* The body carries the uploaded documents' ids, in order. */
  body = json_from_string (fake_submitter_get_bodies (sf->fake)->pdata[sent_as[0]], NULL);
  ids = json_object_get_array_member (json_node_get_object (body), "documents");
  g_assert_cmpuint (json_array_get_length (ids), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const char *id = ((PkOutboxDocument *) pk_outbox_item_get_documents (done)->pdata[i])->document_id;

      g_assert_true (g_str_has_prefix (id, "doc-"));
      g_assert_cmpstr (json_array_get_string_element (ids, i), ==, id);
    }
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "service_code"), ==, "NEW_BUILD");
  {
    g_autofree char *expected = g_strdup_printf ("PK%010u", sent_as[0] + 1);

    g_assert_cmpstr (pk_outbox_item_get_tracking_code (done), ==, expected);
  }
  g_assert_nonnull (strstr (pk_outbox_item_get_answer_json (done), "\"total_rial\":1250000"));
  g_assert_cmpuint (pk_outbox_item_get_attempts (done), ==, 1);
  /* Delivered documents keep their id and hash, not their bytes. */
  g_assert_nonnull (((PkOutboxDocument *) pk_outbox_item_get_documents (done)->pdata[1])->document_id);
  g_assert_null (((PkOutboxDocument *) pk_outbox_item_get_documents (done)->pdata[1])->data);
  g_assert_cmpint (ot_raw_count (sf->f.path,
                                 "SELECT count(*) FROM document WHERE data IS NOT NULL"), ==, 0);

  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (pk_outbox_get_n_delivered (sf->f.outbox), ==, 3);
  g_assert_cmpuint (pk_outbox_get_n_pending (sf->f.outbox), ==, 0);
  g_assert_cmpuint (pk_outbox_get_n_sending (sf->f.outbox), ==, 0);
  ot_assert_journal (sf, 3, 3);

  /* The journal: the items were taken in queue order, and each one's acknowledgement comes
   * after its submission. */
  entries = pk_journal_list_day (sf->journal, today, NULL);
  g_assert_cmpuint (entries->len, ==, 6);
  for (guint i = 0; i < entries->len; i++)
    {
      PkJournalEntry *e = entries->pdata[i];
      g_autoptr(JsonNode) detail = json_from_string (e->detail_json, NULL);
      gint64 item_id = json_object_get_int_member (json_node_get_object (detail), "item_id");

      if (e->kind == PK_JOURNAL_KIND_SUBMISSION)
        {
          g_assert_cmpint (item_id, ==, pk_outbox_item_get_id (queued[n_submissions]));
          n_submissions++;
          continue;
        }
      g_assert_cmpint (e->kind, ==, PK_JOURNAL_KIND_ACKNOWLEDGEMENT);
      {
        gboolean submitted_before = FALSE;

        for (guint k = 0; k < n_submissions; k++)
          submitted_before |= item_id == pk_outbox_item_get_id (queued[k]);
        g_assert_true (submitted_before);
      }
      if (item_id == pk_outbox_item_get_id (a))
        {
          g_assert_cmpstr (e->tracking_code, ==, pk_outbox_item_get_tracking_code (done));
          g_assert_cmpstr (e->operator_name, ==, "op1");
          g_assert_cmpstr (e->outcome, ==, "delivered");
          g_assert_true (e->has_amount);
          g_assert_cmpint (e->amount_rial, ==, 1250000);
        }
    }
  g_assert_cmpuint (n_submissions, ==, 3);

  /* New work wakes an idle sender by itself. */
  g_clear_object (&done);
  done = ot_enqueue (&sf->f, 0);
  WAIT_UNTIL (sf->delivered == 4);
}

static void
test_sender_retries_same_key (SenderFixture *sf,
                              gconstpointer  data)
{
  g_autoptr(PkOutboxItem) a = ot_enqueue (&sf->f, 1);
  g_autoptr(PkOutboxItem) done = NULL;
  GPtrArray *keys, *bodies;
  gboolean saw_backoff = FALSE;

  /* upload fails, upload succeeds, submit times out (the server may have it!), submit gets
   * a 503 with Retry-After, then submit succeeds. */
  fake_submitter_push (sf->fake, g_error_new_literal (PK_API_ERROR, PK_API_ERROR_NETWORK, "refused"));
  fake_submitter_push (sf->fake, NULL);
  fake_submitter_push (sf->fake, g_error_new_literal (PK_API_ERROR, PK_API_ERROR_TIMEOUT, "slow"));
  fake_submitter_push (sf->fake, pk_api_error_new_from_server (503, "unavailable", "x", NULL, 0));
  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (sf->delivered == 1);

  keys = fake_submitter_get_keys (sf->fake);
  bodies = fake_submitter_get_bodies (sf->fake);
  g_assert_cmpuint (fake_submitter_n_uploads (sf->fake), ==, 2);  /* not re-uploaded once stored */
  g_assert_cmpuint (keys->len, ==, 3);
  for (guint i = 0; i < keys->len; i++)
    {
      g_assert_cmpstr (keys->pdata[i], ==, pk_outbox_item_get_idempotency_key (a));
      g_assert_cmpstr (bodies->pdata[i], ==, bodies->pdata[0]);   /* byte-identical re-sends */
    }
  done = pk_outbox_get_item (sf->f.outbox, pk_outbox_item_get_id (a), FALSE, NULL);
  g_assert_cmpuint (pk_outbox_item_get_attempts (done), ==, 4);
  g_assert_null (pk_outbox_item_get_last_error (done));
  for (guint i = 0; i < sf->statuses->len; i++)
    saw_backoff |= GPOINTER_TO_INT (sf->statuses->pdata[i]) == PK_OUTBOX_SENDER_BACKING_OFF;
  g_assert_true (saw_backoff);
  g_assert_cmpuint (pk_outbox_sender_get_current_delay (sf->sender), ==, 0);
  ot_assert_journal (sf, 1, 1);
}

static void
test_sender_backoff_grows (SenderFixture *sf,
                           gconstpointer  data)
{
  g_autoptr(PkOutboxItem) a = ot_enqueue (&sf->f, 0);
  guint delays[4];
  gint64 t0, elapsed_ms;

  for (guint i = 0; i < 4; i++)
    fake_submitter_push (sf->fake, g_error_new_literal (PK_API_ERROR, PK_API_ERROR_NETWORK, "down"));
  t0 = g_get_monotonic_time ();
  pk_outbox_sender_start (sf->sender);
  for (guint i = 0; i < 4; i++)
    {
      WAIT_UNTIL (fake_submitter_n_submits (sf->fake) == i + 1 &&
                  pk_outbox_sender_get_status (sf->sender) == PK_OUTBOX_SENDER_BACKING_OFF);
      delays[i] = pk_outbox_sender_get_current_delay (sf->sender);
    }
  WAIT_UNTIL (sf->delivered == 1);
  elapsed_ms = (g_get_monotonic_time () - t0) / 1000;
  g_test_message ("delays %u %u %u %u, %" G_GINT64_FORMAT " ms", delays[0], delays[1], delays[2],
                  delays[3], elapsed_ms);
  /* base 20 ms, cap 200 ms, ±25 %. */
  g_assert_cmpuint (delays[0], >=, 20);
  g_assert_cmpuint (delays[0], <=, 25);
  g_assert_cmpuint (delays[1], >=, 30);
  g_assert_cmpuint (delays[1], <=, 50);
  g_assert_cmpuint (delays[2], >=, 60);
  g_assert_cmpuint (delays[3], >=, 120);
  g_assert_cmpuint (delays[3], <=, 200);
  /* The backoff was actually waited out. */
  g_assert_cmpint (elapsed_ms, >=, delays[0] + delays[1] + delays[2] + delays[3]);
}

static void
test_sender_permanent (SenderFixture *sf,
                       gconstpointer  data)
{
  g_autoptr(PkOutboxItem) a = ot_enqueue (&sf->f, 0);
  g_autoptr(PkOutboxItem) b = ot_enqueue (&sf->f, 0);
  g_autoptr(PkOutboxItem) failed = NULL;
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) stored = NULL;

  g_hash_table_insert (fields, g_strdup ("applicants[0].national_id"), g_strdup ("checksum"));
  g_hash_table_insert (fields, g_strdup ("fields.floors"), g_strdup ("out_of_range"));
  fake_submitter_push (sf->fake, pk_api_error_new_from_server (422, "validation", "نامعتبر", fields, 0));
  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (sf->failed == 1 && sf->delivered == 1);
  ot_run_for (300);   /* longer than the max backoff: nothing is retried on its own */
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 2);

  failed = pk_outbox_get_item (sf->f.outbox, pk_outbox_item_get_id (a), FALSE, NULL);
  g_assert_cmpint (pk_outbox_item_get_state (failed), ==, PK_OUTBOX_STATE_FAILED);
  g_assert_cmpstr (g_hash_table_lookup (pk_outbox_item_get_error_fields (failed),
                                        "applicants[0].national_id"), ==, "checksum");
  g_assert_cmpstr (g_hash_table_lookup (pk_outbox_item_get_error_fields (failed),
                                        "fields.floors"), ==, "out_of_range");
  stored = pk_outbox_item_dup_last_error (failed);
  g_assert_error (stored, PK_API_ERROR, PK_API_ERROR_VALIDATION);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (pk_outbox_get_n_failed (sf->f.outbox), ==, 1);
  g_assert_cmpuint (pk_outbox_get_n_delivered (sf->f.outbox), ==, 1);
  ot_assert_journal (sf, 2, 2);

  /* The operator's explicit retry sends it again (the fake now accepts). */
  g_assert_true (pk_outbox_retry_now (sf->f.outbox, pk_outbox_item_get_id (a), NULL));
  WAIT_UNTIL (sf->delivered == 2);
}

static void
test_sender_conflict_is_permanent (SenderFixture *sf,
                                   gconstpointer  data)
{
  g_autoptr(PkOutboxItem) a = ot_enqueue (&sf->f, 0);

  fake_submitter_push (sf->fake, pk_api_error_new_from_server (409, "conflict", "x", NULL, 0));
  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (sf->failed == 1);
  ot_run_for (300);
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 1);
}

static void
test_sender_login (SenderFixture *sf,
                   gconstpointer  data)
{
  g_autoptr(PkOutboxItem) a = ot_enqueue (&sf->f, 0);
  g_autoptr(PkOutboxItem) reread = NULL;

  fake_submitter_push (sf->fake, pk_api_error_new_from_server (401, "token_expired", "x", NULL, 0));
  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (sf->login_required == 1);
  g_assert_cmpint (pk_outbox_sender_get_status (sf->sender), ==, PK_OUTBOX_SENDER_NEEDS_LOGIN);
  ot_run_for (300);
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 1);   /* paused, not hammering */
  reread = pk_outbox_get_item (sf->f.outbox, pk_outbox_item_get_id (a), FALSE, NULL);
  g_assert_cmpint (pk_outbox_item_get_state (reread), ==, PK_OUTBOX_STATE_PENDING);
  g_assert_cmpuint (pk_outbox_item_get_attempts (reread), ==, 0);   /* not the item's fault */

  /* New work does not wake a sender that has no session… */
  g_clear_object (&reread);
  reread = ot_enqueue (&sf->f, 0);
  ot_run_for (100);
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 1);
  /* …a new token does. */
  pk_submitter_emit_ready (PK_SUBMITTER (sf->fake));
  WAIT_UNTIL (sf->delivered == 2);
  g_assert_cmpstr (fake_submitter_get_keys (sf->fake)->pdata[1], ==, pk_outbox_item_get_idempotency_key (a));
}

static void
test_sender_retry_now (SenderFixture *sf,
                       gconstpointer  data)
{
  g_autoptr(PkOutboxItem) a = ot_enqueue (&sf->f, 0);
  gint64 t0;

  pk_outbox_sender_set_base_delay (sf->sender, 60000);
  pk_outbox_sender_set_max_delay (sf->sender, 60000);
  fake_submitter_push (sf->fake, g_error_new_literal (PK_API_ERROR, PK_API_ERROR_NETWORK, "down"));
  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (pk_outbox_sender_get_status (sf->sender) == PK_OUTBOX_SENDER_BACKING_OFF &&
              fake_submitter_n_submits (sf->fake) == 1);
  ot_run_for (100);
  g_assert_cmpuint (sf->delivered, ==, 0);
  t0 = g_get_monotonic_time ();
  g_assert_true (pk_outbox_retry_now (sf->f.outbox, pk_outbox_item_get_id (a), NULL));
  WAIT_UNTIL (sf->delivered == 1);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 5 * G_USEC_PER_SEC);   /* not 60 s */
}

/* The sender is stopped with the POST in flight (connection dropped): the item goes back to
 * the queue and a fresh sender, as after a restart, re-sends the same key and body without
 * uploading the document again. */
static void
test_sender_interrupted (SenderFixture *sf,
                         gconstpointer  data)
{
  g_autoptr(PkOutboxItem) a = ot_enqueue (&sf->f, 1);
  g_autoptr(PkOutboxSender) second = NULL;
  GPtrArray *keys, *bodies;

  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (fake_submitter_n_uploads (sf->fake) == 1);
  fake_submitter_set_hold (sf->fake, TRUE);
  WAIT_UNTIL (fake_submitter_n_submits (sf->fake) == 1);
  pk_outbox_sender_stop (sf->sender);
  WAIT_UNTIL ((g_main_context_iteration (NULL, FALSE), pk_outbox_get_n_sending (sf->f.outbox) == 0 &&
               pk_outbox_get_n_pending (sf->f.outbox) == 1));
  fake_submitter_set_hold (sf->fake, FALSE);

  second = pk_outbox_sender_new (sf->f.outbox, PK_SUBMITTER (sf->fake), NULL);
  pk_outbox_sender_start (second);
  WAIT_UNTIL (pk_outbox_get_n_delivered (sf->f.outbox) == 1);
  keys = fake_submitter_get_keys (sf->fake);
  bodies = fake_submitter_get_bodies (sf->fake);
  g_assert_cmpuint (fake_submitter_n_uploads (sf->fake), ==, 1);
  g_assert_cmpuint (keys->len, ==, 2);
  g_assert_cmpstr (keys->pdata[0], ==, keys->pdata[1]);
  g_assert_cmpstr (bodies->pdata[0], ==, bodies->pdata[1]);
  pk_outbox_sender_stop (second);
  ot_wait_until_unref (G_OBJECT (second));
}

/* The posted body is the stored application with the documents' ids as "documents", also
 * when the application's own text happens to name "documents" (not as a member: the outbox
 * drops that one). */
static void
test_sender_body (SenderFixture *sf,
                  gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) docs = ot_make_documents (2);
  g_autoptr(PkOutboxItem) a = NULL;
  g_autoptr(PkOutboxItem) b = NULL;
  g_autoptr(PkOutboxItem) done = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *app;

  g_assert_true (json_parser_load_from_data (parser,
    "{\"service_code\": \"NEW_BUILD\", \"renovation_code\": \"01-001-001-001-000-000\","
    " \"fields\": {\"note\": \"documents\", \"quote\": \"a \\\"documents\\\" b\\n\"},"
    " \"documents\": [\"ignored\"]}", -1, NULL));
  app = json_node_get_object (json_parser_get_root (parser));
  a = pk_outbox_enqueue (sf->f.outbox, "op1", app, docs, &error);
  g_assert_no_error (error);
  json_object_remove_member (json_object_get_object_member (app, "fields"), "note");
  b = pk_outbox_enqueue (sf->f.outbox, "op1", app, NULL, &error);
  g_assert_no_error (error);
  pk_outbox_sender_set_max_in_flight (sf->sender, 1);
  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (sf->delivered == 2);

  done = pk_outbox_get_item (sf->f.outbox, pk_outbox_item_get_id (a), FALSE, NULL);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonNode) body = json_from_string (fake_submitter_get_bodies (sf->fake)->pdata[i], &error);
      JsonObject *obj;
      JsonArray *ids;

      g_assert_no_error (error);
      obj = json_node_get_object (body);
      ids = json_object_get_array_member (obj, "documents");
      g_assert_cmpstr (json_object_get_string_member (obj, "service_code"), ==, "NEW_BUILD");
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj, "fields"),
                                                      "quote"), ==, "a \"documents\" b\n");
      if (i == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj, "fields"),
                                                          "note"), ==, "documents");
          g_assert_cmpuint (json_array_get_length (ids), ==, 2);
          for (guint k = 0; k < 2; k++)
            g_assert_cmpstr (json_array_get_string_element (ids, k), ==,
                             ((PkOutboxDocument *) pk_outbox_item_get_documents (done)->pdata[k])->document_id);
        }
      else
        g_assert_cmpuint (json_array_get_length (ids), ==, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/outbox/classify", test_classify);
  g_test_add_func ("/outbox/backoff-schedule", test_backoff_schedule);
#define ADD(name, fn) \
  g_test_add ("/sender/" name, SenderFixture, NULL, ot_sender_set_up, fn, ot_sender_tear_down)
  ADD ("delivers", test_sender_delivers);
  ADD ("retries-same-key", test_sender_retries_same_key);
  ADD ("backoff-grows", test_sender_backoff_grows);
  ADD ("permanent", test_sender_permanent);
  ADD ("conflict-is-permanent", test_sender_conflict_is_permanent);
  ADD ("login", test_sender_login);
  ADD ("retry-now", test_sender_retry_now);
  ADD ("interrupted", test_sender_interrupted);
  ADD ("body", test_sender_body);
#undef ADD

  return g_test_run ();
}
