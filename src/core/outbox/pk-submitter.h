/* pk-submitter.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pk-api-document.h"
#include "pk-api-submission.h"
#include "pk-outbox-document.h"

G_BEGIN_DECLS

#define PK_TYPE_SUBMITTER (pk_submitter_get_type ())

G_DECLARE_INTERFACE (PkSubmitter, pk_submitter, PK, SUBMITTER, GObject)

/**
 * PkSubmitterInterface:
 * @upload_document_async: `POST /documents`
 * @upload_document_finish: the stored document, or an error in %PK_API_ERROR
 * @submit_async: `POST /applications` with the `Idempotency-Key` header and @body_json as is
 * @submit_finish: the receipt, or an error in %PK_API_ERROR
 *
 * What the outbox sender needs from the central API: the seam that lets the sender be tested
 * against scripted failures and run against #PkApiClient (pk_client_submitter_new()) for real.
 * Implementations emit #PkSubmitter::ready when a new session token is available.
 */
struct _PkSubmitterInterface
{
  GTypeInterface parent_iface;

  void             (*upload_document_async)  (PkSubmitter         *self,
                                              PkOutboxDocument    *document,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
  PkApiDocument   *(*upload_document_finish) (PkSubmitter         *self,
                                              GAsyncResult        *result,
                                              GError             **error);
  void             (*submit_async)           (PkSubmitter         *self,
                                              const char          *idempotency_key,
                                              const char          *body_json,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
  PkApiSubmission *(*submit_finish)          (PkSubmitter         *self,
                                              GAsyncResult        *result,
                                              GError             **error);
};

void             pk_submitter_upload_document_async  (PkSubmitter         *self,
                                                      PkOutboxDocument    *document,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
PkApiDocument   *pk_submitter_upload_document_finish (PkSubmitter         *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void             pk_submitter_submit_async           (PkSubmitter         *self,
                                                      const char          *idempotency_key,
                                                      const char          *body_json,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
PkApiSubmission *pk_submitter_submit_finish          (PkSubmitter         *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void             pk_submitter_emit_ready             (PkSubmitter         *self);

G_END_DECLS
