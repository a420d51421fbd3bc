/* pk-verify-page.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pk-api-client.h"
#include "pk-page-context.h"
#include "pk-trust-list.h"

G_BEGIN_DECLS

#define PK_TYPE_VERIFY_PAGE (pk_verify_page_get_type ())

G_DECLARE_FINAL_TYPE (PkVerifyPage, pk_verify_page, PK, VERIFY_PAGE, GtkWidget)

/* Keys older than this are fetched again when the page opens and the network is there. */
#define PK_VERIFY_KEYS_MAX_AGE (12 * G_TIME_SPAN_HOUR)
/* A clock further off than this makes expiry verdicts doubtful: say so. */
#define PK_VERIFY_CLOCK_TOLERANCE_S 300

GtkWidget    *pk_verify_page_new          (PkPageContext *context);
void          pk_verify_page_opened       (PkVerifyPage *self);
void          pk_verify_page_verify       (PkVerifyPage *self,
                                           const char   *text);
PkApiVerdict  pk_verify_page_get_verdict  (PkVerifyPage *self);
gboolean      pk_verify_page_get_online   (PkVerifyPage *self);
gboolean      pk_verify_page_get_busy     (PkVerifyPage *self);
void          pk_verify_page_reset        (PkVerifyPage *self);

G_END_DECLS
