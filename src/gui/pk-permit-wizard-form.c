/* pk-permit-wizard-form.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pk-api-error.h"
#include "pk-format.h"
#include "pk-gui-util.h"
#include "pk-parcel-page.h"
#include "pk-permit-wizard-private.h"
#include "pk-validate.h"

/* What the operator enters in the permit wizard: the parcel and the service, the applicants and
 * the fee receipt (the wizard's own fields), the service's form, the documents; and the checks
 * each step makes before Next. */

static gboolean sum_shares (PkPermitWizard *self, double *total);

/* Once the operator has fixed what the message at the bottom was about, it goes. */
static void
field_changed_cb (PkPermitWizard *self)
{
  guint step = pk_permit_wizard_current_step (self);
  gboolean valid = TRUE;

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)) || step >= N_STEPS)
    return;
  if (step == 1)
    {
      double total = 0;

      valid = pk_form_field_validate (self->applicants_field, FALSE) &&
              sum_shares (self, &total) && fabs (total - 100) <= 0.005;
      if (valid)
        {
          gtk_label_set_label (self->shares_label, "");
          gtk_widget_remove_css_class (GTK_WIDGET (self->shares_label), "error");
        }
    }
  else if (step == 5)
    valid = pk_form_field_validate (self->reference_field, FALSE) &&
            pk_form_field_validate (self->amount_field, FALSE);
  else if (step != 0 && step != 4)
    for (guint i = 0; i < self->fields->len && valid; i++)
      if (pk_permit_wizard_step_of_field (pk_form_field_get_schema (self->fields->pdata[i]))
          == step)
        valid = pk_form_field_validate (self->fields->pdata[i], FALSE);
  if (valid)
    pk_permit_wizard_show_error (self, NULL);
}

static GtkWidget *
watch (PkPermitWizard *self,
       GtkWidget      *field)
{
  g_signal_connect_object (field, "changed", G_CALLBACK (field_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return field;
}

/* ---- the wizard's own fields: applicants and the fee receipt ---- */

static PkApiFormField *
schema_field (const char     *name,
              PkApiFieldType  type,
              const char     *kind,
              const char     *label,
              gboolean        required)
{
  PkApiFormField *field = pk_api_form_field_new ();

  field->name = g_strdup (name);
  field->type = type;
  field->type_name = g_strdup (kind);
  field->label_fa = g_strdup (label);
  field->label_en = g_strdup (label);
  field->required = required;
  return field;
}

void
pk_permit_wizard_build_own_schemas (PkPermitWizard *self)
{
  PkApiFormField *f;

  /* Per docs/api-v1.md: 1–10 applicants; names ≤ 50 characters; share 0 < x ≤ 100. */
  self->applicants_schema = schema_field ("applicants", PK_API_FIELD_TYPE_GROUP, "group",
                                          _("Applicants"), TRUE);
  self->applicants_schema->min_items = 1;
  self->applicants_schema->max_items = 10;
  f = schema_field ("first_name", PK_API_FIELD_TYPE_TEXT, PK_FORM_FIELD_PERSON_NAME,
                    _("First name"), TRUE);
  f->max_length = 50;
  g_ptr_array_add (self->applicants_schema->fields, f);
  f = schema_field ("last_name", PK_API_FIELD_TYPE_TEXT, PK_FORM_FIELD_PERSON_NAME,
                    _("Last name"), TRUE);
  f->max_length = 50;
  g_ptr_array_add (self->applicants_schema->fields, f);
  g_ptr_array_add (self->applicants_schema->fields,
                   schema_field ("national_id", PK_API_FIELD_TYPE_NATIONAL_ID, "national_id",
                                 _("National ID"), TRUE));
  g_ptr_array_add (self->applicants_schema->fields,
                   schema_field ("mobile", PK_API_FIELD_TYPE_MOBILE, "mobile",
                                 _("Mobile"), TRUE));
  f = schema_field ("share_percent", PK_API_FIELD_TYPE_DECIMAL, "decimal", _("Share"), TRUE);
  f->unit = g_strdup ("%");
  f->has_min = TRUE;
  f->min = 0.01;
  f->has_max = TRUE;
  f->max = 100;
  g_ptr_array_add (self->applicants_schema->fields, f);

  self->reference_schema = schema_field ("reference", PK_API_FIELD_TYPE_TEXT, "text",
                                         _("Receipt reference"), FALSE);
  self->reference_schema->max_length = 64;
  self->amount_schema = schema_field ("amount_rial", PK_API_FIELD_TYPE_TEXT, PK_FORM_FIELD_AMOUNT,
                                      _("Amount paid"), FALSE);
}

void
pk_permit_wizard_build_own_fields (PkPermitWizard *self)
{
  PkAmountUnit unit = pk_settings_get_amount_unit (self->settings);

  if (self->applicants_field)
    gtk_box_remove (self->applicants_box, GTK_WIDGET (self->applicants_field));
  self->applicants_field = PK_FORM_FIELD (watch (self, pk_form_field_new (self->applicants_schema,
                                                                           self->language, unit)));
  gtk_box_insert_child_after (self->applicants_box, GTK_WIDGET (self->applicants_field),
                              gtk_widget_get_first_child (GTK_WIDGET (self->applicants_box)));

  pk_permit_wizard_clear_container (GTK_WIDGET (self->receipt_box));
  self->reference_field = PK_FORM_FIELD (watch (self, pk_form_field_new (self->reference_schema,
                                                                          self->language, unit)));
  self->amount_field = PK_FORM_FIELD (watch (self, pk_form_field_new (self->amount_schema,
                                                                       self->language, unit)));
  gtk_box_append (self->receipt_box, GTK_WIDGET (self->reference_field));
  gtk_box_append (self->receipt_box, GTK_WIDGET (self->amount_field));
}

/* Shares of all applicants; %FALSE if one of them is not a number yet. */
static gboolean
sum_shares (PkPermitWizard *self,
            double         *total)
{
  *total = 0;
  for (guint r = 0; r < pk_form_field_get_n_rows (self->applicants_field); r++)
    {
      PkFormField *share = pk_form_field_get_row_field (self->applicants_field, r, "share_percent");
      GtkEditable *editable = pk_form_field_get_editable (share);
      double value;

      if (!pk_form_parse_number (gtk_editable_get_text (editable), &value))
        return FALSE;
      *total += value;
    }
  return TRUE;
}

/* ---- parcel ---- */

static void
show_parcel (PkPermitWizard *self)
{
  PkApiParcel *p = self->parcel;
  g_autofree char *code = NULL;
  g_autofree char *area = NULL;
  g_autofree char *area_text = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *postal = NULL;
  g_autoptr(GString) owners = g_string_new (NULL);
  int row = 0;

  gtk_widget_set_visible (GTK_WIDGET (self->parcel_summary), p != NULL);
  if (p == NULL)
    {
      pk_permit_wizard_grid_trim (self->property_grid, 0);
      gtk_label_set_label (self->context_label, "");
      return;
    }

  code = pk_format_identifier (p->renovation_code, self->language);
  area = pk_format_decimal (p->area_m2, 2, self->language);
  area_text = g_strdup_printf (_("%s m²"), area);
  postal = pk_format_identifier (p->postal_code ? p->postal_code : "", self->language);
  /* TRANSLATORS: the parcel chosen: renovation code, address and area */
  summary = g_strdup_printf (_("Renovation code %s — %s — %s"), code,
                             p->address_fa ? p->address_fa : "", area_text);
  gtk_label_set_label (self->parcel_summary, summary);
  gtk_label_set_label (self->context_label, summary);

  for (guint i = 0; i < p->owners->len; i++)
    {
      PkApiOwner *owner = g_ptr_array_index (p->owners, i);
      g_autofree char *id = pk_format_identifier (owner->national_id_masked ? owner->national_id_masked : "",
                                                  self->language);
      g_autofree char *share = pk_format_decimal (owner->share_percent, 2, self->language);

      if (i > 0)
        g_string_append_c (owners, '\n');
      g_string_append_printf (owners, _("%s — national ID %s — %s%% share"), owner->name, id, share);
    }

  pk_permit_wizard_set_pair (self->property_grid, row++, _("Renovation code"), code);
  pk_permit_wizard_set_pair (self->property_grid, row++, _("Postal code"), postal);
  pk_permit_wizard_set_pair (self->property_grid, row++, _("Address"), p->address_fa ? p->address_fa : "");
  pk_permit_wizard_set_pair (self->property_grid, row++, _("Area"), area_text);
  pk_permit_wizard_set_pair (self->property_grid, row++, _("Zone"), p->zone ? p->zone : "");
  pk_permit_wizard_set_pair (self->property_grid, row++, _("Land use"), pk_land_use_to_string (p->land_use));
  pk_permit_wizard_set_pair (self->property_grid, row++, _("Owners"),
            owners->len ? owners->str : _("No owner on record"));
  pk_permit_wizard_grid_trim (self->property_grid, row);
}

void
pk_permit_wizard_set_parcel (PkPermitWizard *self,
                             PkApiParcel    *parcel)
{
  if (parcel != self->parcel)
    {
      g_clear_pointer (&self->parcel, pk_api_parcel_unref);
      g_clear_pointer (&self->inquiry, pk_api_inquiry_unref);
      g_clear_pointer (&self->inquiry_error, g_free);
      self->parcel = parcel ? pk_api_parcel_ref (parcel) : NULL;
    }
  show_parcel (self);
}

static void
parcel_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PkPermitWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiParcel) parcel = pk_api_client_get_parcel_finish (PK_API_CLIENT (source), result,
                                                                   &error);

  if (g_error_matches (error, PK_API_ERROR, PK_API_ERROR_CANCELLED))
    return;
  pk_permit_wizard_set_busy (self, FALSE);
  if (parcel == NULL)
    {
      gtk_label_set_label (self->parcel_error,
                           g_error_matches (error, PK_API_ERROR, PK_API_ERROR_NOT_FOUND)
                           ? _("No parcel was found with this code. Check it and try again.")
                           : pk_api_error_to_user_message (error));
      gtk_widget_set_visible (GTK_WIDGET (self->parcel_error), TRUE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->parcel_error), FALSE);
  pk_permit_wizard_set_parcel (self, parcel);
}

void
pk_permit_wizard_find_parcel_activated (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  PkPermitWizard *self = PK_PERMIT_WIZARD (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  if (!pk_validate_renovation_code (gtk_editable_get_text (GTK_EDITABLE (self->parcel_entry)),
                                    pk_settings_get_renovation_code_pattern (self->settings),
                                    &code, &error))
    {
      gtk_label_set_label (self->parcel_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->parcel_error), TRUE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->parcel_error), FALSE);
  pk_permit_wizard_set_parcel (self, NULL);
  pk_permit_wizard_set_busy (self, TRUE);
  pk_api_client_get_parcel_async (self->client, code, self->cancellable, parcel_cb,
                                  g_object_ref (self));
}

void
pk_permit_wizard_parcel_entry_activate_cb (PkPermitWizard *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "permit.find-parcel", NULL);
}

/* ---- documents ---- */

static void
attach_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PkPermitWizard) self = user_data;
  PkDocumentRow *row = PK_DOCUMENT_ROW (source);
  const char *code = pk_document_row_get_spec (row)->code;
  gboolean shown = pk_document_row_attach_finish (row, result);

  if (self->attaching > 0)
    self->attaching--;
  /* A row of an earlier form, or an answer a newer attach superseded. */
  if (!shown || self->documents == NULL || g_hash_table_lookup (self->documents, code) != row)
    return;

  /* Every document in order now: the message at the bottom goes. */
  if (self->attaching == 0 && pk_permit_wizard_current_step (self) == 4 &&
      gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    {
      gboolean complete = TRUE;

      for (guint i = 0; i < self->document_order->len; i++)
        {
          PkDocumentRow *other = self->document_order->pdata[i];

          if (!pk_document_row_has_file (other) &&
              (pk_document_row_get_spec (other)->required ||
               pk_document_row_get_error (other) != NULL))
            complete = FALSE;
        }
      if (complete)
        pk_permit_wizard_show_error (self, NULL);
    }
}

/**
 * pk_permit_wizard_attach_file:
 * @doc_code: the document's code in the service (`DEED`, `PLANS`, …)
 *
 * Attaches @file to the document @doc_code, as the file chooser does: it is read, checked
 * (size, real type by its first bytes) and fingerprinted on a worker thread; the row shows a
 * thumbnail or the message why it was refused.
 */
void
pk_permit_wizard_attach_file (PkPermitWizard *self,
                              const char     *doc_code,
                              GFile          *file)
{
  PkDocumentRow *row;

  g_return_if_fail (PK_IS_PERMIT_WIZARD (self));
  g_return_if_fail (doc_code != NULL);
  g_return_if_fail (G_IS_FILE (file));

  row = self->documents ? g_hash_table_lookup (self->documents, doc_code) : NULL;
  g_return_if_fail (row != NULL);

  self->attaching++;
  pk_document_row_attach_async (row, file, self->cancellable, attach_cb, g_object_ref (self));
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     PkPermitWizard  *self)
{
  g_autoptr(GFile) file = NULL;
  const char *code = g_object_get_data (G_OBJECT (dialog), "doc-code");

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    pk_permit_wizard_attach_file (self, code, file);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

void
pk_permit_wizard_attach_activated (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  PkPermitWizard *self = PK_PERMIT_WIZARD (widget);
  const char *code = g_variant_get_string (parameter, NULL);
  PkDocumentRow *row = self->documents ? g_hash_table_lookup (self->documents, code) : NULL;
  PkApiDocumentSpec *spec;
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *title = NULL;

  if (row == NULL)
    return;
  spec = pk_document_row_get_spec (row);
  /* TRANSLATORS: title of the file chooser; %s is the document's name */
  title = g_strdup_printf (_("Attach: %s"), pk_document_row_get_title (row));
  /* Bookworm's GTK has no GtkFileDialog. */
  dialog = gtk_file_chooser_native_new (title, GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF, JPEG or PNG"));
  for (guint i = 0; spec->types[i]; i++)
    gtk_file_filter_add_mime_type (filter, spec->types[i]);
  gtk_file_filter_add_suffix (filter, "pdf");
  if (!g_strv_contains ((const char * const *) spec->types, "application/pdf") ||
      g_strv_length (spec->types) > 1)
    {
      gtk_file_filter_add_suffix (filter, "png");
      gtk_file_filter_add_suffix (filter, "jpg");
      gtk_file_filter_add_suffix (filter, "jpeg");
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_object_set_data_full (G_OBJECT (dialog), "doc-code", g_strdup (code), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

void
pk_permit_wizard_remove_document_activated (GtkWidget  *widget,
                                            const char *action_name,
                                            GVariant   *parameter)
{
  PkPermitWizard *self = PK_PERMIT_WIZARD (widget);
  const char *code = g_variant_get_string (parameter, NULL);
  PkDocumentRow *row = self->documents ? g_hash_table_lookup (self->documents, code) : NULL;

  if (row != NULL)
    pk_document_row_clear (row);
}

void
pk_permit_wizard_build_documents (PkPermitWizard *self)
{
  pk_permit_wizard_clear_container (GTK_WIDGET (self->documents_list));
  g_clear_pointer (&self->documents, g_hash_table_unref);
  g_clear_pointer (&self->document_order, g_ptr_array_unref);
  self->documents = g_hash_table_new (g_str_hash, g_str_equal);
  self->document_order = g_ptr_array_new ();
  if (self->service == NULL)
    return;

  for (guint i = 0; i < self->service->documents->len; i++)
    {
      PkApiDocumentSpec *spec = g_ptr_array_index (self->service->documents, i);
      GtkWidget *row = pk_document_row_new (spec, self->language);

      gtk_list_box_append (self->documents_list, row);
      g_hash_table_insert (self->documents, spec->code, row);
      g_ptr_array_add (self->document_order, row);
    }
}

/* ---- service ---- */

static void
clear_dynamic (PkPermitWizard *self)
{
  for (guint i = 0; self->dynamic && i < self->dynamic->len; i++)
    {
      GtkWidget *w = self->dynamic->pdata[i];
      GtkWidget *parent = gtk_widget_get_parent (w);

      if (parent)
        gtk_box_remove (GTK_BOX (parent), w);
    }
  if (self->dynamic)
    g_ptr_array_set_size (self->dynamic, 0);
  if (self->fields)
    g_ptr_array_set_size (self->fields, 0);
}

static void
add_dynamic (PkPermitWizard *self,
             GtkBox         *box,
             GtkWidget      *widget,
             gboolean        before_last)
{
  if (before_last && gtk_widget_get_last_child (GTK_WIDGET (box)) != NULL)
    gtk_box_insert_child_after (box, widget,
                                gtk_widget_get_prev_sibling (gtk_widget_get_last_child (GTK_WIDGET (box))));
  else
    gtk_box_append (box, widget);
  g_ptr_array_add (self->dynamic, widget);
}

void
pk_permit_wizard_build_service_form (PkPermitWizard *self)
{
  PkAmountUnit unit = pk_settings_get_amount_unit (self->settings);
  guint counts[N_STEPS] = { 0 };

  clear_dynamic (self);
  if (self->service != NULL)
    for (guint i = 0; i < self->service->fields->len; i++)
      {
        PkApiFormField *schema = g_ptr_array_index (self->service->fields, i);
        GtkWidget *field = watch (self, pk_form_field_new (schema, self->language, unit));
        guint step = pk_permit_wizard_step_of_field (schema);

        g_ptr_array_add (self->fields, field);
        counts[step]++;
        if (step == 2)
          add_dynamic (self, self->property_box, field, FALSE);
        else if (step == 3)
          add_dynamic (self, self->construction_box, field, FALSE);
        else
          add_dynamic (self, self->review_box, field, FALSE);
      }
  if (counts[3] == 0)
    add_dynamic (self, self->construction_box,
                 pk_gui_label_new (_("This service asks for nothing at this step."), "dim-label"), FALSE);
  pk_permit_wizard_build_documents (self);
}

void
pk_permit_wizard_service_selected_cb (PkPermitWizard *self,
                                      GtkListBoxRow  *row)
{
  PkApiService *service;

  if (row == NULL || self->catalogue == NULL)
    return;
  service = pk_api_catalogue_lookup (self->catalogue, gtk_widget_get_name (GTK_WIDGET (row)));
  if (service == NULL || service == self->service)
    return;
  g_clear_pointer (&self->service, pk_api_service_unref);
  g_clear_pointer (&self->inquiry, pk_api_inquiry_unref);
  g_clear_pointer (&self->inquiry_error, g_free);
  self->service = pk_api_service_ref (service);
  pk_permit_wizard_build_service_form (self);
  pk_permit_wizard_show_error (self, NULL);
}

/**
 * pk_permit_wizard_select_service:
 *
 * Selects @service_code in the list of permit services, as a touch on its row does.
 *
 * Returns: %TRUE if the catalogue has that permit service
 */
gboolean
pk_permit_wizard_select_service (PkPermitWizard *self,
                                 const char     *service_code)
{
  g_return_val_if_fail (PK_IS_PERMIT_WIZARD (self), FALSE);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->service_list)); row;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), service_code) == 0)
      {
        gtk_list_box_select_row (self->service_list, GTK_LIST_BOX_ROW (row));
        return self->service != NULL;
      }
  return FALSE;
}

static void
fill_services (PkPermitWizard *self)
{
  pk_permit_wizard_clear_container (GTK_WIDGET (self->service_list));
  for (guint i = 0; i < self->catalogue->services->len; i++)
    {
      PkApiService *service = g_ptr_array_index (self->catalogue->services, i);
      GtkWidget *row;

      if (service->kind != PK_API_SERVICE_KIND_PERMIT)
        continue;
      row = adw_action_row_new ();
      gtk_widget_set_name (row, service->code);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     pk_permit_wizard_text_in (self, service->title_fa,
                                                               service->title_en));
      if (service->description_fa && self->language == PK_LANGUAGE_PERSIAN)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), service->description_fa);
      gtk_list_box_append (self->service_list, row);
    }
}

static void
services_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PkPermitWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiCatalogue) catalogue = pk_api_client_get_services_finish (PK_API_CLIENT (source),
                                                                           result, &error);

  if (g_error_matches (error, PK_API_ERROR, PK_API_ERROR_CANCELLED))
    return;
  pk_permit_wizard_set_busy (self, FALSE);
  if (catalogue == NULL)
    {
      pk_permit_wizard_show_error (self, pk_api_error_to_user_message (error));
      return;
    }
  g_clear_pointer (&self->catalogue, pk_api_catalogue_unref);
  self->catalogue = g_steal_pointer (&catalogue);
  fill_services (self);
}

/* The permit services, from the catalogue once it has been loaded. */
void
pk_permit_wizard_load_services (PkPermitWizard *self)
{
  if (self->catalogue != NULL)
    fill_services (self);
  else
    {
      pk_permit_wizard_set_busy (self, TRUE);
      pk_api_client_get_services_async (self->client, self->cancellable, services_cb,
                                        g_object_ref (self));
    }
}

/* ---- checks ---- */

static gboolean
validate_fields_of_step (PkPermitWizard *self,
                         guint           step)
{
  gboolean valid = TRUE;

  for (guint i = 0; i < self->fields->len; i++)
    if (pk_permit_wizard_step_of_field (pk_form_field_get_schema (self->fields->pdata[i])) == step)
      valid &= pk_form_field_validate (self->fields->pdata[i], TRUE);
  return valid;
}

gboolean
pk_permit_wizard_validate_step (PkPermitWizard *self,
                                guint           step)
{
  switch (step)
    {
    case 0:
      if (self->parcel == NULL)
        {
          pk_permit_wizard_show_error (self, _("Find the parcel first: enter its renovation code."));
          return FALSE;
        }
      if (self->service == NULL)
        {
          pk_permit_wizard_show_error (self, _("Choose the service the citizen is applying for."));
          return FALSE;
        }
      return TRUE;

    case 1:
      {
        gboolean valid = pk_form_field_validate (self->applicants_field, TRUE);
        double total = 0;

        gtk_widget_remove_css_class (GTK_WIDGET (self->shares_label), "error");
        if (valid && sum_shares (self, &total) && fabs (total - 100) > 0.005)
          {
            g_autofree char *sum = pk_format_decimal (total, 2, self->language);
            g_autofree char *message = g_strdup_printf (_("The shares must add up to 100%%; now they add up to %s%%."), sum);

            gtk_label_set_label (self->shares_label, message);
            gtk_widget_add_css_class (GTK_WIDGET (self->shares_label), "error");
            pk_permit_wizard_show_error (self, message);
            return FALSE;
          }
        gtk_label_set_label (self->shares_label, "");
        if (!valid)
          pk_permit_wizard_show_error (self, _("Some of the information is not valid. Check the marked fields."));
        return valid;
      }

    case 4:
      {
        gboolean valid = TRUE;

        if (self->attaching > 0)
          {
            pk_permit_wizard_show_error (self, _("Wait until the files are read."));
            return FALSE;
          }
        for (guint i = 0; i < self->document_order->len; i++)
          {
            PkDocumentRow *row = self->document_order->pdata[i];
            const char *error = pk_document_row_get_error (row);

            if (!pk_document_row_has_file (row) && pk_document_row_get_spec (row)->required)
              {
                pk_document_row_set_error (row, error ? error : _("Attach this document."));
                valid = FALSE;
              }
            else if (!pk_document_row_has_file (row) && error != NULL)
              valid = FALSE;
          }
        if (!valid)
          pk_permit_wizard_show_error (self, _("Some documents are missing or were refused. Check the marked documents."));
        return valid;
      }

    case 5:
      {
        gboolean valid = pk_form_field_validate (self->reference_field, TRUE) &
                         pk_form_field_validate (self->amount_field, TRUE);
        gboolean has_ref = *gtk_editable_get_text (pk_form_field_get_editable (self->reference_field)) != '\0';
        gboolean has_amount = *gtk_editable_get_text (pk_form_field_get_editable (self->amount_field)) != '\0';

        if (valid && has_ref != has_amount)
          {
            pk_form_field_set_error (has_ref ? self->amount_field : self->reference_field,
                                     _("Enter both the receipt reference and the amount paid, or neither."));
            valid = FALSE;
          }
        if (!valid)
          pk_permit_wizard_show_error (self, _("Some of the information is not valid. Check the marked fields."));
        return valid;
      }

    default:
      if (!validate_fields_of_step (self, step))
        {
          pk_permit_wizard_show_error (self, _("Some of the information is not valid. Check the marked fields."));
          return FALSE;
        }
      return TRUE;
    }
}

