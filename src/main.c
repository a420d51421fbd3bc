/* main.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "pk-application.h"
#include "pk-renderer.h"
#include "pk-settings.h"

static PkRendererReason renderer_reason;

/* Says which renderer GTK ended up with once the first window has one, so that a look at the
 * log (G_MESSAGES_DEBUG=Pishkhan) or the renderer test can tell. */
static void
window_realized_cb (GtkWidget *window,
                    gpointer   user_data)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  g_debug ("renderer: %s (%s)", renderer ? G_OBJECT_TYPE_NAME (renderer) : "none",
           pk_renderer_reason_to_string (renderer_reason));
  g_signal_handlers_disconnect_by_func (window, window_realized_cb, user_data);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 gpointer        user_data)
{
  g_signal_connect_after (window, "realize", G_CALLBACK (window_realized_cb), NULL);
  g_signal_handlers_disconnect_by_func (app, window_added_cb, user_data);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PkApplication) app = NULL;

  /* Before anything opens the display: the renderer is chosen from the machine, not from a
   * variable a launch script would have to set. */
  {
    g_autoptr(PkSettings) settings = pk_settings_new_default ();

    pk_renderer_apply (pk_settings_get_renderer (settings), &renderer_reason);
  }

  pk_application_init_i18n ();
  app = pk_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
