/* pk-fonts.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PK_FONT_FAMILY "Vazirmatn"

const char *pk_fonts_get_dir (void);
gboolean    pk_fonts_load    (GError **error);

G_END_DECLS
