/* test-cli.c — the pishkhan-sandbox executable as the integration tests use it
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "test-spawn.h"

#ifndef SANDBOX_EXE
#error "SANDBOX_EXE must name the pishkhan-sandbox binary"
#endif

typedef struct
{
  GBytes   *body;
  GError   *error;
  gboolean  done;
} Reply;

static void
read_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Reply *r = user_data;

  r->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &r->error);
  r->done = TRUE;
}

static guint
request (SoupSession *session, const char *method, const char *url, const char *body,
         GBytes **out)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  Reply r = { NULL };

  if (body)
    {
      g_autoptr(GBytes) b = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", b);
    }
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, read_done, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (r.error);
  if (out)
    *out = r.body;
  else
    g_bytes_unref (r.body);
  return soup_message_get_status (msg);
}

static void
test_start_and_stop (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pk-sandbox-cli-XXXXXX", &error);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  g_autofree char *keys_url = NULL, *faults_url = NULL, *login_url = NULL;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GRegex) re = g_regex_new ("^listening on (http://127\\.0\\.0\\.1:[0-9]+)$", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *origin = NULL;

  g_assert_no_error (error);
  proc = test_spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, SANDBOX_EXE, "--data-dir", dir,
                           "--port", "0", "--seed", "9", "--enable-faults", "--error-rate", "1",
                           NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_regex_match (re, line, 0, &match));
  origin = g_match_info_fetch (match, 1);

  /* --error-rate 1: every API call is a 500 with a JSON error… */
  keys_url = g_strdup_printf ("%s/api/v1/keys", origin);
  g_assert_cmpuint (request (session, "GET", keys_url, NULL, &body), ==, 500);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                  "\"internal\""));
  /* …until the faults are switched off over HTTP. */
  faults_url = g_strdup_printf ("%s/_sandbox/faults", origin);
  g_assert_cmpuint (request (session, "POST", faults_url, "{}", NULL), ==, 200);
  g_assert_cmpuint (request (session, "GET", keys_url, NULL, NULL), ==, 200);
  login_url = g_strdup_printf ("%s/api/v1/sessions", origin);
  g_assert_cmpuint (request (session, "POST", login_url,
                             "{\"office_code\":\"12051\",\"username\":\"kiosk1\","
                             "\"password\":\"kiosk1-1405\"}", NULL), ==, 201);

  g_subprocess_send_signal (proc, SIGTERM);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);

  {
    g_autofree char *key = g_build_filename (dir, "signing-key.ini", NULL);
    g_autofree char *db = g_build_filename (dir, "sandbox.db", NULL);
    g_autofree char *docs = g_build_filename (dir, "documents", NULL);
    g_autofree char *wal = g_build_filename (dir, "sandbox.db-wal", NULL);
    g_autofree char *shm = g_build_filename (dir, "sandbox.db-shm", NULL);

    g_assert_true (g_file_test (key, G_FILE_TEST_IS_REGULAR));
    g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));
    g_unlink (key);
    g_unlink (db);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (docs);
    g_rmdir (dir);
  }
}

static void
test_bad_options (void)
{
  const char *cases[][5] = {
    { SANDBOX_EXE, "--port", "0", NULL },                                   /* no data dir */
    { SANDBOX_EXE, "--data-dir", "/nonexistent-ignored", "--error-rate" },  /* missing value */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) proc = g_subprocess_newv ((const char * const *) cases[i],
                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);

      g_assert_no_error (error);
      g_assert_true (g_subprocess_wait (proc, NULL, &error));
      g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 2);
    }
  /* Fault rates without --enable-faults are refused. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GSubprocess) proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                                    SANDBOX_EXE, "--data-dir", "/nonexistent",
                                                    "--drop-rate", "0.5", NULL);

    g_assert_true (g_subprocess_wait (proc, NULL, &error));
    g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 2);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/cli/start-and-stop", test_start_and_stop);
  g_test_add_func ("/sandbox/cli/bad-options", test_bad_options);
  return g_test_run ();
}
