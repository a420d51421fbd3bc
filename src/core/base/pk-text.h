/* pk-text.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *pk_text_digits_to_ascii      (const char *text);
char     *pk_text_digits_to_persian    (const char *text);
char     *pk_text_normalize            (const char *text);
char     *pk_text_normalize_identifier (const char *text);
gboolean  pk_text_has_bidi_controls    (const char *text);
glong     pk_text_length               (const char *text);

G_END_DECLS
