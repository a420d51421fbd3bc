/* test-shell.c — starts the real kiosk in a real window (Xvfb) and checks what a person sees.
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"


#include "pk-application.h"
#include "pk-sandbox-server.h"
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

static void
collect_type (GtkWidget *widget,
              GType      type,
              GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_type (child, type, out);
}

typedef gboolean (*Condition) (PkWindow *window, gpointer data);

static gboolean
keep_ticking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @condition holds: the window talks to the in-process sandbox over
 * real loopback HTTP, so answers arrive through the loop. */
static void
wait_until (PkWindow   *window,
            Condition   condition,
            gpointer    data,
            const char *what)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  /* A ticking source, so the loop wakes up to check the condition and the deadline even when
   * nothing else happens. */
  guint tick = g_timeout_add (20, keep_ticking, NULL);

  while (!condition (window, data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
}

static gboolean
page_is (PkWindow *window,
         gpointer  name)
{
  return g_strcmp0 (pk_window_get_visible_page (window), name) == 0;
}

static gboolean
label_visible (PkWindow *window,
               gpointer  text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkLabel *label;

  collect_labels (GTK_WIDGET (window), labels);
  label = NULL;
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_label (labels->pdata[i]), text) == 0)
      label = labels->pdata[i];
  return label != NULL && gtk_widget_get_mapped (GTK_WIDGET (label));
}

static gboolean
settle_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets layout and painting catch up before a screenshot. */
static void
settle (void)
{
  gboolean done = FALSE;

  g_timeout_add (300, settle_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static const PkSandboxAccount *
training_account (const char *role)
{
  guint n = 0;
  const PkSandboxAccount *accounts = pk_sandbox_server_get_training_accounts (&n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (accounts[i].role, role))
      return &accounts[i];
  g_error ("no training account with role %s", role);
}

/* Types into the login form like an operator and presses the sign-in button. */
static void
sign_in (PkWindow   *window,
         const char *office,
         const char *username,
         const char *password)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  GtkWidget *sign_in_button = NULL;

  collect_type (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 3);
  if (office)
    gtk_editable_set_text (GTK_EDITABLE (rows->pdata[0]), office);
  if (username)
    gtk_editable_set_text (GTK_EDITABLE (rows->pdata[1]), username);
  gtk_editable_set_text (GTK_EDITABLE (rows->pdata[2]), password);

  collect_type (GTK_WIDGET (window), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), "login.sign-in") == 0)
      sign_in_button = buttons->pdata[i];
  g_assert_nonnull (sign_in_button);
  g_assert_true (gtk_widget_is_sensitive (sign_in_button));
  g_signal_emit_by_name (sign_in_button, "clicked");
}

static const char *
entry_text (PkWindow *window,
            guint     index)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_type (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 3);
  return gtk_editable_get_text (GTK_EDITABLE (rows->pdata[index]));
}

static void
services_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gpointer catalogue = pk_api_client_get_services_finish (PK_API_CLIENT (source), result, &error);

  g_assert_null (catalogue);
  *(GError **) user_data = g_steal_pointer (&error);
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
      /* A kiosk never offers submissions. */
      if (run->kiosk)
        g_assert_null (find_label (labels, "درخواست پروانهٔ ساختمان"));
      else
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

  /* The header names who is signed in. */
  {
    PkApiSession *session = pk_window_get_session (window);
    const char *name = session->display_name ? session->display_name : session->username;
    gboolean shown = FALSE;

    for (guint i = 0; i < labels->len; i++)
      if (gtk_widget_has_css_class (labels->pdata[i], "header-info") &&
          strstr (gtk_label_get_label (labels->pdata[i]), name) != NULL)
        shown = TRUE;
    g_assert_true (shown);
  }

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
}

static gboolean
login_error_shown (PkWindow *window,
                   gpointer  data)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_labels (GTK_WIDGET (window), labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (labels->pdata[i], "login-error") &&
        gtk_widget_get_mapped (labels->pdata[i]) &&
        *gtk_label_get_label (labels->pdata[i]) != '\0')
      {
        *(const char **) data = gtk_label_get_label (labels->pdata[i]);
        return TRUE;
      }
  return FALSE;
}

static gboolean
error_set (PkWindow *window,
           gpointer  data)
{
  return *(GError **) data != NULL;
}

static gboolean
has_arabic_script (const char *s)
{
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_ARABIC)
      return TRUE;
  return FALSE;
}

static gboolean
after_first_frames (gpointer data)
{
  GApplication *app = data;
  ShellRun *run = g_object_get_data (G_OBJECT (app), "run");
  GtkWindow *gtk_window = gtk_application_get_active_window (GTK_APPLICATION (app));
  PkWindow *window = PK_WINDOW (gtk_window);
  PkApiClient *client = pk_application_get_client (PK_APPLICATION (app));
  const PkSandboxAccount *account = training_account (run->kiosk ? "kiosk" : "operator");
  g_autoptr(GError) expired = NULL;
  const char *message = NULL;

  g_assert_true (PK_IS_WINDOW (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));

  /* 1. Nobody is signed in: the login comes first, offering the training accounts. */
  g_assert_cmpstr (pk_window_get_visible_page (window), ==, "login");
  g_assert_null (pk_window_get_session (window));
  g_assert_true (label_visible (window, run->persian ? "حساب‌های آموزشی" : "Training accounts"));
  if (!run->kiosk)
    save_screenshot (GTK_WIDGET (window), run->persian ? "login-fa.png" : "login-en.png");

  /* 2. A wrong password is refused with a message in the UI language; nothing else happens. */
  sign_in (window, account->office_code, account->username, "not-the-password");
  wait_until (window, login_error_shown, &message, "the login error");
  g_test_message ("login error shown: %s", message);
  g_assert_cmpint (has_arabic_script (message), ==, run->persian);
  g_assert_cmpstr (pk_window_get_visible_page (window), ==, "login");
  g_assert_null (pk_window_get_session (window));
  g_assert_cmpstr (entry_text (window, 2), ==, "");

  /* 3. The right password opens the home page of that role. */
  sign_in (window, NULL, NULL, account->password);
  wait_until (window, page_is, (gpointer) "home", "the home page");
  g_assert_nonnull (pk_window_get_session (window));
  g_assert_cmpint (pk_window_get_session (window)->role, ==,
                   run->kiosk ? PK_API_ROLE_KIOSK : PK_API_ROLE_OPERATOR);
  g_assert_cmpstr (entry_text (window, 2), ==, "");
  settle ();
  check_window (window, run);

  /* 4. The server stops accepting the token: the login comes back in front, with the user
   * filled in, and signing in again returns to the page that was open. */
  pk_api_client_set_token (client, "revoked-token-0000000000000000");
  pk_api_client_get_services_async (client, NULL, services_done_cb, &expired);
  wait_until (window, error_set, &expired, "the refused call");
  g_assert_true (g_error_matches (expired, PK_API_ERROR, PK_API_ERROR_UNAUTHORIZED) ||
                 g_error_matches (expired, PK_API_ERROR, PK_API_ERROR_TOKEN_EXPIRED));
  wait_until (window, page_is, (gpointer) "login", "the login after expiry");
  g_assert_cmpstr (entry_text (window, 1), ==, account->username);
  g_assert_cmpstr (entry_text (window, 0), ==, account->office_code);
  sign_in (window, NULL, NULL, account->password);
  wait_until (window, page_is, (gpointer) "home", "the page after signing in again");

  /* 5. Signing out returns to the login and forgets the session. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.logout", NULL);
  g_assert_cmpstr (pk_window_get_visible_page (window), ==, "login");
  g_assert_null (pk_window_get_session (window));
  g_assert_cmpstr (entry_text (window, 1), ==, "");

  run->checked = TRUE;
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
  pk_application_init_i18n ();
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    g_error ("The GUI tests need a display: run them through build-aux/test.sh, which starts Xvfb");

  g_test_add_func ("/gui/shell", test_shell);
  return g_test_run ();
}
