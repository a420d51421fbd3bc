/* main.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PkApplication) app = NULL;

  pk_application_init_i18n ();
  app = pk_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
