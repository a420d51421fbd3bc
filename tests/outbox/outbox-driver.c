/* outbox-driver.c — a stand-in for the kiosk process in the kill -9 test: fills the outbox up
 * to N applications and drains it into the sandbox, printing "saved KEY" after each commit
 * (the moment the GUI says "saved") and "drained" at the end. Killed and restarted at random
 * moments by test-outbox-sandbox; every run resumes from what the outbox holds.
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "pk-client-submitter.h"
#include "pk-outbox-sender.h"
#include "sandbox-helper.h"

static char *opt_outbox, *opt_journal, *opt_url, *opt_parcel;
static int opt_total = 200;
static int opt_docs = 1;
static int opt_in_flight = 0;

static const GOptionEntry entries[] = {
  { "outbox", 0, 0, G_OPTION_ARG_FILENAME, &opt_outbox, "outbox database", "PATH" },
  { "journal", 0, 0, G_OPTION_ARG_FILENAME, &opt_journal, "journal database", "PATH" },
  { "url", 0, 0, G_OPTION_ARG_STRING, &opt_url, "API base URL", "URL" },
  { "parcel", 0, 0, G_OPTION_ARG_STRING, &opt_parcel, "renovation code", "CODE" },
  { "total", 0, 0, G_OPTION_ARG_INT, &opt_total, "applications in all", "N" },
  { "docs", 0, 0, G_OPTION_ARG_INT, &opt_docs, "documents per application", "N" },
  { "in-flight", 0, 0, G_OPTION_ARG_INT, &opt_in_flight, "items in flight (default: the sender's)", "N" },
  { NULL }
};

typedef struct
{
  PkOutboxItem *item;
  GError       *error;
  gboolean      done;
} Enqueued;

static void
enqueue_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Enqueued *e = user_data;

  e->item = pk_outbox_enqueue_finish (PK_OUTBOX (source), result, &e->error);
  e->done = TRUE;
}

static gboolean
all_acknowledged (PkOutbox  *outbox,
                  PkJournal *journal)
{
  g_autoptr(GPtrArray) delivered = pk_outbox_list (outbox, PK_OUTBOX_STATE_DELIVERED, NULL);
  g_autoptr(GHashTable) acks = pk_journal_dup_idempotency_keys (journal,
                                                                PK_JOURNAL_KIND_ACKNOWLEDGEMENT,
                                                                NULL);

  if (delivered == NULL || acks == NULL)
    return FALSE;
  for (guint i = 0; i < delivered->len; i++)
    if (!g_hash_table_contains (acks, pk_outbox_item_get_idempotency_key (delivered->pdata[i])))
      return FALSE;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- outbox kill -9 driver");
  g_autoptr(GError) error = NULL;
  g_autoptr(PkOutbox) outbox = NULL;
  g_autoptr(PkJournal) journal = NULL;
  g_autoptr(PkApiClient) client = NULL;
  g_autoptr(PkClientSubmitter) submitter = NULL;
  g_autoptr(PkOutboxSender) sender = NULL;
  g_autoptr(GPtrArray) existing = NULL;
  guint n;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || !opt_outbox || !opt_journal ||
      !opt_url || !opt_parcel)
    {
      g_printerr ("outbox-driver: %s\n", error ? error->message : "missing options");
      return 2;
    }

  outbox = pk_outbox_new_sync (opt_outbox, NULL, &error);
  journal = outbox ? pk_journal_new_sync (opt_journal, NULL, &error) : NULL;
  client = journal ? sandbox_login (opt_url, "op1", &error) : NULL;
  if (client == NULL)
    {
      g_printerr ("outbox-driver: %s\n", error->message);
      return 2;
    }
  printf ("recovered %u\n", pk_outbox_get_n_recovered (outbox));

  submitter = pk_client_submitter_new (client);
  sender = pk_outbox_sender_new (outbox, PK_SUBMITTER (submitter), journal);
  pk_outbox_sender_set_base_delay (sender, 50);
  pk_outbox_sender_set_max_delay (sender, 500);
  if (opt_in_flight > 0)
    pk_outbox_sender_set_max_in_flight (sender, opt_in_flight);
  pk_outbox_sender_start (sender);

  existing = pk_outbox_list (outbox, -1, &error);
  g_assert_no_error (error);
  for (n = existing->len; n < (guint) opt_total; n++)
    {
      g_autoptr(JsonObject) app = sandbox_application (opt_parcel, n);
      g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_outbox_document_unref);
      Enqueued e = { NULL, NULL, FALSE };

      for (int d = 0; d < opt_docs; d++)
        {
          g_autoptr(GBytes) pdf = sandbox_pdf (n * 10 + d);
          g_ptr_array_add (docs, pk_outbox_document_new ("plan.pdf", "application/pdf", pdf));
        }
      pk_outbox_enqueue_async (outbox, "op1", app, docs, NULL, enqueue_cb, &e);
      while (!e.done)
        g_main_context_iteration (NULL, TRUE);
      if (e.item == NULL)
        {
          g_printerr ("outbox-driver: %s\n", e.error->message);
          return 2;
        }
      printf ("saved %s\n", pk_outbox_item_get_idempotency_key (e.item));
      fflush (stdout);
      g_object_unref (e.item);
    }

  while (pk_outbox_get_n_pending (outbox) + pk_outbox_get_n_sending (outbox) > 0)
    {
      if (pk_outbox_sender_get_status (sender) == PK_OUTBOX_SENDER_NEEDS_LOGIN)
        {
          g_printerr ("outbox-driver: the session expired\n");
          return 2;
        }
      g_main_context_iteration (NULL, TRUE);
    }
  if (pk_outbox_get_n_failed (outbox) > 0)
    {
      g_autoptr(GPtrArray) failed = pk_outbox_list (outbox, PK_OUTBOX_STATE_FAILED, NULL);

      for (guint i = 0; i < failed->len; i++)
        g_printerr ("outbox-driver: failed %s: %s\n",
                    pk_outbox_item_get_idempotency_key (failed->pdata[i]),
                    pk_outbox_item_get_last_error (failed->pdata[i]));
      return 3;
    }
  /* Drained means journaled too: the acknowledgements of this run, and those its start
   * recovered for items an earlier run delivered but was killed before journaling, are
   * appended without waiting; a process that returns now would lose the last ones. */
  {
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (!all_acknowledged (outbox, journal) && g_get_monotonic_time () < deadline)
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
  }
  pk_outbox_sender_stop (sender);
  printf ("drained\n");
  fflush (stdout);
  return 0;
}
