/* bench-print.c
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
#include "pk-inquiry-slip.h"
#include "pk-printer.h"
#include "print-test-util.h"

/* Not a timed test: figures for the notes. Rendering an inquiry slip to PDF (target: median
 * ≤ 20 ms), its preview, and the time from "print" to "completed" on ippeveprinter.
 * Run: meson test -C BUILD --benchmark --suite print -v, or the binary itself. */

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
  printf ("%-40s median %7.2f ms   p90 %7.2f ms   min %7.2f ms   (n=%u)\n", what, ms[n / 2],
          ms[(n * 9) / 10], ms[0], n);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* CPU time of this thread: the machine that runs the bench may be busy, and wall-clock medians
 * then say more about the neighbours than about the code. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
bench_slip_pdf (const char          *what,
                const PkInquirySlip *slip,
                guint                n)
{
  g_autofree double *wall = g_new (double, n);
  g_autofree double *cpu = g_new (double, n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      double w0 = now_ms (), c0 = cpu_ms ();

      bytes = pk_inquiry_slip_render_pdf (slip, &error);
      g_assert_no_error (error);
      wall[i] = now_ms () - w0;
      cpu[i] = cpu_ms () - c0;
    }

  {
    g_autofree char *a = g_strdup_printf ("%s: render_pdf() wall", what);
    g_autofree char *b = g_strdup_printf ("%s: render_pdf() CPU", what);

    report (a, wall, n);
    report (b, cpu, n);
  }
}

static void
bench_render (const char          *what,
              const PkInquirySlip *slip,
              guint                n)
{
  g_autofree double *pdf = g_new (double, n);
  g_autofree double *layout = g_new (double, n);
  g_autofree double *png = g_new (double, n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PkPage) page = NULL;
      g_autoptr(GBytes) bytes = NULL;
      cairo_surface_t *image;
      double t0 = now_ms (), t1, t2;

      page = pk_inquiry_slip_layout (slip, NULL, &error);
      g_assert_no_error (error);
      t1 = now_ms ();
      bytes = pk_page_render_pdf (page, &error);
      g_assert_no_error (error);
      t2 = now_ms ();
      layout[i] = t1 - t0;
      pdf[i] = t2 - t0;

      t0 = now_ms ();
      image = pk_page_render_image (page, 96, &error);
      g_assert_no_error (error);
      png[i] = now_ms () - t0;
      cairo_surface_destroy (image);
    }

  {
    g_autofree char *a = g_strdup_printf ("%s: layout (condense)", what);
    g_autofree char *b = g_strdup_printf ("%s: layout + PDF", what);
    g_autofree char *c = g_strdup_printf ("%s: preview image 96 dpi", what);

    report (a, layout, n);
    report (b, pdf, n);
    report (c, png, n);
  }
}

static void
on_printed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
bench_print (guint n)
{
  g_autoptr(PkInquirySlip) slip = pt_sample_slip ();
  g_autoptr(PkPrinter) printer = pk_printer_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = pk_inquiry_slip_render_pdf (slip, &error);
  g_autofree double *ms = g_new (double, n);
  PtPrinter *sim;

  g_assert_no_error (error);
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
      double t0 = now_ms ();

      pk_printer_print_async (printer, sim->uri, pdf, "bench", NULL, NULL, NULL, NULL,
                              on_printed, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (pk_printer_print_finish (printer, result, &error), >, 0);
      g_assert_no_error (error);
      ms[i] = now_ms () - t0;
    }
  report ("print → job completed (ippeveprinter)", ms, n);
  pt_printer_stop (sim);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PkInquirySlip) sample = NULL;
  g_autoptr(PkInquirySlip) worst = NULL;

  setlocale (LC_ALL, "");
  if (!pk_fonts_load (&error))
    g_error ("%s", error->message);

  sample = pt_sample_slip ();
  worst = pt_worst_slip ();

  /* The first run pays for fontconfig and the font map; the figures are for a warm kiosk. */
  {
    g_autoptr(GBytes) warm = pk_inquiry_slip_render_pdf (sample, &error);

    g_assert_no_error (error);
  }
  bench_slip_pdf ("sample slip", sample, 50);
  bench_slip_pdf ("worst-case slip", worst, 15);
  bench_render ("sample slip", sample, 50);
  bench_render ("worst-case slip", worst, 15);
  bench_print (10);
  return 0;
}
