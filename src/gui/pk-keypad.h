/* pk-keypad.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pk-enums.h"

G_BEGIN_DECLS

#define PK_TYPE_KEYPAD (pk_keypad_get_type ())

G_DECLARE_FINAL_TYPE (PkKeypad, pk_keypad, PK, KEYPAD, GtkWidget)

GtkWidget   *pk_keypad_new          (void);
GtkEditable *pk_keypad_get_target   (PkKeypad    *self);
void         pk_keypad_set_target   (PkKeypad    *self,
                                     GtkEditable *target);
PkLanguage   pk_keypad_get_language (PkKeypad    *self);
void         pk_keypad_set_language (PkKeypad    *self,
                                     PkLanguage   language);

G_END_DECLS
