/* pk-renderer.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "pk-enums.h"

G_BEGIN_DECLS

/* Why a renderer was chosen, for the log and the tests. */
typedef enum
{
  PK_RENDERER_REASON_ENVIRONMENT,   /* GSK_RENDERER was set from outside: left alone */
  PK_RENDERER_REASON_SETTING,       /* the renderer key forces cairo or gl */
  PK_RENDERER_REASON_SOFTWARE_ENV,  /* LIBGL_ALWAYS_SOFTWARE asks Mesa for software GL */
  PK_RENDERER_REASON_NO_RENDER_NODE,
  PK_RENDERER_REASON_SOFTWARE_DRIVER,
  PK_RENDERER_REASON_HARDWARE,
} PkRendererReason;

PkRenderer   pk_renderer_choose           (PkRenderer          setting,
                                           const char * const *envp,
                                           const char         *root,
                                           PkRendererReason   *reason);
const char  *pk_renderer_reason_to_string (PkRendererReason    reason);
PkRenderer   pk_renderer_apply            (PkRenderer          setting,
                                           PkRendererReason   *reason);

G_END_DECLS
