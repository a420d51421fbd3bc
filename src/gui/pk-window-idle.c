/* pk-window-idle.c — the kiosk's idle wipe: a kiosk left alone forgets the citizen
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-window-private.h"

static gboolean idle_check_cb (gpointer data);

void
pk_window_arm_idle (PkWindow *self,
                    guint     delay_ms)
{
  g_clear_handle_id (&self->idle_source, g_source_remove);
  if (self->idle_timeout_ms > 0)
    self->idle_source = g_timeout_add_full (G_PRIORITY_LOW, delay_ms, idle_check_cb, self, NULL);
}

/* A kiosk left alone forgets the citizen: every page is wiped and it goes back to its start.
 * Activity only stamps a time; the one timer re-arms itself for what is left, so typing costs
 * nothing. */
static gboolean
idle_check_cb (gpointer data)
{
  PkWindow *self = data;
  gint64 idle_ms = (g_get_monotonic_time () - self->last_activity) / 1000;

  self->idle_source = 0;
  if (idle_ms < self->idle_timeout_ms)
    {
      pk_window_arm_idle (self, self->idle_timeout_ms - (guint) idle_ms);
      return G_SOURCE_REMOVE;
    }

  if (pk_window_is_kiosk (self))
    {
      pk_window_reset_pages (self);
      if (self->session != NULL)
        pk_window_show_page (self, "home");
    }
  self->last_activity = g_get_monotonic_time ();
  pk_window_arm_idle (self, self->idle_timeout_ms);
  return G_SOURCE_REMOVE;
}

static void
activity_cb (PkWindow *self)
{
  self->last_activity = g_get_monotonic_time ();
}

static gboolean
key_activity_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 PkWindow              *self)
{
  activity_cb (self);
  return GDK_EVENT_PROPAGATE;
}

/* Any touch, click or key counts as someone being there. */
void
pk_window_watch_activity (PkWindow *self)
{
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  gtk_event_controller_set_propagation_phase (motion, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_activity_cb), self);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (activity_cb), self);
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (activity_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}
