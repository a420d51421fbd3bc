/* pk-page-context.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pk-api-client.h"
#include "pk-journal.h"
#include "pk-outbox.h"
#include "pk-printer.h"
#include "pk-settings.h"
#include "pk-trust-list.h"

G_BEGIN_DECLS

#define PK_TYPE_PAGE_CONTEXT (pk_page_context_get_type ())

G_DECLARE_FINAL_TYPE (PkPageContext, pk_page_context, PK, PAGE_CONTEXT, GObject)

PkPageContext *pk_page_context_new            (PkApiClient   *client,
                                               PkSettings    *settings,
                                               PkLanguage     language);
PkApiClient   *pk_page_context_get_client     (PkPageContext *self);
PkSettings    *pk_page_context_get_settings   (PkPageContext *self);
PkLanguage     pk_page_context_get_language   (PkPageContext *self);
PkJournal     *pk_page_context_get_journal    (PkPageContext *self);
PkOutbox      *pk_page_context_get_outbox     (PkPageContext *self);
PkTrustList   *pk_page_context_get_trust_list (PkPageContext *self);
PkPrinter     *pk_page_context_get_printer    (PkPageContext *self);

G_END_DECLS
