/* pk-outbox-document.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-outbox-document.h"

typedef struct
{
  PkOutboxDocument doc;
  gatomicrefcount  ref_count;
} PkOutboxDocumentReal;

G_DEFINE_BOXED_TYPE (PkOutboxDocument, pk_outbox_document,
                     pk_outbox_document_ref, pk_outbox_document_unref)

/**
 * pk_outbox_document_new:
 * @filename: the file's name
 * @content_type: its MIME type
 * @data: (nullable): its bytes; the size and SHA-256 are computed from them
 *
 * Returns: (transfer full): a new document, position 0
 */
PkOutboxDocument *
pk_outbox_document_new (const char *filename,
                        const char *content_type,
                        GBytes     *data)
{
  PkOutboxDocumentReal *real;
  PkOutboxDocument *self;

  g_return_val_if_fail (filename != NULL, NULL);
  g_return_val_if_fail (content_type != NULL, NULL);

  real = g_new0 (PkOutboxDocumentReal, 1);
  g_atomic_ref_count_init (&real->ref_count);
  self = &real->doc;
  self->filename = g_strdup (filename);
  self->content_type = g_strdup (content_type);
  if (data != NULL)
    {
      self->data = g_bytes_ref (data);
      self->size = g_bytes_get_size (data);
      self->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
    }
  return self;
}

PkOutboxDocument *
pk_outbox_document_ref (PkOutboxDocument *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&((PkOutboxDocumentReal *) self)->ref_count);
  return self;
}

void
pk_outbox_document_unref (PkOutboxDocument *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&((PkOutboxDocumentReal *) self)->ref_count))
    return;
  g_free (self->filename);
  g_free (self->content_type);
  g_free (self->sha256);
  g_clear_pointer (&self->data, g_bytes_unref);
  g_free (self->document_id);
  g_free (self);
}
