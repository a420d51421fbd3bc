/* test-renderer.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The renderer choice from a fake /dev/dri and sysfs: GL only for a hardware GPU.
 */
#include <glib/gstdio.h>
#include <unistd.h>

#include "pk-renderer.h"

typedef struct
{
  char *root;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->root = g_dir_make_tmp ("pk-renderer-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  rm_rf (f->root);
  g_free (f->root);
}

/* A DRM node under the fake root; @driver NULL leaves sysfs without it. */
static void
add_node (Fixture    *f,
          const char *node,
          const char *driver)
{
  g_autofree char *dri = g_build_filename (f->root, "dev", "dri", NULL);
  g_autofree char *path = g_build_filename (dri, node, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dri, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  if (driver != NULL)
    {
      g_autofree char *device = g_build_filename (f->root, "sys", "class", "drm", node, "device",
                                                  NULL);
      g_autofree char *link = g_build_filename (device, "driver", NULL);
      g_autofree char *target = g_strconcat ("../../../bus/pci/drivers/", driver, NULL);

      g_assert_cmpint (g_mkdir_with_parents (device, 0755), ==, 0);
      g_assert_cmpint (symlink (target, link), ==, 0);
    }
}

static void
assert_choice (Fixture            *f,
               PkRenderer          setting,
               const char * const *envp,
               PkRenderer          expected,
               PkRendererReason    expected_reason)
{
  PkRendererReason reason = -1;

  g_assert_cmpint (pk_renderer_choose (setting, envp, f->root, &reason), ==, expected);
  g_assert_cmpint (reason, ==, expected_reason);
  g_assert_cmpstr (pk_renderer_reason_to_string (reason), !=, "unknown");
}

static void
test_no_dri (Fixture       *f,
             gconstpointer  data)
{
  assert_choice (f, PK_RENDERER_AUTO, NULL, PK_RENDERER_CAIRO, PK_RENDERER_REASON_NO_RENDER_NODE);
  /* A display-only card (simpledrm) has no render node. */
  add_node (f, "card0", "simpledrm");
  assert_choice (f, PK_RENDERER_AUTO, NULL, PK_RENDERER_CAIRO, PK_RENDERER_REASON_NO_RENDER_NODE);
}

static void
test_software_driver (Fixture       *f,
                      gconstpointer  data)
{
  add_node (f, "renderD128", "vgem");
  add_node (f, "renderD129", "vkms");
  assert_choice (f, PK_RENDERER_AUTO, NULL, PK_RENDERER_CAIRO,
                 PK_RENDERER_REASON_SOFTWARE_DRIVER);
}

static void
test_hardware (Fixture       *f,
               gconstpointer  data)
{
  const char * const software[] = { "LIBGL_ALWAYS_SOFTWARE=1", NULL };
  const char * const not_software[] = { "LIBGL_ALWAYS_SOFTWARE=0", NULL };

  add_node (f, "renderD128", "vgem");
  add_node (f, "renderD129", "i915");
  assert_choice (f, PK_RENDERER_AUTO, NULL, PK_RENDERER_GL, PK_RENDERER_REASON_HARDWARE);
  assert_choice (f, PK_RENDERER_AUTO, not_software, PK_RENDERER_GL, PK_RENDERER_REASON_HARDWARE);
  assert_choice (f, PK_RENDERER_AUTO, software, PK_RENDERER_CAIRO,
                 PK_RENDERER_REASON_SOFTWARE_ENV);
}

static void
test_node_without_sysfs (Fixture       *f,
                         gconstpointer  data)
{
  /* A container may see /dev/dri but not /sys: the node exists because a GPU made it. */
  add_node (f, "renderD128", NULL);
  assert_choice (f, PK_RENDERER_AUTO, NULL, PK_RENDERER_GL, PK_RENDERER_REASON_HARDWARE);
}

static void
test_overrides (Fixture       *f,
                gconstpointer  data)
{
  const char * const gsk[] = { "GSK_RENDERER=gl", NULL };
  const char * const empty_gsk[] = { "GSK_RENDERER=", NULL };

  assert_choice (f, PK_RENDERER_GL, NULL, PK_RENDERER_GL, PK_RENDERER_REASON_SETTING);
  assert_choice (f, PK_RENDERER_CAIRO, gsk, PK_RENDERER_AUTO, PK_RENDERER_REASON_ENVIRONMENT);
  assert_choice (f, PK_RENDERER_AUTO, empty_gsk, PK_RENDERER_CAIRO,
                 PK_RENDERER_REASON_NO_RENDER_NODE);
  add_node (f, "renderD128", "amdgpu");
  assert_choice (f, PK_RENDERER_CAIRO, NULL, PK_RENDERER_CAIRO, PK_RENDERER_REASON_SETTING);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) \
  g_test_add ("/renderer/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("no-dri", test_no_dri);
  ADD ("software-driver", test_software_driver);
  ADD ("hardware", test_hardware);
  ADD ("node-without-sysfs", test_node_without_sysfs);
  ADD ("overrides", test_overrides);
  return g_test_run ();
}
