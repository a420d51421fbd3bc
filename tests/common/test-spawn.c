/* test-spawn.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Children of a test (the sandbox, the outbox driver) die with it. A failed assertion aborts the
 * test; a sandbox left running would keep the test's stdout and stderr open, and meson would
 * wait for them until its timeout, turning a failure of a second into a hang of four minutes.
 */
#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "test-spawn.h"

typedef struct
{
  pid_t parent;
} ChildSetup;

static void
die_with_parent (gpointer data)
{
  ChildSetup *setup = data;

  /* SIGKILL: the test is gone, nobody reads what a clean exit would say. The death signal
   * follows the thread that forked, so tests spawn from their main thread. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  /* The parent may have died between fork and prctl. */
  if (getppid () != setup->parent)
    _exit (127);
}

/**
 * test_spawnv:
 *
 * g_subprocess_newv() whose child is killed when the test process dies, however it dies.
 */
GSubprocess *
test_spawnv (GSubprocessFlags     flags,
             const char * const  *argv,
             GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  static ChildSetup setup;

  setup.parent = getpid ();
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, &setup, NULL);
  return g_subprocess_launcher_spawnv (launcher, argv, error);
}

GSubprocess *
test_spawn (GSubprocessFlags   flags,
            GError           **error,
            const char        *argv0,
            ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (char *) argv0);
  va_start (ap, argv0);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  return test_spawnv (flags, (const char * const *) argv->pdata, error);
}
