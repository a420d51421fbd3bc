/* pk-resettable.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-resettable.h"

/* A page that holds what one person entered, and forgets it when asked: on logout, after the
 * idle timeout and before the next citizen. The window resets every page that implements it. */

G_DEFINE_INTERFACE (PkResettable, pk_resettable, G_TYPE_OBJECT)

static void
pk_resettable_default_init (PkResettableInterface *iface)
{
}

/**
 * pk_resettable_reset:
 *
 * Forgets everything entered and cancels work under way.
 */
void
pk_resettable_reset (PkResettable *self)
{
  PkResettableInterface *iface;

  g_return_if_fail (PK_IS_RESETTABLE (self));

  iface = PK_RESETTABLE_GET_IFACE (self);
  g_return_if_fail (iface->reset != NULL);
  iface->reset (self);
}
