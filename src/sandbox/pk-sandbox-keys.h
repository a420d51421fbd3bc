/* pk-sandbox-keys.h — the sandbox's Ed25519 signing key, kept in the data directory
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "pk-permit-code.h"

G_BEGIN_DECLS

typedef struct
{
  guint8  public_key[PK_PERMIT_CODE_PUBLIC_KEY_LEN];
  guint8  secret_key[PK_PERMIT_CODE_SECRET_KEY_LEN];
  char    key_id[PK_PERMIT_CODE_KEY_ID_LEN + 1];
  gint64  created_at;   /* Unix seconds */
} PkSandboxKeys;

#define PK_SANDBOX_KEY_FILE "signing-key.ini"

/* @now (Unix seconds) dates a key it creates: the server passes its own clock. */
gboolean pk_sandbox_keys_load_or_create (const char     *data_dir,
                                         gint64          now,
                                         PkSandboxKeys  *keys,
                                         GError        **error);

G_END_DECLS
