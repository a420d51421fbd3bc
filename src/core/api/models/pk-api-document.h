/* pk-api-document.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* POST /documents: the stored upload. */
typedef struct
{
  char   *document_id;
  char   *sha256;               /* lower-case hex */
  gint64  size;
  char   *content_type;
  char   *filename;             /* nullable: as the server stored it */
} PkApiDocument;

#define PK_TYPE_API_DOCUMENT (pk_api_document_get_type ())

GType          pk_api_document_get_type (void) G_GNUC_CONST;
PkApiDocument *pk_api_document_new      (void);
PkApiDocument *pk_api_document_ref      (PkApiDocument *self);
void           pk_api_document_unref    (PkApiDocument *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkApiDocument, pk_api_document_unref)

G_END_DECLS
