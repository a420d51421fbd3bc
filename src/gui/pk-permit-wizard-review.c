/* pk-permit-wizard-review.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pk-api-error.h"
#include "pk-format.h"
#include "pk-gui-util.h"
#include "pk-permit-wizard-private.h"

/* What the permit wizard shows rather than asks: the fees of the service for the parcel, the
 * request against the parcel's rules and the summary of what will be sent; and the cards
 * (two-column grids of labels kept from one showing to the next) they are shown in. */

/* ---- cards ---- */

void
pk_permit_wizard_clear_container (GtkWidget *container)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (container)))
    {
      if (GTK_IS_GRID (container))
        gtk_grid_remove (GTK_GRID (container), child);
      else if (GTK_IS_LIST_BOX (container))
        gtk_list_box_remove (GTK_LIST_BOX (container), child);
      else
        gtk_box_remove (GTK_BOX (container), child);
    }
}

/* The classes a cell of a card changes between; any other class is the cell's own. */
static const char * const cell_classes[] = {
  "detail-key", "detail-value", "dim-label", "fee-total", "success", "error",
};

static void
set_cell_class (GtkWidget  *cell,
                const char *css_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (cell_classes); i++)
    if (g_strcmp0 (cell_classes[i], css_class) != 0)
      gtk_widget_remove_css_class (cell, cell_classes[i]);
  if (css_class)
    gtk_widget_add_css_class (cell, css_class);
}

/* Puts @text in the label at @column, @row of @grid, @width columns wide. The label already
 * there is kept and only given the new text: a label whose text did not change is not shaped
 * and measured again, so showing a step again with the same values costs no layout. */
GtkLabel *
pk_permit_wizard_grid_cell (GtkGrid    *grid,
                            int         column,
                            int         row,
                            int         width,
                            const char *text,
                            const char *css_class)
{
  GtkWidget *keep = NULL;

  for (int c = column; c < column + width; c++)
    {
      GtkWidget *other = gtk_grid_get_child_at (grid, c, row);
      int oc, orow, ow, oh;

      if (other == NULL || other == keep)
        continue;
      gtk_grid_query_child (grid, other, &oc, &orow, &ow, &oh);
      if (keep == NULL && oc == column && orow == row && ow == width && oh == 1 &&
          GTK_IS_LABEL (other))
        keep = other;
      else
        gtk_grid_remove (grid, other);
    }
  if (keep == NULL)
    {
      keep = pk_gui_label_new (text, css_class);
      gtk_grid_attach (grid, keep, column, row, width, 1);
      return GTK_LABEL (keep);
    }
  pk_gui_label_set_text (GTK_LABEL (keep), text);
  set_cell_class (keep, css_class);
  return GTK_LABEL (keep);
}

/* Removes what is at @n_rows and below. */
void
pk_permit_wizard_grid_trim (GtkGrid *grid,
                            int      n_rows)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (grid));

  while (child)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);
      int column, row, width, height;

      gtk_grid_query_child (grid, child, &column, &row, &width, &height);
      if (row >= n_rows)
        gtk_grid_remove (grid, child);
      child = next;
    }
}

/* A key and its value on one row of a card, in labels kept from the last time
 * (pk_permit_wizard_grid_cell()). */
void
pk_permit_wizard_set_pair (GtkGrid    *grid,
                           int         row,
                           const char *key,
                           const char *value)
{
  GtkLabel *v;

  pk_permit_wizard_grid_cell (grid, 0, row, 1, key, "detail-key");
  v = pk_permit_wizard_grid_cell (grid, 1, row, 1, value, "detail-value");
  gtk_widget_set_hexpand (GTK_WIDGET (v), TRUE);
  gtk_label_set_selectable (v, TRUE);
}

/* ---- fees (from an inquiry on the parcel for this service) ---- */

void
pk_permit_wizard_show_fees (PkPermitWizard *self)
{
  PkAmountUnit unit = pk_settings_get_amount_unit (self->settings);
  int row = 0;

  if (self->inquiry == NULL)
    {
      gtk_label_set_label (self->fees_note, self->inquiry_error ? self->inquiry_error
                                                                : _("Fetching the fees…"));
      pk_permit_wizard_grid_trim (self->fees_grid, 0);
      return;
    }
  gtk_label_set_label (self->fees_note,
                       self->inquiry->fees_are_estimate
                       ? _("These fees are an estimate from the parcel's rules; the municipality computes the final amount from the requested floor area.")
                       : _("The fees of this service for this parcel."));
  for (guint i = 0; i < self->inquiry->fee_items->len; i++)
    {
      PkApiFeeItem *item = g_ptr_array_index (self->inquiry->fee_items, i);
      g_autofree char *amount = pk_format_amount (item->amount_rial, unit, self->language);

      pk_permit_wizard_set_pair (self->fees_grid, row++,
                                 pk_permit_wizard_text_in (self, item->title_fa, item->title_en),
                                 amount);
    }
  {
    g_autofree char *total = pk_format_amount (self->inquiry->total_rial, unit, self->language);
    GtkLabel *v;

    pk_permit_wizard_grid_cell (self->fees_grid, 0, row, 1, _("Total"), "fee-total");
    v = pk_permit_wizard_grid_cell (self->fees_grid, 1, row, 1, total, "fee-total");
    gtk_label_set_selectable (v, FALSE);
    row++;
  }
  pk_permit_wizard_grid_trim (self->fees_grid, row);
}

static void
inquiry_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PkPermitWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PkApiInquiry) inquiry = pk_api_client_create_inquiry_finish (PK_API_CLIENT (source),
                                                                         result, &error);

  if (g_error_matches (error, PK_API_ERROR, PK_API_ERROR_CANCELLED))
    return;
  pk_permit_wizard_set_busy (self, FALSE);
  g_clear_pointer (&self->inquiry_error, g_free);
  if (inquiry == NULL)
    self->inquiry_error = g_strdup (pk_api_error_to_user_message (error));
  else if (self->parcel && self->service &&
           g_strcmp0 (inquiry->renovation_code, self->parcel->renovation_code) == 0 &&
           g_strcmp0 (inquiry->service_code, self->service->code) == 0)
    {
      g_clear_pointer (&self->inquiry, pk_api_inquiry_unref);
      self->inquiry = g_steal_pointer (&inquiry);
    }
  pk_permit_wizard_show_fees (self);
  if (pk_permit_wizard_current_step (self) == 6)
    pk_permit_wizard_show_step (self, 6);
  else
    pk_permit_wizard_prepare_neighbours (self);
}

void
pk_permit_wizard_fetch_inquiry (PkPermitWizard *self)
{
  if (self->inquiry != NULL || self->parcel == NULL || self->service == NULL)
    return;
  pk_permit_wizard_set_busy (self, TRUE);
  pk_api_client_create_inquiry_async (self->client, self->parcel->renovation_code,
                                      self->service->code, self->cancellable, inquiry_cb,
                                      g_object_ref (self));
}

/* ---- review ---- */

typedef struct
{
  gboolean has_floors;
  guint    floors;
  double   above_area;
  double   ground_area;
} Requested;

static Requested
requested (PkPermitWizard *self)
{
  Requested r = { FALSE, 0, 0, 0 };
  PkFormField *floors = pk_permit_wizard_find_field (self, "floors");
  g_autoptr(JsonNode) value = NULL;
  JsonArray *rows;

  if (floors == NULL)
    return r;
  r.has_floors = TRUE;
  value = pk_form_field_get_value (floors);
  if (value == NULL || !JSON_NODE_HOLDS_ARRAY (value))
    return r;
  rows = json_node_get_array (value);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      gint64 level = json_object_get_int_member_with_default (row, "level", 0);
      double area = json_object_get_double_member_with_default (row, "area_m2", 0);

      if (level < 0)
        continue;
      r.floors++;
      r.above_area += area;
      if (level == 0)
        r.ground_area += area;
    }
  return r;
}

static gboolean
add_rule (PkPermitWizard *self,
          int             row,
          const char     *name,
          const char     *allowed,
          const char     *asked,
          gboolean        ok)
{
  GtkLabel *mark;

  pk_permit_wizard_grid_cell (self->rules_grid, 0, row, 1, name, "detail-key");
  pk_permit_wizard_grid_cell (self->rules_grid, 1, row, 1, allowed, NULL);
  pk_permit_wizard_grid_cell (self->rules_grid, 2, row, 1, asked, NULL);
  mark = pk_permit_wizard_grid_cell (self->rules_grid, 3, row, 1, ok ? "✓" : "✗",
                                     ok ? "success" : "error");
  gtk_widget_add_css_class (GTK_WIDGET (mark), "rule-mark");
  gtk_accessible_update_property (GTK_ACCESSIBLE (mark), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  ok ? _("Within the rules") : _("Over the rules"), -1);
  return ok;
}

static char *
percent (PkPermitWizard *self,
         double          value)
{
  g_autofree char *n = pk_format_decimal (value, 1, self->language);

  return g_strdup_printf (_("%s%%"), n);
}

/* The request against the parcel's rules; cells keep their labels
 * (see pk_permit_wizard_grid_cell()). */
void
pk_permit_wizard_show_rules (PkPermitWizard *self)
{
  Requested r = requested (self);
  PkApiZoningRules *rules;
  double plot;
  gboolean ok = TRUE;
  int row = 1;

  if (self->inquiry == NULL || !r.has_floors)
    {
      const char *message = self->inquiry == NULL
                            ? (self->inquiry_error ? self->inquiry_error
                                                   : _("Fetching the parcel's rules…"))
                            : _("This service does not add floors: there is no floor or density rule to compare.");

      pk_permit_wizard_grid_cell (self->rules_grid, 0, 0, 4, message, NULL);
      pk_permit_wizard_grid_trim (self->rules_grid, 1);
      gtk_label_set_label (self->rules_verdict, "");
      gtk_widget_remove_css_class (GTK_WIDGET (self->rules_verdict), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->rules_verdict), "success");
      return;
    }

  rules = &self->inquiry->rules;
  plot = self->parcel ? self->parcel->area_m2 : 0;
  pk_permit_wizard_grid_cell (self->rules_grid, 0, 0, 1, _("Rule"), "detail-key");
  pk_permit_wizard_grid_cell (self->rules_grid, 1, 0, 1, _("Allowed"), "detail-key");
  pk_permit_wizard_grid_cell (self->rules_grid, 2, 0, 1, _("Requested"), "detail-key");

  {
    g_autofree char *allowed = pk_format_integer (rules->max_floors, self->language);
    g_autofree char *asked = pk_format_integer (r.floors, self->language);

    ok &= add_rule (self, row++, _("Floors above ground"), allowed, asked,
                    (gint64) r.floors <= rules->max_floors);
  }
  if (plot > 0)
    {
      double occupancy = r.ground_area / plot * 100;
      double density = r.above_area / plot * 100;
      g_autofree char *occ_allowed = percent (self, rules->occupancy_percent);
      g_autofree char *occ_asked = percent (self, occupancy);
      g_autofree char *den_allowed = percent (self, rules->density_percent);
      g_autofree char *den_asked = percent (self, density);
      g_autofree char *area = pk_format_decimal (r.above_area, 2, self->language);
      g_autofree char *plot_text = pk_format_decimal (plot, 2, self->language);
      g_autofree char *how = NULL;

      ok &= add_rule (self, row++, _("Occupancy (ground floor area ÷ plot area)"), occ_allowed,
                      occ_asked, occupancy <= rules->occupancy_percent + 1e-9);
      ok &= add_rule (self, row++, _("Density (floor area above ground ÷ plot area)"), den_allowed,
                      den_asked, density <= rules->density_percent + 1e-9);
      /* TRANSLATORS: how the density was computed: floor area and plot area in m² */
      how = g_strdup_printf (_("Floor area above ground %s m² on a plot of %s m²."), area, plot_text);
      pk_permit_wizard_grid_cell (self->rules_grid, 0, row++, 4, how, "dim-label");
    }
  pk_permit_wizard_grid_trim (self->rules_grid, row);

  gtk_label_set_label (self->rules_verdict,
                       ok ? _("The request is within the parcel's rules.")
                          : _("The request goes beyond the parcel's rules marked ✗: the municipality will probably refuse it. Change the construction or submit it anyway."));
  gtk_widget_remove_css_class (GTK_WIDGET (self->rules_verdict), ok ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->rules_verdict), ok ? "success" : "error");
}

/* What will be sent, one row per value; rows keep their labels
 * (see pk_permit_wizard_grid_cell()). */
void
pk_permit_wizard_show_summary (PkPermitWizard *self)
{
  PkAmountUnit unit = pk_settings_get_amount_unit (self->settings);
  g_autofree char *applicants = pk_form_field_get_display (self->applicants_field);
  g_autoptr(GString) documents = g_string_new (NULL);
  int row = 0;

  if (self->service)
    pk_permit_wizard_set_pair (self->summary_grid, row++, _("Service"),
              pk_permit_wizard_text_in (self, self->service->title_fa, self->service->title_en));
  if (self->parcel)
    {
      g_autofree char *code = pk_format_identifier (self->parcel->renovation_code, self->language);

      pk_permit_wizard_set_pair (self->summary_grid, row++, _("Renovation code"), code);
    }
  pk_permit_wizard_set_pair (self->summary_grid, row++, _("Applicants"), applicants);
  for (guint i = 0; i < self->fields->len; i++)
    {
      PkFormField *field = self->fields->pdata[i];
      const PkApiFormField *schema = pk_form_field_get_schema (field);
      g_autofree char *shown = NULL;

      if (pk_permit_wizard_step_of_field (schema) == 6)
        continue;
      shown = pk_form_field_get_display (field);
      pk_permit_wizard_set_pair (self->summary_grid, row++,
                                 pk_permit_wizard_text_in (self, schema->label_fa,
                                                           schema->label_en),
                                 shown);
    }
  for (guint i = 0; i < self->document_order->len; i++)
    {
      PkDocumentRow *d = self->document_order->pdata[i];

      if (!pk_document_row_has_file (d))
        continue;
      if (documents->len)
        g_string_append_c (documents, '\n');
      g_string_append_printf (documents, "%s: %s", pk_document_row_get_title (d),
                              pk_document_row_get_filename (d));
    }
  pk_permit_wizard_set_pair (self->summary_grid, row++, _("Documents"), documents->len ? documents->str : "—");
  if (self->inquiry)
    {
      g_autofree char *total = pk_format_amount (self->inquiry->total_rial, unit, self->language);

      pk_permit_wizard_set_pair (self->summary_grid, row++, _("Estimated fees"), total);
    }
  {
    g_autoptr(JsonNode) amount = pk_form_field_get_value (self->amount_field);
    g_autoptr(JsonNode) reference = pk_form_field_get_value (self->reference_field);

    if (amount && reference)
      {
        g_autofree char *paid = pk_format_amount (json_node_get_int (amount), unit, self->language);
        g_autofree char *ref = pk_format_identifier (json_node_get_string (reference), self->language);
        /* TRANSLATORS: a payment: amount and receipt reference */
        g_autofree char *text = g_strdup_printf (_("%s, receipt %s"), paid, ref);

        pk_permit_wizard_set_pair (self->summary_grid, row++, _("Paid at the counter"), text);
      }
  }
}
