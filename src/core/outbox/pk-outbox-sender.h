/* pk-outbox-sender.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pk-journal.h"
#include "pk-outbox.h"
#include "pk-submitter.h"

G_BEGIN_DECLS

/**
 * PkOutboxSenderStatus:
 * @PK_OUTBOX_SENDER_STOPPED: not started, or stopped
 * @PK_OUTBOX_SENDER_IDLE: nothing due; waiting for work or for the next due item
 * @PK_OUTBOX_SENDER_SENDING: delivering items (up to max-in-flight at once)
 * @PK_OUTBOX_SENDER_BACKING_OFF: the last attempt failed for a reason that may pass; waiting
 * @PK_OUTBOX_SENDER_NEEDS_LOGIN: the session expired; waiting for a new token
 */
typedef enum
{
  PK_OUTBOX_SENDER_STOPPED,
  PK_OUTBOX_SENDER_IDLE,
  PK_OUTBOX_SENDER_SENDING,
  PK_OUTBOX_SENDER_BACKING_OFF,
  PK_OUTBOX_SENDER_NEEDS_LOGIN,
} PkOutboxSenderStatus;

#define PK_TYPE_OUTBOX_SENDER_STATUS (pk_outbox_sender_status_get_type ())
GType pk_outbox_sender_status_get_type (void) G_GNUC_CONST;

/**
 * PkOutboxVerdict:
 * @PK_OUTBOX_VERDICT_RETRY: may pass (network, timeout, server fault, garbled reply): back off
 *   and send again with the same key
 * @PK_OUTBOX_VERDICT_PERMANENT: the server refused this application (validation, conflict,
 *   forbidden, …): back to the operator, never retried on its own
 * @PK_OUTBOX_VERDICT_LOGIN: the session is gone: pause until a new token is set
 * @PK_OUTBOX_VERDICT_CANCELLED: the sender was stopped
 */
typedef enum
{
  PK_OUTBOX_VERDICT_RETRY,
  PK_OUTBOX_VERDICT_PERMANENT,
  PK_OUTBOX_VERDICT_LOGIN,
  PK_OUTBOX_VERDICT_CANCELLED,
} PkOutboxVerdict;

#define PK_OUTBOX_SENDER_DEFAULT_BASE_DELAY_MS 1000
#define PK_OUTBOX_SENDER_DEFAULT_MAX_DELAY_MS  (5 * 60 * 1000)
#define PK_OUTBOX_SENDER_DEFAULT_IN_FLIGHT     3
#define PK_OUTBOX_SENDER_MAX_IN_FLIGHT         16

#define PK_TYPE_OUTBOX_SENDER (pk_outbox_sender_get_type ())

G_DECLARE_FINAL_TYPE (PkOutboxSender, pk_outbox_sender, PK, OUTBOX_SENDER, GObject)

PkOutboxVerdict       pk_outbox_classify_error             (const GError    *error);
guint                 pk_outbox_backoff_delay_ms           (guint            failures,
                                                            guint            base_ms,
                                                            guint            max_ms,
                                                            double           random01);

PkOutboxSender       *pk_outbox_sender_new                 (PkOutbox        *outbox,
                                                            PkSubmitter     *submitter,
                                                            PkJournal       *journal);
PkOutbox             *pk_outbox_sender_get_outbox          (PkOutboxSender  *self);
PkSubmitter          *pk_outbox_sender_get_submitter       (PkOutboxSender  *self);
PkJournal            *pk_outbox_sender_get_journal         (PkOutboxSender  *self);
PkOutboxSenderStatus  pk_outbox_sender_get_status          (PkOutboxSender  *self);
guint                 pk_outbox_sender_get_base_delay      (PkOutboxSender  *self);
void                  pk_outbox_sender_set_base_delay      (PkOutboxSender  *self,
                                                            guint            base_delay);
guint                 pk_outbox_sender_get_max_delay       (PkOutboxSender  *self);
void                  pk_outbox_sender_set_max_delay       (PkOutboxSender  *self,
                                                            guint            max_delay);
guint                 pk_outbox_sender_get_current_delay   (PkOutboxSender  *self);
guint                 pk_outbox_sender_get_max_in_flight   (PkOutboxSender  *self);
void                  pk_outbox_sender_set_max_in_flight   (PkOutboxSender  *self,
                                                            guint            max_in_flight);

void                  pk_outbox_sender_start               (PkOutboxSender  *self);
void                  pk_outbox_sender_stop                (PkOutboxSender  *self);
void                  pk_outbox_sender_wake                (PkOutboxSender  *self);

G_END_DECLS
