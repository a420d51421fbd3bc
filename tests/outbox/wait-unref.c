/* wait-unref.c — wait for worker threads to let go of an object, on an event
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wait-unref.h"

static gboolean
no_last_ref_cb (gpointer data)
{
  g_error ("%s still referenced elsewhere after 5 s", G_OBJECT_TYPE_NAME (data));
  return G_SOURCE_REMOVE;
}

static void
last_ref_cb (gpointer  data,
             GObject  *object,
             gboolean  is_last_ref)
{
  if (is_last_ref)
    {
      g_atomic_int_set ((gint *) data, TRUE);
      g_main_context_wakeup (NULL);
    }
}

/* Runs the main loop until the caller's reference to @object is the only one left: GTask
 * worker threads drop theirs a moment after the callbacks ran, with no callback of their own.
 * A toggle reference in place of the caller's tells when the last other one goes, from
 * whichever thread drops it. Fails the test after 5 s. */
void
ot_wait_until_unref (GObject *object)
{
  gint alone = FALSE;
  guint timeout = g_timeout_add_seconds (5, no_last_ref_cb, object);

  g_object_add_toggle_ref (object, last_ref_cb, &alone);
  g_object_unref (object);
  while (!g_atomic_int_get (&alone))
    g_main_context_iteration (NULL, TRUE);
  g_object_ref (object);
  g_object_remove_toggle_ref (object, last_ref_cb, &alone);
  g_source_remove (timeout);
}
