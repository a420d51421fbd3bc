/* pk-window.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pk-application.h"

G_BEGIN_DECLS

#define PK_TYPE_WINDOW (pk_window_get_type ())

G_DECLARE_FINAL_TYPE (PkWindow, pk_window, PK, WINDOW, AdwApplicationWindow)

PkWindow   *pk_window_new              (PkApplication *application);
gboolean    pk_window_get_kiosk        (PkWindow      *self);
gboolean    pk_window_get_training     (PkWindow      *self);
const char *pk_window_get_visible_page (PkWindow      *self);
PkApiSession *pk_window_get_session    (PkWindow      *self);
void        pk_window_set_idle_timeout_ms (PkWindow   *self,
                                           guint       idle_timeout_ms);

G_END_DECLS
