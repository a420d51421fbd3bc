/* test-settings.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "pk-settings.h"
#include "pk-validate.h"

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static PkSettings *
new_settings (GSettings **out_gsettings)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) gsettings = g_settings_new_with_backend (APP_ID, backend);

  if (out_gsettings)
    *out_gsettings = g_object_ref (gsettings);
  return pk_settings_new (gsettings);
}

static void
test_defaults (void)
{
  g_autoptr(PkSettings) settings = new_settings (NULL);

  g_assert_cmpstr (pk_settings_get_api_base_url (settings), ==,
                   "https://api.pishkhan.example.ir/api/v1");
  g_assert_cmpstr (pk_settings_get_office_code (settings), ==, "");
  g_assert_cmpint (pk_settings_get_device_role (settings), ==, PK_DEVICE_ROLE_OPERATOR);
  g_assert_cmpuint (pk_settings_get_idle_timeout (settings), ==, 120);
  g_assert_cmpstr (pk_settings_get_printer_name (settings), ==, "");
  g_assert_cmpstr (pk_settings_get_language (settings), ==, "auto");
  g_assert_cmpint (pk_settings_get_amount_unit (settings), ==, PK_AMOUNT_UNIT_RIAL);
  g_assert_cmpstr (pk_settings_get_renovation_code_pattern (settings), ==, "2-3-3-3-3-3");
  g_assert_cmpstr (pk_settings_get_ca_file (settings), ==, "");
}

static void
test_gsettings_to_property (void)
{
  g_autoptr(GSettings) gsettings = NULL;
  g_autoptr(PkSettings) settings = new_settings (&gsettings);
  guint notified = 0;

  g_signal_connect (settings, "notify::office-code", G_CALLBACK (count_notify), &notified);
  g_settings_set_string (gsettings, "office-code", "12034");
  g_assert_cmpstr (pk_settings_get_office_code (settings), ==, "12034");
  g_assert_cmpuint (notified, ==, 1);

  g_settings_set_enum (gsettings, "device-role", PK_DEVICE_ROLE_KIOSK);
  g_assert_cmpint (pk_settings_get_device_role (settings), ==, PK_DEVICE_ROLE_KIOSK);
  g_settings_set_string (gsettings, "amount-unit", "toman");
  g_assert_cmpint (pk_settings_get_amount_unit (settings), ==, PK_AMOUNT_UNIT_TOMAN);
  g_settings_set_uint (gsettings, "idle-timeout", 300);
  g_assert_cmpuint (pk_settings_get_idle_timeout (settings), ==, 300);
}

static void
test_property_to_gsettings (void)
{
  g_autoptr(GSettings) gsettings = NULL;
  g_autoptr(PkSettings) settings = new_settings (&gsettings);
  g_autofree char *printer = NULL;
  g_autofree char *role = NULL;
  guint notified = 0;

  g_signal_connect (settings, "notify::printer-name", G_CALLBACK (count_notify), &notified);
  pk_settings_set_printer_name (settings, "Office-Laser");
  pk_settings_set_printer_name (settings, "Office-Laser");
  g_assert_cmpuint (notified, ==, 1);
  printer = g_settings_get_string (gsettings, "printer-name");
  g_assert_cmpstr (printer, ==, "Office-Laser");

  pk_settings_set_device_role (settings, PK_DEVICE_ROLE_KIOSK);
  role = g_settings_get_string (gsettings, "device-role");
  g_assert_cmpstr (role, ==, "kiosk");
}

static void
test_bad_pattern_falls_back (void)
{
  g_autoptr(GSettings) gsettings = NULL;
  g_autoptr(PkSettings) settings = new_settings (&gsettings);

  g_settings_set_string (gsettings, "renovation-code-pattern", "1-4-4");
  g_assert_cmpstr (pk_settings_get_renovation_code_pattern (settings), ==, "1-4-4");
  g_settings_set_string (gsettings, "renovation-code-pattern", "oops");
  g_assert_cmpstr (pk_settings_get_renovation_code_pattern (settings), ==,
                   PK_RENOVATION_PATTERN_DEFAULT);
}

static void
test_language (void)
{
  g_autoptr(PkSettings) settings = new_settings (NULL);

  g_unsetenv ("LANGUAGE");
  g_assert_cmpint (pk_settings_resolve_language (settings), ==, PK_LANGUAGE_PERSIAN);
  g_setenv ("LANGUAGE", "en", TRUE);
  g_assert_cmpint (pk_settings_resolve_language (settings), ==, PK_LANGUAGE_ENGLISH);
  g_setenv ("LANGUAGE", "en_US:en", TRUE);
  g_assert_cmpint (pk_settings_resolve_language (settings), ==, PK_LANGUAGE_ENGLISH);
  g_setenv ("LANGUAGE", "de", TRUE);
  g_assert_cmpint (pk_settings_resolve_language (settings), ==, PK_LANGUAGE_PERSIAN);

  pk_settings_set_language (settings, "fa");
  g_setenv ("LANGUAGE", "en", TRUE);
  g_assert_cmpint (pk_settings_resolve_language (settings), ==, PK_LANGUAGE_PERSIAN);
  pk_settings_set_language (settings, "en");
  g_unsetenv ("LANGUAGE");
  g_assert_cmpint (pk_settings_resolve_language (settings), ==, PK_LANGUAGE_ENGLISH);
}

static void
test_finalize (void)
{
  PkSettings *settings = new_settings (NULL);

  g_assert_finalize_object (settings);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/settings/defaults", test_defaults);
  g_test_add_func ("/settings/gsettings-to-property", test_gsettings_to_property);
  g_test_add_func ("/settings/property-to-gsettings", test_property_to_gsettings);
  g_test_add_func ("/settings/bad-pattern-falls-back", test_bad_pattern_falls_back);
  g_test_add_func ("/settings/language", test_language);
  g_test_add_func ("/settings/finalize", test_finalize);

  return g_test_run ();
}
