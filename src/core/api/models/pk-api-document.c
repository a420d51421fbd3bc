/* pk-api-document.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-api-document.h"

G_DEFINE_BOXED_TYPE (PkApiDocument, pk_api_document, pk_api_document_ref, pk_api_document_unref)

PkApiDocument *
pk_api_document_new (void)
{
  PkApiDocument *self = g_atomic_rc_box_new0 (PkApiDocument);

  return self;
}

PkApiDocument *
pk_api_document_ref (PkApiDocument *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
pk_api_document_clear (gpointer data)
{
  PkApiDocument *self = data;

  g_free (self->document_id);
  g_free (self->sha256);
  g_free (self->content_type);
  g_free (self->filename);
}

void
pk_api_document_unref (PkApiDocument *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, pk_api_document_clear);
}
