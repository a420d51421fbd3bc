/* permit-bench.c — page switches of the permit wizard, timed from the press of a button to the
 * painted frame that shows the new step (a bench, reported with g_test_message, not a timed test)
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "permit-story.h"

static const char * const bench_steps[] = {
  "service", "applicants", "property", "construction", "documents", "fees", "review",
};

#define N_BENCH_STEPS G_N_ELEMENTS (bench_steps)

static guint
bench_step (const char *name)
{
  for (guint i = 0; i < N_BENCH_STEPS; i++)
    if (g_str_equal (bench_steps[i], name))
      return i;
  g_error ("no step %s", name);
}

/* What one frame after a click went through: when the frame clock started it, when layout
 * (measure and allocate) was done, and when it was painted. */
typedef struct
{
  gint64 sized;     /* GdkToplevel::compute-size: GDK X11 had GtkWindow measure its contents */
  gint64 begin;     /* "before-paint": the frame clock started the frame */
  gint64 laid_out;  /* "layout", after the window's own handler: every widget allocated */
  gint64 painted;   /* "after-paint": snapshot rendered and handed to the X server */
} FrameMarks;

static void
toplevel_sized_cb (GdkToplevel     *toplevel,
                   GdkToplevelSize *size,
                   FrameMarks      *marks)
{
  if (marks->begin == 0)
    marks->sized = g_get_monotonic_time ();
}

static void
frame_begin_cb (GdkFrameClock *clock,
                FrameMarks    *marks)
{
  if (marks->begin == 0)
    marks->begin = g_get_monotonic_time ();
}

static void
frame_layout_cb (GdkFrameClock *clock,
                 FrameMarks    *marks)
{
  if (marks->laid_out == 0 && marks->begin != 0)
    marks->laid_out = g_get_monotonic_time ();
}

static void
frame_painted_cb (GdkFrameClock *clock,
                  FrameMarks    *marks)
{
  if (marks->painted == 0 && marks->begin != 0)
    marks->painted = g_get_monotonic_time ();
}

typedef struct
{
  double total;     /* click → painted: what the operator feels */
  double handler;   /* the click's handler */
  double sizing;    /* handler returned → the toplevel's size computed (an idle of GDK X11's,
                     * run before the frame when the window's contents changed size) */
  double wait;      /* → frame started: the frame clock's scheduling, nothing else */
  double layout;    /* frame started → laid out */
  double paint;     /* laid out → painted */
} Switch;

/* Once the window is idle, presses the button of @action (or only queues a redraw when %NULL)
 * and runs the loop until the next frame is painted: the one that shows what the press changed.
 * The button is found before the clock starts (a finger needs no search through the widget
 * tree); the press and the frame are those of the real window, nothing is forced. */
static Switch
timed_switch (PkWindow   *window,
              const char *action)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  FrameMarks marks = { 0 };
  GtkWidget *button = NULL;
  gulong ids[3], sized_id;
  Switch s;
  gint64 start, handled;

  pk_test_settle ();
  if (action)
    {
      button = pk_test_find_action_button (GTK_WIDGET (window), action);
      g_assert_nonnull (button);
      g_assert_true (gtk_widget_is_sensitive (button));
    }
  sized_id = g_signal_connect (surface, "compute-size", G_CALLBACK (toplevel_sized_cb), &marks);
  ids[0] = g_signal_connect (clock, "before-paint", G_CALLBACK (frame_begin_cb), &marks);
  ids[1] = g_signal_connect (clock, "layout", G_CALLBACK (frame_layout_cb), &marks);
  ids[2] = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_painted_cb), &marks);
  start = g_get_monotonic_time ();
  if (button)
    g_signal_emit_by_name (button, "clicked");
  else
    gtk_widget_queue_draw (GTK_WIDGET (window));
  handled = g_get_monotonic_time ();
  while (marks.painted == 0)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_signal_handler_disconnect (clock, ids[i]);
  g_signal_handler_disconnect (surface, sized_id);

  /* A frame with nothing to lay out skips the layout phase; one where nothing changed size
   * has no toplevel size to compute. */
  if (marks.laid_out == 0)
    marks.laid_out = marks.begin;
  if (marks.sized == 0)
    marks.sized = handled;
  s.total = (marks.painted - start) / 1000.0;
  s.handler = (handled - start) / 1000.0;
  s.sizing = (marks.sized - handled) / 1000.0;
  s.wait = (marks.begin - marks.sized) / 1000.0;
  s.layout = (marks.laid_out - marks.begin) / 1000.0;
  s.paint = (marks.painted - marks.laid_out) / 1000.0;
  return s;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
report_switches (const char *what,
                 GArray     *switches)
{
  g_autoptr(GArray) totals = g_array_new (FALSE, FALSE, sizeof (double));
  Switch mean = { 0 };
  double max = 0;
  guint n = switches->len;

  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    {
      Switch *s = &g_array_index (switches, Switch, i);

      mean.total += s->total / n;
      mean.handler += s->handler / n;
      mean.sizing += s->sizing / n;
      mean.wait += s->wait / n;
      mean.layout += s->layout / n;
      mean.paint += s->paint / n;
      max = MAX (max, s->total);
      g_array_append_val (totals, s->total);
    }
  g_array_sort (totals, compare_doubles);
  g_test_message ("bench: %-28s click to painted frame mean %6.2f ms, median %6.2f, max %6.2f"
                  " | means: handler %5.2f, toplevel size %5.2f, frame clock wait %5.2f, layout %5.2f,"
                  " paint %5.2f | %u switches",
                  what, mean.total, g_array_index (totals, double, n / 2), max,
                  mean.handler, mean.sizing, mean.wait, mean.layout, mean.paint, n);
}

/* The first time a wizard shows each step: every widget of it is measured and shaped then,
 * once. Timed as the operator feels it (see timed_switch()) and reported with the bench. */
static GArray *first_visits[N_BENCH_STEPS];
static PkPermitWizard *visits_of;
static guint visited;   /* bit per step */

/* Presses Next towards @to; the first time a wizard shows a step is timed. */
void
permit_bench_press_next (const char *to)
{
  PermitStory *story = permit_story ();
  guint step = bench_step (to);

  if (visits_of != story->wizard)
    {
      visits_of = story->wizard;
      visited = 1 << bench_step ("service");
    }
  if ((visited & (1 << step)) == 0)
    {
      Switch s = timed_switch (story->window, "permit.next");

      if (first_visits[step] == NULL)
        first_visits[step] = g_array_new (FALSE, FALSE, sizeof (Switch));
      g_array_append_val (first_visits[step], s);
      visited |= 1 << step;
    }
  else
    pk_test_click (GTK_WIDGET (story->window), "permit.next");
}

/* Bench, not a timed test: a page switch from the press of Back or Next until the frame that
 * shows the new step is painted, for every step, walked from review to the first step and back
 * several times; then the review after a value changed. Split into the handler, the toplevel
 * size GDK computes before the frame, the frame clock's own wait (pure scheduling), layout and
 * paint; next to a frame where nothing changed, for comparison. */
void
permit_bench_page_switch (void)
{
  PermitStory *story = permit_story ();
  PkWindow *window = story->window;
  const guint rounds = 4;
  GArray *per_step[N_BENCH_STEPS];
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (Switch));
  g_autoptr(GArray) idle = g_array_new (FALSE, FALSE, sizeof (Switch));
  g_autoptr(GArray) edited = g_array_new (FALSE, FALSE, sizeof (Switch));

  g_assert_cmpstr (pk_permit_wizard_get_step (story->wizard), ==, "review");
  for (guint i = 0; i < N_BENCH_STEPS; i++)
    per_step[i] = g_array_new (FALSE, FALSE, sizeof (Switch));

  /* A redraw of the same page: GSK finds nothing changed and paints next to nothing. */
  for (guint i = 0; i < 10; i++)
    {
      Switch s = timed_switch (window, NULL);

      g_array_append_val (idle, s);
    }

  for (guint round = 0; round < rounds; round++)
    for (guint k = 0; k < 2 * (N_BENCH_STEPS - 1); k++)
      {
        gboolean back = k < N_BENCH_STEPS - 1;
        guint to = back ? N_BENCH_STEPS - 2 - k : k - (N_BENCH_STEPS - 1) + 1;
        Switch s = timed_switch (window, back ? "permit.back" : "permit.next");

        g_assert_cmpstr (pk_permit_wizard_get_step (story->wizard), ==, bench_steps[to]);
        g_array_append_val (per_step[to], s);
        g_array_append_val (all, s);
      }

  /* The review after a value changed on the step before it: its row is redone then. The edit
   * comes after the wizard has had its idle time on the fees step (as an operator's typing
   * does), so the review it prepared then is out of date at the press of Next. */
  for (guint i = 0; i < rounds; i++)
    {
      g_autofree char *text = g_strdup_printf ("RC-4021-7%u", 8 + i % 2);
      Switch s;

      timed_switch (window, "permit.back");
      pk_test_settle ();
      permit_type_into (permit_field ("reference"), text);
      s = timed_switch (window, "permit.next");
      g_assert_cmpstr (pk_permit_wizard_get_step (story->wizard), ==, "review");
      g_array_append_val (edited, s);
    }
  pk_test_click (GTK_WIDGET (window), "permit.back");
  permit_type_into (permit_field ("reference"), "RC-4021-77");
  pk_test_click (GTK_WIDGET (window), "permit.next");
  g_assert_cmpstr (pk_permit_wizard_get_step (story->wizard), ==, "review");

  report_switches ("nothing changed:", idle);
  for (guint i = 0; i < N_BENCH_STEPS; i++)
    {
      g_autofree char *what = g_strdup_printf ("to %s:", bench_steps[i]);

      report_switches (what, per_step[i]);
      g_array_unref (per_step[i]);
    }
  report_switches ("every step:", all);
  report_switches ("review after an edit:", edited);
}

/* The first visits, gathered by permit_next_accepted() over the whole story. */
void
permit_bench_report_first_visits (void)
{
  for (guint i = 0; i < N_BENCH_STEPS; i++)
    if (first_visits[i] != NULL)
      {
        g_autofree char *what = g_strdup_printf ("first visit, %s:", bench_steps[i]);

        report_switches (what, first_visits[i]);
        g_clear_pointer (&first_visits[i], g_array_unref);
      }
  visits_of = NULL;
}
