/* test-shell.c — starts the real kiosk in a real window (Xvfb) and checks what a person sees:
 * login, home, session expiry, logout; Persian right to left, English left to right.
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gui-test-util.h"

typedef struct
{
  gboolean persian;
  gboolean kiosk;
} ShellRun;

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
check_home (PkWindow *window,
            ShellRun *run)
{
  g_autoptr(GPtrArray) labels = pk_test_collect_labels (GTK_WIDGET (window));
  PkApiSession *session = pk_window_get_session (window);
  const char *name = session->display_name ? session->display_name : session->username;
  GtkLabel *heading, *banner, *clock_label;
  g_autofree char *family = NULL;
  GtkWidget *header = NULL;
  gboolean start_buttons, end_buttons, name_shown = FALSE;

  g_assert_cmpuint (labels->len, >, 10);
  g_assert_cmpstr (pk_window_get_visible_page (window), ==, "home");
  g_assert_true (pk_window_get_training (window));
  g_assert_cmpint (pk_window_get_kiosk (window), ==, run->kiosk);

  /* A kiosk has no frame and no window buttons to leave by. (Bare Xvfb has no window manager
   * to honour the full-screen request, so that is not asserted here.) */
  g_assert_cmpint (gtk_window_get_decorated (GTK_WINDOW (window)), ==, !run->kiosk);
  g_assert_cmpint (gtk_window_get_deletable (GTK_WINDOW (window)), ==, !run->kiosk);
  for (guint i = 0; i < labels->len && header == NULL; i++)
    header = gtk_widget_get_ancestor (labels->pdata[i], ADW_TYPE_HEADER_BAR);
  g_assert_nonnull (header);
  g_object_get (header, "show-start-title-buttons", &start_buttons,
                "show-end-title-buttons", &end_buttons, NULL);
  g_assert_cmpint (start_buttons, ==, !run->kiosk);
  g_assert_cmpint (end_buttons, ==, !run->kiosk);

  if (run->persian)
    {
      g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_RTL);
      g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (window)), ==, GTK_TEXT_DIR_RTL);
      heading = pk_test_find_label (labels, "امروز چه خدمتی نیاز دارید؟");
      banner = pk_test_find_label (labels, "حالت آموزشی — هیچ‌یک از اطلاعات واردشده واقعی نیست و به شهرداری فرستاده نمی‌شود");
      /* A kiosk never offers submissions; an operator does. */
      if (run->kiosk)
        g_assert_null (pk_test_find_label (labels, "درخواست پروانهٔ ساختمان"));
      else
        g_assert_nonnull (pk_test_find_label (labels, "درخواست پروانهٔ ساختمان"));
      /* Only supervisors see the day's log. */
      g_assert_null (pk_test_find_label (labels, "گزارش روزانه"));
      g_assert_null (pk_test_find_label (labels, "How can we help you today?"));
    }
  else
    {
      g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_LTR);
      heading = pk_test_find_label (labels, "How can we help you today?");
      banner = pk_test_find_label (labels,
                                   "Training mode — nothing entered here is real or sent to the municipality");
      g_assert_nonnull (pk_test_find_label (labels, "Building permit application"));
    }
  g_assert_nonnull (heading);
  g_assert_nonnull (banner);
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (banner)));

  family = label_font_family (heading);
  g_assert_cmpstr (family, ==, "Vazirmatn");

  /* The header names who is signed in. */
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (labels->pdata[i], "header-info") &&
        strstr (gtk_label_get_label (labels->pdata[i]), name) != NULL)
      name_shown = TRUE;
  g_assert_true (name_shown);

  /* The clock: Jalali year 14xx, Persian digits only in Persian. */
  clock_label = pk_test_find_label_with_class (GTK_WIDGET (window), "clock");
  g_assert_nonnull (clock_label);
  if (run->persian)
    {
      g_assert_true (pk_test_has_persian_digit (gtk_label_get_label (clock_label)));
      g_assert_nonnull (strstr (gtk_label_get_label (clock_label), "۱۴۰"));
    }
  else
    {
      g_assert_false (pk_test_has_persian_digit (gtk_label_get_label (clock_label)));
      g_assert_nonnull (strstr (gtk_label_get_label (clock_label), "140"));
    }

  /* Tiles have touch-sized targets. */
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *button = gtk_widget_get_ancestor (labels->pdata[i], GTK_TYPE_BUTTON);

      if (button && gtk_widget_has_css_class (button, "tile"))
        g_assert_cmpint (gtk_widget_get_height (button), >=, 56);
    }

  pk_test_save_screenshot (GTK_WIDGET (window), run->kiosk ? "shell-kiosk.png"
                                                : run->persian ? "shell-fa.png" : "shell-en.png");
}

static gboolean
login_error_shown (PkWindow *window,
                   gpointer  data)
{
  GtkLabel *label = pk_test_find_label_with_class (GTK_WIDGET (window), "login-error");

  if (label == NULL)
    return FALSE;
  *(const char **) data = gtk_label_get_label (label);
  return TRUE;
}

static gboolean
error_set (PkWindow *window,
           gpointer  data)
{
  return *(GError **) data != NULL;
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

static void
scenario (PkApplication *app,
          PkWindow      *window,
          gpointer       data)
{
  ShellRun *run = data;
  PkApiClient *client = pk_application_get_client (app);
  const PkSandboxAccount *account = pk_test_training_account (run->kiosk ? "kiosk" : "operator");
  g_autoptr(GError) expired = NULL;
  const char *message = NULL;

  /* 1. Nobody is signed in: the login comes first, offering the training accounts. */
  g_assert_cmpstr (pk_window_get_visible_page (window), ==, "login");
  g_assert_null (pk_window_get_session (window));
  g_assert_true (pk_test_label_visible (window, run->persian ? "حساب‌های آموزشی" : "Training accounts"));
  if (!run->kiosk)
    pk_test_save_screenshot (GTK_WIDGET (window), run->persian ? "login-fa.png" : "login-en.png");

  /* 2. A wrong password is refused with a message in the UI language; nothing else happens. */
  pk_test_sign_in (window, account->office_code, account->username, "not-the-password");
  pk_test_wait_until (window, login_error_shown, &message, "the login error");
  g_test_message ("login error shown: %s", message);
  g_assert_cmpint (pk_test_has_arabic_script (message), ==, run->persian);
  g_assert_cmpstr (pk_window_get_visible_page (window), ==, "login");
  g_assert_null (pk_window_get_session (window));
  g_assert_cmpstr (pk_test_login_entry_text (window, 2), ==, "");

  /* An empty password never reaches the server. */
  pk_test_sign_in (window, NULL, NULL, "");
  g_assert_nonnull (pk_test_find_label_with_class (GTK_WIDGET (window), "login-error"));

  /* 3. The right password opens the home page of that role. */
  pk_test_sign_in (window, NULL, NULL, account->password);
  pk_test_wait_until (window, pk_test_page_is, (gpointer) "home", "the home page");
  g_assert_nonnull (pk_window_get_session (window));
  g_assert_cmpint (pk_window_get_session (window)->role, ==,
                   run->kiosk ? PK_API_ROLE_KIOSK : PK_API_ROLE_OPERATOR);
  g_assert_cmpstr (pk_test_login_entry_text (window, 2), ==, "");
  pk_test_settle ();
  check_home (window, run);

  /* 4. The server stops accepting the token: the login comes back in front, with the user
   * filled in, and signing in again returns to the page that was open. */
  pk_api_client_set_token (client, "revoked-token-0000000000000000");
  pk_api_client_get_services_async (client, NULL, services_done_cb, &expired);
  pk_test_wait_until (window, error_set, &expired, "the refused call");
  g_assert_true (g_error_matches (expired, PK_API_ERROR, PK_API_ERROR_UNAUTHORIZED) ||
                 g_error_matches (expired, PK_API_ERROR, PK_API_ERROR_TOKEN_EXPIRED));
  pk_test_wait_until (window, pk_test_page_is, (gpointer) "login", "the login after expiry");
  g_assert_cmpstr (pk_test_login_entry_text (window, 1), ==, account->username);
  g_assert_cmpstr (pk_test_login_entry_text (window, 0), ==, account->office_code);
  pk_test_sign_in (window, NULL, NULL, account->password);
  pk_test_wait_until (window, pk_test_page_is, (gpointer) "home", "the page after signing in again");

  /* 5. Signing out returns to the login and forgets the session. */
  pk_test_click (GTK_WIDGET (window), "win.logout");
  g_assert_cmpstr (pk_window_get_visible_page (window), ==, "login");
  g_assert_null (pk_window_get_session (window));
  g_assert_cmpstr (pk_test_login_entry_text (window, 1), ==, "");
}

static void
test_shell (void)
{
  ShellRun run = {
    .persian = pk_test_gui_persian (),
    .kiosk = g_strcmp0 (g_getenv ("PK_TEST_KIOSK"), "1") == 0,
  };

  pk_test_gui_run (run.kiosk, scenario, &run);
}

int
main (int   argc,
      char *argv[])
{
  pk_test_gui_init (&argc, &argv);
  g_test_add_func ("/gui/shell", test_shell);
  return g_test_run ();
}
