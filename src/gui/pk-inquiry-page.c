/* pk-inquiry-page.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pk-api-error.h"
#include "pk-enum-types.h"
#include "pk-format.h"
#include "pk-gui-util.h"
#include "pk-inquiry-page-private.h"
#include "pk-parcel-page.h"
#include "pk-resettable.h"

/* The zoning inquiry of a parcel for a chosen service: the rules the central API computed and
 * the itemised fee sheet with each item's inputs, as the server returned them — the client
 * computes nothing — and the one-page slip to print or save (pk-inquiry-page-slip.c). */

static void
reset_page (PkResettable *resettable)
{
  pk_inquiry_page_reset (PK_INQUIRY_PAGE (resettable));
}

static void
pk_inquiry_page_resettable_iface_init (PkResettableInterface *iface)
{
  iface->reset = reset_page;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (PkInquiryPage, pk_inquiry_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (PK_TYPE_RESETTABLE,
                                                      pk_inquiry_page_resettable_iface_init))

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
pk_inquiry_page_show_error (PkInquiryPage *self,
                            const char    *message)
{
  pk_gui_show_error (self->error_label, message);
}

static void
set_busy (PkInquiryPage *self,
          gboolean       busy)
{
  pk_gui_show_busy (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inquiry.run",
                                 !busy && self->parcel != NULL && self->service_codes->len > 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))))
    gtk_grid_remove (grid, child);
}

static GtkWidget *
cell (const char *text,
      const char *css_class,
      float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
add_pair (GtkGrid    *grid,
          int         row,
          int         column,
          const char *key,
          const char *value)
{
  gtk_grid_attach (grid, cell (key, "detail-key", 0), column, row, 1, 1);
  gtk_grid_attach (grid, cell (value, "detail-value", 0), column + 1, row, 1, 1);
}

static char *
number (PkInquiryPage *self,
        double         value,
        const char    *format)
{
  g_autofree char *n = pk_format_decimal (value, 2, self->language);

  return format ? g_strdup_printf (format, n) : g_steal_pointer (&n);
}

static const char *
service_title (PkInquiryPage *self,
               const char    *code)
{
  PkApiService *service = self->catalogue ? pk_api_catalogue_lookup (self->catalogue, code) : NULL;

  if (service == NULL)
    return code;
  if (self->language == PK_LANGUAGE_ENGLISH && service->title_en)
    return service->title_en;
  return service->title_fa ? service->title_fa : code;
}

static void
show_inquiry (PkInquiryPage *self,
              PkApiInquiry  *inquiry)
{
  PkApiZoningRules *rules = &inquiry->rules;
  /* Tracking codes mix letters and digits: shown exactly as typed back at the counter. */
  g_autofree char *tracking = pk_format_tracking_code (inquiry->tracking_code);
  g_autofree char *rulebook = pk_format_identifier (inquiry->rulebook_version, self->language);
  g_autofree char *issued = inquiry->issued_at ? pk_format_date_time (inquiry->issued_at, self->language)
                                               : g_strdup ("");
  g_autofree char *valid = inquiry->valid_until ? pk_format_date (inquiry->valid_until, self->language)
                                                : g_strdup ("");
  g_autofree char *density = number (self, rules->density_percent, _("%s%%"));
  g_autofree char *occupancy = number (self, rules->occupancy_percent, _("%s%%"));
  g_autofree char *floors = pk_format_integer (rules->max_floors, self->language);
  g_autofree char *height = number (self, rules->max_height_m, _("%s m"));
  g_autofree char *front = number (self, rules->setback_front_m, _("%s m"));
  g_autofree char *back = number (self, rules->setback_back_m, _("%s m"));
  /* TRANSLATORS: parking spaces required per housing unit */
  g_autofree char *parking = number (self, rules->parking_per_unit, _("%s per unit"));
  g_autofree char *min_plot = number (self, rules->min_plot_area_m2, _("%s m²"));
  g_autofree char *total = pk_format_amount (inquiry->total_rial,
                                             pk_settings_get_amount_unit (self->settings),
                                             self->language);
  int row = 0;

  clear_grid (self->summary_grid);
  add_pair (self->summary_grid, 0, 0, _("Tracking code"), tracking);
  add_pair (self->summary_grid, 0, 2, _("Service"), service_title (self, inquiry->service_code));
  add_pair (self->summary_grid, 1, 0, _("Issued"), issued);
  add_pair (self->summary_grid, 1, 2, _("Valid until"), valid);
  add_pair (self->summary_grid, 2, 0, _("Rulebook version"), rulebook);

  clear_grid (self->rules_grid);
  add_pair (self->rules_grid, 0, 0, _("Zone"), rules->zone ? rules->zone : "");
  add_pair (self->rules_grid, 0, 2, _("Land use"), pk_land_use_to_string (rules->land_use));
  add_pair (self->rules_grid, 1, 0, _("Density"), density);
  add_pair (self->rules_grid, 1, 2, _("Occupancy"), occupancy);
  add_pair (self->rules_grid, 2, 0, _("Floors at most"), floors);
  add_pair (self->rules_grid, 2, 2, _("Height at most"), height);
  add_pair (self->rules_grid, 3, 0, _("Front setback"), front);
  add_pair (self->rules_grid, 3, 2, _("Back setback"), back);
  add_pair (self->rules_grid, 4, 0, _("Parking"), parking);
  add_pair (self->rules_grid, 4, 2, _("Smallest plot"), min_plot);

  /* The fee sheet: each item with the inputs of its formula, so the citizen sees why. */
  clear_grid (self->fees_grid);
  {
    const char *heads[] = { _("Item"), _("Formula"), _("Area (m²)"), _("Price P (Rial/m²)"),
                            _("Coefficient k"), _("Amount") };

    for (guint c = 0; c < G_N_ELEMENTS (heads); c++)
      gtk_grid_attach (self->fees_grid, cell (heads[c], "detail-key", 0), (int) c, row, 1, 1);
    row++;
  }
  for (guint i = 0; i < inquiry->fee_items->len; i++, row++)
    {
      PkApiFeeItem *item = g_ptr_array_index (inquiry->fee_items, i);
      const char *title = self->language == PK_LANGUAGE_ENGLISH && item->title_en ? item->title_en
                                                                                 : item->title_fa;
      double area = 0, price = 0, k = 0;
      g_autofree char *area_s = NULL;
      g_autofree char *price_s = NULL;
      g_autofree char *k_s = NULL;
      g_autofree char *amount = pk_format_amount (item->amount_rial,
                                                  pk_settings_get_amount_unit (self->settings),
                                                  self->language);

      area_s = pk_api_fee_item_get_input (item, "area_m2", &area) ? number (self, area, NULL)
                                                                  : g_strdup ("—");
      price_s = pk_api_fee_item_get_input (item, "price_p_rial", &price)
                  ? pk_format_integer ((gint64) price, self->language) : g_strdup ("—");
      k_s = pk_api_fee_item_get_input (item, "coefficient", &k) ? number (self, k, NULL)
                                                                : g_strdup ("—");

      gtk_grid_attach (self->fees_grid, cell (title ? title : item->code, NULL, 0), 0, row, 1, 1);
      gtk_grid_attach (self->fees_grid, cell (item->formula ? item->formula : "", "dim-label", 0),
                       1, row, 1, 1);
      gtk_grid_attach (self->fees_grid, cell (area_s, "numeric", 0), 2, row, 1, 1);
      gtk_grid_attach (self->fees_grid, cell (price_s, "numeric", 0), 3, row, 1, 1);
      gtk_grid_attach (self->fees_grid, cell (k_s, "numeric", 0), 4, row, 1, 1);
      gtk_grid_attach (self->fees_grid, cell (amount, "numeric", 0), 5, row, 1, 1);
    }
  gtk_grid_attach (self->fees_grid, cell (_("Total"), "detail-key", 0), 0, row, 5, 1);
  gtk_grid_attach (self->fees_grid, cell (total, "fee-total", 0), 5, row, 1, 1);

  g_clear_pointer (&self->inquiry, pk_api_inquiry_unref);
  self->inquiry = pk_api_inquiry_ref (inquiry);
  gtk_label_set_label (self->status_label, "");
  gtk_widget_set_visible (self->result_box, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inquiry.save-pdf", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inquiry.print", TRUE);
}

static void
forget_inquiry (PkInquiryPage *self)
{
  g_clear_pointer (&self->inquiry, pk_api_inquiry_unref);
  gtk_widget_set_visible (self->result_box, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inquiry.save-pdf", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inquiry.print", FALSE);
  g_cancellable_cancel (self->print_cancellable);
  g_clear_object (&self->print_cancellable);
  g_cancellable_cancel (self->slip_cancellable);
  g_clear_object (&self->slip_cancellable);
  clear_grid (self->summary_grid);
  clear_grid (self->rules_grid);
  clear_grid (self->fees_grid);
}

void
pk_inquiry_page_journal_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PkJournalEntry) entry = pk_journal_append_finish (PK_JOURNAL (source), result, &error);

  /* A journal that cannot be written is an incident for the supervisor, not for the citizen. */
  if (entry == NULL)
    g_critical ("The journal refused an inquiry entry: %s", error->message);
}

/* Every inquiry answered, or refused, is on the office's record. */
static void
journal_inquiry (PkInquiryPage *self,
                 const char    *service_code,
                 PkApiInquiry  *inquiry,
                 const GError  *error)
{
  g_autoptr(PkJournalEntry) entry = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  if (self->journal == NULL)
    return;

  entry = pk_journal_entry_new (PK_JOURNAL_KIND_INQUIRY, self->operator_name ? self->operator_name : "",
                                inquiry ? "answered" : "failed");
  entry->service_code = g_strdup (service_code);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "renovation_code");
  json_builder_add_string_value (builder, self->parcel ? self->parcel->renovation_code : "");
  if (inquiry != NULL)
    {
      entry->tracking_code = g_strdup (inquiry->tracking_code);
      pk_journal_entry_set_amount (entry, inquiry->total_rial);
      json_builder_set_member_name (builder, "rulebook_version");
      json_builder_add_string_value (builder, inquiry->rulebook_version);
    }
  else
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, error ? error->message : "");
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  entry->detail_json = json_to_string (root, FALSE);

  pk_journal_append_async (self->journal, entry, NULL, pk_inquiry_page_journal_cb, NULL);
}

static void
inquiry_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PkInquiryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiInquiry) inquiry = pk_api_client_create_inquiry_finish (PK_API_CLIENT (source),
                                                                         result, &error);

  if (g_error_matches (error, PK_API_ERROR, PK_API_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  journal_inquiry (self, g_object_get_data (G_OBJECT (self), "pk-service-code"), inquiry, error);
  if (inquiry == NULL)
    pk_inquiry_page_show_error (self, pk_api_error_to_user_message (error));
  else
    show_inquiry (self, inquiry);
}

static void
run_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PkInquiryPage *self = PK_INQUIRY_PAGE (widget);
  guint selected = gtk_drop_down_get_selected (self->service_dropdown);

  if (self->parcel == NULL || selected >= self->service_codes->len || self->cancellable != NULL)
    return;

  pk_inquiry_page_show_error (self, NULL);
  forget_inquiry (self);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  g_object_set_data_full (G_OBJECT (self), "pk-service-code",
                          g_strdup (g_ptr_array_index (self->service_codes, selected)), g_free);
  pk_api_client_create_inquiry_async (self->client, self->parcel->renovation_code,
                                      g_ptr_array_index (self->service_codes, selected),
                                      self->cancellable, inquiry_cb, g_object_ref (self));
}

static void
fill_services (PkInquiryPage *self)
{
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);

  g_ptr_array_set_size (self->service_codes, 0);
  for (guint i = 0; i < self->catalogue->services->len; i++)
    {
      PkApiService *service = g_ptr_array_index (self->catalogue->services, i);

      /* Inquiries are made for what the citizen wants to do next: an inquiry or a permit. */
      if (service->kind != PK_API_SERVICE_KIND_INQUIRY && service->kind != PK_API_SERVICE_KIND_PERMIT)
        continue;
      g_ptr_array_add (self->service_codes, g_strdup (service->code));
      gtk_string_list_append (titles, service_title (self, service->code));
    }
  gtk_drop_down_set_model (self->service_dropdown, G_LIST_MODEL (titles));
}

static void
services_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PkInquiryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiCatalogue) catalogue = pk_api_client_get_services_finish (PK_API_CLIENT (source),
                                                                           result, &error);

  if (g_error_matches (error, PK_API_ERROR, PK_API_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (catalogue == NULL)
    {
      set_busy (self, FALSE);
      pk_inquiry_page_show_error (self, pk_api_error_to_user_message (error));
      return;
    }
  self->catalogue = g_steal_pointer (&catalogue);
  fill_services (self);
  set_busy (self, FALSE);
}

static void
load_services (PkInquiryPage *self)
{
  if (self->catalogue != NULL || self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  pk_api_client_get_services_async (self->client, self->cancellable, services_cb,
                                    g_object_ref (self));
}

static void
pk_inquiry_page_dispose (GObject *object)
{
  PkInquiryPage *self = PK_INQUIRY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->print_cancellable);
  g_clear_object (&self->print_cancellable);
  g_cancellable_cancel (self->slip_cancellable);
  g_clear_object (&self->slip_cancellable);
  g_clear_object (&self->printer);
  gtk_widget_dispose_template (GTK_WIDGET (self), PK_TYPE_INQUIRY_PAGE);
  g_clear_object (&self->context);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_object (&self->journal);
  g_clear_pointer (&self->parcel, pk_api_parcel_unref);
  g_clear_pointer (&self->inquiry, pk_api_inquiry_unref);
  g_clear_pointer (&self->catalogue, pk_api_catalogue_unref);

  G_OBJECT_CLASS (pk_inquiry_page_parent_class)->dispose (object);
}

static void
pk_inquiry_page_finalize (GObject *object)
{
  PkInquiryPage *self = PK_INQUIRY_PAGE (object);

  g_ptr_array_unref (self->service_codes);
  g_free (self->office);
  g_free (self->operator_name);

  G_OBJECT_CLASS (pk_inquiry_page_parent_class)->finalize (object);
}

static void
pk_inquiry_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PkInquiryPage *self = PK_INQUIRY_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, pk_inquiry_page_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_inquiry_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PkInquiryPage *self = PK_INQUIRY_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      g_set_object (&self->client, pk_page_context_get_client (self->context));
      g_set_object (&self->settings, pk_page_context_get_settings (self->context));
      self->language = pk_page_context_get_language (self->context);
      g_set_object (&self->journal, pk_page_context_get_journal (self->context));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_inquiry_page_class_init (PkInquiryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = pk_inquiry_page_dispose;
  object_class->finalize = pk_inquiry_page_finalize;
  object_class->get_property = pk_inquiry_page_get_property;
  object_class->set_property = pk_inquiry_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PK_TYPE_PAGE_CONTEXT, construct);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "inquiry.run", NULL, run_activated);
  gtk_widget_class_install_action (widget_class, "inquiry.save-pdf", NULL, pk_inquiry_page_save_pdf_activated);
  gtk_widget_class_install_action (widget_class, "inquiry.print", NULL, pk_inquiry_page_print_activated);

  gtk_widget_class_set_template_from_resource (widget_class, PK_RESOURCE_PATH "/pk-inquiry-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PkInquiryPage, parcel_label);
  gtk_widget_class_bind_template_child (widget_class, PkInquiryPage, service_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PkInquiryPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PkInquiryPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, PkInquiryPage, result_box);
  gtk_widget_class_bind_template_child (widget_class, PkInquiryPage, summary_grid);
  gtk_widget_class_bind_template_child (widget_class, PkInquiryPage, rules_grid);
  gtk_widget_class_bind_template_child (widget_class, PkInquiryPage, fees_grid);
  gtk_widget_class_bind_template_child (widget_class, PkInquiryPage, status_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pkinquirypage");
}

static void
pk_inquiry_page_init (PkInquiryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->service_codes = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inquiry.run", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inquiry.save-pdf", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inquiry.print", FALSE);
}

GtkWidget *
pk_inquiry_page_new (PkPageContext *context)
{
  g_return_val_if_fail (PK_IS_PAGE_CONTEXT (context), NULL);
  g_return_val_if_fail (PK_IS_SETTINGS (pk_page_context_get_settings (context)), NULL);

  return g_object_new (PK_TYPE_INQUIRY_PAGE, "context", context, NULL);
}

/**
 * pk_inquiry_page_set_parcel:
 *
 * Starts an inquiry for @parcel: the previous answer goes, the catalogue is loaded if needed.
 */
void
pk_inquiry_page_set_parcel (PkInquiryPage *self,
                            PkApiParcel   *parcel)
{
  g_autofree char *code = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (PK_IS_INQUIRY_PAGE (self));
  g_return_if_fail (parcel != NULL);

  g_clear_pointer (&self->parcel, pk_api_parcel_unref);
  self->parcel = pk_api_parcel_ref (parcel);
  forget_inquiry (self);
  pk_inquiry_page_show_error (self, NULL);

  code = pk_format_identifier (parcel->renovation_code, self->language);
  /* TRANSLATORS: the parcel an inquiry is for: renovation code — address */
  text = g_strdup_printf (_("Parcel %s — %s"), code, parcel->address_fa ? parcel->address_fa : "");
  gtk_label_set_label (self->parcel_label, text);

  load_services (self);
  set_busy (self, self->cancellable != NULL);
}

void
pk_inquiry_page_set_operator (PkInquiryPage *self,
                              const char    *office,
                              const char    *operator_name)
{
  g_return_if_fail (PK_IS_INQUIRY_PAGE (self));

  g_free (self->office);
  self->office = g_strdup (office);
  g_free (self->operator_name);
  self->operator_name = g_strdup (operator_name);
}

/**
 * pk_inquiry_page_select_service:
 *
 * Returns: whether @service_code is offered (the catalogue must be loaded)
 */
gboolean
pk_inquiry_page_select_service (PkInquiryPage *self,
                                const char    *service_code)
{
  g_return_val_if_fail (PK_IS_INQUIRY_PAGE (self), FALSE);

  for (guint i = 0; i < self->service_codes->len; i++)
    if (g_str_equal (g_ptr_array_index (self->service_codes, i), service_code))
      {
        gtk_drop_down_set_selected (self->service_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

PkApiInquiry *
pk_inquiry_page_get_inquiry (PkInquiryPage *self)
{
  g_return_val_if_fail (PK_IS_INQUIRY_PAGE (self), NULL);
  return self->inquiry;
}

/**
 * pk_inquiry_page_get_printing:
 *
 * Whether a slip is on its way to the printer (until the job completes or fails).
 */
gboolean
pk_inquiry_page_get_printing (PkInquiryPage *self)
{
  g_return_val_if_fail (PK_IS_INQUIRY_PAGE (self), FALSE);
  return self->print_cancellable != NULL;
}

gboolean
pk_inquiry_page_get_busy (PkInquiryPage *self)
{
  g_return_val_if_fail (PK_IS_INQUIRY_PAGE (self), FALSE);
  return self->cancellable != NULL;
}

/**
 * pk_inquiry_page_reset:
 *
 * Forgets the parcel and the answer; keeps the catalogue, which is the same for everyone.
 */
void
pk_inquiry_page_reset (PkInquiryPage *self)
{
  g_return_if_fail (PK_IS_INQUIRY_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->parcel, pk_api_parcel_unref);
  forget_inquiry (self);
  pk_inquiry_page_show_error (self, NULL);
  gtk_label_set_label (self->parcel_label, "");
  gtk_label_set_label (self->status_label, "");
  set_busy (self, FALSE);
}
