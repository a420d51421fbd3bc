/* pk-login-page.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pk-api-client.h"

G_BEGIN_DECLS

#define PK_TYPE_LOGIN_PAGE (pk_login_page_get_type ())

G_DECLARE_FINAL_TYPE (PkLoginPage, pk_login_page, PK, LOGIN_PAGE, GtkWidget)

GtkWidget   *pk_login_page_new                  (PkApiClient *client);
PkApiClient *pk_login_page_get_client           (PkLoginPage *self);
void         pk_login_page_reset                (PkLoginPage *self,
                                                 const char  *office_code,
                                                 const char  *username,
                                                 const char  *message);
void         pk_login_page_add_training_account (PkLoginPage *self,
                                                 const char  *office_code,
                                                 const char  *username,
                                                 const char  *password,
                                                 const char  *role,
                                                 const char  *display_name);
gboolean     pk_login_page_get_busy             (PkLoginPage *self);

G_END_DECLS
