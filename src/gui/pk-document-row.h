/* pk-document-row.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pk-api-service.h"
#include "pk-enums.h"
#include "pk-outbox-document.h"

G_BEGIN_DECLS

#define PK_TYPE_DOCUMENT_ROW (pk_document_row_get_type ())

G_DECLARE_FINAL_TYPE (PkDocumentRow, pk_document_row, PK, DOCUMENT_ROW, GtkListBoxRow)

GtkWidget         *pk_document_row_new          (PkApiDocumentSpec    *spec,
                                                 PkLanguage            language);
PkApiDocumentSpec *pk_document_row_get_spec     (PkDocumentRow        *self);
const char        *pk_document_row_get_title    (PkDocumentRow        *self);
const char        *pk_document_row_get_error    (PkDocumentRow        *self);
void               pk_document_row_set_error    (PkDocumentRow        *self,
                                                 const char           *message);
gboolean           pk_document_row_has_file     (PkDocumentRow        *self);
const char        *pk_document_row_get_filename (PkDocumentRow        *self);
PkOutboxDocument  *pk_document_row_dup_document (PkDocumentRow        *self);
void               pk_document_row_clear        (PkDocumentRow        *self);
void               pk_document_row_attach_async (PkDocumentRow        *self,
                                                 GFile                *file,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean           pk_document_row_attach_finish (PkDocumentRow       *self,
                                                  GAsyncResult        *result);

G_END_DECLS
