/* pk-parcel-page.c
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
#include "pk-keypad.h"
#include "pk-page-context.h"
#include "pk-parcel-page.h"
#include "pk-parcel-sketch.h"
#include "pk-resettable.h"
#include "pk-validate.h"

/* Find a parcel by renovation code, postal code or an application's tracking code, and show
 * its card: identifiers, address, area, zone, land use, owners (IDs masked) and a sketch. */
struct _PkParcelPage
{
  GtkWidget       parent_instance;

  /* template widgets */
  GtkToggleButton *renovation_toggle;
  GtkToggleButton *postal_toggle;
  GtkToggleButton *tracking_toggle;
  GtkEntry        *search_entry;
  GtkLabel        *hint_label;
  GtkLabel        *error_label;
  GtkSpinner      *spinner;
  PkKeypad        *keypad;
  GtkListBox      *results_list;
  GtkWidget       *card;
  GtkGrid         *details;
  PkParcelSketch  *sketch;

  /* owned */
  PkPageContext   *context;
  PkApiClient     *client;
  PkSettings      *settings;
  PkApiParcel     *parcel;
  GCancellable    *cancellable;

  PkLanguage       language;
};

static void
reset_page (PkResettable *resettable)
{
  pk_parcel_page_reset (PK_PARCEL_PAGE (resettable));
}

static void
pk_parcel_page_resettable_iface_init (PkResettableInterface *iface)
{
  iface->reset = reset_page;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (PkParcelPage, pk_parcel_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (PK_TYPE_RESETTABLE,
                                                      pk_parcel_page_resettable_iface_init))

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_PARCEL,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  INQUIRY_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static PkParcelSearchMode
current_mode (PkParcelPage *self)
{
  if (gtk_toggle_button_get_active (self->postal_toggle))
    return PK_PARCEL_SEARCH_POSTAL_CODE;
  if (gtk_toggle_button_get_active (self->tracking_toggle))
    return PK_PARCEL_SEARCH_TRACKING_CODE;
  return PK_PARCEL_SEARCH_RENOVATION_CODE;
}

static void
show_error (PkParcelPage *self,
            const char   *message)
{
  pk_gui_show_error (self->error_label, message);
  if (message != NULL)
    gtk_accessible_update_state (GTK_ACCESSIBLE (self->search_entry),
                                 GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
  else
    gtk_accessible_reset_state (GTK_ACCESSIBLE (self->search_entry), GTK_ACCESSIBLE_STATE_INVALID);
}

static void
set_busy (PkParcelPage *self,
          gboolean      busy)
{
  pk_gui_show_busy (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "parcel.search", !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
clear_results (PkParcelPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_list))))
    gtk_list_box_remove (self->results_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->results_list), FALSE);
}

static void
clear_details (PkParcelPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->details))))
    gtk_grid_remove (self->details, child);
}

/**
 * pk_land_use_to_string:
 * @land_use: the API's land-use code
 *
 * Returns: the land use in words, or @land_use itself for a code this version does not know.
 */
const char *
pk_land_use_to_string (const char *land_use)
{
  static const struct { const char *code; const char *label; } uses[] = {
    { "residential", N_("Residential") },
    { "commercial", N_("Commercial") },
    { "mixed", N_("Mixed residential and commercial") },
    { "administrative", N_("Administrative") },
    { "educational", N_("Educational") },
    { "healthcare", N_("Healthcare") },
    { "industrial", N_("Industrial") },
    { "green", N_("Green space") },
    { "religious", N_("Religious") },
    { "sports", N_("Sports") },
    { "cultural", N_("Cultural") },
  };

  if (land_use == NULL)
    return "";
  for (guint i = 0; i < G_N_ELEMENTS (uses); i++)
    if (g_str_equal (land_use, uses[i].code))
      return _(uses[i].label);
  return land_use;
}

static void
add_detail (PkParcelPage *self,
            int           row,
            const char   *key,
            const char   *value)
{
  GtkWidget *k = gtk_label_new (key);
  GtkWidget *v = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (k), 0);
  gtk_label_set_xalign (GTK_LABEL (v), 0);
  gtk_label_set_wrap (GTK_LABEL (v), TRUE);
  gtk_label_set_selectable (GTK_LABEL (v), TRUE);
  gtk_widget_set_valign (k, GTK_ALIGN_START);
  gtk_widget_add_css_class (k, "detail-key");
  gtk_widget_add_css_class (v, "detail-value");
  gtk_widget_set_hexpand (v, TRUE);
  gtk_grid_attach (self->details, k, 0, row, 1, 1);
  gtk_grid_attach (self->details, v, 1, row, 1, 1);
}

static char *
format_measure (PkParcelPage *self,
                double        value,
                const char   *format)
{
  g_autofree char *number = pk_format_decimal (value, 2, self->language);

  return g_strdup_printf (format, number);
}

/* Registration numbers are identifiers: digits of the UI language, never grouped. */
static char *
format_number_id (PkParcelPage *self,
                  gint64        value)
{
  g_autofree char *raw = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  return pk_format_digits (raw, self->language);
}

static void
show_parcel (PkParcelPage *self,
             PkApiParcel  *parcel)
{
  g_autofree char *code = pk_format_identifier (parcel->renovation_code, self->language);
  g_autofree char *postal = pk_format_identifier (parcel->postal_code ? parcel->postal_code : "",
                                                  self->language);
  g_autofree char *section = format_number_id (self, parcel->plate.section);
  g_autofree char *main_no = format_number_id (self, parcel->plate.main);
  g_autofree char *sub_no = format_number_id (self, parcel->plate.sub);
  g_autofree char *plate = NULL;
  g_autofree char *district = pk_format_integer (parcel->district, self->language);
  g_autofree char *block = pk_format_integer (parcel->block, self->language);
  g_autofree char *district_block = NULL;
  g_autofree char *area = NULL;
  g_autofree char *frontage = NULL;
  g_autofree char *passage = NULL;
  g_autoptr(GString) owners = g_string_new (NULL);
  int row = 0;

  /* TRANSLATORS: a registration plate (پلاک ثبتی): section, main and sub numbers */
  plate = g_strdup_printf (_("section %s, main %s, sub %s"), section, main_no, sub_no);
  /* TRANSLATORS: district and block of a parcel */
  district_block = g_strdup_printf (_("district %s, block %s"), district, block);
  /* TRANSLATORS: an area in square metres */
  area = format_measure (self, parcel->area_m2, _("%s m²"));
  /* TRANSLATORS: a length in metres */
  frontage = format_measure (self, parcel->frontage_m, _("%s m"));
  passage = format_measure (self, parcel->passage_width_m, _("%s m"));

  for (guint i = 0; i < parcel->owners->len; i++)
    {
      PkApiOwner *owner = g_ptr_array_index (parcel->owners, i);
      g_autofree char *id = pk_format_identifier (owner->national_id_masked ? owner->national_id_masked : "",
                                                  self->language);
      g_autofree char *share = pk_format_decimal (owner->share_percent, 2, self->language);

      if (i > 0)
        g_string_append_c (owners, '\n');
      /* TRANSLATORS: an owner: name, masked national ID, share in percent */
      g_string_append_printf (owners, _("%s — national ID %s — %s%% share"), owner->name, id, share);
    }

  clear_details (self);
  add_detail (self, row++, _("Renovation code"), code);
  add_detail (self, row++, _("Registration plate"), plate);
  add_detail (self, row++, _("Postal code"), postal);
  add_detail (self, row++, _("Address"), parcel->address_fa ? parcel->address_fa : "");
  add_detail (self, row++, _("Location"), district_block);
  add_detail (self, row++, _("Area"), area);
  add_detail (self, row++, _("Frontage"), frontage);
  add_detail (self, row++, _("Passage width"), passage);
  add_detail (self, row++, _("Zone"), parcel->zone ? parcel->zone : "");
  add_detail (self, row++, _("Land use"), pk_land_use_to_string (parcel->land_use));
  add_detail (self, row++, _("Owners"), owners->len ? owners->str : _("No owner on record"));

  g_clear_pointer (&self->parcel, pk_api_parcel_unref);
  self->parcel = pk_api_parcel_ref (parcel);
  pk_parcel_sketch_set_parcel (self->sketch, parcel);
  clear_results (self);
  gtk_widget_set_visible (self->card, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARCEL]);
}

static void
forget_parcel (PkParcelPage *self)
{
  gtk_widget_set_visible (self->card, FALSE);
  clear_details (self);
  pk_parcel_sketch_set_parcel (self->sketch, NULL);
  if (self->parcel != NULL)
    {
      g_clear_pointer (&self->parcel, pk_api_parcel_unref);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARCEL]);
    }
}

static void
show_failure (PkParcelPage *self,
              const GError *error)
{
  if (g_error_matches (error, PK_API_ERROR, PK_API_ERROR_NOT_FOUND))
    show_error (self, _("No parcel was found with this code. Check it and try again."));
  else
    show_error (self, pk_api_error_to_user_message (error));
}

static gboolean
finish_or_cancelled (PkParcelPage *self,
                     const GError *error)
{
  if (g_error_matches (error, PK_API_ERROR, PK_API_ERROR_CANCELLED))
    return TRUE;
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  return FALSE;
}

static void
parcel_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PkParcelPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiParcel) parcel = pk_api_client_get_parcel_finish (PK_API_CLIENT (source), result,
                                                                   &error);

  if (finish_or_cancelled (self, error))
    return;
  if (parcel == NULL)
    show_failure (self, error);
  else
    show_parcel (self, parcel);
}

static void
result_activated_cb (PkParcelPage  *self,
                     GtkListBoxRow *row)
{
  PkApiParcel *parcel = g_object_get_data (G_OBJECT (row), "parcel");

  if (parcel != NULL)
    show_parcel (self, parcel);
}

static void
parcels_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PkParcelPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiParcelPage) page = pk_api_client_find_parcels_finish (PK_API_CLIENT (source),
                                                                       result, &error);

  if (finish_or_cancelled (self, error))
    return;
  if (page == NULL)
    {
      show_failure (self, error);
      return;
    }
  if (page->items->len == 0)
    {
      show_error (self, _("No parcel has this postal code. Check it and try again."));
      return;
    }
  if (page->items->len == 1)
    {
      show_parcel (self, g_ptr_array_index (page->items, 0));
      return;
    }

  /* One postal code can cover several parcels (an apartment building): let the operator pick. */
  clear_results (self);
  for (guint i = 0; i < page->items->len; i++)
    {
      PkApiParcel *parcel = g_ptr_array_index (page->items, i);
      g_autofree char *code = pk_format_identifier (parcel->renovation_code, self->language);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     parcel->address_fa ? parcel->address_fa : code);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), code);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "parcel", pk_api_parcel_ref (parcel),
                              (GDestroyNotify) pk_api_parcel_unref);
      gtk_list_box_append (self->results_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->results_list), TRUE);
}

static void
application_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PkParcelPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiApplication) application =
    pk_api_client_get_application_finish (PK_API_CLIENT (source), result, &error);

  if (application == NULL)
    {
      if (finish_or_cancelled (self, error))
        return;
      if (g_error_matches (error, PK_API_ERROR, PK_API_ERROR_NOT_FOUND))
        show_error (self, _("No application has this tracking code. Check it and try again."));
      else
        show_failure (self, error);
      return;
    }

  /* Same search, second step: the application names its parcel. */
  pk_api_client_get_parcel_async (self->client, application->renovation_code, self->cancellable,
                                  parcel_cb, g_object_ref (self));
}

/**
 * pk_parcel_page_search:
 * @text: what the operator typed, in any digit system
 *
 * Validates @text for @mode and, if it is well formed, looks the parcel up. A search under way
 * is cancelled first.
 */
void
pk_parcel_page_search (PkParcelPage       *self,
                       PkParcelSearchMode  mode,
                       const char         *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;
  gboolean valid;

  g_return_if_fail (PK_IS_PARCEL_PAGE (self));
  g_return_if_fail (text != NULL);

  switch (mode)
    {
    case PK_PARCEL_SEARCH_POSTAL_CODE:
      valid = pk_validate_postal_code (text, &normalized, &error);
      break;
    case PK_PARCEL_SEARCH_TRACKING_CODE:
      valid = pk_validate_tracking_code (text, &normalized, &error);
      break;
    case PK_PARCEL_SEARCH_RENOVATION_CODE:
    default:
      valid = pk_validate_renovation_code (text,
                                           pk_settings_get_renovation_code_pattern (self->settings),
                                           &normalized, &error);
      break;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  clear_results (self);
  forget_parcel (self);

  if (!valid)
    {
      set_busy (self, FALSE);
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
      return;
    }

  show_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  switch (mode)
    {
    case PK_PARCEL_SEARCH_POSTAL_CODE:
      pk_api_client_find_parcels_async (self->client, normalized, NULL, self->cancellable,
                                        parcels_cb, g_object_ref (self));
      break;
    case PK_PARCEL_SEARCH_TRACKING_CODE:
      pk_api_client_get_application_async (self->client, normalized, NULL, self->cancellable,
                                           application_cb, g_object_ref (self));
      break;
    case PK_PARCEL_SEARCH_RENOVATION_CODE:
    default:
      pk_api_client_get_parcel_async (self->client, normalized, self->cancellable, parcel_cb,
                                      g_object_ref (self));
      break;
    }
}

static void
search_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PkParcelPage *self = PK_PARCEL_PAGE (widget);

  pk_parcel_page_search (self, current_mode (self),
                         gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
inquiry_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PkParcelPage *self = PK_PARCEL_PAGE (widget);

  if (self->parcel != NULL)
    g_signal_emit (self, signals[INQUIRY_REQUESTED], 0, self->parcel);
}

static void
entry_activate_cb (PkParcelPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "parcel.search", NULL);
}

static void
entry_changed_cb (PkParcelPage *self)
{
  show_error (self, NULL);
}

static void
update_hint (PkParcelPage *self)
{
  g_autofree char *example = NULL;
  g_autofree char *hint = NULL;

  switch (current_mode (self))
    {
    case PK_PARCEL_SEARCH_POSTAL_CODE:
      example = pk_format_identifier ("1314567891", self->language);
      /* TRANSLATORS: %s is an example postal code */
      hint = g_strdup_printf (_("Ten digits, like %s"), example);
      break;
    case PK_PARCEL_SEARCH_TRACKING_CODE:
      hint = g_strdup (_("PK and ten letters or digits, as printed on the receipt"));
      break;
    case PK_PARCEL_SEARCH_RENOVATION_CODE:
    default:
      {
        g_autofree char *pattern = g_strdup (pk_settings_get_renovation_code_pattern (self->settings));
        g_auto(GStrv) widths = g_strsplit (pattern, "-", -1);
        g_autoptr(GString) sample = g_string_new (NULL);

        /* An example in this city's layout: each segment as wide as it is. */
        for (guint i = 0; widths[i]; i++)
          {
            guint64 w = g_ascii_strtoull (widths[i], NULL, 10);

            if (i > 0)
              g_string_append_c (sample, '-');
            for (guint64 k = 0; k < w; k++)
              g_string_append_c (sample, (char) ('1' + (k + i) % 9));
          }
        example = pk_format_identifier (sample->str, self->language);
        /* TRANSLATORS: %s is an example renovation code */
        hint = g_strdup_printf (_("Segments separated by dashes, like %s"), example);
      }
      break;
    }
  gtk_label_set_label (self->hint_label, hint);
}

static void
mode_toggled_cb (PkParcelPage    *self,
                 GtkToggleButton *toggle)
{
  if (!gtk_toggle_button_get_active (toggle))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  show_error (self, NULL);
  update_hint (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
pk_parcel_page_constructed (GObject *object)
{
  PkParcelPage *self = PK_PARCEL_PAGE (object);

  G_OBJECT_CLASS (pk_parcel_page_parent_class)->constructed (object);

  g_assert (PK_IS_API_CLIENT (self->client));
  g_assert (PK_IS_SETTINGS (self->settings));
  pk_keypad_set_language (self->keypad, self->language);
  update_hint (self);
}

static void
pk_parcel_page_dispose (GObject *object)
{
  PkParcelPage *self = PK_PARCEL_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PK_TYPE_PARCEL_PAGE);
  g_clear_object (&self->context);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->parcel, pk_api_parcel_unref);

  G_OBJECT_CLASS (pk_parcel_page_parent_class)->dispose (object);
}

static void
pk_parcel_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PkParcelPage *self = PK_PARCEL_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_PARCEL:
      g_value_set_boxed (value, self->parcel);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, pk_parcel_page_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_parcel_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PkParcelPage *self = PK_PARCEL_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      g_set_object (&self->client, pk_page_context_get_client (self->context));
      g_set_object (&self->settings, pk_page_context_get_settings (self->context));
      self->language = pk_page_context_get_language (self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_parcel_page_class_init (PkParcelPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = pk_parcel_page_constructed;
  object_class->dispose = pk_parcel_page_dispose;
  object_class->get_property = pk_parcel_page_get_property;
  object_class->set_property = pk_parcel_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PK_TYPE_PAGE_CONTEXT, construct);
  properties[PROP_PARCEL] =
    g_param_spec_boxed ("parcel", NULL, NULL, PK_TYPE_API_PARCEL,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PkParcelPage::inquiry-requested:
   * @parcel: the parcel shown
   */
  signals[INQUIRY_REQUESTED] =
    g_signal_new ("inquiry-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, PK_TYPE_API_PARCEL);

  gtk_widget_class_install_action (widget_class, "parcel.search", NULL, search_activated);
  gtk_widget_class_install_action (widget_class, "parcel.inquiry", NULL, inquiry_activated);

  g_type_ensure (PK_TYPE_KEYPAD);
  g_type_ensure (PK_TYPE_PARCEL_SKETCH);
  gtk_widget_class_set_template_from_resource (widget_class, PK_RESOURCE_PATH "/pk-parcel-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PkParcelPage, renovation_toggle);
  gtk_widget_class_bind_template_child (widget_class, PkParcelPage, postal_toggle);
  gtk_widget_class_bind_template_child (widget_class, PkParcelPage, tracking_toggle);
  gtk_widget_class_bind_template_child (widget_class, PkParcelPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PkParcelPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, PkParcelPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, PkParcelPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PkParcelPage, keypad);
  gtk_widget_class_bind_template_child (widget_class, PkParcelPage, results_list);
  gtk_widget_class_bind_template_child (widget_class, PkParcelPage, card);
  gtk_widget_class_bind_template_child (widget_class, PkParcelPage, details);
  gtk_widget_class_bind_template_child (widget_class, PkParcelPage, sketch);
  gtk_widget_class_bind_template_callback (widget_class, mode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, result_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pkparcelpage");
}

static void
pk_parcel_page_init (PkParcelPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pk_keypad_set_target (self->keypad, GTK_EDITABLE (self->search_entry));
}

GtkWidget *
pk_parcel_page_new (PkPageContext *context)
{
  g_return_val_if_fail (PK_IS_PAGE_CONTEXT (context), NULL);
  g_return_val_if_fail (PK_IS_SETTINGS (pk_page_context_get_settings (context)), NULL);

  return g_object_new (PK_TYPE_PARCEL_PAGE, "context", context, NULL);
}

/**
 * pk_parcel_page_reset:
 *
 * Forgets the search and the parcel shown: the next person at the counter starts clean.
 */
void
pk_parcel_page_reset (PkParcelPage *self)
{
  g_return_if_fail (PK_IS_PARCEL_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  show_error (self, NULL);
  clear_results (self);
  forget_parcel (self);
}

PkApiParcel *
pk_parcel_page_get_parcel (PkParcelPage *self)
{
  g_return_val_if_fail (PK_IS_PARCEL_PAGE (self), NULL);
  return self->parcel;
}

gboolean
pk_parcel_page_get_busy (PkParcelPage *self)
{
  g_return_val_if_fail (PK_IS_PARCEL_PAGE (self), FALSE);
  return self->cancellable != NULL;
}
