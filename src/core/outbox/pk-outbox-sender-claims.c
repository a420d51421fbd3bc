/* pk-outbox-sender-claims.c — the sender's jobs in flight, its backoff and its claims
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pk-outbox-sender-private.h"

/* --- journal ----------------------------------------------------------------------------- */

static void
journal_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PkJournalEntry) entry = pk_journal_append_finish (PK_JOURNAL (source), result, &error);

  /* Delivery does not wait for the journal, but a journal that cannot be written is a
   * technician's problem and must be loud. */
  if (entry == NULL)
    g_warning ("Cannot append to the journal: %s", error->message);
}

void
pk_outbox_sender_journal_append (PkOutboxSender *self,
                                 PkJournalKind   kind,
                                 PkOutboxItem   *item,
                                 const char     *outcome,
                                 gboolean        has_amount,
                                 gint64          amount_rial,
                                 JsonBuilder    *detail)
{
  g_autoptr(PkJournalEntry) entry = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (self->journal == NULL)
    return;

  json_builder_set_member_name (detail, "item_id");
  json_builder_add_int_value (detail, pk_outbox_item_get_id (item));
  json_builder_set_member_name (detail, "idempotency_key");
  json_builder_add_string_value (detail, pk_outbox_item_get_idempotency_key (item));
  json_builder_end_object (detail);
  root = json_builder_get_root (detail);

  entry = pk_journal_entry_new (kind, pk_outbox_item_get_operator_name (item), outcome);
  entry->service_code = g_strdup (pk_outbox_item_get_service_code (item));
  entry->tracking_code = g_strdup (pk_outbox_item_get_tracking_code (item));
  if (has_amount)
    pk_journal_entry_set_amount (entry, amount_rial);
  entry->detail_json = json_to_string (root, FALSE);
  pk_journal_append_async (self->journal, entry, NULL, journal_cb, NULL);
}

JsonBuilder *
pk_outbox_sender_detail_begin (void)
{
  JsonBuilder *b = json_builder_new ();

  json_builder_begin_object (b);
  return b;
}

/* --- jobs and the backoff ---------------------------------------------------------------- */

static PkOutboxJob *
job_new (PkOutboxSender *self,
         PkOutboxItem   *item)
{
  PkOutboxJob *job = g_new0 (PkOutboxJob, 1);

  job->self = g_object_ref (self);
  job->item = item;
  job->cancellable = g_object_ref (self->cancellable);
  job->episode = self->claim_episode;
  job->generation = self->claim_generation;
  g_ptr_array_add (self->jobs, job);
  return job;
}

/* The job's item has its new state: forget the job. */
void
pk_outbox_sender_job_remove (PkOutboxJob *job)
{
  PkOutboxSender *self = job->self;

  g_ptr_array_remove_fast (self->jobs, job);
  g_clear_object (&job->item);
  g_clear_object (&job->cancellable);
  g_clear_error (&job->reason);
  g_free (job);
  g_object_unref (self);
}

/* … and go on with the queue. */
void
pk_outbox_sender_job_done (PkOutboxJob *job)
{
  g_autoptr(PkOutboxSender) self = g_object_ref (job->self);

  pk_outbox_sender_job_remove (job);
  pk_outbox_sender_fill (self);
}

static gboolean
timeout_cb (gpointer user_data)
{
  PkOutboxSender *self = user_data;

  self->timeout_id = 0;
  self->holding = FALSE;
  pk_outbox_sender_fill (self);
  return G_SOURCE_REMOVE;
}

void
pk_outbox_sender_schedule (PkOutboxSender *self,
                           guint           delay_ms)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (delay_ms, timeout_cb, self);
}

/* Waiting out a backoff ends now: the operator asked, or there is a new session. */
void
pk_outbox_sender_stop_holding (PkOutboxSender *self)
{
  self->holding = FALSE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
}

/* A failure that may pass begins a backoff episode: nothing new goes out for @delay ms
 * (the timer starts once the failed item is back in the queue, see retry_marked_cb()), then
 * one item alone. */
void
pk_outbox_sender_back_off (PkOutboxSender *self,
                           guint           delay,
                           gint64          until_us)
{
  self->episode++;
  self->backoff_until_us = until_us;
  self->holding = TRUE;
  self->probing = TRUE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  pk_outbox_sender_update_current_delay (self, delay);
  pk_outbox_sender_update_status (self, PK_OUTBOX_SENDER_BACKING_OFF);
}

void
pk_outbox_sender_claim_free (gpointer data)
{
  PkOutboxClaim *claim = data;

  g_clear_object (&claim->item);
  g_free (claim);
}

gpointer
pk_outbox_sender_claim_op (PkOutbox  *outbox,
                           gpointer   data,
                           GError   **error)
{
  PkOutboxClaim *claim = g_new0 (PkOutboxClaim, 1);
  gint64 now = g_get_real_time ();

  claim->item = pk_outbox_claim_next (outbox, now, error);
  if (claim->item == NULL && (error == NULL || *error == NULL))
    claim->next_due_us = pk_outbox_get_next_due_us (outbox, error);
  if (error != NULL && *error != NULL)
    {
      pk_outbox_sender_claim_free (claim);
      return NULL;
    }
  return claim;
}

/* A claim is about to go to a worker thread: only one at a time. */
void
pk_outbox_sender_begin_claim (PkOutboxSender *self)
{
  g_assert (!self->claiming);
  self->claiming = TRUE;
  self->wake_pending = FALSE;
  self->claim_episode = self->episode;
  self->claim_generation = self->generation;
}

/* What a claim found: an item to send (a new job), nothing due, or an error. */
void
pk_outbox_sender_handle_claim (PkOutboxSender *self,
                               PkOutboxClaim  *claim,
                               const GError   *error)
{
  PkOutboxJob *job;

  g_assert (self->claiming);
  self->claiming = FALSE;

  if (claim == NULL)
    {
      guint delay = pk_outbox_backoff_delay_ms (++self->consecutive_failures, self->base_delay,
                                                self->max_delay, g_random_double ());

      g_warning ("Cannot read the outbox: %s", error->message);
      if (self->status != PK_OUTBOX_SENDER_STOPPED)
        {
          pk_outbox_sender_back_off (self, delay, g_get_real_time () + (gint64) delay * 1000);
          pk_outbox_sender_schedule (self, delay);
        }
      return;
    }

  if (claim->item == NULL)
    {
      if (self->status == PK_OUTBOX_SENDER_STOPPED || self->status == PK_OUTBOX_SENDER_NEEDS_LOGIN
          || self->holding)
        ;
      else if (self->wake_pending)
        pk_outbox_sender_fill (self);
      else if (self->jobs->len > 0)
        /* they look at the queue again when done */
        pk_outbox_sender_update_status (self, PK_OUTBOX_SENDER_SENDING);
      else
        {
          pk_outbox_sender_update_status (self, PK_OUTBOX_SENDER_IDLE);
          if (claim->next_due_us != G_MAXINT64)
            {
              gint64 wait_ms = (claim->next_due_us - g_get_real_time ()) / 1000 + 1;
              pk_outbox_sender_schedule (self, CLAMP (wait_ms, 0, G_MAXUINT));
            }
        }
      pk_outbox_sender_claim_free (claim);
      return;
    }

  job = job_new (self, g_steal_pointer (&claim->item));
  pk_outbox_sender_claim_free (claim);

  /* Claimed just before the sender stopped, paused for a login or began a backoff: straight
   * back to the queue, not counted as an attempt. */
  if (g_cancellable_is_cancelled (job->cancellable) || self->holding
      || self->status == PK_OUTBOX_SENDER_STOPPED || self->status == PK_OUTBOX_SENDER_NEEDS_LOGIN)
    {
      g_autoptr(GError) cancelled = g_error_new_literal (PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_CANCELLED,
                                                         _("Cancelled."));
      pk_outbox_sender_job_fail (job, cancelled);
      return;
    }

  pk_outbox_sender_update_status (self, PK_OUTBOX_SENDER_SENDING);
  if (pk_outbox_item_get_attempts (job->item) == 0)
    {
      g_autoptr(JsonBuilder) detail = pk_outbox_sender_detail_begin ();

      json_builder_set_member_name (detail, "documents");
      json_builder_add_int_value (detail, pk_outbox_item_get_documents (job->item)->len);
      pk_outbox_sender_journal_append (self, PK_JOURNAL_KIND_SUBMISSION, job->item, "sending",
                                       FALSE, 0, detail);
    }
  pk_outbox_sender_job_upload_next (job);
  pk_outbox_sender_fill (self);
}

static void
claim_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PkOutboxSender) self = user_data;
  g_autoptr(GError) error = NULL;
  PkOutboxClaim *claim = pk_outbox_run_finish (PK_OUTBOX (source), result, &error);

  pk_outbox_sender_handle_claim (self, claim, error);
}

/* Claims the next due item if there is room for one more in flight. Every event that may
 * make room or make work calls this: a job done, a claim done, a wake, the timer. */
void
pk_outbox_sender_fill (PkOutboxSender *self)
{
  guint limit = self->probing ? 1 : self->max_in_flight;

  if (self->status == PK_OUTBOX_SENDER_STOPPED || self->status == PK_OUTBOX_SENDER_NEEDS_LOGIN
      || self->holding || self->recovering)
    return;
  if (self->claiming)
    {
      self->wake_pending = TRUE;
      return;
    }
  if (self->jobs->len >= limit)
    return;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  pk_outbox_sender_begin_claim (self);
  pk_outbox_run_async (self->outbox, pk_outbox_sender_claim_op, NULL, NULL,
                       pk_outbox_sender_claim_free, NULL, claim_cb, g_object_ref (self));
}
