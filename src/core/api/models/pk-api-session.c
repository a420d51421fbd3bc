/* pk-api-session.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-api-session.h"

G_DEFINE_BOXED_TYPE (PkApiSession, pk_api_session, pk_api_session_ref, pk_api_session_unref)

PkApiSession *
pk_api_session_new (void)
{
  PkApiSession *self = g_atomic_rc_box_new0 (PkApiSession);

  return self;
}

PkApiSession *
pk_api_session_ref (PkApiSession *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
pk_api_session_clear (gpointer data)
{
  PkApiSession *self = data;

  g_free (self->token);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  g_free (self->username);
  g_free (self->display_name);
  g_free (self->office_code);
  g_free (self->office_name);
  g_free (self->office_city);
  g_clear_pointer (&self->server_time, g_date_time_unref);
}

void
pk_api_session_unref (PkApiSession *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, pk_api_session_clear);
}
