/* wait-unref.h — wait for worker threads to let go of an object, on an event
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

void ot_wait_until_unref (GObject *object);

G_END_DECLS
