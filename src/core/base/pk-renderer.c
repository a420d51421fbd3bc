/* pk-renderer.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Chooses GTK's renderer before GDK opens the display. GTK 4.8 defaults to its GL renderer, and
 * on an office PC without a GPU that means Mesa's llvmpipe on the CPU: four times the start-up
 * time and five times the memory of the cairo renderer, and a blinking caret costing a quarter of
 * a core. So where no hardware GL can exist (no DRM render node, or only a software driver) the
 * app asks for cairo and keeps GDK from creating a GL context at all (GDK_DEBUG=gl-disable); where
 * a real GPU is present it leaves GTK's default. Finding out opens no GL context: it reads
 * /dev/dri and sysfs only.
 */
#include "config.h"

#include <string.h>

#include "pk-renderer.h"

/* DRM drivers that render on the CPU: a render node from them is no GPU. */
static const char * const software_drivers[] = { "vgem", "vkms", NULL };

const char *
pk_renderer_reason_to_string (PkRendererReason reason)
{
  switch (reason)
    {
    case PK_RENDERER_REASON_ENVIRONMENT: return "GSK_RENDERER set in the environment";
    case PK_RENDERER_REASON_SETTING: return "the renderer setting";
    case PK_RENDERER_REASON_SOFTWARE_ENV: return "LIBGL_ALWAYS_SOFTWARE set";
    case PK_RENDERER_REASON_NO_RENDER_NODE: return "no DRM render node";
    case PK_RENDERER_REASON_SOFTWARE_DRIVER: return "only software DRM drivers";
    case PK_RENDERER_REASON_HARDWARE: return "a hardware GPU";
    default: return "unknown";
    }
}

/* The kernel driver behind a render node (renderD128 → "i915"), or NULL. */
static char *
render_node_driver (const char *root,
                    const char *node)
{
  g_autofree char *link = g_build_filename (root, "sys", "class", "drm", node, "device", "driver",
                                            NULL);
  g_autofree char *target = g_file_read_link (link, NULL);

  return target ? g_path_get_basename (target) : NULL;
}

/**
 * pk_renderer_choose:
 * @setting: the renderer key
 * @envp: (nullable): the environment to judge (g_get_environ() style)
 * @root: the file system root to look under ("/"; tests give a fake tree)
 * @reason: (out) (optional): why
 *
 * Returns: %PK_RENDERER_AUTO to leave GTK's choice alone (an explicit GSK_RENDERER), else the
 *   renderer to ask for
 */
PkRenderer
pk_renderer_choose (PkRenderer          setting,
                    const char * const *envp,
                    const char         *root,
                    PkRendererReason   *reason)
{
  PkRendererReason why = PK_RENDERER_REASON_NO_RENDER_NODE;
  PkRenderer choice = PK_RENDERER_CAIRO;
  const char *software = envp ? g_environ_getenv ((char **) envp, "LIBGL_ALWAYS_SOFTWARE") : NULL;
  const char *gsk = envp ? g_environ_getenv ((char **) envp, "GSK_RENDERER") : NULL;

  g_return_val_if_fail (root != NULL, PK_RENDERER_CAIRO);

  if (gsk != NULL && *gsk != '\0')
    {
      why = PK_RENDERER_REASON_ENVIRONMENT;
      choice = PK_RENDERER_AUTO;
    }
  else if (setting != PK_RENDERER_AUTO)
    {
      why = PK_RENDERER_REASON_SETTING;
      choice = setting;
    }
  else if (software != NULL && *software != '\0' && strcmp (software, "0") != 0)
    why = PK_RENDERER_REASON_SOFTWARE_ENV;
  else
    {
      g_autofree char *dri = g_build_filename (root, "dev", "dri", NULL);
      g_autoptr(GDir) dir = g_dir_open (dri, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *driver = NULL;

          if (!g_str_has_prefix (name, "renderD"))
            continue;
          why = PK_RENDERER_REASON_SOFTWARE_DRIVER;
          driver = render_node_driver (root, name);
          /* A node whose driver sysfs does not name (a container without /sys) is given the
           * benefit of the doubt: it exists because some GPU made it. */
          if (driver == NULL || !g_strv_contains (software_drivers, driver))
            {
              why = PK_RENDERER_REASON_HARDWARE;
              choice = PK_RENDERER_GL;
              break;
            }
        }
    }

  if (reason != NULL)
    *reason = why;
  return choice;
}

/**
 * pk_renderer_apply:
 * @setting: the renderer key
 * @reason: (out) (optional): why
 *
 * Chooses for this process and sets the environment GDK reads when it opens the display; call
 * it before anything initialises GTK.
 *
 * Returns: the choice, as pk_renderer_choose()
 */
PkRenderer
pk_renderer_apply (PkRenderer        setting,
                   PkRendererReason *reason)
{
  g_auto(GStrv) envp = g_get_environ ();
  PkRenderer choice = pk_renderer_choose (setting, (const char * const *) envp, "/", reason);

  if (choice == PK_RENDERER_CAIRO)
    {
      const char *debug = g_getenv ("GDK_DEBUG");

      g_setenv ("GSK_RENDERER", "cairo", TRUE);
      /* Without gl-disable GDK 4.8 still creates a GL context at start-up (+50 ms, +60 MB). */
      if (debug == NULL || *debug == '\0')
        g_setenv ("GDK_DEBUG", "gl-disable", TRUE);
      else if (strstr (debug, "gl-disable") == NULL)
        {
          g_autofree char *both = g_strconcat (debug, ",gl-disable", NULL);

          g_setenv ("GDK_DEBUG", both, TRUE);
        }
    }
  /* GL (a GPU, or forced by the setting) is GTK 4.8's default: nothing to set. */
  return choice;
}
