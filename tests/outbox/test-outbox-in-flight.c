/* test-outbox-in-flight.c — the sender with several items on their way at once: the limit,
 * refusals and failures among them, stop and login while they fly
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

/* --- several in flight ------------------------------------------------------------------- */

static gboolean
flushed_counts (SenderFixture *sf,
                guint          pending,
                guint          sending)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return pk_outbox_get_n_pending (sf->f.outbox) == pending
         && pk_outbox_get_n_sending (sf->f.outbox) == sending;
}

/* Index of the held call that carries @key's submit. */
static guint
held_index (SenderFixture *sf,
            PkOutboxItem  *item)
{
  for (guint i = 0; i < fake_submitter_n_held (sf->fake); i++)
    if (g_strcmp0 (fake_submitter_held_key (sf->fake, i), pk_outbox_item_get_idempotency_key (item)) == 0)
      return i;
  g_assert_not_reached ();
}

/* Answers every held call with success as it comes, until @n items are delivered. */
static void
answer_until_delivered (SenderFixture *sf,
                        guint          n)
{
  guint t = g_timeout_add_seconds (20, ot_timeout_fail, (gpointer) "answer_until_delivered");

  while (sf->delivered < n)
    {
      if (fake_submitter_n_held (sf->fake) > 0)
        fake_submitter_answer_held (sf->fake, 0, NULL);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (t);
  g_assert_cmpuint (fake_submitter_n_held (sf->fake), ==, 0);
  fake_submitter_set_hold (sf->fake, FALSE);
}

/* Never more than max-in-flight items on their way, every one of them counted as sending,
 * and a slot that frees up is taken by the next item at once. */
static void
test_sender_in_flight_limit (SenderFixture *sf,
                             gconstpointer  data)
{
  PkOutboxItem *items[6];

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    items[i] = ot_enqueue (&sf->f, 0);
  fake_submitter_set_hold (sf->fake, TRUE);
  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (fake_submitter_n_held (sf->fake) == 3);
  ot_run_for (100);
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 3);
  g_assert_true (flushed_counts (sf, 3, 3));
  g_assert_cmpint (pk_outbox_sender_get_status (sf->sender), ==, PK_OUTBOX_SENDER_SENDING);
  /* The oldest three. */
  for (guint i = 0; i < 3; i++)
    held_index (sf, items[i]);

  /* The second answers first: its slot goes to the fourth item. */
  fake_submitter_answer_held (sf->fake, held_index (sf, items[1]), NULL);
  WAIT_UNTIL (sf->delivered == 1 && fake_submitter_n_held (sf->fake) == 3);
  held_index (sf, items[3]);
  ot_run_for (50);
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 4);
  g_assert_true (flushed_counts (sf, 2, 3));

  /* Fewer slots while running: the ones in flight finish, no new one starts until there is
   * room under the new limit. */
  pk_outbox_sender_set_max_in_flight (sf->sender, 1);
  fake_submitter_answer_held (sf->fake, 0, NULL);
  fake_submitter_answer_held (sf->fake, 0, NULL);
  WAIT_UNTIL (sf->delivered == 3);
  ot_run_for (50);
  g_assert_cmpuint (fake_submitter_n_held (sf->fake), ==, 1);
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 4);
  fake_submitter_answer_held (sf->fake, 0, NULL);
  WAIT_UNTIL (fake_submitter_n_held (sf->fake) == 1);
  g_assert_true (flushed_counts (sf, 1, 1));
  answer_until_delivered (sf, 6);
  WAIT_UNTIL (pk_outbox_sender_get_status (sf->sender) == PK_OUTBOX_SENDER_IDLE);
  g_assert_true (flushed_counts (sf, 0, 0));
  g_assert_cmpuint (pk_outbox_get_n_delivered (sf->f.outbox), ==, 6);
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 6);
  ot_assert_journal (sf, 6, 6);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    g_object_unref (items[i]);
}

/* A 422 on one item while the others in flight are accepted: the refused one goes back to
 * the wizard with its fields and is not retried; the others are delivered; no backoff. */
static void
test_sender_in_flight_refusal (SenderFixture *sf,
                               gconstpointer  data)
{
  g_autoptr(PkOutboxItem) a = ot_enqueue (&sf->f, 0);
  g_autoptr(PkOutboxItem) b = ot_enqueue (&sf->f, 1);
  g_autoptr(PkOutboxItem) c = ot_enqueue (&sf->f, 0);
  g_autoptr(PkOutboxItem) failed = NULL;
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_hash_table_insert (fields, g_strdup ("fields.floors"), g_strdup ("out_of_range"));
  fake_submitter_set_hold (sf->fake, TRUE);
  pk_outbox_sender_start (sf->sender);
  /* b's upload is held too: answer it so that its post comes. */
  WAIT_UNTIL (fake_submitter_n_uploads (sf->fake) == 1 && fake_submitter_n_held (sf->fake) == 3);
  for (guint i = 0; i < 3; i++)
    if (fake_submitter_held_key (sf->fake, i) == NULL)
      {
        fake_submitter_answer_held (sf->fake, i, NULL);
        break;
      }
  WAIT_UNTIL (fake_submitter_n_submits (sf->fake) == 3 && fake_submitter_n_held (sf->fake) == 3);

  fake_submitter_answer_held (sf->fake, held_index (sf, b),
                              pk_api_error_new_from_server (422, "validation", "نامعتبر",
                                                            g_steal_pointer (&fields), 0));
  WAIT_UNTIL (sf->failed == 1);
  g_assert_cmpint (pk_outbox_sender_get_status (sf->sender), ==, PK_OUTBOX_SENDER_SENDING);
  fake_submitter_answer_held (sf->fake, held_index (sf, c), NULL);
  fake_submitter_answer_held (sf->fake, held_index (sf, a), NULL);
  WAIT_UNTIL (sf->delivered == 2);
  fake_submitter_set_hold (sf->fake, FALSE);
  ot_run_for (300);   /* longer than the max backoff: nothing is retried on its own */
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 3);
  g_assert_cmpint (pk_outbox_sender_get_status (sf->sender), ==, PK_OUTBOX_SENDER_IDLE);
  g_assert_cmpuint (pk_outbox_sender_get_current_delay (sf->sender), ==, 0);
  for (guint i = 0; i < sf->statuses->len; i++)
    g_assert_cmpint (GPOINTER_TO_INT (sf->statuses->pdata[i]), !=, PK_OUTBOX_SENDER_BACKING_OFF);

  failed = pk_outbox_get_item (sf->f.outbox, pk_outbox_item_get_id (b), FALSE, NULL);
  g_assert_cmpint (pk_outbox_item_get_state (failed), ==, PK_OUTBOX_STATE_FAILED);
  g_assert_cmpstr (g_hash_table_lookup (pk_outbox_item_get_error_fields (failed), "fields.floors"),
                   ==, "out_of_range");
  g_assert_true (flushed_counts (sf, 0, 0));
  g_assert_cmpuint (pk_outbox_get_n_failed (sf->f.outbox), ==, 1);
  g_assert_cmpuint (pk_outbox_get_n_delivered (sf->f.outbox), ==, 2);
  ot_assert_journal (sf, 3, 3);
}

/* A network failure of one item in flight begins one backoff: the others in flight finish;
 * one that fails too joins the same backoff instead of making it longer; nothing new goes
 * out until the delay is over; then one item alone until it gets through, then three again. */
static void
test_sender_in_flight_failure (SenderFixture *sf,
                               gconstpointer  data)
{
  PkOutboxItem *items[5];
  g_autoptr(PkOutboxItem) reread = NULL;
  guint delay;
  gint64 t_fail;

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    items[i] = ot_enqueue (&sf->f, 0);
  pk_outbox_sender_set_base_delay (sf->sender, 200);
  pk_outbox_sender_set_max_delay (sf->sender, 2000);
  fake_submitter_set_hold (sf->fake, TRUE);
  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (fake_submitter_n_held (sf->fake) == 3);

  t_fail = g_get_monotonic_time ();
  fake_submitter_answer_held (sf->fake, held_index (sf, items[0]),
                              g_error_new_literal (PK_API_ERROR, PK_API_ERROR_NETWORK, "down"));
  WAIT_UNTIL (pk_outbox_sender_get_status (sf->sender) == PK_OUTBOX_SENDER_BACKING_OFF);
  delay = pk_outbox_sender_get_current_delay (sf->sender);
  g_assert_cmpuint (delay, >=, 200);
  g_assert_cmpuint (delay, <=, 250);
  /* The other two were sent before the failure: one gets through, one fails as well. */
  fake_submitter_answer_held (sf->fake, held_index (sf, items[1]), NULL);
  fake_submitter_answer_held (sf->fake, held_index (sf, items[2]),
                              g_error_new_literal (PK_API_ERROR, PK_API_ERROR_TIMEOUT, "slow"));
  WAIT_UNTIL (sf->delivered == 1 && flushed_counts (sf, 4, 0));
  g_assert_cmpint (pk_outbox_sender_get_status (sf->sender), ==, PK_OUTBOX_SENDER_BACKING_OFF);
  g_assert_cmpuint (pk_outbox_sender_get_current_delay (sf->sender), ==, delay);
  reread = pk_outbox_get_item (sf->f.outbox, pk_outbox_item_get_id (items[2]), FALSE, NULL);
  g_assert_cmpuint (pk_outbox_item_get_attempts (reread), ==, 1);
  g_assert_cmpstr (pk_outbox_item_get_last_error (reread), ==, "slow");
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 3);

  /* After the delay: one probe only. The failed items were rescheduled to the end of the
   * delay, so an item that has not failed yet goes first. */
  WAIT_UNTIL (fake_submitter_n_held (sf->fake) == 1);
  g_assert_cmpint ((g_get_monotonic_time () - t_fail) / 1000, >=, delay);
  g_assert_cmpstr (fake_submitter_held_key (sf->fake, 0), ==,
                   pk_outbox_item_get_idempotency_key (items[3]));
  ot_run_for (100);
  g_assert_cmpuint (fake_submitter_n_held (sf->fake), ==, 1);
  g_assert_true (flushed_counts (sf, 3, 1));
  fake_submitter_answer_held (sf->fake, 0, NULL);
  /* Through: three at a time again. */
  WAIT_UNTIL (fake_submitter_n_held (sf->fake) == 3);
  g_assert_cmpuint (pk_outbox_sender_get_current_delay (sf->sender), ==, 0);
  g_assert_cmpint (pk_outbox_sender_get_status (sf->sender), ==, PK_OUTBOX_SENDER_SENDING);
  answer_until_delivered (sf, 5);
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 7);
  WAIT_UNTIL (pk_outbox_sender_get_status (sf->sender) == PK_OUTBOX_SENDER_IDLE);
  g_assert_true (flushed_counts (sf, 0, 0));
  g_clear_object (&reread);
  reread = pk_outbox_get_item (sf->f.outbox, pk_outbox_item_get_id (items[0]), FALSE, NULL);
  g_assert_cmpuint (pk_outbox_item_get_attempts (reread), ==, 2);
  ot_assert_journal (sf, 5, 5);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    g_object_unref (items[i]);
}

/* stop() with three items in flight (two posts, one upload): every call is cancelled, every
 * item is back in the queue with no attempt counted, nothing more is sent; a new sender
 * delivers them all with the same keys and bodies, the uploaded document not sent again. */
static void
test_sender_stop_in_flight (SenderFixture *sf,
                            gconstpointer  data)
{
  PkOutboxItem *items[4];
  g_autoptr(PkOutboxSender) second = NULL;
  g_autoptr(GHashTable) first_bodies = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *keys, *bodies;
  guint n_first;

  items[0] = ot_enqueue (&sf->f, 0);
  items[1] = ot_enqueue (&sf->f, 2);
  items[2] = ot_enqueue (&sf->f, 0);
  items[3] = ot_enqueue (&sf->f, 0);
  fake_submitter_set_hold (sf->fake, TRUE);
  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (fake_submitter_n_held (sf->fake) == 3 && fake_submitter_n_submits (sf->fake) == 2);
  /* The first of item 1's documents gets through; its second is held. */
  for (guint i = 0; i < 3; i++)
    if (fake_submitter_held_key (sf->fake, i) == NULL)
      {
        fake_submitter_answer_held (sf->fake, i, NULL);
        break;
      }
  WAIT_UNTIL (fake_submitter_n_uploads (sf->fake) == 2 && fake_submitter_n_held (sf->fake) == 3);
  g_assert_true (flushed_counts (sf, 1, 3));

  pk_outbox_sender_stop (sf->sender);
  WAIT_UNTIL (flushed_counts (sf, 4, 0));
  g_assert_cmpint (pk_outbox_sender_get_status (sf->sender), ==, PK_OUTBOX_SENDER_STOPPED);
  ot_run_for (200);
  n_first = fake_submitter_n_submits (sf->fake);
  g_assert_cmpuint (n_first, ==, 2);
  g_assert_cmpuint (fake_submitter_n_uploads (sf->fake), ==, 2);
  g_assert_cmpuint (sf->delivered, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(PkOutboxItem) reread = pk_outbox_get_item (sf->f.outbox, pk_outbox_item_get_id (items[i]),
                                                           FALSE, NULL);

      g_assert_cmpint (pk_outbox_item_get_state (reread), ==, PK_OUTBOX_STATE_PENDING);
      g_assert_cmpuint (pk_outbox_item_get_attempts (reread), ==, 0);
    }
  keys = fake_submitter_get_keys (sf->fake);
  bodies = fake_submitter_get_bodies (sf->fake);
  for (guint i = 0; i < n_first; i++)
    g_hash_table_insert (first_bodies, keys->pdata[i], bodies->pdata[i]);
  /* Its second document is sent again when the sender resumes, not its first. */
  g_assert_cmpint (ot_raw_count (sf->f.path,
                                 "SELECT count(*) FROM document WHERE document_id IS NOT NULL"),
                   ==, 1);

  fake_submitter_set_hold (sf->fake, FALSE);
  second = pk_outbox_sender_new (sf->f.outbox, PK_SUBMITTER (sf->fake), NULL);
  pk_outbox_sender_start (second);
  WAIT_UNTIL (pk_outbox_get_n_delivered (sf->f.outbox) == 4);
  g_assert_cmpuint (fake_submitter_n_uploads (sf->fake), ==, 3);
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, n_first + 4);
  for (guint i = n_first; i < keys->len; i++)
    {
      const char *before = g_hash_table_lookup (first_bodies, keys->pdata[i]);

      if (before != NULL)
        g_assert_cmpstr (bodies->pdata[i], ==, before);
    }
  pk_outbox_sender_stop (second);
  ot_wait_until_unref (G_OBJECT (second));
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    g_object_unref (items[i]);
}

/* The session expires with three in flight: one login-required, the items back in the queue
 * without an attempt counted; the refusal of a call made with a token older than the newest
 * one does not pause the sender again. */
static void
test_sender_login_in_flight (SenderFixture *sf,
                             gconstpointer  data)
{
  PkOutboxItem *items[4];
  g_autoptr(PkOutboxItem) reread = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    items[i] = ot_enqueue (&sf->f, 0);
  fake_submitter_set_hold (sf->fake, TRUE);
  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (fake_submitter_n_held (sf->fake) == 3);

  fake_submitter_answer_held (sf->fake, 0, pk_api_error_new_from_server (401, "token_expired", "x", NULL, 0));
  fake_submitter_answer_held (sf->fake, 0, pk_api_error_new_from_server (401, "token_expired", "x", NULL, 0));
  WAIT_UNTIL (sf->login_required == 1 && flushed_counts (sf, 3, 1));
  g_assert_cmpint (pk_outbox_sender_get_status (sf->sender), ==, PK_OUTBOX_SENDER_NEEDS_LOGIN);

  /* Logged in again while the third call (made with the old token) is still out. */
  pk_submitter_emit_ready (PK_SUBMITTER (sf->fake));
  WAIT_UNTIL (fake_submitter_n_held (sf->fake) == 3);
  g_assert_cmpint (pk_outbox_sender_get_status (sf->sender), ==, PK_OUTBOX_SENDER_SENDING);
  reread = pk_outbox_get_item (sf->f.outbox, pk_outbox_item_get_id (items[2]), FALSE, NULL);
  g_assert_cmpint (pk_outbox_item_get_state (reread), ==, PK_OUTBOX_STATE_SENDING);
  fake_submitter_answer_held (sf->fake, held_index (sf, items[2]),
                              pk_api_error_new_from_server (401, "token_expired", "x", NULL, 0));
  ot_run_for (100);
  g_assert_cmpint (pk_outbox_sender_get_status (sf->sender), ==, PK_OUTBOX_SENDER_SENDING);
  g_assert_cmpuint (sf->login_required, ==, 1);
  answer_until_delivered (sf, 4);
  /* A call refused for the session was no attempt: the item's next one, its first counted,
   * is journaled as a submission again (three of them here). */
  ot_assert_journal (sf, 7, 4);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_clear_object (&reread);
      reread = pk_outbox_get_item (sf->f.outbox, pk_outbox_item_get_id (items[i]), FALSE, NULL);
      g_assert_cmpuint (pk_outbox_item_get_attempts (reread), ==, 1);
      g_object_unref (items[i]);
    }
}

/* Paused for a login, a network failure of an item still on its way does not turn the pause
 * into a backoff that would end by itself: only a new token resumes. */
static void
test_sender_failure_while_paused (SenderFixture *sf,
                                  gconstpointer  data)
{
  PkOutboxItem *items[3];
  g_autoptr(PkOutboxItem) reread = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    items[i] = ot_enqueue (&sf->f, 0);
  fake_submitter_set_hold (sf->fake, TRUE);
  pk_outbox_sender_start (sf->sender);
  WAIT_UNTIL (fake_submitter_n_held (sf->fake) == 3);
  fake_submitter_answer_held (sf->fake, held_index (sf, items[0]),
                              pk_api_error_new_from_server (401, "token_expired", "x", NULL, 0));
  WAIT_UNTIL (sf->login_required == 1);
  fake_submitter_answer_held (sf->fake, held_index (sf, items[1]),
                              g_error_new_literal (PK_API_ERROR, PK_API_ERROR_NETWORK, "down"));
  WAIT_UNTIL (flushed_counts (sf, 2, 1));
  ot_run_for (300);   /* longer than the max backoff */
  g_assert_cmpint (pk_outbox_sender_get_status (sf->sender), ==, PK_OUTBOX_SENDER_NEEDS_LOGIN);
  g_assert_cmpuint (fake_submitter_n_submits (sf->fake), ==, 3);
  reread = pk_outbox_get_item (sf->f.outbox, pk_outbox_item_get_id (items[1]), FALSE, NULL);
  g_assert_cmpuint (pk_outbox_item_get_attempts (reread), ==, 1);

  pk_submitter_emit_ready (PK_SUBMITTER (sf->fake));
  answer_until_delivered (sf, 3);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    g_object_unref (items[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) \
  g_test_add ("/sender/" name, SenderFixture, NULL, ot_sender_set_up, fn, ot_sender_tear_down)
  ADD ("in-flight-limit", test_sender_in_flight_limit);
  ADD ("in-flight-refusal", test_sender_in_flight_refusal);
  ADD ("in-flight-failure", test_sender_in_flight_failure);
  ADD ("stop-in-flight", test_sender_stop_in_flight);
  ADD ("login-in-flight", test_sender_login_in_flight);
  ADD ("failure-while-paused", test_sender_failure_while_paused);
#undef ADD

  return g_test_run ();
}
