/* pk-permit-wizard.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pk-api-client.h"
#include "pk-api-parcel.h"
#include "pk-outbox.h"
#include "pk-settings.h"

G_BEGIN_DECLS

#define PK_TYPE_PERMIT_WIZARD (pk_permit_wizard_get_type ())

G_DECLARE_FINAL_TYPE (PkPermitWizard, pk_permit_wizard, PK, PERMIT_WIZARD, GtkWidget)

/* Step names, in order: "service", "applicants", "property", "construction", "documents",
 * "fees", "review", then "result" once the application is saved. */

GtkWidget    *pk_permit_wizard_new              (PkApiClient    *client,
                                                 PkSettings     *settings,
                                                 PkOutbox       *outbox,
                                                 PkLanguage      language);
void          pk_permit_wizard_start            (PkPermitWizard *self,
                                                 PkApiParcel    *parcel,
                                                 const char     *operator_name);
void          pk_permit_wizard_reset            (PkPermitWizard *self);
const char   *pk_permit_wizard_get_step         (PkPermitWizard *self);
gboolean      pk_permit_wizard_get_busy         (PkPermitWizard *self);
PkOutboxItem *pk_permit_wizard_get_saved_item   (PkPermitWizard *self);
PkApiParcel  *pk_permit_wizard_get_parcel       (PkPermitWizard *self);
const char   *pk_permit_wizard_get_service_code (PkPermitWizard *self);
gboolean      pk_permit_wizard_select_service   (PkPermitWizard *self,
                                                 const char     *service_code);
gboolean      pk_permit_wizard_go_next          (PkPermitWizard *self);
void          pk_permit_wizard_go_back          (PkPermitWizard *self);
void          pk_permit_wizard_attach_file      (PkPermitWizard *self,
                                                 const char     *doc_code,
                                                 GFile          *file);
const char   *pk_permit_wizard_get_document_error (PkPermitWizard *self,
                                                   const char     *doc_code);
gboolean      pk_permit_wizard_has_document     (PkPermitWizard *self,
                                                 const char     *doc_code);
guint         pk_permit_wizard_get_n_attaching  (PkPermitWizard *self);
JsonObject   *pk_permit_wizard_build_application (PkPermitWizard *self);
void          pk_permit_wizard_save_receipt     (PkPermitWizard *self,
                                                 GFile          *file);
gboolean      pk_permit_wizard_get_receipt_saved (PkPermitWizard *self);

G_END_DECLS
