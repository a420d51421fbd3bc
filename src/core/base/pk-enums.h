/* pk-enums.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The nicks are the GSettings enum values: keep them in step with the schema. */
typedef enum
{
  PK_DEVICE_ROLE_OPERATOR,
  PK_DEVICE_ROLE_KIOSK,
} PkDeviceRole;

typedef enum
{
  PK_AMOUNT_UNIT_RIAL,
  PK_AMOUNT_UNIT_TOMAN,
} PkAmountUnit;

/* Which GSK renderer the app asks GTK for: auto decides from the machine's GPU. */
typedef enum
{
  PK_RENDERER_AUTO,
  PK_RENDERER_CAIRO,
  PK_RENDERER_GL,
} PkRenderer;

typedef enum
{
  PK_LANGUAGE_PERSIAN,
  PK_LANGUAGE_ENGLISH,
} PkLanguage;

G_END_DECLS
