/* pk-resettable.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PK_TYPE_RESETTABLE (pk_resettable_get_type ())

G_DECLARE_INTERFACE (PkResettable, pk_resettable, PK, RESETTABLE, GObject)

struct _PkResettableInterface
{
  GTypeInterface parent_iface;

  void (*reset) (PkResettable *self);
};

void pk_resettable_reset (PkResettable *self);

G_END_DECLS
