/* pk-outbox-sender-recover.c — acknowledgements a kill -9 kept out of the journal
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The outbox and the journal are two databases, and the sender journals an acknowledgement
 * after the outbox has recorded the delivery (the delivery must be durable first: it is what
 * keeps an item from being sent twice). A kill -9 between the two commits left a delivered item
 * without its acknowledgement: the supervisor's day understated what the server has (24 of
 * 1,000 items in a run with kills). So when the sender starts, before anything is sent in this
 * run, every delivered item the journal holds no acknowledgement for gets it now, from what
 * the outbox kept of the server's answer; an item the journal has one for gets none, so each
 * is acknowledged exactly once.
 */
#include "config.h"

#include "pk-api-parse.h"
#include "pk-outbox-sender-private.h"

typedef struct
{
  PkOutbox  *outbox;
  PkJournal *journal;
} Recover;

static void
recover_free (gpointer data)
{
  Recover *r = data;

  g_object_unref (r->outbox);
  g_object_unref (r->journal);
  g_free (r);
}

/* Worker thread: the delivered items without an acknowledgement in the journal. */
static void
find_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Recover *r = task_data;
  g_autoptr(GPtrArray) delivered = NULL;
  g_autoptr(GHashTable) acknowledged = NULL;
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_object_unref);
  GError *error = NULL;

  acknowledged = pk_journal_dup_idempotency_keys (r->journal, PK_JOURNAL_KIND_ACKNOWLEDGEMENT,
                                                  &error);
  if (acknowledged != NULL)
    delivered = pk_outbox_list (r->outbox, PK_OUTBOX_STATE_DELIVERED, &error);
  if (delivered == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < delivered->len; i++)
    {
      PkOutboxItem *item = delivered->pdata[i];

      if (!g_hash_table_contains (acknowledged, pk_outbox_item_get_idempotency_key (item)))
        g_ptr_array_add (missing, g_object_ref (item));
    }
  g_task_return_pointer (task, g_steal_pointer (&missing), (GDestroyNotify) g_ptr_array_unref);
}

static void
found_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  PkOutboxSender *self = PK_OUTBOX_SENDER (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) missing = g_task_propagate_pointer (G_TASK (result), &error);

  self->recovering = FALSE;
  if (missing == NULL)
    {
      g_warning ("Acknowledgements could not be checked against the journal: %s",
                 error->message);
      pk_outbox_sender_fill (self);
      return;
    }
  for (guint i = 0; i < missing->len; i++)
    {
      PkOutboxItem *item = missing->pdata[i];
      g_autoptr(JsonBuilder) detail = pk_outbox_sender_detail_begin ();
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(PkApiSubmission) sub = NULL;
      const char *text = pk_outbox_item_get_answer_json (item);

      answer = text ? json_from_string (text, NULL) : NULL;
      sub = answer ? pk_api_parse_submission (answer, NULL) : NULL;
      json_builder_set_member_name (detail, "application_id");
      json_builder_add_string_value (detail, pk_outbox_item_get_application_id (item));
      json_builder_set_member_name (detail, "replayed");
      json_builder_add_boolean_value (detail, sub ? sub->replayed : FALSE);
      json_builder_set_member_name (detail, "recovered");
      json_builder_add_boolean_value (detail, TRUE);
      pk_outbox_sender_journal_append (self, PK_JOURNAL_KIND_ACKNOWLEDGEMENT, item, "delivered",
                                       sub != NULL, sub ? sub->total_rial : 0, detail);
    }
  if (missing->len > 0)
    g_message ("Journaled %u acknowledgement(s) that an interrupted run left out", missing->len);
  pk_outbox_sender_fill (self);
}

/* Runs once per sender, from its first start: an item delivered in this run is journaled by
 * its own delivery, and nothing is sent (pk_outbox_sender_fill() waits for `recovering`)
 * until the search below has listed the outbox, so no item is acknowledged twice. */
void
pk_outbox_sender_recover_acknowledgements (PkOutboxSender *self)
{
  g_autoptr(GTask) task = NULL;
  Recover *r;

  if (self->journal == NULL || self->recovered)
    return;
  self->recovered = TRUE;
  self->recovering = TRUE;
  r = g_new0 (Recover, 1);
  r->outbox = g_object_ref (self->outbox);
  r->journal = g_object_ref (self->journal);
  /* The task holds the sender until the search is back, stopped or not. */
  task = g_task_new (self, NULL, found_cb, NULL);
  g_task_set_source_tag (task, pk_outbox_sender_recover_acknowledgements);
  g_task_set_task_data (task, r, recover_free);
  g_task_run_in_thread (task, find_thread);
}
