/* pk-outbox-sender-steps.c — the steps of one job: uploads, the post and the recorded answer
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pk-api-error.h"
#include "pk-json-util.h"
#include "pk-outbox-sender-private.h"

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
step_new (PkOutboxJob *job)
{
  Step *step = g_new0 (Step, 1);

  step->item_id = pk_outbox_item_get_id (job->item);
  return step;
}

static gpointer
set_document_id_op (PkOutbox  *outbox,
                    gpointer   data,
                    GError   **error)
{
  Step *step = data;

  return pk_outbox_set_document_id (outbox, step->item_id, step->position, step->document_id,
                                    error) ? PK_OUTBOX_SENDER_OP_OK : NULL;
}

typedef struct
{
  PkOutboxItem  *item;        /* the delivered item, fresh from the database */
  PkOutboxClaim *next;        /* the next item claimed in the same hop, or NULL */
  GError        *next_error;
} Delivery;

static void
delivery_free (gpointer data)
{
  Delivery *d = data;

  g_clear_object (&d->item);
  if (d->next != NULL)
    pk_outbox_sender_claim_free (d->next);
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
    d->next = pk_outbox_sender_claim_op (outbox, NULL, &d->next_error);
  return d;
}

static gpointer
mark_retry_op (PkOutbox  *outbox,
               gpointer   data,
               GError   **error)
{
  Step *step = data;

  return pk_outbox_mark_retry (outbox, step->item_id, step->next_attempt_us, step->count_attempt,
                               step->reason, error) ? PK_OUTBOX_SENDER_OP_OK : NULL;
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
bookkeeping_failed (PkOutboxJob  *job,
                    const GError *error)
{
  g_autoptr(PkOutboxSender) self = g_object_ref (job->self);
  guint delay = pk_outbox_backoff_delay_ms (++self->consecutive_failures, self->base_delay,
                                            self->max_delay, g_random_double ());

  g_warning ("Cannot update the outbox: %s", error->message);
  pk_outbox_sender_job_remove (job);
  if (self->status != PK_OUTBOX_SENDER_STOPPED)
    {
      pk_outbox_sender_back_off (self, delay, g_get_real_time () + (gint64) delay * 1000);
      pk_outbox_sender_schedule (self, delay);
    }
}

static void
retry_marked_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PkOutboxJob *job = user_data;
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
    pk_outbox_sender_schedule (self, self->current_delay);
  if (job->asks_login && self->status == PK_OUTBOX_SENDER_NEEDS_LOGIN)
    pk_outbox_sender_emit_login_required (self);
  pk_outbox_sender_job_done (job);
}

static void
failed_marked_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PkOutboxJob *job = user_data;
  PkOutboxSender *self = job->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) reason = g_steal_pointer (&job->reason);
  g_autoptr(JsonBuilder) detail = pk_outbox_sender_detail_begin ();
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
  pk_outbox_sender_journal_append (self, PK_JOURNAL_KIND_ACKNOWLEDGEMENT, item, "rejected",
                                   FALSE, 0, detail);
  pk_outbox_sender_emit_item_failed (self, item);
  pk_outbox_sender_job_done (job);
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
void
pk_outbox_sender_job_fail (PkOutboxJob  *job,
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
              pk_outbox_sender_back_off (self, delay, step->next_attempt_us);
              job->backoff_episode = self->episode;
            }
          else
            pk_outbox_sender_update_current_delay (self, delay);
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
          pk_outbox_sender_stop_holding (self);
          pk_outbox_sender_update_status (self, PK_OUTBOX_SENDER_NEEDS_LOGIN);
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
  PkOutboxJob     *job;
  PkApiSubmission *submission;
} Delivered;

static void
delivered_marked_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Delivered *d = user_data;
  PkOutboxJob *job = d->job;
  g_autoptr(PkOutboxSender) self = g_object_ref (job->self);
  g_autoptr(PkApiSubmission) sub = d->submission;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) detail = pk_outbox_sender_detail_begin ();
  Delivery *delivery;
  gboolean claimed_next = job->claims_next;
  PkOutboxClaim *next;

  g_free (d);
  delivery = pk_outbox_run_finish (PK_OUTBOX (source), result, &error);
  if (delivery == NULL)
    {
      /* The server has it but we could not record it: re-sending with the same key gets
       * the same answer back, so treat it as a retry. (The claim of the next item, if
       * any, was not made.) */
      if (claimed_next)
        self->claiming = FALSE;
      pk_outbox_sender_job_fail (job, error);
      return;
    }
  /* Sent after the last failure: the way is clear again. */
  if (job->episode == self->episode)
    {
      self->consecutive_failures = 0;
      self->probing = FALSE;
      pk_outbox_sender_update_current_delay (self, 0);
    }

  json_builder_set_member_name (detail, "application_id");
  json_builder_add_string_value (detail, sub->application_id);
  json_builder_set_member_name (detail, "replayed");
  json_builder_add_boolean_value (detail, sub->replayed);
  pk_outbox_sender_journal_append (self, PK_JOURNAL_KIND_ACKNOWLEDGEMENT, delivery->item,
                                   "delivered", TRUE, sub->total_rial, detail);
  pk_outbox_sender_emit_item_delivered (self, delivery->item);
  pk_outbox_sender_job_remove (job);

  /* Go on with what was claimed in the same hop (an empty claim included). */
  next = g_steal_pointer (&delivery->next);
  if (claimed_next)
    pk_outbox_sender_handle_claim (self, next, delivery->next_error);
  else
    pk_outbox_sender_fill (self);
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
  PkOutboxJob *job = user_data;
  PkOutboxSender *self = job->self;
  g_autoptr(GError) error = NULL;
  PkApiSubmission *sub = pk_submitter_submit_finish (PK_SUBMITTER (source), result, &error);
  guint limit = self->probing ? 1 : self->max_in_flight;
  Delivered *d;
  Step *step;

  if (sub == NULL)
    {
      pk_outbox_sender_job_fail (job, error);
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
      pk_outbox_sender_begin_claim (self);
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
        {
          PkOutboxDocument *doc = g_ptr_array_index (docs, i);

          json_array_add_string_element (ids, doc->document_id);
        }
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
  PkOutboxJob *job = user_data;
  g_autoptr(GError) error = NULL;

  if (pk_outbox_run_finish (PK_OUTBOX (source), result, &error) == NULL)
    {
      pk_outbox_sender_job_fail (job, error);
      return;
    }
  if (g_cancellable_is_cancelled (job->cancellable))
    {
      g_autoptr(GError) cancelled = g_error_new_literal (PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_CANCELLED,
                                                         _("Cancelled."));
      pk_outbox_sender_job_fail (job, cancelled);
      return;
    }
  pk_outbox_sender_job_upload_next (job);
}

static void
upload_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PkOutboxJob *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiDocument) stored = pk_submitter_upload_document_finish (PK_SUBMITTER (source),
                                                                         result, &error);
  GPtrArray *docs = pk_outbox_item_get_documents (job->item);
  PkOutboxDocument *doc = NULL;
  Step *step;

  if (stored == NULL)
    {
      pk_outbox_sender_job_fail (job, error);
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
      pk_outbox_sender_job_fail (job, mismatch);
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

void
pk_outbox_sender_job_upload_next (PkOutboxJob *job)
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
      pk_outbox_sender_job_fail (job, error);
      return;
    }
  pk_submitter_submit_async (job->self->submitter, pk_outbox_item_get_idempotency_key (job->item),
                             body, job->cancellable, submit_cb, job);
}
