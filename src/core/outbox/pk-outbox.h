/* pk-outbox.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pk-outbox-document.h"
#include "pk-outbox-item.h"

G_BEGIN_DECLS

#define PK_OUTBOX_ERROR (pk_outbox_error_quark ())

/**
 * PkOutboxError:
 * @PK_OUTBOX_ERROR_DATABASE: the database could not be opened, read or written (disk full,
 *   permissions): nothing was saved, tell the operator and keep the form
 * @PK_OUTBOX_ERROR_SCHEMA: the file was written by a newer Pishkhan: do not downgrade
 * @PK_OUTBOX_ERROR_INVALID: the application or a document is unacceptable (not a JSON object,
 *   no service code, document too large): fix the form
 * @PK_OUTBOX_ERROR_NOT_FOUND: no item with that id
 * @PK_OUTBOX_ERROR_WRONG_STATE: the item is not in a state that allows this
 * @PK_OUTBOX_ERROR_CANCELLED: cancelled before anything was written
 */
typedef enum
{
  PK_OUTBOX_ERROR_DATABASE,
  PK_OUTBOX_ERROR_SCHEMA,
  PK_OUTBOX_ERROR_INVALID,
  PK_OUTBOX_ERROR_NOT_FOUND,
  PK_OUTBOX_ERROR_WRONG_STATE,
  PK_OUTBOX_ERROR_CANCELLED,
} PkOutboxError;

#define PK_TYPE_OUTBOX (pk_outbox_get_type ())

G_DECLARE_FINAL_TYPE (PkOutbox, pk_outbox, PK, OUTBOX, GObject)

GQuark        pk_outbox_error_quark              (void);
char         *pk_outbox_generate_idempotency_key (void);

PkOutbox     *pk_outbox_new_sync          (const char           *path,
                                           GCancellable         *cancellable,
                                           GError              **error);
void          pk_outbox_new_async         (const char           *path,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
PkOutbox     *pk_outbox_new_finish        (GAsyncResult         *result,
                                           GError              **error);

const char   *pk_outbox_get_path          (PkOutbox             *self);
guint         pk_outbox_get_n_pending     (PkOutbox             *self);
guint         pk_outbox_get_n_sending     (PkOutbox             *self);
guint         pk_outbox_get_n_failed      (PkOutbox             *self);
guint         pk_outbox_get_n_delivered   (PkOutbox             *self);
guint         pk_outbox_get_n_recovered   (PkOutbox             *self);

PkOutboxItem *pk_outbox_enqueue           (PkOutbox             *self,
                                           const char           *operator_name,
                                           JsonObject           *application,
                                           GPtrArray            *documents,
                                           GError              **error);
void          pk_outbox_enqueue_async     (PkOutbox             *self,
                                           const char           *operator_name,
                                           JsonObject           *application,
                                           GPtrArray            *documents,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
PkOutboxItem *pk_outbox_enqueue_finish    (PkOutbox             *self,
                                           GAsyncResult         *result,
                                           GError              **error);

PkOutboxItem *pk_outbox_get_item          (PkOutbox             *self,
                                           gint64                id,
                                           gboolean              with_data,
                                           GError              **error);
void          pk_outbox_get_item_async    (PkOutbox             *self,
                                           gint64                id,
                                           gboolean              with_data,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
PkOutboxItem *pk_outbox_get_item_finish   (PkOutbox             *self,
                                           GAsyncResult         *result,
                                           GError              **error);
GPtrArray    *pk_outbox_list              (PkOutbox             *self,
                                           int                   state,
                                           GError              **error);
void          pk_outbox_list_async        (PkOutbox             *self,
                                           int                   state,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GPtrArray    *pk_outbox_list_finish       (PkOutbox             *self,
                                           GAsyncResult         *result,
                                           GError              **error);

gboolean      pk_outbox_retry_now         (PkOutbox             *self,
                                           gint64                id,
                                           GError              **error);
void          pk_outbox_retry_now_async   (PkOutbox             *self,
                                           gint64                id,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean      pk_outbox_retry_now_finish  (PkOutbox             *self,
                                           GAsyncResult         *result,
                                           GError              **error);
gboolean      pk_outbox_remove_failed     (PkOutbox             *self,
                                           gint64                id,
                                           GError              **error);
void          pk_outbox_remove_failed_async (PkOutbox           *self,
                                             gint64              id,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
gboolean      pk_outbox_remove_failed_finish (PkOutbox          *self,
                                              GAsyncResult      *result,
                                              GError           **error);

G_END_DECLS
