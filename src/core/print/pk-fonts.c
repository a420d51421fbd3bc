/* pk-fonts.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fontconfig/fontconfig.h>
#include <gio/gio.h>

#include "pk-fonts.h"

static const char * const font_files[] = {
  "Vazirmatn-Regular.ttf",
  "Vazirmatn-Medium.ttf",
  "Vazirmatn-Bold.ttf",
};

/**
 * pk_fonts_get_dir:
 *
 * Where the bundled fonts are: $PISHKHAN_FONT_DIR if set, else the installed data directory,
 * else the source tree the program was built from (so an uninstalled build finds them too).
 */
const char *
pk_fonts_get_dir (void)
{
  const char *env = g_getenv ("PISHKHAN_FONT_DIR");
  g_autofree char *installed = g_build_filename (PK_FONTDIR, font_files[0], NULL);

  if (env != NULL && *env != '\0')
    return env;
  if (g_file_test (installed, G_FILE_TEST_EXISTS))
    return PK_FONTDIR;
  return PK_SOURCE_FONTDIR;
}

/**
 * pk_fonts_load:
 *
 * Adds the bundled Vazirmatn faces to the application's fontconfig set, so Persian text never
 * depends on the fonts of the machine. Call it once, before the first text is laid out.
 */
gboolean
pk_fonts_load (GError **error)
{
  const char *dir = pk_fonts_get_dir ();

  for (guint i = 0; i < G_N_ELEMENTS (font_files); i++)
    {
      g_autofree char *path = g_build_filename (dir, font_files[i], NULL);

      if (!FcConfigAppFontAddFile (NULL, (const FcChar8 *) path))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "Cannot load the bundled font %s", path);
          return FALSE;
        }
    }
  return TRUE;
}
