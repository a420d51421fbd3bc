/* pk-permit-wizard-private.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pk-api-inquiry.h"
#include "pk-document-row.h"
#include "pk-form-field.h"
#include "pk-page-context.h"
#include "pk-permit-wizard.h"

G_BEGIN_DECLS

/* The wizard is one type in four files: pk-permit-wizard.c (steps, GObject, public API),
 * -form.c (what the operator enters: parcel, service, applicants, documents, and the checks),
 * -review.c (fees, the parcel's rules, the summary; the cards they are shown in) and -submit.c
 * (the outbox, the result and the receipt). */

/* Steps, in order: service, applicants, property, construction, documents, fees, review. */
#define N_STEPS 7

struct _PkPermitWizard
{
  GtkWidget        parent_instance;

  /* template widgets */
  GtkLabel        *step_label;
  GtkLabel        *context_label;
  GtkScrolledWindow *scroller;
  GtkStack        *steps;
  GtkWidget       *parcel_search;
  GtkEntry        *parcel_entry;
  GtkLabel        *parcel_error;
  GtkLabel        *parcel_summary;
  GtkListBox      *service_list;
  GtkBox          *applicants_box;
  GtkLabel        *shares_label;
  GtkBox          *property_box;
  GtkGrid         *property_grid;
  GtkBox          *construction_box;
  GtkListBox      *documents_list;
  GtkLabel        *fees_note;
  GtkGrid         *fees_grid;
  GtkBox          *receipt_box;
  GtkBox          *review_box;
  GtkGrid         *rules_grid;
  GtkLabel        *rules_verdict;
  GtkGrid         *summary_grid;
  GtkLabel        *result_title;
  GtkLabel        *tracking_label;
  GtkLabel        *queue_label;
  GtkLabel        *receipt_status;
  GtkLabel        *error_label;
  GtkWidget       *back_button;
  GtkSpinner      *spinner;
  GtkWidget       *next_button;
  GtkWidget       *submit_button;

  /* owned */
  PkPageContext   *context;
  PkApiClient     *client;
  PkSettings      *settings;
  PkOutbox        *outbox;
  PkApiCatalogue  *catalogue;
  PkApiService    *service;
  PkApiParcel     *parcel;
  PkApiInquiry    *inquiry;
  char            *inquiry_error;
  char            *operator_name;
  GCancellable    *cancellable;
  PkOutboxItem    *saved_item;
  gint64           failed_item_id;
  GPtrArray       *fields;            /* PkFormField of the service's form */
  GPtrArray       *dynamic;           /* widgets added for the service, removed on change */
  GHashTable      *documents;         /* code → PkDocumentRow (the list holds the rows) */
  GPtrArray       *document_order;    /* PkDocumentRow in the service's order */
  PkApiFormField  *applicants_schema;
  PkApiFormField  *reference_schema;
  PkApiFormField  *amount_schema;
  PkFormField     *applicants_field;
  PkFormField     *reference_field;
  PkFormField     *amount_field;
  gboolean         refreshing;        /* the saved item is being read again */
  gboolean         refresh_again;     /* and the outbox changed meanwhile */
  guint            prepare_id;

  PkLanguage       language;
  guint            busy;
  guint            attaching;
  guint            serial;            /* bumped by reset: late answers of that form are dropped */
};

/* pk-permit-wizard.c */
const char  *pk_permit_wizard_text_in             (PkPermitWizard       *self,
                                                   const char           *fa,
                                                   const char           *en);
void         pk_permit_wizard_show_error          (PkPermitWizard       *self,
                                                   const char           *message);
void         pk_permit_wizard_set_busy            (PkPermitWizard       *self,
                                                   gboolean              busy);
guint        pk_permit_wizard_current_step        (PkPermitWizard       *self);
guint        pk_permit_wizard_step_of_field       (const PkApiFormField *field);
PkFormField *pk_permit_wizard_find_field          (PkPermitWizard       *self,
                                                   const char           *name);
void         pk_permit_wizard_show_step           (PkPermitWizard       *self,
                                                   guint                 step);
void         pk_permit_wizard_prepare_neighbours  (PkPermitWizard       *self);
void         pk_permit_wizard_notify_saved_item   (PkPermitWizard       *self);
void         pk_permit_wizard_emit_saved          (PkPermitWizard       *self,
                                                   PkOutboxItem         *item);
void         pk_permit_wizard_emit_finished       (PkPermitWizard       *self);

/* pk-permit-wizard-form.c */
void         pk_permit_wizard_build_own_schemas   (PkPermitWizard       *self);
void         pk_permit_wizard_build_own_fields    (PkPermitWizard       *self);
void         pk_permit_wizard_set_parcel          (PkPermitWizard       *self,
                                                   PkApiParcel          *parcel);
void         pk_permit_wizard_build_documents     (PkPermitWizard       *self);
void         pk_permit_wizard_build_service_form  (PkPermitWizard       *self);
void         pk_permit_wizard_load_services       (PkPermitWizard       *self);
gboolean     pk_permit_wizard_validate_step       (PkPermitWizard       *self,
                                                   guint                 step);
void         pk_permit_wizard_find_parcel_activated (GtkWidget          *widget,
                                                     const char         *action_name,
                                                     GVariant           *parameter);
void         pk_permit_wizard_attach_activated    (GtkWidget            *widget,
                                                   const char           *action_name,
                                                   GVariant             *parameter);
void         pk_permit_wizard_remove_document_activated (GtkWidget      *widget,
                                                         const char     *action_name,
                                                         GVariant       *parameter);
void         pk_permit_wizard_parcel_entry_activate_cb (PkPermitWizard  *self);
void         pk_permit_wizard_service_selected_cb (PkPermitWizard       *self,
                                                   GtkListBoxRow        *row);

/* pk-permit-wizard-review.c */
void         pk_permit_wizard_clear_container     (GtkWidget            *container);
GtkLabel    *pk_permit_wizard_grid_cell           (GtkGrid              *grid,
                                                   int                   column,
                                                   int                   row,
                                                   int                   width,
                                                   const char           *text,
                                                   const char           *css_class);
void         pk_permit_wizard_grid_trim           (GtkGrid              *grid,
                                                   int                   n_rows);
void         pk_permit_wizard_set_pair            (GtkGrid              *grid,
                                                   int                   row,
                                                   const char           *key,
                                                   const char           *value);
void         pk_permit_wizard_show_fees           (PkPermitWizard       *self);
void         pk_permit_wizard_fetch_inquiry       (PkPermitWizard       *self);
void         pk_permit_wizard_show_rules          (PkPermitWizard       *self);
void         pk_permit_wizard_show_summary        (PkPermitWizard       *self);

/* pk-permit-wizard-submit.c */
void         pk_permit_wizard_outbox_changed_cb   (PkPermitWizard       *self);
void         pk_permit_wizard_submit_activated    (GtkWidget            *widget,
                                                   const char           *action_name,
                                                   GVariant             *parameter);
void         pk_permit_wizard_save_receipt_activated (GtkWidget         *widget,
                                                      const char        *action_name,
                                                      GVariant          *parameter);
void         pk_permit_wizard_new_activated       (GtkWidget            *widget,
                                                   const char           *action_name,
                                                   GVariant             *parameter);

G_END_DECLS
