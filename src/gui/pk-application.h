/* pk-application.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pk-api-client.h"
#include "pk-journal.h"
#include "pk-outbox-sender.h"
#include "pk-outbox.h"
#include "pk-settings.h"
#include "pk-trust-list.h"

G_BEGIN_DECLS

#define PK_TYPE_APPLICATION (pk_application_get_type ())

G_DECLARE_FINAL_TYPE (PkApplication, pk_application, PK, APPLICATION, AdwApplication)

void           pk_application_init_i18n    (void);
PkApplication *pk_application_new          (void);
PkSettings    *pk_application_get_settings (PkApplication *self);
PkApiClient   *pk_application_get_client   (PkApplication *self);
PkOutbox      *pk_application_get_outbox   (PkApplication *self);
PkJournal     *pk_application_get_journal  (PkApplication *self);
PkOutboxSender *pk_application_get_sender  (PkApplication *self);
PkTrustList   *pk_application_get_trust_list (PkApplication *self);
gboolean       pk_application_get_kiosk    (PkApplication *self);
gboolean       pk_application_get_training (PkApplication *self);
PkLanguage     pk_application_get_language (PkApplication *self);

G_END_DECLS
