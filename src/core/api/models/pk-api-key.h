/* pk-api-key.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* An entry of the trust list (GET /keys). */
typedef struct
{
  char      *key_id;
  char      *algorithm;         /* "Ed25519" */
  GBytes    *public_key;        /* decoded; 32 bytes for Ed25519 */
  GDateTime *valid_from;
  GDateTime *valid_until;       /* nullable: open-ended */
} PkApiKey;

#define PK_TYPE_API_KEY (pk_api_key_get_type ())

GType     pk_api_key_get_type (void) G_GNUC_CONST;
PkApiKey *pk_api_key_new      (void);
PkApiKey *pk_api_key_ref      (PkApiKey *self);
void      pk_api_key_unref    (PkApiKey *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkApiKey, pk_api_key_unref)

G_END_DECLS
