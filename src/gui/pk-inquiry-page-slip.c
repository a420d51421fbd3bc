/* pk-inquiry-page-slip.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pk-format.h"
#include "pk-inquiry-page-private.h"
#include "pk-parcel-page.h"
#include "pk-pdf-actions.h"

/* The inquiry page's slip: the answer shown, as the one-page official paper, rendered on the
 * page toolkit's render thread and saved where the operator chooses or printed (and only a
 * completed print journaled). */

/* The slip of the inquiry shown, in a copy of its own (it may go to the render thread). */
static PkInquirySlip *
dup_slip (PkInquiryPage  *self,
          GError        **error)
{
  g_autoptr(GArray) fees = g_array_new (FALSE, TRUE, sizeof (PkInquirySlipFee));
  g_autoptr(GArray) outline = g_array_new (FALSE, FALSE, sizeof (PkPagePoint));
  g_autofree char *plate = NULL;
  g_autofree char *setbacks = NULL;
  g_autofree char *parking = NULL;
  PkInquirySlip slip = { 0 };
  PkApiInquiry *inquiry;

  inquiry = self->inquiry;
  if (inquiry == NULL || self->parcel == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "No inquiry to render");
      return NULL;
    }

  for (guint i = 0; i < inquiry->fee_items->len; i++)
    {
      PkApiFeeItem *item = g_ptr_array_index (inquiry->fee_items, i);
      PkInquirySlipFee fee = { 0 };
      double price = 0;

      fee.title = item->title_fa ? item->title_fa : item->code;
      pk_api_fee_item_get_input (item, "area_m2", &fee.area);
      pk_api_fee_item_get_input (item, "price_p_rial", &price);
      pk_api_fee_item_get_input (item, "coefficient", &fee.coefficient);
      fee.price = (gint64) price;
      fee.amount = item->amount_rial;
      g_array_append_val (fees, fee);
    }
  for (guint i = 0; i < self->parcel->polygon->len; i++)
    {
      PkApiPoint *p = &g_array_index (self->parcel->polygon, PkApiPoint, i);
      PkPagePoint q = { p->x, p->y };

      g_array_append_val (outline, q);
    }
  plate = g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                           self->parcel->plate.section, self->parcel->plate.main,
                           self->parcel->plate.sub);

  /* The slip is an official paper: always Persian, whatever the screen's language. */
  slip.municipality = (char *) "شهرداری";
  slip.service = (char *) (self->catalogue && pk_api_catalogue_lookup (self->catalogue, inquiry->service_code)
                           ? pk_api_catalogue_lookup (self->catalogue, inquiry->service_code)->title_fa
                           : inquiry->service_code);
  slip.tracking_code = inquiry->tracking_code;
  slip.office = self->office;
  slip.operator_name = self->operator_name;
  slip.issued_at = inquiry->issued_at;
  slip.valid_until = inquiry->valid_until;
  slip.rulebook_version = inquiry->rulebook_version;
  slip.renovation_code = self->parcel->renovation_code;
  slip.registration_plate = plate;
  slip.postal_code = self->parcel->postal_code;
  slip.address = self->parcel->address_fa;
  slip.parcel_area = self->parcel->area_m2;
  slip.zone = inquiry->rules.zone;
  slip.land_use = (char *) pk_land_use_to_string (inquiry->rules.land_use);
  slip.outline = (PkPagePoint *) outline->data;
  slip.n_outline = outline->len;
  slip.max_density = inquiry->rules.density_percent;
  slip.max_occupancy = inquiry->rules.occupancy_percent;
  slip.max_floors = (int) inquiry->rules.max_floors;
  slip.max_height = inquiry->rules.max_height_m;
  {
    g_autofree char *front = pk_format_decimal (inquiry->rules.setback_front_m, 2, PK_LANGUAGE_PERSIAN);
    g_autofree char *back = pk_format_decimal (inquiry->rules.setback_back_m, 2, PK_LANGUAGE_PERSIAN);
    g_autofree char *per_unit = pk_format_decimal (inquiry->rules.parking_per_unit, 2, PK_LANGUAGE_PERSIAN);

    setbacks = g_strdup_printf ("جلو %s متر، پشت %s متر", front, back);
    parking = g_strdup_printf ("%s برای هر واحد", per_unit);
  }
  slip.setbacks = setbacks;
  slip.parking = parking;
  slip.fees = (PkInquirySlipFee *) fees->data;
  slip.n_fees = fees->len;
  slip.total = inquiry->total_rial;

  return pk_inquiry_slip_copy (&slip);
}

/**
 * pk_inquiry_page_render_slip:
 *
 * Returns: (transfer full): the one-page A4 PDF of the inquiry shown, through the shared page
 *   path; %NULL with @error set when there is nothing to render or rendering failed.
 */
GBytes *
pk_inquiry_page_render_slip (PkInquiryPage  *self,
                             GError        **error)
{
  g_autoptr(PkInquirySlip) slip = NULL;

  g_return_val_if_fail (PK_IS_INQUIRY_PAGE (self), NULL);

  slip = dup_slip (self, error);
  return slip ? pk_inquiry_slip_render_pdf (slip, error) : NULL;
}

/* Renders the slip of the inquiry shown on the page toolkit's render thread; @callback gets
 * the PDF from pk_inquiry_slip_render_finish(), or an error. */
static void
render_slip_async (PkInquiryPage       *self,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PkInquirySlip) slip = dup_slip (self, &error);

  if (slip == NULL)
    {
      g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, g_object_ref (self));

      /* Answered as pk_inquiry_slip_render_finish() would, so callers have one path. */
      g_task_set_source_tag (task, pk_inquiry_slip_render_async);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  pk_inquiry_slip_render_async (slip, PK_PAGE_FORMAT_PDF, 0, cancellable, callback,
                                g_object_ref (self));
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PkInquiryPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (pk_save_pdf_finish (result, &error))
    gtk_label_set_label (self->status_label, _("The slip was saved as PDF."));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    pk_inquiry_page_show_error (self, _("The PDF could not be saved. Choose another place and try again."));
}

static void
save_rendered_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PkInquiryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = pk_inquiry_slip_render_finish (result, &error);
  g_autofree char *name = NULL;

  /* The inquiry was forgotten meanwhile (reset, a new lookup): nothing to save. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->slip_cancellable);
  if (pdf == NULL)
    {
      g_warning ("Inquiry slip: %s", error->message);
      pk_inquiry_page_show_error (self, _("The slip could not be prepared. Please try again."));
      return;
    }
  name = g_strdup_printf ("inquiry-%s.pdf", self->inquiry->tracking_code);
  pk_save_pdf_async (GTK_WIDGET (self), _("Save the inquiry slip"), name, pdf, saved_cb,
                     g_object_ref (self));
}

void
pk_inquiry_page_save_pdf_activated (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  PkInquiryPage *self = PK_INQUIRY_PAGE (widget);

  if (self->inquiry == NULL || self->slip_cancellable != NULL)
    return;
  self->slip_cancellable = g_cancellable_new ();
  render_slip_async (self, self->slip_cancellable, save_rendered_cb);
}

static void
print_progress (int              job_id,
                PkPrintJobState  state,
                const char      *reasons,
                gpointer         user_data)
{
  PkInquiryPage *self = user_data;
  const char *status = pk_print_job_state_to_status (state);

  if (status != NULL)
    gtk_label_set_label (self->status_label, status);
}

static void
journal_print (PkInquiryPage *self,
               int            job_id)
{
  g_autoptr(PkJournalEntry) entry = NULL;
  g_autofree char *detail = NULL;

  if (self->journal == NULL || self->inquiry == NULL)
    return;
  entry = pk_journal_entry_new (PK_JOURNAL_KIND_PRINT, self->operator_name ? self->operator_name : "",
                                "printed");
  entry->service_code = g_strdup (self->inquiry->service_code);
  entry->tracking_code = g_strdup (self->inquiry->tracking_code);
  detail = g_strdup_printf ("{\"document\":\"inquiry-slip\",\"job\":%d}", job_id);
  entry->detail_json = g_steal_pointer (&detail);
  pk_journal_append_async (self->journal, entry, NULL, pk_inquiry_page_journal_cb, NULL);
}

static void
print_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PkInquiryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  int job = pk_printer_print_finish (PK_PRINTER (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->print_cancellable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inquiry.print", self->inquiry != NULL);

  if (job <= 0)
    {
      /* Only a completed job counts as printed: nothing is journaled otherwise. */
      gtk_label_set_label (self->status_label, "");
      pk_inquiry_page_show_error (self, error->message);
      return;
    }
  pk_inquiry_page_show_error (self, NULL);
  gtk_label_set_label (self->status_label, _("The slip was printed."));
  journal_print (self, job);
}

static void
print_rendered_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PkInquiryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = pk_inquiry_slip_render_finish (result, &error);
  g_autofree char *title = NULL;
  const char *destination;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  destination = g_object_get_data (G_OBJECT (self->print_cancellable), "destination");
  if (pdf == NULL)
    {
      g_clear_object (&self->print_cancellable);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "inquiry.print", TRUE);
      g_warning ("Inquiry slip: %s", error->message);
      pk_inquiry_page_show_error (self, _("The slip could not be prepared. Please try again."));
      return;
    }
  title = g_strdup_printf ("inquiry %s", self->inquiry->tracking_code);
  gtk_label_set_label (self->status_label, _("Sending to the printer…"));
  pk_printer_print_async (self->printer, destination, pdf, title, print_progress, self, NULL,
                          self->print_cancellable, print_done_cb, g_object_ref (self));
}

/* The slip is rendered off the main thread first; the destination waits with the job's
 * cancellable, which a reset cancels. */
static void
print_to (PkInquiryPage *self,
          const char    *destination)
{
  g_object_set_data_full (G_OBJECT (self->print_cancellable), "destination",
                          g_strdup (destination), g_free);
  render_slip_async (self, self->print_cancellable, print_rendered_cb);
}

static void
destinations_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PkInquiryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) destinations = pk_printer_list_destinations_finish (PK_PRINTER (source),
                                                                           result, &error);
  PkPrinterDestination *chosen = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  for (guint i = 0; destinations && i < destinations->len; i++)
    {
      PkPrinterDestination *d = g_ptr_array_index (destinations, i);

      if (chosen == NULL || d->is_default)
        chosen = d;
    }
  if (chosen == NULL)
    {
      g_clear_object (&self->print_cancellable);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "inquiry.print", TRUE);
      gtk_label_set_label (self->status_label, "");
      pk_inquiry_page_show_error (self, error ? error->message
                              : _("No printer is set up on this computer. Ask the office's technician."));
      return;
    }
  print_to (self, chosen->name);
}

void
pk_inquiry_page_print_activated (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  PkInquiryPage *self = PK_INQUIRY_PAGE (widget);
  const char *name = pk_settings_get_printer_name (self->settings);

  if (self->inquiry == NULL || self->print_cancellable != NULL)
    return;
  g_set_object (&self->printer, pk_page_context_get_printer (self->context));

  pk_inquiry_page_show_error (self, NULL);
  self->print_cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inquiry.print", FALSE);

  /* The configured printer, else the system's default one. */
  if (name != NULL && *name != '\0')
    print_to (self, name);
  else
    pk_printer_list_destinations_async (self->printer, NULL, self->print_cancellable,
                                        destinations_cb, g_object_ref (self));
}
