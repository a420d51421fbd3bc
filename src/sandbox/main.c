/* main.c — pishkhan-sandbox, the standalone training/test central API
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <malloc.h>

#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "pk-sandbox-server.h"

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PkSandboxServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *base_url = NULL;
  gint port = 0;
  gint64 seed = PK_SANDBOX_DEFAULT_SEED;
  gint review_delay = PK_SANDBOX_DEFAULT_REVIEW_DELAY;
  gint token_lifetime = PK_SANDBOX_DEFAULT_TOKEN_LIFETIME;
  gboolean enable_faults = FALSE;

  /* Every request allocates and frees a few hundred small blocks; without slack at the top of
   * the heap glibc grows and trims it on every request (a tenth of the server's time). */
  mallopt (M_TOP_PAD, 8 * 1024 * 1024);
  mallopt (M_TRIM_THRESHOLD, 32 * 1024 * 1024);
  gint latency_ms = 0;
  gdouble error_rate = 0, drop_rate = 0, truncate_rate = 0, garbage_rate = 0;
  guint16 bound;
  guint sigterm, sigint;
  GOptionEntry entries[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir,
      "Data directory (created if missing)", "DIR" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "TCP port on 127.0.0.1 (0 = any free port)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      "Seed of the generated city (first start only)", "N" },
    { "review-delay", 0, 0, G_OPTION_ARG_INT, &review_delay,
      "Seconds from submission to decision", "S" },
    { "token-lifetime", 0, 0, G_OPTION_ARG_INT, &token_lifetime,
      "Session token lifetime in seconds", "S" },
    { "enable-faults", 0, 0, G_OPTION_ARG_NONE, &enable_faults,
      "Allow fault injection (POST /_sandbox/faults)", NULL },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &latency_ms,
      "Injected latency per request (with --enable-faults)", "MS" },
    { "error-rate", 0, 0, G_OPTION_ARG_DOUBLE, &error_rate,
      "Share of requests answered 500", "0-1" },
    { "drop-rate", 0, 0, G_OPTION_ARG_DOUBLE, &drop_rate,
      "Share of connections closed without a reply", "0-1" },
    { "truncate-rate", 0, 0, G_OPTION_ARG_DOUBLE, &truncate_rate,
      "Share of replies cut in half", "0-1" },
    { "garbage-rate", 0, 0, G_OPTION_ARG_DOUBLE, &garbage_rate,
      "Share of replies that are not JSON", "0-1" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("— Pishkhan central API sandbox");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("pishkhan-sandbox: %s\n", error->message);
      return 2;
    }
  if (data_dir == NULL)
    {
      g_printerr ("pishkhan-sandbox: --data-dir is required\n");
      return 2;
    }
  if (port < 0 || port > 65535 || seed < 0 || review_delay < 0 || review_delay > 86400 ||
      token_lifetime < 0 || latency_ms < 0 || latency_ms > 60000 ||
      error_rate < 0 || error_rate > 1 || drop_rate < 0 || drop_rate > 1 ||
      truncate_rate < 0 || truncate_rate > 1 || garbage_rate < 0 || garbage_rate > 1)
    {
      g_printerr ("pishkhan-sandbox: an option is out of range\n");
      return 2;
    }
  if (!enable_faults && (latency_ms || error_rate || drop_rate || truncate_rate || garbage_rate))
    {
      g_printerr ("pishkhan-sandbox: fault options need --enable-faults\n");
      return 2;
    }

  server = pk_sandbox_server_new (data_dir, (guint64) seed, &error);
  if (server == NULL)
    {
      g_printerr ("pishkhan-sandbox: %s\n", error->message);
      return 1;
    }
  pk_sandbox_server_set_review_delay (server, (guint) review_delay);
  pk_sandbox_server_set_token_lifetime (server, (guint) token_lifetime);
  if (enable_faults)
    {
      PkSandboxFaults faults = { (guint) latency_ms, error_rate, drop_rate, truncate_rate,
                                 garbage_rate, (guint64) seed };

      pk_sandbox_server_set_faults_enabled (server, TRUE);
      pk_sandbox_server_set_faults (server, &faults);
    }
  bound = pk_sandbox_server_listen (server, (guint16) port, &error);
  if (bound == 0)
    {
      g_printerr ("pishkhan-sandbox: %s\n", error->message);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  sigterm = g_unix_signal_add (SIGTERM, on_signal, loop);
  sigint = g_unix_signal_add (SIGINT, on_signal, loop);
  printf ("listening on http://127.0.0.1:%u\n", bound);
  fflush (stdout);
  g_main_loop_run (loop);
  g_source_remove (sigterm);
  g_source_remove (sigint);
  pk_sandbox_server_disconnect (server);
  return 0;
}
