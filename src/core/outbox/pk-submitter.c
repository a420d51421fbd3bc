/* pk-submitter.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-submitter.h"

enum {
  READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_INTERFACE (PkSubmitter, pk_submitter, G_TYPE_OBJECT)

static void
pk_submitter_default_init (PkSubmitterInterface *iface)
{
  /**
   * PkSubmitter::ready:
   *
   * Credentials became available (the operator logged in again): a sender paused for
   * login resumes.
   */
  signals[READY] = g_signal_new ("ready", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

void
pk_submitter_upload_document_async (PkSubmitter         *self,
                                    PkOutboxDocument    *document,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (PK_IS_SUBMITTER (self));
  g_return_if_fail (document != NULL && document->data != NULL);

  PK_SUBMITTER_GET_IFACE (self)->upload_document_async (self, document, cancellable, callback,
                                                        user_data);
}

/**
 * pk_submitter_upload_document_finish:
 *
 * Returns: (transfer full): the stored document
 */
PkApiDocument *
pk_submitter_upload_document_finish (PkSubmitter   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (PK_IS_SUBMITTER (self), NULL);

  return PK_SUBMITTER_GET_IFACE (self)->upload_document_finish (self, result, error);
}

void
pk_submitter_submit_async (PkSubmitter         *self,
                           const char          *idempotency_key,
                           const char          *body_json,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (PK_IS_SUBMITTER (self));
  g_return_if_fail (idempotency_key != NULL);
  g_return_if_fail (body_json != NULL);

  PK_SUBMITTER_GET_IFACE (self)->submit_async (self, idempotency_key, body_json, cancellable,
                                               callback, user_data);
}

/**
 * pk_submitter_submit_finish:
 *
 * Returns: (transfer full): the server's receipt
 */
PkApiSubmission *
pk_submitter_submit_finish (PkSubmitter   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (PK_IS_SUBMITTER (self), NULL);

  return PK_SUBMITTER_GET_IFACE (self)->submit_finish (self, result, error);
}

void
pk_submitter_emit_ready (PkSubmitter *self)
{
  g_return_if_fail (PK_IS_SUBMITTER (self));

  g_signal_emit (self, signals[READY], 0);
}
