/* pk-outbox-item.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pk-outbox-document.h"

G_BEGIN_DECLS

/**
 * PkOutboxState:
 * @PK_OUTBOX_STATE_PENDING: queued, waiting for its next attempt
 * @PK_OUTBOX_STATE_SENDING: being sent now (back to pending if the process dies)
 * @PK_OUTBOX_STATE_DELIVERED: the server acknowledged it: tracking code known
 * @PK_OUTBOX_STATE_FAILED: refused for good (validation, conflict, …): goes back to the
 *   operator, never retried on its own
 */
typedef enum
{
  PK_OUTBOX_STATE_PENDING,
  PK_OUTBOX_STATE_SENDING,
  PK_OUTBOX_STATE_DELIVERED,
  PK_OUTBOX_STATE_FAILED,
} PkOutboxState;

#define PK_TYPE_OUTBOX_STATE (pk_outbox_state_get_type ())
GType       pk_outbox_state_get_type  (void) G_GNUC_CONST;
const char *pk_outbox_state_to_string (PkOutboxState state);

#define PK_TYPE_OUTBOX_ITEM (pk_outbox_item_get_type ())

G_DECLARE_FINAL_TYPE (PkOutboxItem, pk_outbox_item, PK, OUTBOX_ITEM, GObject)

/* A snapshot of one queued application, as read from the outbox database. Items are
 * immutable: the outbox hands out a new snapshot after each change. */
gint64         pk_outbox_item_get_id               (PkOutboxItem *self);
const char    *pk_outbox_item_get_idempotency_key  (PkOutboxItem *self);
const char    *pk_outbox_item_get_operator_name    (PkOutboxItem *self);
const char    *pk_outbox_item_get_service_code     (PkOutboxItem *self);
const char    *pk_outbox_item_get_renovation_code  (PkOutboxItem *self);
const char    *pk_outbox_item_get_application_json (PkOutboxItem *self);
PkOutboxState  pk_outbox_item_get_state            (PkOutboxItem *self);
guint          pk_outbox_item_get_attempts         (PkOutboxItem *self);
GDateTime     *pk_outbox_item_get_created          (PkOutboxItem *self);
GDateTime     *pk_outbox_item_get_next_attempt     (PkOutboxItem *self);
gint64         pk_outbox_item_get_next_attempt_us  (PkOutboxItem *self);
const char    *pk_outbox_item_get_last_error       (PkOutboxItem *self);
GError        *pk_outbox_item_dup_last_error       (PkOutboxItem *self);
GHashTable    *pk_outbox_item_get_error_fields     (PkOutboxItem *self);
const char    *pk_outbox_item_get_application_id   (PkOutboxItem *self);
const char    *pk_outbox_item_get_tracking_code    (PkOutboxItem *self);
const char    *pk_outbox_item_get_answer_json      (PkOutboxItem *self);
GPtrArray     *pk_outbox_item_get_documents        (PkOutboxItem *self);

G_END_DECLS
