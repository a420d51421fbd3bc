/* pk-application.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "pk-application-private.h"
#include "pk-client-submitter.h"
#include "pk-fonts.h"
#include "pk-sandbox-server.h"
#include "pk-window.h"

struct _PkApplication
{
  AdwApplication  parent_instance;

  PkSettings      *settings;
  PkApiClient     *client;
  PkSandboxServer *sandbox;
  PkOutbox        *outbox;
  PkJournal       *journal;
  PkOutboxSender  *sender;
  PkTrustList     *trust_list;
  PkLanguage      language;
  gboolean        kiosk;
  gboolean        training;
  gboolean        bench_first_frame;
};

G_DEFINE_FINAL_TYPE (PkApplication, pk_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "kiosk", 'k', 0, G_OPTION_ARG_NONE, NULL,
    N_("Run full screen without window decorations, as on a counter or kiosk"), NULL },
  { "training", 't', 0, G_OPTION_ARG_NONE, NULL,
    N_("Training mode: work against the embedded sandbox, nothing is real"), NULL },
  { "bench-first-frame", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, NULL,
    "Print start-up figures after the first frame and quit (benchmarks)", NULL },
  { NULL }
};

static gboolean
locale_is_c (const char *name)
{
  return name == NULL || g_str_equal (name, "C") || g_str_equal (name, "POSIX") ||
         g_str_has_prefix (name, "C.");
}

/* gettext only honours LANGUAGE under a real locale, and a kiosk set up as root usually has
 * none, so messages get a real locale of the chosen language. Numbers keep the C locale:
 * formatting for people goes through ICU, and machine formats must stay ASCII. */
static void
setup_language (PkApplication *self)
{
  const char *want = self->language == PK_LANGUAGE_ENGLISH ? "en" : "fa";
  const char *locale = self->language == PK_LANGUAGE_ENGLISH ? "en_US.UTF-8" : "fa_IR.UTF-8";

  g_setenv ("LANGUAGE", want, TRUE);
  if (locale_is_c (setlocale (LC_MESSAGES, NULL)) ||
      !g_str_has_prefix (setlocale (LC_MESSAGES, NULL), want))
    {
      if (setlocale (LC_MESSAGES, locale) == NULL)
        g_warning ("Locale %s is not installed; the interface stays in English", locale);
    }
}

/* Training mode runs the sandbox central API inside the kiosk, on loopback, with its own city
 * in the user's data directory; otherwise the client talks to the configured central API. */
static void
setup_client (PkApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  const char *ca_file = pk_settings_get_ca_file (self->settings);

  if (self->training)
    {
      g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "pishkhan",
                                                    "training-sandbox", NULL);

      self->sandbox = pk_sandbox_server_new (data_dir, PK_SANDBOX_DEFAULT_SEED, &error);
      if (self->sandbox == NULL ||
          pk_sandbox_server_listen (self->sandbox, 0, &error) == 0)
        {
          g_critical ("Training sandbox cannot start: %s", error->message);
          g_clear_object (&self->sandbox);
          g_clear_error (&error);
          base_url = g_strdup ("http://127.0.0.1:9/api/v1");
        }
      else
        base_url = pk_sandbox_server_get_base_url (self->sandbox);
      ca_file = NULL;
    }
  else
    base_url = g_strdup (pk_settings_get_api_base_url (self->settings));

  self->client = pk_api_client_new (base_url, ca_file && *ca_file ? ca_file : NULL, &error);
  if (self->client == NULL)
    {
      /* A broken URL or CA file in the settings must still show the login page, which then
       * reports the failure; an unreachable address gives a clear network error. */
      g_warning ("Central API client: %s", error->message);
      g_clear_error (&error);
      self->client = pk_api_client_new ("https://invalid.invalid/api/v1", NULL, NULL);
    }
  g_assert (self->client != NULL);
}

/**
 * pk_application_init_i18n:
 *
 * Sets up locale and gettext for the process; call it first thing in main(). The language
 * itself is chosen at start-up, from the settings.
 */
void
pk_application_init_i18n (void)
{
  const char *localedir = g_getenv ("PISHKHAN_LOCALEDIR");
  const char *messages;

  setlocale (LC_ALL, "");
  /* Machine formats (JSON, SQL, printf of doubles) stay ASCII whatever the locale. */
  setlocale (LC_NUMERIC, "C");

  /* GLib decides at the first translated string whether libraries (our core) may translate,
   * and says no under "C.UTF-8" when the app's own catalogue has no such locale. Plain "C" keeps
   * the door open until the kiosk's language is set at start-up. */
  messages = setlocale (LC_MESSAGES, NULL);
  if (messages != NULL && (g_str_has_prefix (messages, "C.") || g_str_equal (messages, "POSIX")))
    setlocale (LC_MESSAGES, "C");

  /* PISHKHAN_LOCALEDIR lets an uninstalled build use the catalogues it just compiled. */
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* The outbox and the journal live in the user's data directory, training mode's apart from the
 * real ones so that practice never mixes with the office's record. They are opened before the
 * first window: nothing can be taken from a citizen before it can be stored. */
static void
setup_storage (PkApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "pishkhan",
                                           self->training ? "training" : "office", NULL);
  g_autofree char *outbox_path = g_build_filename (dir, "outbox.db", NULL);
  g_autofree char *journal_path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *keys_path = g_build_filename (dir, "trust-list.json", NULL);
  g_autoptr(PkSubmitter) submitter = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_error ("Cannot create %s: %s", dir, g_strerror (errno));

  self->outbox = pk_outbox_new_sync (outbox_path, NULL, &error);
  if (self->outbox == NULL)
    g_error ("Cannot open the outbox %s: %s", outbox_path, error->message);
  self->journal = pk_journal_new_sync (journal_path, NULL, &error);
  if (self->journal == NULL)
    g_error ("Cannot open the journal %s: %s", journal_path, error->message);

  /* Read when the verify page opens, off the main loop. */
  self->trust_list = pk_trust_list_new (keys_path);

  submitter = PK_SUBMITTER (pk_client_submitter_new (self->client));
  self->sender = pk_outbox_sender_new (self->outbox, submitter, self->journal);
  /* Pending work from before a restart or a crash goes out as soon as someone signs in. */
  pk_outbox_sender_start (self->sender);
}

static void
pk_application_startup (GApplication *app)
{
  PkApplication *self = PK_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  /* The language is settled before GTK starts: GLib decides once, at the first translated
   * string, whether library translations apply, and LANGUAGE must not change once GTK's
   * threads run. Fonts too: the first layout must already see Vazirmatn. */
  self->settings = pk_settings_new_default ();
  self->language = pk_settings_resolve_language (self->settings);
  setup_language (self);
  if (!pk_fonts_load (&error))
    g_warning ("%s", error->message);

  G_APPLICATION_CLASS (pk_application_parent_class)->startup (app);

  gtk_widget_set_default_direction (self->language == PK_LANGUAGE_PERSIAN ? GTK_TEXT_DIR_RTL
                                                                          : GTK_TEXT_DIR_LTR);

  /* No blinking caret: on old counter PCs it costs CPU all day long, and the blink timer warns
   * about a missing focus-out on displays without a window manager (kiosk X sessions). */
  g_object_set (gtk_settings_get_default (),
                "gtk-font-name", PK_FONT_FAMILY " 13",
                "gtk-cursor-blink", FALSE,
                NULL);

  setup_client (self);
  setup_storage (self);

  /* Every accelerator lives here: a kiosk must know each key that can leave the app. */
  if (!self->kiosk)
    {
      gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                             (const char *[]) { "<Control>q", NULL });
      gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close",
                                             (const char *[]) { "<Control>w", NULL });
    }
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.go-home",
                                         (const char *[]) { "<Alt>Home", NULL });
}

static void
pk_application_activate (GApplication *app)
{
  PkApplication *self = PK_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (pk_window_new (self));
      if (self->bench_first_frame)
        pk_application_bench_first_frame (self, window);
    }
  gtk_window_present (window);
}

static gint
pk_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  PkApplication *self = PK_APPLICATION (app);

  self->kiosk = g_variant_dict_contains (options, "kiosk");
  self->training = g_variant_dict_contains (options, "training");
  self->bench_first_frame = g_variant_dict_contains (options, "bench-first-frame");
  return -1;
}

static void
pk_application_dispose (GObject *object)
{
  PkApplication *self = PK_APPLICATION (object);

  if (self->sender)
    pk_outbox_sender_stop (self->sender);
  g_clear_object (&self->sender);
  g_clear_object (&self->outbox);
  g_clear_object (&self->journal);
  g_clear_object (&self->trust_list);
  g_clear_object (&self->client);
  if (self->sandbox)
    pk_sandbox_server_disconnect (self->sandbox);
  g_clear_object (&self->sandbox);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (pk_application_parent_class)->dispose (object);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
pk_application_class_init (PkApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = pk_application_dispose;
  app_class->startup = pk_application_startup;
  app_class->activate = pk_application_activate;
  app_class->handle_local_options = pk_application_handle_local_options;
}

static void
pk_application_init (PkApplication *self)
{
  static const GActionEntry actions[] = {
    { "quit", quit_activated },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Municipal e-services counter terminal"));
}

PkApplication *
pk_application_new (void)
{
  return g_object_new (PK_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", PK_RESOURCE_PATH,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

PkSettings *
pk_application_get_settings (PkApplication *self)
{
  g_return_val_if_fail (PK_IS_APPLICATION (self), NULL);
  return self->settings;
}

PkApiClient *
pk_application_get_client (PkApplication *self)
{
  g_return_val_if_fail (PK_IS_APPLICATION (self), NULL);
  return self->client;
}

PkOutbox *
pk_application_get_outbox (PkApplication *self)
{
  g_return_val_if_fail (PK_IS_APPLICATION (self), NULL);
  return self->outbox;
}

PkJournal *
pk_application_get_journal (PkApplication *self)
{
  g_return_val_if_fail (PK_IS_APPLICATION (self), NULL);
  return self->journal;
}

PkTrustList *
pk_application_get_trust_list (PkApplication *self)
{
  g_return_val_if_fail (PK_IS_APPLICATION (self), NULL);
  return self->trust_list;
}

PkOutboxSender *
pk_application_get_sender (PkApplication *self)
{
  g_return_val_if_fail (PK_IS_APPLICATION (self), NULL);
  return self->sender;
}

gboolean
pk_application_get_kiosk (PkApplication *self)
{
  g_return_val_if_fail (PK_IS_APPLICATION (self), FALSE);
  return self->kiosk;
}

gboolean
pk_application_get_training (PkApplication *self)
{
  g_return_val_if_fail (PK_IS_APPLICATION (self), FALSE);
  return self->training;
}

PkLanguage
pk_application_get_language (PkApplication *self)
{
  g_return_val_if_fail (PK_IS_APPLICATION (self), PK_LANGUAGE_PERSIAN);
  return self->language;
}
