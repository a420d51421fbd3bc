/* bench-journal.c — durable append latency (p50/p99) and verification time of the journal
 *
 *   bench-journal [N]      (default 100000 entries)
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "pk-journal.h"

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

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pk-bench-journal-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(PkJournal) journal = pk_journal_new_sync (path, NULL, &error);
  g_autoptr(GArray) lat = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  PkJournalVerification v;
  gint64 t0, t1;
  GStatBuf st;

  g_assert_no_error (error);
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PkJournalEntry) e = pk_journal_entry_new (i % 3 == 0 ? PK_JOURNAL_KIND_INQUIRY
                                                                     : PK_JOURNAL_KIND_ACKNOWLEDGEMENT,
                                                          "op1", "delivered");
      g_autoptr(PkJournalEntry) stored = NULL;
      gint64 s;

      e->service_code = g_strdup ("NEW_BUILD");
      e->tracking_code = g_strdup_printf ("PK%010u", i);
      pk_journal_entry_set_amount (e, 1250000 + i);
      e->detail_json = g_strdup_printf ("{\"item_id\":%u,\"idempotency_key\":\"k%031u\"}", i, i);
      s = g_get_monotonic_time ();
      stored = pk_journal_append (journal, e, &error);
      g_assert_no_error (error);
      g_array_append_val (lat, (gint64) { g_get_monotonic_time () - s });
    }
  t1 = g_get_monotonic_time ();
  g_array_sort (lat, cmp_gint64);
  printf ("journal append (durable, WAL + synchronous=FULL), %u entries:\n", n);
  printf ("  p50 %.3f ms  p99 %.3f ms  max %.3f ms  (%.0f appends/s)\n", percentile (lat, 0.5),
          percentile (lat, 0.99), percentile (lat, 1.0), n / ((t1 - t0) / 1e6));

  t0 = g_get_monotonic_time ();
  g_assert_true (pk_journal_verify (journal, &v, NULL, &error));
  t1 = g_get_monotonic_time ();
  g_assert_cmpint (v.n_entries, ==, n);
  printf ("journal verify, %u entries: %.1f ms\n", n, (t1 - t0) / 1000.0);
  if (g_stat (path, &st) == 0)
    printf ("database size: %.1f MiB\n", st.st_size / 1048576.0);

  g_clear_object (&journal);
  g_remove (path);
  g_remove (wal);
  g_remove (shm);
  g_rmdir (dir);
  return 0;
}
