/* pk-outbox-document.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The API's limit on one document (docs/api-v1.md). */
#define PK_OUTBOX_DOCUMENT_MAX_SIZE (10 * 1024 * 1024)

/**
 * PkOutboxDocument:
 * @position: order within its application, from 0
 * @filename: the name shown to the operator and sent as `X-Filename`
 * @content_type: `application/pdf`, `image/jpeg` or `image/png`
 * @size: bytes
 * @sha256: lower-case hex SHA-256 of the bytes, computed when queued
 * @data: (nullable): the bytes; %NULL once delivered (the outbox frees the space) or when
 *   listed without contents
 * @document_id: (nullable): the server's id once uploaded — kept so that a re-send after a
 *   crash posts the very same application body, which the server then deduplicates
 *
 * A document attached to a queued application. A plain reference-counted record.
 */
typedef struct
{
  guint   position;
  char   *filename;
  char   *content_type;
  gint64  size;
  char   *sha256;
  GBytes *data;
  char   *document_id;
} PkOutboxDocument;

#define PK_TYPE_OUTBOX_DOCUMENT (pk_outbox_document_get_type ())

GType             pk_outbox_document_get_type (void) G_GNUC_CONST;
PkOutboxDocument *pk_outbox_document_new      (const char       *filename,
                                               const char       *content_type,
                                               GBytes           *data);
PkOutboxDocument *pk_outbox_document_ref      (PkOutboxDocument *self);
void              pk_outbox_document_unref    (PkOutboxDocument *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkOutboxDocument, pk_outbox_document_unref)

G_END_DECLS
