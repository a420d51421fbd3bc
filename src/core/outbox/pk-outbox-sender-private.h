/* pk-outbox-sender-private.h — what the sender's files share
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pk-outbox-sender.c has the object, its properties and signals and the wiring;
 * pk-outbox-sender-claims.c the jobs in flight, the backoff and the claims that start jobs;
 * pk-outbox-sender-steps.c the steps of one job, from the first upload to the recorded
 * answer. All of it runs on the sender's main context.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pk-outbox-private.h"
#include "pk-outbox-sender.h"

G_BEGIN_DECLS

struct _PkOutboxSender
{
  GObject               parent_instance;

  /* owned */
  PkOutbox             *outbox;
  PkSubmitter          *submitter;
  PkJournal            *journal;
  GCancellable         *cancellable;
  GPtrArray            *jobs;               /* PkOutboxJob: the items in flight */

  PkOutboxSenderStatus  status;
  guint                 base_delay;
  guint                 max_delay;
  guint                 current_delay;
  guint                 max_in_flight;
  guint                 consecutive_failures;
  guint                 episode;            /* backoffs so far, see pk_outbox_sender_job_fail() */
  guint                 generation;         /* session tokens so far, see on_submitter_ready() */
  guint                 claim_episode;      /* both as they were when the claim was made */
  guint                 claim_generation;
  gint64                backoff_until_us;
  guint                 timeout_id;         /* the end of the backoff, or the next due item */
  gboolean              holding;            /* backing off: nothing new goes out */
  gboolean              probing;            /* after a backoff: one item until one gets through */
  gboolean              claiming;           /* a claim is on a worker thread */
  gboolean              wake_pending;       /* asked to look at the queue while claiming */
  gboolean              recovered;          /* missing acknowledgements looked for */
  gboolean              recovering;         /* ... and not found yet: nothing goes out */
};

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
} PkOutboxJob;

/* What a claim found: an item (or none, and when the next one is due). */
typedef struct
{
  PkOutboxItem *item;
  gint64        next_due_us;
} PkOutboxClaim;

/* Op results are a plain non-NULL marker: errors travel as errors. */
#define PK_OUTBOX_SENDER_OP_OK GINT_TO_POINTER (1)

/* pk-outbox-sender.c */
void         pk_outbox_sender_update_status        (PkOutboxSender        *self,
                                                    PkOutboxSenderStatus   status);
void         pk_outbox_sender_update_current_delay (PkOutboxSender        *self,
                                                    guint                  delay);
void         pk_outbox_sender_emit_item_delivered  (PkOutboxSender        *self,
                                                    PkOutboxItem          *item);
void         pk_outbox_sender_emit_item_failed     (PkOutboxSender        *self,
                                                    PkOutboxItem          *item);
void         pk_outbox_sender_emit_login_required  (PkOutboxSender        *self);

/* pk-outbox-sender-claims.c */
JsonBuilder *pk_outbox_sender_detail_begin         (void);
void         pk_outbox_sender_journal_append       (PkOutboxSender        *self,
                                                    PkJournalKind          kind,
                                                    PkOutboxItem          *item,
                                                    const char            *outcome,
                                                    gboolean               has_amount,
                                                    gint64                 amount_rial,
                                                    JsonBuilder           *detail);
void         pk_outbox_sender_job_remove           (PkOutboxJob   *job);
void         pk_outbox_sender_job_done             (PkOutboxJob   *job);
void         pk_outbox_sender_schedule             (PkOutboxSender        *self,
                                                    guint                  delay_ms);
void         pk_outbox_sender_stop_holding         (PkOutboxSender        *self);
void         pk_outbox_sender_back_off             (PkOutboxSender        *self,
                                                    guint                  delay,
                                                    gint64                 until_us);
void         pk_outbox_sender_claim_free           (gpointer               data);
gpointer     pk_outbox_sender_claim_op             (PkOutbox              *outbox,
                                                    gpointer               data,
                                                    GError               **error);
void         pk_outbox_sender_begin_claim          (PkOutboxSender        *self);
void         pk_outbox_sender_handle_claim         (PkOutboxSender        *self,
                                                    PkOutboxClaim *claim,
                                                    const GError          *error);
void         pk_outbox_sender_fill                 (PkOutboxSender        *self);

/* pk-outbox-sender-steps.c */
void         pk_outbox_sender_job_upload_next      (PkOutboxJob   *job);
void         pk_outbox_sender_job_fail             (PkOutboxJob   *job,
                                                    const GError          *error);

/* pk-outbox-sender-recover.c */
void         pk_outbox_sender_recover_acknowledgements (PkOutboxSender *self);

G_END_DECLS
