/* test-shell.c — starts the real kiosk in a real window (Xvfb) and checks what a person sees.
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "pk-application.h"
#include "pk-window.h"

typedef struct
{
  gboolean persian;
  gboolean kiosk;
  gboolean checked;
} ShellRun;

static void
collect_labels (GtkWidget *widget,
                GPtrArray *labels)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget))
    g_ptr_array_add (labels, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, labels);
}

static GtkLabel *
find_label (GPtrArray  *labels,
            const char *text)
{
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_label (labels->pdata[i]), text) == 0)
      return labels->pdata[i];
  return NULL;
}

static gboolean
has_persian_digit (const char *s)
{
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c >= 0x06F0 && c <= 0x06F9)
        return TRUE;
    }
  return FALSE;
}

/* The family Pango really used for the first run of the label: proves the bundled font is
 * loaded, not just requested. */
static char *
label_font_family (GtkLabel *label)
{
  PangoLayout *layout = gtk_label_get_layout (label);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
  g_autoptr(PangoFontDescription) desc = NULL;
  char *family;

  g_assert_nonnull (run);
  desc = pango_font_describe (run->item->analysis.font);
  family = g_strdup (pango_font_description_get_family (desc));
  pango_layout_iter_free (iter);
  return family;
}

static void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  const char *dir = g_getenv ("PK_SCREENSHOT_DIR");
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir ? dir : ".", name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static void
check_window (PkWindow *window,
              ShellRun *run)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkLabel *heading, *banner, *clock_label = NULL;
  g_autofree char *family = NULL;

  collect_labels (GTK_WIDGET (window), labels);
  g_assert_cmpuint (labels->len, >, 10);

  g_assert_cmpstr (pk_window_get_visible_page (window), ==, "home");
  g_assert_true (pk_window_get_training (window));
  g_assert_cmpint (pk_window_get_kiosk (window), ==, run->kiosk);
  /* A kiosk has no frame and no window buttons to leave by. (Bare Xvfb has no window manager
   * to honour the full-screen request, so that is not asserted here.) */
  g_assert_cmpint (gtk_window_get_decorated (GTK_WINDOW (window)), ==, !run->kiosk);
  g_assert_cmpint (gtk_window_get_deletable (GTK_WINDOW (window)), ==, !run->kiosk);
  {
    GtkWidget *header = NULL;
    gboolean start_buttons, end_buttons;

    for (guint i = 0; i < labels->len && header == NULL; i++)
      header = gtk_widget_get_ancestor (labels->pdata[i], ADW_TYPE_HEADER_BAR);
    g_assert_nonnull (header);
    g_object_get (header, "show-start-title-buttons", &start_buttons,
                  "show-end-title-buttons", &end_buttons, NULL);
    g_assert_cmpint (start_buttons, ==, !run->kiosk);
    g_assert_cmpint (end_buttons, ==, !run->kiosk);
  }

  if (run->persian)
    {
      g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_RTL);
      g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (window)), ==, GTK_TEXT_DIR_RTL);
      heading = find_label (labels, "امروز چه خدمتی نیاز دارید؟");
      banner = find_label (labels, "حالت آموزشی — هیچ‌یک از اطلاعات واردشده واقعی نیست و به شهرداری فرستاده نمی‌شود");
      g_assert_nonnull (find_label (labels, "درخواست پروانهٔ ساختمان"));
      g_assert_null (find_label (labels, "How can we help you today?"));
    }
  else
    {
      g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_LTR);
      heading = find_label (labels, "How can we help you today?");
      banner = find_label (labels,
                           "Training mode — nothing entered here is real or sent to the municipality");
      g_assert_nonnull (find_label (labels, "Building permit application"));
    }
  g_assert_nonnull (heading);
  g_assert_nonnull (banner);
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (banner)));

  family = label_font_family (heading);
  g_assert_cmpstr (family, ==, "Vazirmatn");

  /* The clock: Jalali year 14xx, Persian digits only in Persian. */
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (labels->pdata[i], "clock"))
      clock_label = labels->pdata[i];
  g_assert_nonnull (clock_label);
  if (run->persian)
    {
      g_assert_true (has_persian_digit (gtk_label_get_label (clock_label)));
      g_assert_nonnull (strstr (gtk_label_get_label (clock_label), "۱۴۰"));
    }
  else
    {
      g_assert_false (has_persian_digit (gtk_label_get_label (clock_label)));
      g_assert_nonnull (strstr (gtk_label_get_label (clock_label), "140"));
    }

  /* Tiles have touch-sized targets. */
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *button = gtk_widget_get_ancestor (labels->pdata[i], GTK_TYPE_BUTTON);

      if (button && gtk_widget_has_css_class (button, "tile"))
        g_assert_cmpint (gtk_widget_get_height (button), >=, 56);
    }

  save_screenshot (GTK_WIDGET (window), run->kiosk ? "shell-kiosk.png"
                                        : run->persian ? "shell-fa.png" : "shell-en.png");
  run->checked = TRUE;
}

static gboolean
after_first_frames (gpointer data)
{
  GApplication *app = data;
  ShellRun *run = g_object_get_data (G_OBJECT (app), "run");
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (PK_IS_WINDOW (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  check_window (PK_WINDOW (window), run);
  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static void
activated (GApplication *app)
{
  /* Give the window time to map and lay out on a slow CI machine. */
  g_timeout_add (700, after_first_frames, app);
}

static void
test_shell (void)
{
  g_autoptr(PkApplication) app = pk_application_new ();
  ShellRun run = { 0 };
  const char *language = g_getenv ("LANGUAGE");
  const char *argv[] = { "pishkhan", "--training", NULL, NULL };
  int argc = 2;

  run.persian = language == NULL || !g_str_has_prefix (language, "en");
  run.kiosk = g_strcmp0 (g_getenv ("PK_TEST_KIOSK"), "1") == 0;
  if (run.kiosk)
    argv[argc++] = "--kiosk";
  /* Tests run side by side on one session bus: don't let them find each other. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_object_set_data (G_OBJECT (app), "run", &run);
  g_signal_connect_after (app, "activate", G_CALLBACK (activated), NULL);

  g_assert_cmpint (g_application_run (G_APPLICATION (app), argc, (char **) argv), ==, 0);
  g_assert_true (run.checked);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("PISHKHAN_LOCALEDIR");

  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    g_error ("The GUI tests need a display: run them through build-aux/run-tests.sh (Xvfb)");

  g_test_add_func ("/gui/shell", test_shell);
  return g_test_run ();
}
