/* pk-outbox-sender.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "pk-api-error.h"
#include "pk-json-util.h"
#include "pk-outbox-private.h"
#include "pk-outbox-sender.h"

/* Drains the outbox in the background with up to max-in-flight items on their way at once:
 * each is claimed, has its documents without a server id uploaded (each id committed before
 * going on), is posted with its idempotency key, and has the answer stored. A single sender
 * would leave the server idle while this process records an answer and claims the next item,
 * and this process idle while the server works; a few items in flight let the two overlap.
 *
 * Runs on the main context it was created in; every database step is an async operation on
 * a worker thread, every network step goes through the #PkSubmitter. Database steps are not
 * cancellable (each is one short transaction that must land); network steps are.
 *
 * Exactly once does not depend on how many items are in flight: each item is claimed by one
 * job (the claim marks it sending in the database), keeps its own key and body, and any
 * re-send is answered from the server's idempotency store.
 *
 * Backoff is sender-wide, keyed on consecutive failures: when the network or the server is
 * down every item would fail the same way, so hammering the next item right away helps no
 * one. With several items in flight an outage fails all of them at about the same time; only
 * the first failure of an episode makes the delay longer (the others were sent before it and
 * say nothing new: they are rescheduled to the end of the same delay). After the delay one
 * item goes alone, and the others follow once it got through. A retried item is rescheduled
 * to the end of the delay, and the queue is taken by due time, so a single item the server
 * keeps failing on rotates to the back instead of blocking the others. */

struct _PkOutboxSender
{
  GObject               parent_instance;

  /* owned */
  PkOutbox             *outbox;
  PkSubmitter          *submitter;
  PkJournal            *journal;
  GCancellable         *cancellable;
  GPtrArray            *jobs;               /* Job: the items in flight */

  PkOutboxSenderStatus  status;
  guint                 base_delay;
  guint                 max_delay;
  guint                 current_delay;
  guint                 max_in_flight;
  guint                 consecutive_failures;
  guint                 episode;            /* backoffs begun so far, see job_fail() */
  guint                 generation;         /* session tokens so far, see on_submitter_ready() */
  guint                 claim_episode;      /* both as they were when the claim was made */
  guint                 claim_generation;
  gint64                backoff_until_us;
  guint                 timeout_id;         /* the end of the backoff, or the next due item */
  gboolean              holding;            /* backing off: nothing new goes out */
  gboolean              probing;            /* after a backoff: one item until one gets through */
  gboolean              claiming;           /* a claim is on a worker thread */
  gboolean              wake_pending;       /* asked to look at the queue while claiming */
};

enum {
  PROP_0,
  PROP_OUTBOX,
  PROP_SUBMITTER,
  PROP_JOURNAL,
  PROP_STATUS,
  PROP_BASE_DELAY,
  PROP_MAX_DELAY,
  PROP_CURRENT_DELAY,
  PROP_MAX_IN_FLIGHT,
  N_PROPS
};

enum {
  ITEM_DELIVERED,
  ITEM_FAILED,
  LOGIN_REQUIRED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PkOutboxSender, pk_outbox_sender, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PkOutboxSenderStatus, pk_outbox_sender_status,
                    G_DEFINE_ENUM_VALUE (PK_OUTBOX_SENDER_STOPPED, "stopped"),
                    G_DEFINE_ENUM_VALUE (PK_OUTBOX_SENDER_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (PK_OUTBOX_SENDER_SENDING, "sending"),
                    G_DEFINE_ENUM_VALUE (PK_OUTBOX_SENDER_BACKING_OFF, "backing-off"),
                    G_DEFINE_ENUM_VALUE (PK_OUTBOX_SENDER_NEEDS_LOGIN, "needs-login"))

/* One item on its way: from its claim until its new state is committed. */
typedef struct
{
  PkOutboxSender *self;            /* a reference: the sender outlives its jobs */
  PkOutboxItem   *item;            /* the claimed snapshot, ours alone */
  GCancellable   *cancellable;     /* the sender's when claimed: stop() cancels it */
  guint           episode;         /* the sender's backoff episode when claimed */
  guint           generation;      /* the sender's session generation when claimed */
  guint           backoff_episode; /* the episode its failure began, or 0 */
  GError         *reason;          /* why the server refused it, for the journal */
  gboolean        asks_login;      /* its failure paused the sender for a login */
  gboolean        claims_next;     /* its delivery step also claims the next item */
} Job;

static void fill (PkOutboxSender *self);
static void job_upload_next (Job *job);
static void job_fail (Job *job, const GError *error);

/**
 * pk_outbox_classify_error:
 * @error: why an attempt failed
 *
 * Returns: what the sender does about it. Errors outside %PK_API_ERROR (a local database
 *   hiccup, a document that arrived damaged) are retried: giving up on an application is
 *   only ever the server's call.
 */
PkOutboxVerdict
pk_outbox_classify_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, PK_OUTBOX_VERDICT_RETRY);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_error_matches (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_CANCELLED))
    return PK_OUTBOX_VERDICT_CANCELLED;
  if (error->domain != PK_API_ERROR)
    return PK_OUTBOX_VERDICT_RETRY;

  switch ((PkApiError) error->code)
    {
    case PK_API_ERROR_CANCELLED:
      return PK_OUTBOX_VERDICT_CANCELLED;
    case PK_API_ERROR_UNAUTHORIZED:
    case PK_API_ERROR_TOKEN_EXPIRED:
    case PK_API_ERROR_INVALID_CREDENTIALS:
      return PK_OUTBOX_VERDICT_LOGIN;
    default:
      return pk_api_error_is_retryable (error) ? PK_OUTBOX_VERDICT_RETRY
                                               : PK_OUTBOX_VERDICT_PERMANENT;
    }
}

/**
 * pk_outbox_backoff_delay_ms:
 * @failures: consecutive failures so far, from 1
 * @base_ms: the first delay
 * @max_ms: the cap
 * @random01: a uniform random number in [0, 1) for the jitter
 *
 * Exponential backoff, base × 2^(failures−1), with ±25 % jitter so that the kiosks of a city
 * do not all come back at the same second after an outage; the result is clamped to
 * [@base_ms, @max_ms].
 *
 * Returns: the delay in milliseconds
 */
guint
pk_outbox_backoff_delay_ms (guint  failures,
                            guint  base_ms,
                            guint  max_ms,
                            double random01)
{
  double delay;

  g_return_val_if_fail (base_ms <= max_ms, max_ms);

  if (failures == 0)
    return 0;
  delay = ldexp ((double) base_ms, (int) MIN (failures - 1, 62));
  delay = MIN (delay, (double) max_ms);
  delay *= 0.75 + 0.5 * CLAMP (random01, 0.0, 1.0);
  return (guint) CLAMP (delay, (double) base_ms, (double) max_ms);
}

static void
set_status (PkOutboxSender       *self,
            PkOutboxSenderStatus  status)
{
  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
set_current_delay (PkOutboxSender *self,
                   guint           delay)
{
  if (self->current_delay == delay)
    return;
  self->current_delay = delay;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_DELAY]);
}

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

static void
journal_append (PkOutboxSender *self,
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

static JsonBuilder *
detail_begin (void)
{
  JsonBuilder *b = json_builder_new ();

  json_builder_begin_object (b);
  return b;
}

/* --- jobs and the backoff ---------------------------------------------------------------- */

static Job *
job_new (PkOutboxSender *self,
         PkOutboxItem   *item)
{
  Job *job = g_new0 (Job, 1);

  job->self = g_object_ref (self);
  job->item = item;
  job->cancellable = g_object_ref (self->cancellable);
  job->episode = self->claim_episode;
  job->generation = self->claim_generation;
  g_ptr_array_add (self->jobs, job);
  return job;
}

/* The job's item has its new state: forget the job. */
static void
job_remove (Job *job)
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
static void
job_done (Job *job)
{
  g_autoptr(PkOutboxSender) self = g_object_ref (job->self);

  job_remove (job);
  fill (self);
}

static gboolean
timeout_cb (gpointer user_data)
{
  PkOutboxSender *self = user_data;

  self->timeout_id = 0;
  self->holding = FALSE;
  fill (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (PkOutboxSender *self,
          guint           delay_ms)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (delay_ms, timeout_cb, self);
}

/* Waiting out a backoff ends now: the operator asked, or there is a new session. */
static void
stop_holding (PkOutboxSender *self)
{
  self->holding = FALSE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
}

/* A failure that may pass begins a backoff episode: nothing new goes out for @delay ms
 * (the timer starts once the failed item is back in the queue, see retry_marked_cb()), then
 * one item alone. */
static void
back_off (PkOutboxSender *self,
          guint           delay,
          gint64          until_us)
{
  self->episode++;
  self->backoff_until_us = until_us;
  self->holding = TRUE;
  self->probing = TRUE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  set_current_delay (self, delay);
  set_status (self, PK_OUTBOX_SENDER_BACKING_OFF);
}

typedef struct
{
  PkOutboxItem *item;
  gint64        next_due_us;
} Claim;

static void
claim_free (gpointer data)
{
  Claim *claim = data;

  g_clear_object (&claim->item);
  g_free (claim);
}

static gpointer
claim_op (PkOutbox  *outbox,
          gpointer   data,
          GError   **error)
{
  Claim *claim = g_new0 (Claim, 1);
  gint64 now = g_get_real_time ();

  claim->item = pk_outbox_claim_next (outbox, now, error);
  if (claim->item == NULL && (error == NULL || *error == NULL))
    claim->next_due_us = pk_outbox_get_next_due_us (outbox, error);
  if (error != NULL && *error != NULL)
    {
      claim_free (claim);
      return NULL;
    }
  return claim;
}

/* A claim is about to go to a worker thread: only one at a time. */
static void
begin_claim (PkOutboxSender *self)
{
  g_assert (!self->claiming);
  self->claiming = TRUE;
  self->wake_pending = FALSE;
  self->claim_episode = self->episode;
  self->claim_generation = self->generation;
}

/* What a claim found: an item to send (a new job), nothing due, or an error. */
static void
handle_claim (PkOutboxSender *self,
              Claim          *claim,
              const GError   *error)
{
  Job *job;

  g_assert (self->claiming);
  self->claiming = FALSE;

  if (claim == NULL)
    {
      guint delay = pk_outbox_backoff_delay_ms (++self->consecutive_failures, self->base_delay,
                                                self->max_delay, g_random_double ());

      g_warning ("Cannot read the outbox: %s", error->message);
      if (self->status != PK_OUTBOX_SENDER_STOPPED)
        {
          back_off (self, delay, g_get_real_time () + (gint64) delay * 1000);
          schedule (self, delay);
        }
      return;
    }

  if (claim->item == NULL)
    {
      if (self->status == PK_OUTBOX_SENDER_STOPPED || self->status == PK_OUTBOX_SENDER_NEEDS_LOGIN
          || self->holding)
        ;
      else if (self->wake_pending)
        fill (self);
      else if (self->jobs->len > 0)
        set_status (self, PK_OUTBOX_SENDER_SENDING);   /* they look at the queue again when done */
      else
        {
          set_status (self, PK_OUTBOX_SENDER_IDLE);
          if (claim->next_due_us != G_MAXINT64)
            {
              gint64 wait_ms = (claim->next_due_us - g_get_real_time ()) / 1000 + 1;
              schedule (self, CLAMP (wait_ms, 0, G_MAXUINT));
            }
        }
      claim_free (claim);
      return;
    }

  job = job_new (self, g_steal_pointer (&claim->item));
  claim_free (claim);

  /* Claimed just before the sender stopped, paused for a login or began a backoff: straight
   * back to the queue, not counted as an attempt. */
  if (g_cancellable_is_cancelled (job->cancellable) || self->holding
      || self->status == PK_OUTBOX_SENDER_STOPPED || self->status == PK_OUTBOX_SENDER_NEEDS_LOGIN)
    {
      g_autoptr(GError) cancelled = g_error_new_literal (PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_CANCELLED,
                                                         _("Cancelled."));
      job_fail (job, cancelled);
      return;
    }

  set_status (self, PK_OUTBOX_SENDER_SENDING);
  if (pk_outbox_item_get_attempts (job->item) == 0)
    {
      g_autoptr(JsonBuilder) detail = detail_begin ();

      json_builder_set_member_name (detail, "documents");
      json_builder_add_int_value (detail, pk_outbox_item_get_documents (job->item)->len);
      journal_append (self, PK_JOURNAL_KIND_SUBMISSION, job->item, "sending", FALSE, 0, detail);
    }
  job_upload_next (job);
  fill (self);
}

static void
claim_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PkOutboxSender) self = user_data;
  g_autoptr(GError) error = NULL;
  Claim *claim = pk_outbox_run_finish (PK_OUTBOX (source), result, &error);

  handle_claim (self, claim, error);
}

/* Claims the next due item if there is room for one more in flight. Every event that may
 * make room or make work calls this: a job done, a claim done, a wake, the timer. */
static void
fill (PkOutboxSender *self)
{
  guint limit = self->probing ? 1 : self->max_in_flight;

  if (self->status == PK_OUTBOX_SENDER_STOPPED || self->status == PK_OUTBOX_SENDER_NEEDS_LOGIN
      || self->holding)
    return;
  if (self->claiming)
    {
      self->wake_pending = TRUE;
      return;
    }
  if (self->jobs->len >= limit)
    return;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  begin_claim (self);
  pk_outbox_run_async (self->outbox, claim_op, NULL, NULL, claim_free, NULL, claim_cb,
                       g_object_ref (self));
}

/* --- the steps of a job ------------------------------------------------------------------ */

typedef struct
{
  gint64        item_id;
  guint         position;
  char         *document_id;
  char         *application_id;
  char         *tracking_code;
  char         *answer_json;
  char         *fields_json;
  gint64        next_attempt_us;
  gboolean      count_attempt;
  gboolean      claim_next;
  GError       *reason;
} Step;

static void
step_free (gpointer data)
{
  Step *step = data;

  g_free (step->document_id);
  g_free (step->application_id);
  g_free (step->tracking_code);
  g_free (step->answer_json);
  g_free (step->fields_json);
  g_clear_error (&step->reason);
  g_free (step);
}

static Step *
step_new (Job *job)
{
  Step *step = g_new0 (Step, 1);

  step->item_id = pk_outbox_item_get_id (job->item);
  return step;
}

/* Op results are a plain non-NULL marker: errors travel as errors. */
#define OP_OK GINT_TO_POINTER (1)

static gpointer
set_document_id_op (PkOutbox  *outbox,
                    gpointer   data,
                    GError   **error)
{
  Step *step = data;

  return pk_outbox_set_document_id (outbox, step->item_id, step->position, step->document_id,
                                    error) ? OP_OK : NULL;
}

typedef struct
{
  PkOutboxItem *item;         /* the delivered item, fresh from the database */
  Claim        *next;         /* the next item claimed in the same hop, or NULL */
  GError       *next_error;
} Delivery;

static void
delivery_free (gpointer data)
{
  Delivery *d = data;

  g_clear_object (&d->item);
  if (d->next != NULL)
    claim_free (d->next);
  g_clear_error (&d->next_error);
  g_free (d);
}

/* Recording the delivery, reading the fresh snapshot and claiming the next item happen in one
 * worker hop: two thread switches less per item when draining a long queue. */
static gpointer
mark_delivered_op (PkOutbox  *outbox,
                   gpointer   data,
                   GError   **error)
{
  Step *step = data;
  Delivery *d;
  PkOutboxItem *item;

  if (!pk_outbox_mark_delivered (outbox, step->item_id, step->application_id,
                                 step->tracking_code, step->answer_json, error))
    return NULL;
  item = pk_outbox_get_item (outbox, step->item_id, FALSE, error);
  if (item == NULL)
    return NULL;
  d = g_new0 (Delivery, 1);
  d->item = item;
  if (step->claim_next)
    d->next = claim_op (outbox, NULL, &d->next_error);
  return d;
}

static gpointer
mark_retry_op (PkOutbox  *outbox,
               gpointer   data,
               GError   **error)
{
  Step *step = data;

  return pk_outbox_mark_retry (outbox, step->item_id, step->next_attempt_us, step->count_attempt,
                               step->reason, error) ? OP_OK : NULL;
}

static gpointer
mark_failed_op (PkOutbox  *outbox,
                gpointer   data,
                GError   **error)
{
  Step *step = data;

  if (!pk_outbox_mark_failed (outbox, step->item_id, step->reason, step->fields_json, error))
    return NULL;
  return pk_outbox_get_item (outbox, step->item_id, FALSE, error);
}

/* Failure paths end here. If even the bookkeeping fails (the disk is gone) the item stays
 * "sending" in the database and goes back to pending at the next start; the sender backs
 * off meanwhile. */
static void
bookkeeping_failed (Job          *job,
                    const GError *error)
{
  g_autoptr(PkOutboxSender) self = g_object_ref (job->self);
  guint delay = pk_outbox_backoff_delay_ms (++self->consecutive_failures, self->base_delay,
                                            self->max_delay, g_random_double ());

  g_warning ("Cannot update the outbox: %s", error->message);
  job_remove (job);
  if (self->status != PK_OUTBOX_SENDER_STOPPED)
    {
      back_off (self, delay, g_get_real_time () + (gint64) delay * 1000);
      schedule (self, delay);
    }
}

static void
retry_marked_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Job *job = user_data;
  PkOutboxSender *self = job->self;
  g_autoptr(GError) error = NULL;

  if (pk_outbox_run_finish (PK_OUTBOX (source), result, &error) == NULL)
    {
      bookkeeping_failed (job, error);
      return;
    }
  /* The item is back in the queue: now the delay it began can run. */
  if (job->backoff_episode != 0 && job->backoff_episode == self->episode && self->holding
      && self->status == PK_OUTBOX_SENDER_BACKING_OFF)
    schedule (self, self->current_delay);
  if (job->asks_login && self->status == PK_OUTBOX_SENDER_NEEDS_LOGIN)
    g_signal_emit (self, signals[LOGIN_REQUIRED], 0);
  job_done (job);
}

static void
failed_marked_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Job *job = user_data;
  PkOutboxSender *self = job->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) reason = g_steal_pointer (&job->reason);
  g_autoptr(JsonBuilder) detail = detail_begin ();
  g_autoptr(PkOutboxItem) item = NULL;

  item = pk_outbox_run_finish (PK_OUTBOX (source), result, &error);
  if (item == NULL)
    {
      bookkeeping_failed (job, error);
      return;
    }

  json_builder_set_member_name (detail, "error_domain");
  json_builder_add_string_value (detail, g_quark_to_string (reason->domain));
  json_builder_set_member_name (detail, "error_code");
  json_builder_add_int_value (detail, reason->code);
  json_builder_set_member_name (detail, "message");
  json_builder_add_string_value (detail, reason->message);
  journal_append (self, PK_JOURNAL_KIND_ACKNOWLEDGEMENT, item, "rejected", FALSE, 0, detail);
  g_signal_emit (self, signals[ITEM_FAILED], 0, item);
  job_done (job);
}

static char *
fields_to_json (const GError *error)
{
  GHashTable *fields = pk_api_error_get_fields (error);
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (fields == NULL)
    return NULL;
  b = json_builder_new ();
  json_builder_begin_object (b);
  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      json_builder_set_member_name (b, key);
      json_builder_add_string_value (b, value);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* The attempt failed: record why and decide when the item goes again. */
static void
job_fail (Job          *job,
          const GError *error)
{
  PkOutboxSender *self = job->self;
  Step *step = step_new (job);
  PkOutboxVerdict verdict = pk_outbox_classify_error (error);
  gint64 now = g_get_real_time ();

  step->reason = g_error_copy (error);

  switch (verdict)
    {
    case PK_OUTBOX_VERDICT_PERMANENT:
      step->fields_json = fields_to_json (error);
      g_debug ("Item %" G_GINT64_FORMAT " refused: %s", step->item_id, error->message);
      job->reason = g_error_copy (error);
      pk_outbox_run_async (self->outbox, mark_failed_op, step, step_free, g_object_unref,
                           NULL, failed_marked_cb, job);
      return;

    case PK_OUTBOX_VERDICT_RETRY:
      step->count_attempt = TRUE;
      if (job->episode == self->episode)
        {
          guint delay = pk_outbox_backoff_delay_ms (++self->consecutive_failures, self->base_delay,
                                                    self->max_delay, g_random_double ());
          guint retry_after = pk_api_error_get_retry_after (error);

          /* The server's Retry-After wins when it asks for longer, within our cap. */
          if (retry_after > 0 && (guint64) retry_after * 1000 > delay)
            delay = MIN ((guint64) retry_after * 1000, self->max_delay);
          step->next_attempt_us = now + (gint64) delay * 1000;
          g_debug ("Item %" G_GINT64_FORMAT " will be retried in %u ms: %s", step->item_id, delay,
                   error->message);
          /* Stopped, or paused for a login (which only a new token ends): no backoff to
           * run, the item just waits for its time. */
          if (self->status != PK_OUTBOX_SENDER_STOPPED
              && self->status != PK_OUTBOX_SENDER_NEEDS_LOGIN)
            {
              back_off (self, delay, step->next_attempt_us);
              job->backoff_episode = self->episode;
            }
          else
            set_current_delay (self, delay);
        }
      else
        {
          /* Sent before an earlier failure began the current backoff: it joins that one
           * instead of making it longer. */
          step->next_attempt_us = MAX (self->backoff_until_us, now);
          g_debug ("Item %" G_GINT64_FORMAT " joins the backoff: %s", step->item_id,
                   error->message);
        }
      break;

    case PK_OUTBOX_VERDICT_LOGIN:
      step->next_attempt_us = now;
      step->count_attempt = FALSE;
      /* A refusal of a token older than the newest one says nothing about the session. */
      if (job->generation == self->generation && self->status != PK_OUTBOX_SENDER_STOPPED
          && self->status != PK_OUTBOX_SENDER_NEEDS_LOGIN)
        {
          stop_holding (self);
          set_status (self, PK_OUTBOX_SENDER_NEEDS_LOGIN);
          job->asks_login = TRUE;
        }
      break;

    case PK_OUTBOX_VERDICT_CANCELLED:
    default:
      step->next_attempt_us = now;
      step->count_attempt = FALSE;
      g_clear_error (&step->reason);
      break;
    }
  pk_outbox_run_async (self->outbox, mark_retry_op, step, step_free, NULL, NULL,
                       retry_marked_cb, job);
}

typedef struct
{
  Job             *job;
  PkApiSubmission *submission;
} Delivered;

static void
delivered_marked_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Delivered *d = user_data;
  Job *job = d->job;
  g_autoptr(PkOutboxSender) self = g_object_ref (job->self);
  g_autoptr(PkApiSubmission) sub = d->submission;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) detail = detail_begin ();
  Delivery *delivery;
  gboolean claimed_next = job->claims_next;
  Claim *next;

  g_free (d);
  delivery = pk_outbox_run_finish (PK_OUTBOX (source), result, &error);
  if (delivery == NULL)
    {
      /* The server has it but we could not record it: re-sending with the same key gets
       * the same answer back, so treat it as a retry. (The claim of the next item, if
       * any, was not made.) */
      if (claimed_next)
        self->claiming = FALSE;
      job_fail (job, error);
      return;
    }
  /* Sent after the last failure: the way is clear again. */
  if (job->episode == self->episode)
    {
      self->consecutive_failures = 0;
      self->probing = FALSE;
      set_current_delay (self, 0);
    }

  json_builder_set_member_name (detail, "application_id");
  json_builder_add_string_value (detail, sub->application_id);
  json_builder_set_member_name (detail, "replayed");
  json_builder_add_boolean_value (detail, sub->replayed);
  journal_append (self, PK_JOURNAL_KIND_ACKNOWLEDGEMENT, delivery->item, "delivered", TRUE,
                  sub->total_rial, detail);
  g_signal_emit (self, signals[ITEM_DELIVERED], 0, delivery->item);
  job_remove (job);

  /* Go on with what was claimed in the same hop (an empty claim included). */
  next = g_steal_pointer (&delivery->next);
  if (claimed_next)
    handle_claim (self, next, delivery->next_error);
  else
    fill (self);
  delivery_free (delivery);
}

static char *
submission_to_json (PkApiSubmission *sub)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "application_id");
  json_builder_add_string_value (b, sub->application_id);
  json_builder_set_member_name (b, "tracking_code");
  json_builder_add_string_value (b, sub->tracking_code);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, sub->status_name);
  if (sub->submitted_at != NULL)
    {
      g_autofree char *at = g_date_time_format_iso8601 (sub->submitted_at);

      json_builder_set_member_name (b, "submitted_at");
      json_builder_add_string_value (b, at);
    }
  json_builder_set_member_name (b, "fees");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "total_rial");
  json_builder_add_int_value (b, sub->total_rial);
  json_builder_set_member_name (b, "paid_rial");
  json_builder_add_int_value (b, sub->paid_rial);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "replayed");
  json_builder_add_boolean_value (b, sub->replayed);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static void
submit_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Job *job = user_data;
  PkOutboxSender *self = job->self;
  g_autoptr(GError) error = NULL;
  PkApiSubmission *sub = pk_submitter_submit_finish (PK_SUBMITTER (source), result, &error);
  guint limit = self->probing ? 1 : self->max_in_flight;
  Delivered *d;
  Step *step;

  if (sub == NULL)
    {
      job_fail (job, error);
      return;
    }
  step = step_new (job);
  step->application_id = g_strdup (sub->application_id);
  step->tracking_code = g_strdup (sub->tracking_code);
  step->answer_json = submission_to_json (sub);
  /* This job's place is free once the delivery is recorded: claim the next item in the same
   * worker hop, unless a claim is under way already. */
  if (self->status == PK_OUTBOX_SENDER_SENDING && !self->holding && !self->claiming
      && self->jobs->len <= limit)
    {
      begin_claim (self);
      job->claims_next = TRUE;
      step->claim_next = TRUE;
    }
  d = g_new0 (Delivered, 1);
  d->job = job;
  d->submission = sub;
  pk_outbox_run_async (self->outbox, mark_delivered_op, step, step_free, delivery_free, NULL,
                       delivered_marked_cb, d);
}

/* The body posted is the stored application plus the documents' server ids in order: the
 * same bytes on every attempt, which is what lets the server deduplicate. The stored text is
 * a JSON object without "documents" (the outbox drops that member when queuing), so the
 * member is appended before the closing brace rather than by parsing and printing it all
 * again; should the text name a "documents" member anywhere, it is rebuilt the long way. */
static char *
build_body (PkOutboxItem  *item,
            GError       **error)
{
  const char *app = pk_outbox_item_get_application_json (item);
  GPtrArray *docs = pk_outbox_item_get_documents (item);
  const char *end = app + strlen (app);
  const char *start = app;
  GString *body;

  while (g_ascii_isspace (*start))
    start++;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  if (*start != '{' || end - start < 2 || end[-1] != '}')
    {
      g_set_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_INVALID,
                   _("The queued application is damaged."));
      return NULL;
    }

  if (strstr (app, "\"documents\"") != NULL)
    {
      g_autoptr(JsonNode) node = json_from_string (app, error);
      JsonArray *ids;

      if (node == NULL)
        return NULL;
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_INVALID,
                       _("The queued application is damaged."));
          return NULL;
        }
      ids = json_array_sized_new (docs->len);
      for (guint i = 0; i < docs->len; i++)
        json_array_add_string_element (ids, ((PkOutboxDocument *) g_ptr_array_index (docs, i))->document_id);
      json_object_set_array_member (json_node_get_object (node), "documents", ids);
      return json_to_string (node, FALSE);
    }

  body = g_string_sized_new (end - start + 32 + docs->len * 40);
  g_string_append_len (body, start, end - 1 - start);
  /* An empty object takes the member without a comma. */
  {
    const char *last = end - 2;

    while (last > start && g_ascii_isspace (*last))
      last--;
    if (last > start)
      g_string_append_c (body, ',');
  }
  g_string_append (body, "\"documents\":[");
  for (guint i = 0; i < docs->len; i++)
    {
      if (i > 0)
        g_string_append_c (body, ',');
      pk_json_append_string (body, ((PkOutboxDocument *) g_ptr_array_index (docs, i))->document_id);
    }
  g_string_append (body, "]}");
  return g_string_free (body, FALSE);
}

static void
document_recorded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;

  if (pk_outbox_run_finish (PK_OUTBOX (source), result, &error) == NULL)
    {
      job_fail (job, error);
      return;
    }
  if (g_cancellable_is_cancelled (job->cancellable))
    {
      g_autoptr(GError) cancelled = g_error_new_literal (PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_CANCELLED,
                                                         _("Cancelled."));
      job_fail (job, cancelled);
      return;
    }
  job_upload_next (job);
}

static void
upload_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiDocument) stored = pk_submitter_upload_document_finish (PK_SUBMITTER (source),
                                                                         result, &error);
  GPtrArray *docs = pk_outbox_item_get_documents (job->item);
  PkOutboxDocument *doc = NULL;
  Step *step;

  if (stored == NULL)
    {
      job_fail (job, error);
      return;
    }
  for (guint i = 0; i < docs->len && doc == NULL; i++)
    if (((PkOutboxDocument *) g_ptr_array_index (docs, i))->document_id == NULL)
      doc = g_ptr_array_index (docs, i);
  g_assert (doc != NULL);

  if (stored->sha256 != NULL && g_ascii_strcasecmp (stored->sha256, doc->sha256) != 0)
    {
      g_autoptr(GError) mismatch = NULL;

      /* Not the server's refusal of the application: retried like a network fault. */
      mismatch = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                              _("The server received a damaged copy of “%s”; it will be sent again."),
                              doc->filename);
      job_fail (job, mismatch);
      return;
    }

  /* The snapshot is the job's alone: remember the id in it too, for build_body(). */
  doc->document_id = g_strdup (stored->document_id);
  g_clear_pointer (&doc->data, g_bytes_unref);
  step = step_new (job);
  step->position = doc->position;
  step->document_id = g_strdup (stored->document_id);
  pk_outbox_run_async (job->self->outbox, set_document_id_op, step, step_free, NULL, NULL,
                       document_recorded_cb, job);
}

static void
job_upload_next (Job *job)
{
  GPtrArray *docs = pk_outbox_item_get_documents (job->item);
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  for (guint i = 0; i < docs->len; i++)
    {
      PkOutboxDocument *doc = g_ptr_array_index (docs, i);

      if (doc->document_id == NULL)
        {
          pk_submitter_upload_document_async (job->self->submitter, doc, job->cancellable,
                                              upload_cb, job);
          return;
        }
    }

  body = build_body (job->item, &error);
  if (body == NULL)
    {
      job_fail (job, error);
      return;
    }
  pk_submitter_submit_async (job->self->submitter, pk_outbox_item_get_idempotency_key (job->item),
                             body, job->cancellable, submit_cb, job);
}

/* --- wiring ------------------------------------------------------------------------------ */

/* New work or an operator's retry: go now, unless the session is gone (that only ends with
 * a new token, #PkSubmitter::ready). */
static void
on_work_added (PkOutboxSender *self)
{
  if (self->status == PK_OUTBOX_SENDER_NEEDS_LOGIN)
    return;
  pk_outbox_sender_wake (self);
}

static void
on_submitter_ready (PkOutboxSender *self)
{
  /* Refusals of calls made with an older token are stale from now on, see job_fail(). */
  self->generation++;
  if (self->status != PK_OUTBOX_SENDER_NEEDS_LOGIN)
    return;
  stop_holding (self);
  set_status (self, PK_OUTBOX_SENDER_IDLE);
  fill (self);
}

static void
pk_outbox_sender_constructed (GObject *object)
{
  PkOutboxSender *self = PK_OUTBOX_SENDER (object);

  G_OBJECT_CLASS (pk_outbox_sender_parent_class)->constructed (object);

  g_signal_connect_object (self->outbox, "work-added", G_CALLBACK (on_work_added), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->submitter, "ready", G_CALLBACK (on_submitter_ready), self,
                           G_CONNECT_SWAPPED);
}

static void
pk_outbox_sender_dispose (GObject *object)
{
  PkOutboxSender *self = (PkOutboxSender *)object;

  /* Jobs hold a reference each: none is left once disposal is reached the normal way. */
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->outbox);
  g_clear_object (&self->submitter);
  g_clear_object (&self->journal);

  G_OBJECT_CLASS (pk_outbox_sender_parent_class)->dispose (object);
}

static void
pk_outbox_sender_finalize (GObject *object)
{
  PkOutboxSender *self = (PkOutboxSender *)object;

  g_ptr_array_unref (self->jobs);

  G_OBJECT_CLASS (pk_outbox_sender_parent_class)->finalize (object);
}

static void
pk_outbox_sender_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PkOutboxSender *self = PK_OUTBOX_SENDER (object);

  switch (prop_id)
    {
    case PROP_OUTBOX:
      g_value_set_object (value, self->outbox);
      break;
    case PROP_SUBMITTER:
      g_value_set_object (value, self->submitter);
      break;
    case PROP_JOURNAL:
      g_value_set_object (value, self->journal);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_BASE_DELAY:
      g_value_set_uint (value, self->base_delay);
      break;
    case PROP_MAX_DELAY:
      g_value_set_uint (value, self->max_delay);
      break;
    case PROP_CURRENT_DELAY:
      g_value_set_uint (value, self->current_delay);
      break;
    case PROP_MAX_IN_FLIGHT:
      g_value_set_uint (value, self->max_in_flight);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_outbox_sender_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PkOutboxSender *self = PK_OUTBOX_SENDER (object);

  switch (prop_id)
    {
    case PROP_OUTBOX:
      self->outbox = g_value_dup_object (value);
      break;
    case PROP_SUBMITTER:
      self->submitter = g_value_dup_object (value);
      break;
    case PROP_JOURNAL:
      self->journal = g_value_dup_object (value);
      break;
    case PROP_BASE_DELAY:
      pk_outbox_sender_set_base_delay (self, g_value_get_uint (value));
      break;
    case PROP_MAX_DELAY:
      pk_outbox_sender_set_max_delay (self, g_value_get_uint (value));
      break;
    case PROP_MAX_IN_FLIGHT:
      pk_outbox_sender_set_max_in_flight (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_outbox_sender_class_init (PkOutboxSenderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = pk_outbox_sender_constructed;
  object_class->dispose = pk_outbox_sender_dispose;
  object_class->finalize = pk_outbox_sender_finalize;
  object_class->get_property = pk_outbox_sender_get_property;
  object_class->set_property = pk_outbox_sender_set_property;

  properties[PROP_OUTBOX] = g_param_spec_object ("outbox", NULL, NULL, PK_TYPE_OUTBOX, co);
  properties[PROP_SUBMITTER] = g_param_spec_object ("submitter", NULL, NULL, PK_TYPE_SUBMITTER, co);
  properties[PROP_JOURNAL] = g_param_spec_object ("journal", NULL, NULL, PK_TYPE_JOURNAL, co);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, PK_TYPE_OUTBOX_SENDER_STATUS,
                                               PK_OUTBOX_SENDER_STOPPED, ro);
  properties[PROP_BASE_DELAY] = g_param_spec_uint ("base-delay", NULL, NULL, 1, G_MAXUINT,
                                                   PK_OUTBOX_SENDER_DEFAULT_BASE_DELAY_MS, rw);
  properties[PROP_MAX_DELAY] = g_param_spec_uint ("max-delay", NULL, NULL, 1, G_MAXUINT,
                                                  PK_OUTBOX_SENDER_DEFAULT_MAX_DELAY_MS, rw);
  properties[PROP_CURRENT_DELAY] = g_param_spec_uint ("current-delay", NULL, NULL, 0, G_MAXUINT,
                                                      0, ro);
  properties[PROP_MAX_IN_FLIGHT] = g_param_spec_uint ("max-in-flight", NULL, NULL, 1,
                                                      PK_OUTBOX_SENDER_MAX_IN_FLIGHT,
                                                      PK_OUTBOX_SENDER_DEFAULT_IN_FLIGHT, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PkOutboxSender::item-delivered:
   * @item: the delivered item, with its tracking code
   */
  signals[ITEM_DELIVERED] = g_signal_new ("item-delivered", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                          1, PK_TYPE_OUTBOX_ITEM);
  /**
   * PkOutboxSender::item-failed:
   * @item: the refused item, with its error and per-field codes: back to the wizard
   */
  signals[ITEM_FAILED] = g_signal_new ("item-failed", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                       1, PK_TYPE_OUTBOX_ITEM);
  /**
   * PkOutboxSender::login-required:
   *
   * The session expired while sending: ask the operator to log in. The sender resumes by
   * itself when the submitter reports a new token (#PkSubmitter::ready).
   */
  signals[LOGIN_REQUIRED] = g_signal_new ("login-required", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pk_outbox_sender_init (PkOutboxSender *self)
{
  self->base_delay = PK_OUTBOX_SENDER_DEFAULT_BASE_DELAY_MS;
  self->max_delay = PK_OUTBOX_SENDER_DEFAULT_MAX_DELAY_MS;
  self->max_in_flight = PK_OUTBOX_SENDER_DEFAULT_IN_FLIGHT;
  self->jobs = g_ptr_array_new ();
  /* 0 is "began no backoff" for a job. */
  self->episode = 1;
}

/**
 * pk_outbox_sender_new:
 * @outbox: the queue to drain
 * @submitter: how to reach the server (pk_client_submitter_new() in the app)
 * @journal: (nullable): where submissions and acknowledgements are recorded
 *
 * Returns: (transfer full): a stopped sender; call pk_outbox_sender_start()
 */
PkOutboxSender *
pk_outbox_sender_new (PkOutbox    *outbox,
                      PkSubmitter *submitter,
                      PkJournal   *journal)
{
  g_return_val_if_fail (PK_IS_OUTBOX (outbox), NULL);
  g_return_val_if_fail (PK_IS_SUBMITTER (submitter), NULL);
  g_return_val_if_fail (journal == NULL || PK_IS_JOURNAL (journal), NULL);

  return g_object_new (PK_TYPE_OUTBOX_SENDER, "outbox", outbox, "submitter", submitter,
                       "journal", journal, NULL);
}

PkOutbox *
pk_outbox_sender_get_outbox (PkOutboxSender *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_SENDER (self), NULL);
  return self->outbox;
}

PkSubmitter *
pk_outbox_sender_get_submitter (PkOutboxSender *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_SENDER (self), NULL);
  return self->submitter;
}

PkJournal *
pk_outbox_sender_get_journal (PkOutboxSender *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_SENDER (self), NULL);
  return self->journal;
}

PkOutboxSenderStatus
pk_outbox_sender_get_status (PkOutboxSender *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_SENDER (self), PK_OUTBOX_SENDER_STOPPED);
  return self->status;
}

guint
pk_outbox_sender_get_base_delay (PkOutboxSender *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_SENDER (self), 0);
  return self->base_delay;
}

/**
 * pk_outbox_sender_set_base_delay:
 * @base_delay: the first backoff delay in milliseconds (default 1 s)
 */
void
pk_outbox_sender_set_base_delay (PkOutboxSender *self,
                                 guint           base_delay)
{
  g_return_if_fail (PK_IS_OUTBOX_SENDER (self));
  g_return_if_fail (base_delay > 0);

  if (self->base_delay == base_delay)
    return;
  self->base_delay = base_delay;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_DELAY]);
  if (self->max_delay < base_delay)
    pk_outbox_sender_set_max_delay (self, base_delay);
}

guint
pk_outbox_sender_get_max_delay (PkOutboxSender *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_SENDER (self), 0);
  return self->max_delay;
}

/**
 * pk_outbox_sender_set_max_delay:
 * @max_delay: the cap of the backoff in milliseconds (default 5 min)
 */
void
pk_outbox_sender_set_max_delay (PkOutboxSender *self,
                                guint           max_delay)
{
  g_return_if_fail (PK_IS_OUTBOX_SENDER (self));
  g_return_if_fail (max_delay > 0);

  if (self->max_delay == max_delay)
    return;
  self->max_delay = max_delay;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_DELAY]);
  if (self->base_delay > max_delay)
    pk_outbox_sender_set_base_delay (self, max_delay);
}

/**
 * pk_outbox_sender_get_current_delay:
 *
 * Returns: the backoff being waited out in milliseconds, 0 after a success
 */
guint
pk_outbox_sender_get_current_delay (PkOutboxSender *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_SENDER (self), 0);
  return self->current_delay;
}

/**
 * pk_outbox_sender_get_max_in_flight:
 *
 * Returns: how many items may be on their way to the server at once
 */
guint
pk_outbox_sender_get_max_in_flight (PkOutboxSender *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_SENDER (self), 1);
  return self->max_in_flight;
}

/**
 * pk_outbox_sender_set_max_in_flight:
 * @max_in_flight: 1 to %PK_OUTBOX_SENDER_MAX_IN_FLIGHT (default
 *   %PK_OUTBOX_SENDER_DEFAULT_IN_FLIGHT)
 *
 * How many items may be on their way at once. Only a backlog needs more than one; the API
 * client keeps four connections to the server, and the operator's own calls share them.
 */
void
pk_outbox_sender_set_max_in_flight (PkOutboxSender *self,
                                    guint           max_in_flight)
{
  g_return_if_fail (PK_IS_OUTBOX_SENDER (self));
  g_return_if_fail (max_in_flight >= 1 && max_in_flight <= PK_OUTBOX_SENDER_MAX_IN_FLIGHT);

  if (self->max_in_flight == max_in_flight)
    return;
  self->max_in_flight = max_in_flight;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_IN_FLIGHT]);
  fill (self);
}

void
pk_outbox_sender_start (PkOutboxSender *self)
{
  g_return_if_fail (PK_IS_OUTBOX_SENDER (self));

  if (self->status != PK_OUTBOX_SENDER_STOPPED)
    return;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->holding = FALSE;
  set_status (self, PK_OUTBOX_SENDER_IDLE);
  fill (self);
}

/**
 * pk_outbox_sender_stop:
 *
 * Stops after the current steps: the network calls in flight are cancelled and their items
 * go back to the queue (with the same keys, so it is safe even if the server already has
 * them); database steps under way still land.
 */
void
pk_outbox_sender_stop (PkOutboxSender *self)
{
  g_return_if_fail (PK_IS_OUTBOX_SENDER (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->wake_pending = FALSE;
  self->holding = FALSE;
  /* Stopped first: cancelling may complete the steps in flight synchronously. */
  set_status (self, PK_OUTBOX_SENDER_STOPPED);
  g_cancellable_cancel (self->cancellable);
}

/**
 * pk_outbox_sender_wake:
 *
 * Looks at the queue now instead of waiting out the backoff (the operator's "retry now",
 * or new work). Also leaves the needs-login state, to find out whether the session is back.
 */
void
pk_outbox_sender_wake (PkOutboxSender *self)
{
  g_return_if_fail (PK_IS_OUTBOX_SENDER (self));

  if (self->status == PK_OUTBOX_SENDER_STOPPED)
    return;
  if (self->status == PK_OUTBOX_SENDER_NEEDS_LOGIN || self->status == PK_OUTBOX_SENDER_BACKING_OFF)
    set_status (self, PK_OUTBOX_SENDER_IDLE);
  stop_holding (self);
  fill (self);
}
