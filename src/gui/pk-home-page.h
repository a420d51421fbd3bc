/* pk-home-page.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pk-api-enums.h"
#include "pk-enums.h"

G_BEGIN_DECLS

#define PK_TYPE_HOME_PAGE (pk_home_page_get_type ())

G_DECLARE_FINAL_TYPE (PkHomePage, pk_home_page, PK, HOME_PAGE, GtkWidget)

GtkWidget   *pk_home_page_new             (void);
PkDeviceRole pk_home_page_get_device_role (PkHomePage   *self);
void         pk_home_page_set_device_role (PkHomePage   *self,
                                           PkDeviceRole  device_role);
PkApiRole    pk_home_page_get_role        (PkHomePage   *self);
void         pk_home_page_set_role        (PkHomePage   *self,
                                           PkApiRole     role);
void         pk_home_page_set_task_available (PkHomePage *self,
                                              const char *task,
                                              gboolean    available);

G_END_DECLS
