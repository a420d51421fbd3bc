/* pk-trust-list.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pk-api-enums.h"
#include "pk-api-key.h"
#include "pk-permit-code.h"

G_BEGIN_DECLS

#define PK_TRUST_LIST_ERROR (pk_trust_list_error_quark ())

typedef enum
{
  PK_TRUST_LIST_ERROR_IO,
  PK_TRUST_LIST_ERROR_CORRUPT,
} PkTrustListError;

#define PK_TYPE_TRUST_LIST (pk_trust_list_get_type ())

G_DECLARE_FINAL_TYPE (PkTrustList, pk_trust_list, PK, TRUST_LIST, GObject)

GQuark        pk_trust_list_error_quark    (void);
PkTrustList  *pk_trust_list_new            (const char    *path);
const char   *pk_trust_list_get_path       (PkTrustList   *self);
GDateTime    *pk_trust_list_get_fetched_at (PkTrustList   *self);
guint         pk_trust_list_get_n_keys     (PkTrustList   *self);
PkApiKey     *pk_trust_list_lookup         (PkTrustList   *self,
                                            const char    *key_id);
void          pk_trust_list_replace        (PkTrustList   *self,
                                            GPtrArray     *keys,
                                            GDateTime     *fetched_at);
gboolean      pk_trust_list_load           (PkTrustList   *self,
                                            GError       **error);
void          pk_trust_list_load_async     (PkTrustList         *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean      pk_trust_list_load_finish    (PkTrustList   *self,
                                            GAsyncResult  *result,
                                            GError       **error);
gboolean      pk_trust_list_save           (PkTrustList   *self,
                                            GError       **error);
void          pk_trust_list_save_async     (PkTrustList         *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean      pk_trust_list_save_finish    (PkTrustList   *self,
                                            GAsyncResult  *result,
                                            GError       **error);
PkApiVerdict  pk_trust_list_verify         (PkTrustList   *self,
                                            const char    *payload,
                                            GDateTime     *now,
                                            PkPermitCode **out_code);

G_END_DECLS
