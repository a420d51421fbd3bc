/* pk-outbox-private.h — what the outbox, its items and its sender share
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pk-outbox.h"

G_BEGIN_DECLS

typedef struct
{
  gint64         id;
  char          *idempotency_key;
  char          *operator_name;
  char          *service_code;
  char          *renovation_code;
  char          *application_json;
  PkOutboxState  state;
  guint          attempts;
  gint64         created_us;
  gint64         next_attempt_us;
  char          *error_domain;
  int            error_code;
  char          *last_error;
  char          *error_fields_json;
  char          *application_id;
  char          *tracking_code;
  char          *answer_json;
  GPtrArray     *documents;       /* PkOutboxDocument */
} PkOutboxItemData;

/* Takes ownership of the strings and the array in @data (which is then cleared). */
PkOutboxItem *pk_outbox_item_new_take (PkOutboxItemData *data);

/* The sender's steps. Each is one transaction; run from a worker thread (they block). */
PkOutboxItem *pk_outbox_claim_next       (PkOutbox      *self,
                                          gint64         now_us,
                                          GError       **error);
gboolean      pk_outbox_set_document_id  (PkOutbox      *self,
                                          gint64         item_id,
                                          guint          position,
                                          const char    *document_id,
                                          GError       **error);
gboolean      pk_outbox_mark_delivered   (PkOutbox      *self,
                                          gint64         item_id,
                                          const char    *application_id,
                                          const char    *tracking_code,
                                          const char    *answer_json,
                                          GError       **error);
gboolean      pk_outbox_mark_retry       (PkOutbox      *self,
                                          gint64         item_id,
                                          gint64         next_attempt_us,
                                          gboolean       count_attempt,
                                          const GError  *reason,
                                          GError       **error);
gboolean      pk_outbox_mark_failed      (PkOutbox      *self,
                                          gint64         item_id,
                                          const GError  *reason,
                                          const char    *fields_json,
                                          GError       **error);
gint64        pk_outbox_get_next_due_us  (PkOutbox      *self,
                                          GError       **error);

/* Runs @func (self, data, &error) on a worker thread, serialized with every other database
 * operation; the task returns its gpointer result (or the error). */
typedef gpointer (*PkOutboxOpFunc) (PkOutbox  *self,
                                    gpointer   data,
                                    GError   **error);

void          pk_outbox_run_async        (PkOutbox            *self,
                                          PkOutboxOpFunc       func,
                                          gpointer             data,
                                          GDestroyNotify       data_free,
                                          GDestroyNotify       result_free,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gpointer      pk_outbox_run_finish       (PkOutbox            *self,
                                          GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
