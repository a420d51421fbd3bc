/* main.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "pk-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PkApplication) app = NULL;
  const char *localedir = g_getenv ("PISHKHAN_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* Machine formats (JSON, SQL, printf of doubles) stay ASCII whatever the locale. */
  setlocale (LC_NUMERIC, "C");
  /* PISHKHAN_LOCALEDIR lets an uninstalled build use the catalogues it just compiled. */
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = pk_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
