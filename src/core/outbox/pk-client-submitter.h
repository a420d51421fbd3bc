/* pk-client-submitter.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pk-api-client.h"
#include "pk-submitter.h"

G_BEGIN_DECLS

#define PK_TYPE_CLIENT_SUBMITTER (pk_client_submitter_get_type ())

G_DECLARE_FINAL_TYPE (PkClientSubmitter, pk_client_submitter, PK, CLIENT_SUBMITTER, GObject)

PkClientSubmitter *pk_client_submitter_new        (PkApiClient    *client);
PkApiClient    *pk_client_submitter_get_client (PkClientSubmitter *self);

G_END_DECLS
