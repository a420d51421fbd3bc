/* pk-api-session.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pk-api-enums.h"

G_BEGIN_DECLS

/* A login's answer (POST /sessions). Like every API model: a reference-counted plain struct,
 * filled once by the parser (pk-api-parse.h) and read-only afterwards. */
typedef struct
{
  char      *token;
  GDateTime *expires_at;
  PkApiRole  role;
  char      *username;
  char      *display_name;      /* nullable */
  char      *office_code;
  char      *office_name;       /* nullable */
  char      *office_city;       /* nullable */
  GDateTime *server_time;       /* nullable */
} PkApiSession;

#define PK_TYPE_API_SESSION (pk_api_session_get_type ())

GType         pk_api_session_get_type (void) G_GNUC_CONST;
PkApiSession *pk_api_session_new      (void);
PkApiSession *pk_api_session_ref      (PkApiSession *self);
void          pk_api_session_unref    (PkApiSession *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkApiSession, pk_api_session_unref)

G_END_DECLS
