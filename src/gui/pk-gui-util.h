/* pk-gui-util.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void       pk_gui_label_set_text (GtkLabel   *label,
                                  const char *text);
GtkWidget *pk_gui_label_new      (const char *text,
                                  const char *css_class);
void       pk_gui_show_error     (GtkLabel   *label,
                                  const char *message);
void       pk_gui_show_busy      (GtkSpinner *spinner,
                                  gboolean    busy);

G_END_DECLS
