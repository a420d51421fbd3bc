/* bench-permit-sheet.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "pk-fonts.h"
#include "pk-permit-sheet.h"
#include "pk-printer.h"
#include "permit-test-util.h"
#include "print-test-util.h"

/* Not a timed test: figures for the notes. Rendering a permit sheet to PDF (target: median
 * ≤ 20 ms), verifying its payload (≤ 1 ms), and the time from "print" to "completed" on
 * ippeveprinter. Run: meson test -C BUILD --benchmark --suite print -v, or the binary. */

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        double     *ms,
        guint       n)
{
  qsort (ms, n, sizeof *ms, compare_double);
  printf ("%-44s median %8.3f ms   p90 %8.3f ms   min %8.3f ms   (n=%u)\n", what, ms[n / 2],
          ms[(n * 9) / 10], ms[0], n);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* CPU time of this thread: a busy machine inflates wall-clock medians. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static const PkPermitSheetOptions options = {
  .municipality = "شهرداری ارومیه",
  .office = "12034",
  .operator_name = "op1",
};

static void
bench_render (const char        *what,
              const PkApiPermit *permit,
              PkPageFormat       format,
              guint              n)
{
  g_autofree double *wall = g_new (double, n);
  g_autofree double *cpu = g_new (double, n);
  PkPermitSheetInfo info = { 0 };

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      double w0 = now_ms (), c0 = cpu_ms ();

      bytes = pk_permit_sheet_render (permit, &options, format, 96, &info, &error);
      g_assert_no_error (error);
      wall[i] = now_ms () - w0;
      cpu[i] = cpu_ms () - c0;
    }
  {
    const char *kind = format == PK_PAGE_FORMAT_PDF ? "PDF" : "PNG 96 dpi";
    g_autofree char *a = g_strdup_printf ("%s (level %d): %s wall", what, info.level, kind);
    g_autofree char *b = g_strdup_printf ("%s (level %d): %s CPU", what, info.level, kind);

    report (a, wall, n);
    report (b, cpu, n);
  }
}

typedef struct
{
  const PkApiPermit *permit;
  double             wall;
  double             cpu;
} ColdRender;

static gpointer
cold_render_thread (gpointer data)
{
  ColdRender *r = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  double w0 = now_ms (), c0 = cpu_ms ();

  bytes = pk_permit_sheet_render (r->permit, &options, PK_PAGE_FORMAT_PDF, 0, NULL, &error);
  g_assert_no_error (error);
  r->wall = now_ms () - w0;
  r->cpu = cpu_ms () - c0;
  return NULL;
}

/* Each render on a thread of its own, as a render on a worker thread the pool has just started:
 * Pango's font maps are per thread, so it loads and measures its fonts again. */
static void
bench_cold_thread (const PkApiPermit *permit,
                   guint              n)
{
  g_autofree double *wall = g_new (double, n);
  g_autofree double *cpu = g_new (double, n);

  for (guint i = 0; i < n; i++)
    {
      ColdRender r = { permit, 0, 0 };

      g_thread_join (g_thread_new ("cold-render", cold_render_thread, &r));
      wall[i] = r.wall;
      cpu[i] = r.cpu;
    }
  report ("sample permit, new thread: PDF wall", wall, n);
  report ("sample permit, new thread: PDF CPU", cpu, n);
}

static void
on_async_rendered (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GBytes **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = pk_permit_sheet_render_finish (result, NULL, &error);
  g_assert_no_error (error);
}

static GBytes *
render_async_wait (const PkApiPermit *permit)
{
  GBytes *pdf = NULL;

  pk_permit_sheet_render_async (permit, &options, PK_PAGE_FORMAT_PDF, 0, NULL,
                                on_async_rendered, &pdf);
  while (pdf == NULL)
    g_main_context_iteration (NULL, TRUE);
  return pdf;
}

/* As the GUI asks: from the call to the callback on the main loop. The first render on the
 * render thread loads its fonts; the figures are for the ones after it. */
static void
bench_async (const PkApiPermit *permit,
             guint              n)
{
  g_autofree double *wall = g_new (double, n);

  g_bytes_unref (render_async_wait (permit));
  for (guint i = 0; i < n; i++)
    {
      double t0 = now_ms ();

      g_bytes_unref (render_async_wait (permit));
      wall[i] = now_ms () - t0;
    }
  report ("sample permit, async (render thread): PDF wall", wall, n);
}

static void
bench_verify (const PtPermitKey *key,
              const PkApiPermit *permit,
              guint              n)
{
  g_autofree double *decode_verify = g_new (double, n);
  g_autofree char *url = pk_permit_sheet_qr_text (permit, &options);
  const guint batch = 100;

  /* Batches of 100: one decode + verify is well under the clock's resolution. */
  for (guint i = 0; i < n; i++)
    {
      double t0 = now_ms ();

      for (guint j = 0; j < batch; j++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(PkPermitCode) code = pk_permit_code_decode (url, &error);

          g_assert_no_error (error);
          if (!pk_permit_code_verify (code, key->public_key, &error))
            g_error ("%s", error->message);
        }
      decode_verify[i] = (now_ms () - t0) / batch;
    }
  report ("payload decode + Ed25519 verify (URL form)", decode_verify, n);
}

static void
on_printed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* From "print" (the permit in hand, not yet rendered) to the job completed. */
static void
bench_print (const PkApiPermit *permit,
             guint              n)
{
  g_autoptr(PkPrinter) printer = pk_printer_new ();
  g_autofree double *ms = g_new (double, n);
  PtPrinter *sim;

  if (g_getenv ("PK_IPPEVEPRINTER_SH") == NULL || !pt_have_program ("ippeveprinter"))
    {
      printf ("print: skipped (no ippeveprinter or PK_IPPEVEPRINTER_SH)\n");
      return;
    }
  sim = pt_printer_start (NULL);
  g_assert_nonnull (sim);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) pdf = NULL;
      double t0 = now_ms ();

      pdf = pk_permit_sheet_render (permit, &options, PK_PAGE_FORMAT_PDF, 0, NULL, &error);
      g_assert_no_error (error);
      pk_printer_print_async (printer, sim->uri, pdf, "bench permit", NULL, NULL, NULL, NULL,
                              on_printed, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (pk_printer_print_finish (printer, result, &error), >, 0);
      g_assert_no_error (error);
      ms[i] = now_ms () - t0;
    }
  report ("render + print → job completed (ippeveprinter)", ms, n);
  pt_printer_stop (sim);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiPermit) sample = NULL;
  g_autoptr(PkApiPermit) worst = NULL;
  PtPermitKey key;

  setlocale (LC_ALL, "");
  if (!pk_fonts_load (&error))
    g_error ("%s", error->message);
  pt_permit_key_init (&key);
  sample = pt_sample_permit (&key);
  worst = pt_worst_permit (&key);

  /* The first run pays for fontconfig and the font map; the figures are for a warm kiosk. */
  {
    g_autoptr(GBytes) warm = pk_permit_sheet_render (sample, &options, PK_PAGE_FORMAT_PDF, 0,
                                                     NULL, &error);

    g_assert_no_error (error);
  }
  bench_render ("sample permit", sample, PK_PAGE_FORMAT_PDF, 50);
  bench_render ("worst-case permit", worst, PK_PAGE_FORMAT_PDF, 15);
  bench_render ("sample permit", sample, PK_PAGE_FORMAT_PNG, 15);
  bench_cold_thread (sample, 10);
  bench_async (sample, 15);
  bench_verify (&key, sample, 200);
  bench_print (sample, 10);
  return 0;
}
