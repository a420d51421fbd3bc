/* pk-application-bench.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pk-application-private.h"

/* The start-up benchmark's hook, kept out of PkApplication: with --bench-first-frame the
 * application prints the monotonic time of its first frame and its resident memory then and
 * once settled, and quits. */

static glong
read_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

static gboolean
bench_quit_cb (gpointer data)
{
  PkApplication *self = data;

  printf ("rss-settled-kb: %ld\n", read_rss_kb ());
  fflush (stdout);
  g_application_quit (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

static void
bench_after_paint_cb (GdkFrameClock *clock,
                      PkApplication *self)
{
  g_signal_handlers_disconnect_by_func (clock, bench_after_paint_cb, self);
  /* Monotonic microseconds, the clock the benchmark started the process on. */
  printf ("first-frame-monotonic-us: %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  printf ("rss-first-frame-kb: %ld\n", read_rss_kb ());
  fflush (stdout);
  g_timeout_add_seconds (2, bench_quit_cb, self);
}

static void
bench_window_mapped_cb (GtkWidget     *window,
                        PkApplication *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "after-paint", G_CALLBACK (bench_after_paint_cb), self);
}

/**
 * pk_application_bench_first_frame:
 *
 * Prints when @window painted its first frame and the memory used then and two seconds
 * later, then quits: what tests/bench/bench-startup.py measures.
 */
void
pk_application_bench_first_frame (PkApplication *self,
                                  GtkWindow     *window)
{
  g_return_if_fail (PK_IS_APPLICATION (self));
  g_return_if_fail (GTK_IS_WINDOW (window));

  g_signal_connect (window, "map", G_CALLBACK (bench_window_mapped_cb), self);
}
