/* pk-window-private.h — shared by pk-window.c and pk-window-idle.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pk-home-page.h"
#include "pk-inquiry-page.h"
#include "pk-login-page.h"
#include "pk-parcel-page.h"
#include "pk-permit-page.h"
#include "pk-permit-wizard.h"
#include "pk-status-page.h"
#include "pk-verify-page.h"
#include "pk-window.h"

G_BEGIN_DECLS

struct _PkWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkLabel             *office_label;
  GtkLabel             *operator_label;
  GtkLabel             *clock_label;
  GtkWidget            *queue_button;
  GtkLabel             *queue_label;
  GtkStack             *stack;
  PkHomePage           *home_page;

  /* owned */
  PkSettings           *settings;
  PkApiClient          *client;
  PkOutbox             *outbox;
  PkOutboxSender       *sender;
  PkTrustList          *trust_list;
  PkApiSession         *session;
  GCancellable         *cancellable;
  char                 *resume_page;
  guint                 clock_source;
  guint                 idle_source;
  gint64                last_activity;
  guint                 idle_timeout_ms;

  /* borrowed: children of the stack */
  PkLoginPage          *login_page;
  PkParcelPage         *parcel_page;
  PkInquiryPage        *inquiry_page;
  PkStatusPage         *status_page;
  PkPermitWizard       *permit_wizard;
  PkVerifyPage         *verify_page;
  PkPermitPage         *permit_page;

  PkLanguage            language;
  gboolean              kiosk;
  gboolean              training;
};

void     pk_window_show_page      (PkWindow   *self,
                                   const char *name);
void     pk_window_reset_pages    (PkWindow   *self);
gboolean pk_window_is_kiosk       (PkWindow   *self);

/* pk-window-idle.c */
void     pk_window_arm_idle       (PkWindow   *self,
                                   guint       delay_ms);
void     pk_window_watch_activity (PkWindow   *self);

G_END_DECLS
