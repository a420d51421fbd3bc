/* bench-outbox.c — durable enqueue latency (p50/p99) and the drain rate of queued items into
 * the sandbox over loopback
 *
 *   bench-outbox [--only=enqueue,local,sandbox,journal] [N_ENQUEUE [N_DRAIN]]
 *                                          (defaults: everything, 2000 and 10000)
 *
 * Needs PK_SANDBOX_EXE (set by meson). The drains print the CPU time the kiosk process (every
 * thread) and the sandbox process spent per item, to tell which side bounds the rate.
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "fake-submitter.h"
#include "pk-client-submitter.h"
#include "pk-outbox-sender.h"
#include "sandbox-helper.h"

static int
cmp_gint64 (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint i = (guint) (p * (sorted->len - 1) + 0.5);

  return g_array_index (sorted, gint64, i) / 1000.0;
}

/* CPU time (user + system) of this process, all threads, in µs. */
static gint64
self_cpu_us (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * G_USEC_PER_SEC
         + ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
}

/* CPU time of another process from /proc/PID/stat (utime + stime), in µs; -1 if unknown. */
static gint64
process_cpu_us (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  if (pid == NULL || !g_file_get_contents (path, &text, NULL, NULL))
    return -1;
  /* The command name may hold spaces: fields are counted after its closing parenthesis. */
  after = strrchr (text, ')');
  if (after == NULL)
    return -1;
  fields = g_strsplit (after + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return -1;
  return (g_ascii_strtoll (fields[11], NULL, 10) + g_ascii_strtoll (fields[12], NULL, 10))
         * G_USEC_PER_SEC / sysconf (_SC_CLK_TCK);
}

/* Bytes a process caused to be written to storage (/proc/PID/io write_bytes; "self" for
 * this one); -1 if unknown. */
static gint64
process_write_bytes (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/io", pid);
  g_autofree char *text = NULL;
  const char *line;

  if (pid == NULL || !g_file_get_contents (path, &text, NULL, NULL))
    return -1;
  line = strstr (text, "\nwrite_bytes: ");
  return line ? g_ascii_strtoll (line + strlen ("\nwrite_bytes: "), NULL, 10) : -1;
}

/* Time the hypervisor gave to other guests ("steal", all CPUs), in clock ticks; -1 if
 * unknown. On a shared VM it says how much of a drain's time the machine was not ours. */
static gint64
steal_ticks (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/stat", &text, NULL, NULL) || !g_str_has_prefix (text, "cpu "))
    return -1;
  fields = g_strsplit_set (text + 4, " \n", 10);
  /* user nice system idle iowait irq softirq steal, after the leading blank. */
  if (g_strv_length (fields) < 9)
    return -1;
  return g_ascii_strtoll (fields[8], NULL, 10);
}

static void
rm_rf (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) e = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                           G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                                           NULL, NULL);
  GFileInfo *info;

  while (e && (info = g_file_enumerator_next_file (e, NULL, NULL)))
    {
      g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));
      g_autofree char *p = g_file_get_path (child);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        rm_rf (p);
      else
        g_remove (p);
      g_object_unref (info);
    }
  g_rmdir (path);
}

typedef struct
{
  PkOutboxItem *item;
  gboolean      done;
} Enq;

static void
enqueue_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Enq *e = user_data;
  g_autoptr(GError) error = NULL;

  e->item = pk_outbox_enqueue_finish (PK_OUTBOX (source), result, &error);
  g_assert_no_error (error);
  e->done = TRUE;
}

/* What the GUI waits for between "submit" and "saved": the async enqueue, end to end. */
static void
bench_enqueue (const char *dir,
               guint       n,
               gsize       doc_size)
{
  g_autofree char *path = g_strdup_printf ("%s/enqueue-%" G_GSIZE_FORMAT ".db", dir, doc_size);
  g_autoptr(GError) error = NULL;
  g_autoptr(PkOutbox) outbox = pk_outbox_new_sync (path, NULL, &error);
  g_autoptr(GArray) lat = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  g_autoptr(GBytes) doc = NULL;

  g_assert_no_error (error);
  if (doc_size > 0)
    {
      guchar *bytes = g_malloc (doc_size);

      for (gsize i = 0; i < doc_size; i++)
        bytes[i] = (guchar) g_random_int ();
      memcpy (bytes, "%PDF-1.4\n", 9);
      doc = g_bytes_new_take (bytes, doc_size);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) app = sandbox_application ("01-007-001-000-000-000", i);
      g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_outbox_document_unref);
      Enq e = { NULL, FALSE };
      gint64 s = g_get_monotonic_time ();

      if (doc != NULL)
        g_ptr_array_add (docs, pk_outbox_document_new ("plan.pdf", "application/pdf", doc));
      pk_outbox_enqueue_async (outbox, "op1", app, docs, NULL, enqueue_cb, &e);
      while (!e.done)
        g_main_context_iteration (NULL, TRUE);
      g_array_append_val (lat, (gint64) { g_get_monotonic_time () - s });
      g_object_unref (e.item);
    }
  g_array_sort (lat, cmp_gint64);
  printf ("durable enqueue (async, committed before completion), %u items, document %" G_GSIZE_FORMAT
          " KiB:\n  p50 %.3f ms  p99 %.3f ms  max %.3f ms\n", n, doc_size / 1024,
          percentile (lat, 0.5), percentile (lat, 0.99), percentile (lat, 1.0));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}


static void
on_delivered (PkOutboxSender *sender,
              PkOutboxItem   *item,
              guint          *n)
{
  (*n)++;
}

/* The same drain into a submitter that answers at once: what the outbox and the sender cost
 * by themselves, without HTTP and without the server. */
static void
bench_drain_local (const char *dir,
                   guint       n,
                   guint       in_flight)
{
  g_autofree char *path = g_strdup_printf ("%s/drain-local.db", dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(PkOutbox) outbox = pk_outbox_new_sync (path, NULL, &error);
  g_autoptr(FakeSubmitter) fake = fake_submitter_new ();
  g_autoptr(PkOutboxSender) sender = NULL;
  guint delivered = 0;
  gint64 t0, t1, c0, c1;

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) app = sandbox_application ("01-007-001-000-000-000", i);
      g_autoptr(PkOutboxItem) item = pk_outbox_enqueue (outbox, "op1", app, NULL, &error);

      g_assert_no_error (error);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  sender = pk_outbox_sender_new (outbox, PK_SUBMITTER (fake), NULL);
  if (in_flight > 0)
    pk_outbox_sender_set_max_in_flight (sender, in_flight);
  g_signal_connect (sender, "item-delivered", G_CALLBACK (on_delivered), &delivered);
  c0 = self_cpu_us ();
  t0 = g_get_monotonic_time ();
  pk_outbox_sender_start (sender);
  while (delivered < n)
    g_main_context_iteration (NULL, TRUE);
  t1 = g_get_monotonic_time ();
  c1 = self_cpu_us ();
  printf ("drain %u queued applications into an instant in-process submitter (outbox + sender"
          " alone, %u in flight):\n  %.2f s, %.0f items/s (%.2f ms per item; CPU %.2f ms per item)\n",
          n, pk_outbox_sender_get_max_in_flight (sender), (t1 - t0) / 1e6,
          n / ((t1 - t0) / 1e6), (t1 - t0) / 1000.0 / n, (c1 - c0) / 1000.0 / n);
  pk_outbox_sender_stop (sender);
  for (guint i = 0; i < 200 && G_OBJECT (sender)->ref_count > 1; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
bench_drain (const char *dir,
             guint       n,
             gboolean    with_journal,
             guint       in_flight)
{
  g_autofree char *data_dir = g_strdup_printf ("%s/sandbox-%d", dir, with_journal);
  g_autofree char *path = g_strdup_printf ("%s/drain-%d.db", dir, with_journal);
  g_autofree char *jpath = g_strdup_printf ("%s/journal-%d.db", dir, with_journal);
  g_autoptr(GError) error = NULL;
  g_autoptr(Sandbox) sandbox = NULL;
  g_autoptr(PkApiClient) op = NULL;
  g_autoptr(PkOutbox) outbox = NULL;
  g_autoptr(PkJournal) journal = NULL;
  g_autoptr(PkClientSubmitter) submitter = NULL;
  g_autoptr(PkOutboxSender) sender = NULL;
  g_autofree char *parcel = NULL;
  const char *pid;
  guint delivered = 0;
  gint64 t0, t1, c0, c1, s0, s1, st0, st1, kw0, kw1, sw0, sw1;

  g_mkdir (data_dir, 0700);
  sandbox = sandbox_start (data_dir, 0, FALSE, &error);
  g_assert_no_error (error);
  op = sandbox_login (sandbox->base_url, "op1", &error);
  g_assert_no_error (error);
  parcel = sandbox_find_parcel (op, &error);
  g_assert_no_error (error);
  outbox = pk_outbox_new_sync (path, NULL, &error);
  g_assert_no_error (error);
  if (with_journal)
    {
      journal = pk_journal_new_sync (jpath, NULL, &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) app = sandbox_application (parcel, i);
      g_autoptr(PkOutboxItem) item = pk_outbox_enqueue (outbox, "op1", app, NULL, &error);

      g_assert_no_error (error);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;

  submitter = pk_client_submitter_new (op);
  sender = pk_outbox_sender_new (outbox, PK_SUBMITTER (submitter), journal);
  if (in_flight > 0)
    pk_outbox_sender_set_max_in_flight (sender, in_flight);
  g_signal_connect (sender, "item-delivered", G_CALLBACK (on_delivered), &delivered);
  pid = g_subprocess_get_identifier (sandbox->process);
  /* For a profiler: perf record -p PID while this runs. */
  g_printerr ("bench-outbox: draining into the sandbox, pid %s\n", pid);
  s0 = process_cpu_us (pid);
  c0 = self_cpu_us ();
  st0 = steal_ticks ();
  kw0 = process_write_bytes ("self");
  sw0 = process_write_bytes (pid);
  t0 = g_get_monotonic_time ();
  pk_outbox_sender_start (sender);
  while (delivered < n)
    g_main_context_iteration (NULL, TRUE);
  t1 = g_get_monotonic_time ();
  st1 = steal_ticks ();
  kw1 = process_write_bytes ("self");
  sw1 = process_write_bytes (pid);
  c1 = self_cpu_us ();
  s1 = process_cpu_us (pid);
  printf ("drain %u queued applications into the sandbox on loopback%s, %u in flight:\n"
          "  %.2f s, %.0f items/s (%.2f ms per item; CPU per item: kiosk %.2f ms, sandbox %.2f ms)\n",
          n, with_journal ? ", journaling each submission and acknowledgement" : "",
          pk_outbox_sender_get_max_in_flight (sender),
          (t1 - t0) / 1e6, n / ((t1 - t0) / 1e6), (t1 - t0) / 1000.0 / n,
          (c1 - c0) / 1000.0 / n, s0 < 0 || s1 < 0 ? -1.0 : (s1 - s0) / 1000.0 / n);
  if (kw0 >= 0 && kw1 >= 0 && sw0 >= 0 && sw1 >= 0)
    printf ("  written to storage per item: kiosk %.1f KiB, sandbox %.1f KiB\n",
            (kw1 - kw0) / 1024.0 / n, (sw1 - sw0) / 1024.0 / n);
  if (st0 >= 0 && st1 >= 0)
    printf ("  CPU stolen by the hypervisor meanwhile: %.0f %% of %u CPUs\n",
            100.0 * (st1 - st0) / sysconf (_SC_CLK_TCK) / ((t1 - t0) / 1e6) / g_get_num_processors (),
            g_get_num_processors ());
  pk_outbox_sender_stop (sender);
  for (guint i = 0; i < 200 && G_OBJECT (sender)->ref_count > 1; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *only = NULL;
  gint in_flight = 0;
  GOptionEntry entries[] = {
    { "only", 0, 0, G_OPTION_ARG_STRING, &only,
      "Run only these parts (comma-separated: enqueue, local, sandbox, journal)", "PARTS" },
    { "in-flight", 0, 0, G_OPTION_ARG_INT, &in_flight,
      "Items the sender keeps in flight (default: the sender's own)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[N_ENQUEUE [N_DRAIN]]");
  g_auto(GStrv) parts = NULL;
  guint n_enqueue, n_drain;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-outbox: %s\n", error->message);
      return 2;
    }
  n_enqueue = argc > 1 ? (guint) atoi (argv[1]) : 2000;
  n_drain = argc > 2 ? (guint) atoi (argv[2]) : 10000;
  parts = g_strsplit (only ? only : "enqueue,local,sandbox,journal", ",", 0);
  dir = g_dir_make_tmp ("pk-bench-outbox-XXXXXX", &error);
  g_assert_no_error (error);

  if (g_strv_contains ((const char * const *) parts, "enqueue") && n_enqueue >= 4)
    {
      bench_enqueue (dir, n_enqueue, 0);
      bench_enqueue (dir, n_enqueue / 4, 256 * 1024);
    }
  if (g_strv_contains ((const char * const *) parts, "local"))
    bench_drain_local (dir, n_drain, in_flight);
  if (sandbox_executable () == NULL)
    printf ("drain: skipped, PK_SANDBOX_EXE is not set\n");
  else
    {
      if (g_strv_contains ((const char * const *) parts, "sandbox"))
        bench_drain (dir, n_drain, FALSE, in_flight);
      if (g_strv_contains ((const char * const *) parts, "journal"))
        bench_drain (dir, n_drain, TRUE, in_flight);
    }
  rm_rf (dir);
  return 0;
}
