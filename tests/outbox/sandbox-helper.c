/* sandbox-helper.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "pk-office-day.h"
#include "sandbox-helper.h"
#include "test-spawn.h"

const char *
sandbox_executable (void)
{
  return g_getenv ("PK_SANDBOX_EXE");
}

Sandbox *
sandbox_start (const char  *data_dir,
               guint        port,
               gboolean     faults,
               GError     **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  Sandbox *sandbox;
  const char *exe = sandbox_executable ();

  if (exe == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "PK_SANDBOX_EXE is not set");
      return NULL;
    }
  g_ptr_array_add (argv, g_strdup (exe));
  g_ptr_array_add (argv, g_strdup ("--data-dir"));
  g_ptr_array_add (argv, g_strdup (data_dir));
  g_ptr_array_add (argv, g_strdup ("--port"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", port));
  g_ptr_array_add (argv, g_strdup ("--review-delay"));
  g_ptr_array_add (argv, g_strdup ("0"));
  if (faults)
    g_ptr_array_add (argv, g_strdup ("--enable-faults"));
  g_ptr_array_add (argv, NULL);

  process = test_spawnv (G_SUBPROCESS_FLAGS_STDOUT_PIPE, (const char * const *) argv->pdata, error);
  if (process == NULL)
    return NULL;
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  while ((line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, error)) != NULL)
    {
      const char *p = strstr (line, "listening on http://127.0.0.1:");

      if (p != NULL)
        {
          port = (guint) g_ascii_strtoull (p + strlen ("listening on http://127.0.0.1:"), NULL, 10);
          break;
        }
      g_clear_pointer (&line, g_free);
    }
  if (line == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the sandbox exited before listening");
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
      return NULL;
    }

  sandbox = g_new0 (Sandbox, 1);
  sandbox->process = g_steal_pointer (&process);
  sandbox->data_dir = g_strdup (data_dir);
  sandbox->port = port;
  sandbox->base_url = g_strdup_printf ("http://127.0.0.1:%u/api/v1", port);
  return sandbox;
}

void
sandbox_stop (Sandbox *sandbox)
{
  if (sandbox->process == NULL)
    return;
  g_subprocess_send_signal (sandbox->process, SIGTERM);
  g_subprocess_wait (sandbox->process, NULL, NULL);
  if (!g_subprocess_get_if_exited (sandbox->process))
    {
      g_subprocess_force_exit (sandbox->process);
      g_subprocess_wait (sandbox->process, NULL, NULL);
    }
  g_clear_object (&sandbox->process);
}

void
sandbox_free (Sandbox *sandbox)
{
  sandbox_stop (sandbox);
  g_free (sandbox->data_dir);
  g_free (sandbox->base_url);
  g_free (sandbox);
}

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *w = user_data;

  w->result = g_object_ref (result);
}

static GAsyncResult *
wait_for (Wait *w)
{
  while (w->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return w->result;
}

PkApiClient *
sandbox_login (const char  *base_url,
               const char  *username,
               GError     **error)
{
  g_autoptr(PkApiClient) client = pk_api_client_new (base_url, NULL, error);
  g_autofree char *password = g_strdup_printf ("%s-1405", username);
  g_autoptr(PkApiSession) session = NULL;
  Wait w = { NULL };

  if (client == NULL)
    return NULL;
  pk_api_client_login_async (client, "12034", username, password, NULL, wait_cb, &w);
  session = pk_api_client_login_finish (client, wait_for (&w), error);
  g_object_unref (w.result);
  return session ? g_steal_pointer (&client) : NULL;
}

/* Renovation codes in the generated city are DD-BBB-PPP-000-000-000 with block numbers
 * 7·b + 0…5: look a real one up through the API rather than guess. */
char *
sandbox_find_parcel (PkApiClient  *client,
                     GError      **error)
{
  for (guint block = 7; block <= 13; block++)
    {
      g_autofree char *code = g_strdup_printf ("01-%03u-001-000-000-000", block);
      g_autoptr(PkApiParcel) parcel = NULL;
      g_autoptr(GError) local = NULL;
      Wait w = { NULL };

      pk_api_client_get_parcel_async (client, code, NULL, wait_cb, &w);
      parcel = pk_api_client_get_parcel_finish (client, wait_for (&w), &local);
      g_object_unref (w.result);
      if (parcel != NULL)
        return g_steal_pointer (&code);
      if (!g_error_matches (local, PK_API_ERROR, PK_API_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no parcel found in district 1");
  return NULL;
}

JsonObject *
sandbox_application (const char *renovation_code,
                     guint       n)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = g_strdup_printf (
    "{\"service_code\":\"NEW_BUILD\",\"renovation_code\":\"%s\","
    "\"applicants\":[{\"first_name\":\"علی\",\"last_name\":\"رضایی\",\"national_id\":\"0499370899\","
    "\"mobile\":\"09121234567\",\"share_percent\":100}],"
    "\"fields\":{\"floors\":[{\"level\":0,\"use\":\"parking\",\"area_m2\":%u.5,\"units\":0},"
    "{\"level\":1,\"use\":\"residential\",\"area_m2\":%u.5,\"units\":1}],"
    "\"structure\":\"concrete\",\"parking_spaces\":1,\"engineer_license\":\"1-23-4567\","
    "\"contact_mobile\":\"09121234567\",\"accept_terms\":true}}",
    renovation_code, 80 + n % 50, 80 + n % 50);

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

GBytes *
sandbox_pdf (guint n)
{
  g_autofree char *pdf = g_strdup_printf ("%%PDF-1.4\n%% site plan %u\n1 0 obj <<>> endobj\n"
                                          "trailer <<>>\n%%%%EOF\n", n);

  return g_bytes_new (pdf, strlen (pdf));
}

GHashTable *
sandbox_submissions (PkApiClient  *supervisor,
                     GError      **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDate) today = pk_office_day_today ();

  /* The daily report's days are office (Tehran) days; a run may straddle midnight there. */
  for (int delta = -1; delta <= 0; delta++)
    {
      g_autoptr(GDate) date = g_date_copy (today);
      g_autoptr(PkApiDailyReport) report = NULL;
      Wait w = { NULL };

      if (delta < 0)
        g_date_subtract_days (date, (guint) -delta);
      pk_api_client_get_daily_report_async (supervisor, date, "12034", NULL, wait_cb, &w);
      report = pk_api_client_get_daily_report_finish (supervisor, wait_for (&w), error);
      g_object_unref (w.result);
      if (report == NULL)
        return NULL;
      for (guint i = 0; i < report->items->len; i++)
        {
          PkApiReportItem *item = g_ptr_array_index (report->items, i);

          if (g_strcmp0 (item->kind, "submission") == 0)
            {
              guint n = GPOINTER_TO_UINT (g_hash_table_lookup (seen, item->tracking_code));
              g_hash_table_replace (seen, g_strdup (item->tracking_code), GUINT_TO_POINTER (n + 1));
            }
        }
    }
  return g_steal_pointer (&seen);
}

gboolean
sandbox_set_faults (const char  *base_url,
                    const char  *json,
                    GError     **error)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *origin = g_strndup (base_url, strlen (base_url) - strlen ("/api/v1"));
  g_autofree char *url = g_strconcat (origin, "/_sandbox/faults", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(GBytes) reply = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  reply = soup_session_send_and_read (session, msg, NULL, error);
  if (reply == NULL)
    return FALSE;
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "faults: HTTP %u",
                   soup_message_get_status (msg));
      return FALSE;
    }
  return TRUE;
}
