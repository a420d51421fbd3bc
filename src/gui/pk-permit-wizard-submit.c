/* pk-permit-wizard-submit.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pk-api-error.h"
#include "pk-format.h"
#include "pk-page.h"
#include "pk-permit-wizard-private.h"
#include "pk-receipt-slip.h"

/* The end of the permit wizard: the application saved in the outbox, followed until the
 * municipality answers (a tracking code, or the form back with the refused fields marked), and
 * its receipt slip. */

/* ---- submit ---- */

static void show_result (PkPermitWizard *self);
static void follow_saved_item (PkPermitWizard *self);

/**
 * pk_permit_wizard_build_application:
 *
 * Returns: (transfer full) (nullable): the `POST /applications` body of docs/api-v1.md, without
 *   `documents` (the sender uploads them and adds their ids), or %NULL if something is invalid
 */
JsonObject *
pk_permit_wizard_build_application (PkPermitWizard *self)
{
  g_autoptr(JsonObject) app = NULL;
  g_autoptr(JsonNode) applicants = NULL;
  JsonObject *fields;

  g_return_val_if_fail (PK_IS_PERMIT_WIZARD (self), NULL);

  if (self->service == NULL || self->parcel == NULL)
    return NULL;
  applicants = pk_form_field_get_value (self->applicants_field);
  if (applicants == NULL)
    return NULL;

  app = json_object_new ();
  json_object_set_string_member (app, "service_code", self->service->code);
  json_object_set_string_member (app, "renovation_code", self->parcel->renovation_code);
  json_object_set_member (app, "applicants", g_steal_pointer (&applicants));
  fields = json_object_new ();
  for (guint i = 0; i < self->fields->len; i++)
    {
      PkFormField *field = self->fields->pdata[i];
      JsonNode *value;

      if (!pk_form_field_validate (field, FALSE))
        {
          json_object_unref (fields);
          return NULL;
        }
      value = pk_form_field_get_value (field);
      if (value != NULL)
        json_object_set_member (fields, pk_form_field_get_name (field), value);
    }
  json_object_set_object_member (app, "fields", fields);
  {
    g_autoptr(JsonNode) reference = pk_form_field_get_value (self->reference_field);
    g_autoptr(JsonNode) amount = pk_form_field_get_value (self->amount_field);

    if (reference && amount)
      {
        JsonObject *receipt = json_object_new ();

        json_object_set_member (receipt, "reference", g_steal_pointer (&reference));
        json_object_set_member (receipt, "amount_rial", g_steal_pointer (&amount));
        json_object_set_object_member (app, "fee_receipt", receipt);
      }
  }
  return g_steal_pointer (&app);
}

/* The wizard and its form at the time an answer was asked for: a reset in between makes the
 * answer late, for a form that is gone. */
typedef struct
{
  PkPermitWizard *self;
  guint           serial;
} EnqueueJob;

static void
removed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!pk_outbox_remove_failed_finish (PK_OUTBOX (source), result, &error))
    g_debug ("Could not remove refused item: %s", error->message);
}

static void
enqueue_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  EnqueueJob *job = user_data;
  g_autoptr(PkPermitWizard) self = job->self;
  guint serial = job->serial;
  g_autoptr(GError) error = NULL;
  g_autoptr(PkOutboxItem) item = pk_outbox_enqueue_finish (PK_OUTBOX (source), result, &error);

  g_free (job);
  if (g_error_matches (error, PK_OUTBOX_ERROR, PK_OUTBOX_ERROR_CANCELLED))
    return;
  /* The form was reset meanwhile: what was saved is durable and the sender delivers it, but
   * this screen now belongs to the next citizen. */
  if (serial != self->serial)
    return;
  pk_permit_wizard_set_busy (self, FALSE);
  if (item == NULL)
    {
      g_autofree char *message = NULL;

      g_warning ("Permit application not saved: %s", error->message);
      message = g_strdup_printf (_("The application could not be saved on this computer, so nothing was sent. Nothing you entered is lost; try again. (%s)"),
                                 error->message);
      pk_permit_wizard_show_error (self, message);
      return;
    }

  /* The refused application it replaces leaves the queue of failures. */
  if (self->failed_item_id > 0)
    {
      /* Not cancelled by a reset: the next citizen's form has nothing to do with it. */
      pk_outbox_remove_failed_async (self->outbox, self->failed_item_id, NULL, removed_cb, NULL);
      self->failed_item_id = 0;
    }

  g_set_object (&self->saved_item, item);
  pk_permit_wizard_notify_saved_item (self);
  pk_permit_wizard_show_error (self, NULL);
  pk_permit_wizard_show_step (self, N_STEPS);
  show_result (self);
  follow_saved_item (self);
  pk_permit_wizard_emit_saved (self, item);
}

void
pk_permit_wizard_submit_activated (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  PkPermitWizard *self = PK_PERMIT_WIZARD (widget);
  g_autoptr(JsonObject) app = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  EnqueueJob *job;

  if (self->busy > 0 || pk_permit_wizard_current_step (self) != N_STEPS - 1)
    return;
  /* Every step again: a value may have been marked by the server since. */
  for (guint step = 0; step < N_STEPS; step++)
    if (!pk_permit_wizard_validate_step (self, step))
      {
        if (step != N_STEPS - 1)
          {
            g_autofree char *message = g_strdup (gtk_label_get_label (self->error_label));

            pk_permit_wizard_show_step (self, step);
            pk_permit_wizard_show_error (self, message);
          }
        return;
      }
  app = pk_permit_wizard_build_application (self);
  if (app == NULL)
    {
      pk_permit_wizard_show_error (self, _("Some of the information is not valid. Check the marked fields."));
      return;
    }
  documents = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_outbox_document_unref);
  for (guint i = 0; i < self->document_order->len; i++)
    {
      PkOutboxDocument *document = pk_document_row_dup_document (self->document_order->pdata[i]);

      if (document)
        g_ptr_array_add (documents, document);
    }
  pk_permit_wizard_show_error (self, NULL);
  pk_permit_wizard_set_busy (self, TRUE);
  job = g_new0 (EnqueueJob, 1);
  job->self = g_object_ref (self);
  job->serial = self->serial;
  pk_outbox_enqueue_async (self->outbox, self->operator_name ? self->operator_name : "",
                           app, documents, self->cancellable, enqueue_cb, job);
}

/* The server refused the application: back to the form, with its fields marked. */
static void
bring_back (PkPermitWizard *self,
            PkOutboxItem   *item)
{
  GHashTable *fields = pk_outbox_item_get_error_fields (item);
  guint first = N_STEPS;
  GHashTableIter iter;
  gpointer key, value;

  self->failed_item_id = pk_outbox_item_get_id (item);
  if (fields != NULL)
    {
      g_hash_table_iter_init (&iter, fields);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          const char *path = key;
          const char *message = pk_api_field_code_to_user_message (value);
          guint step = N_STEPS;

          if (g_str_has_prefix (path, "applicants"))
            {
              const char *rest = path + strlen ("applicants");

              if (*rest == '\0')
                {
                  gtk_label_set_label (self->shares_label, message);
                  gtk_widget_add_css_class (GTK_WIDGET (self->shares_label), "error");
                }
              else
                pk_form_field_mark (self->applicants_field, rest, message);
              step = 1;
            }
          else if (g_str_has_prefix (path, "fields."))
            {
              const char *name = path + strlen ("fields.");
              const char *end = strpbrk (name, ".[");
              g_autofree char *field_name = end ? g_strndup (name, end - name) : g_strdup (name);
              PkFormField *field = pk_permit_wizard_find_field (self, field_name);

              if (field)
                {
                  pk_form_field_mark (field, end ? end : "", message);
                  step = pk_permit_wizard_step_of_field (pk_form_field_get_schema (field));
                }
            }
          else if (g_str_has_prefix (path, "fee_receipt"))
            {
              pk_form_field_mark (strstr (path, "amount") ? self->amount_field : self->reference_field,
                                  NULL, message);
              step = 5;
            }
          else if (g_str_has_prefix (path, "documents"))
            {
              guint64 i = g_ascii_strtoull (path + strlen ("documents["), NULL, 10);
              guint n = 0;

              for (guint k = 0; k < self->document_order->len; k++)
                {
                  PkDocumentRow *d = self->document_order->pdata[k];

                  if (pk_document_row_has_file (d) && n++ == i)
                    pk_document_row_set_error (d, message);
                }
              step = 4;
            }
          else
            {
              gtk_label_set_label (self->parcel_error, message);
              gtk_widget_set_visible (GTK_WIDGET (self->parcel_error), TRUE);
              step = 0;
            }
          first = MIN (first, step);
        }
    }
  pk_permit_wizard_show_step (self, first < N_STEPS ? first : N_STEPS - 1);
  pk_permit_wizard_show_error (self, _("The municipality's server refused some of the information. Fix the marked fields and submit again."));
}

static void
show_result (PkPermitWizard *self)
{
  PkOutboxItem *item = self->saved_item;

  switch (pk_outbox_item_get_state (item))
    {
    case PK_OUTBOX_STATE_DELIVERED:
      {
        const char *tracking = pk_outbox_item_get_tracking_code (item);
        g_autofree char *code = pk_format_tracking_code (tracking ? tracking : "");

        gtk_label_set_label (self->result_title, _("The municipality received the application"));
        gtk_label_set_label (self->tracking_label, code);
        gtk_widget_set_visible (GTK_WIDGET (self->tracking_label), TRUE);
        gtk_label_set_label (self->queue_label,
                             _("Give the citizen this tracking code: it follows the application from now on."));
        gtk_widget_action_set_enabled (GTK_WIDGET (self), "permit.save-receipt", TRUE);
      }
      break;

    case PK_OUTBOX_STATE_FAILED:
      bring_back (self, item);
      break;

    case PK_OUTBOX_STATE_PENDING:
    case PK_OUTBOX_STATE_SENDING:
    default:
      {
        guint waiting = pk_outbox_get_n_pending (self->outbox) + pk_outbox_get_n_sending (self->outbox);
        g_autofree char *n = pk_format_integer (MAX (waiting, 1u), self->language);
        g_autofree char *queue = NULL;
        g_autoptr(GError) last_error = pk_outbox_item_dup_last_error (item);
        /* The reason in the operator's words, not the transport's. */
        const char *last = last_error == NULL ? NULL
                           : last_error->domain == PK_API_ERROR ? pk_api_error_to_user_message (last_error)
                           : last_error->message;

        gtk_label_set_label (self->result_title, _("Saved on this computer — sending…"));
        gtk_widget_set_visible (GTK_WIDGET (self->tracking_label), FALSE);
        if (pk_outbox_item_get_attempts (item) > 0 && last != NULL)
          /* TRANSLATORS: %s is the number of applications in the queue, then the last problem */
          queue = g_strdup_printf (_("It will not be lost: it is sent as soon as the municipality's server answers. In the queue: %s. Last attempt: %s"),
                                   n, last);
        else
          queue = g_strdup_printf (_("It will not be lost: it is sent as soon as the municipality's server answers. In the queue: %s."),
                                   n);
        gtk_label_set_label (self->queue_label, queue);
        gtk_widget_action_set_enabled (GTK_WIDGET (self), "permit.save-receipt", TRUE);
      }
      break;
    }
}

static gboolean
item_changed (PkOutboxItem *old,
              PkOutboxItem *fresh)
{
  return pk_outbox_item_get_state (fresh) != pk_outbox_item_get_state (old) ||
         g_strcmp0 (pk_outbox_item_get_tracking_code (fresh),
                    pk_outbox_item_get_tracking_code (old)) != 0 ||
         pk_outbox_item_get_attempts (fresh) != pk_outbox_item_get_attempts (old);
}

static void
refreshed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  EnqueueJob *job = user_data;
  g_autoptr(PkPermitWizard) self = job->self;
  guint serial = job->serial;
  g_autoptr(GError) error = NULL;
  g_autoptr(PkOutboxItem) fresh = pk_outbox_get_item_finish (PK_OUTBOX (source), result, &error);

  g_free (job);
  /* Disposed (no cancellable left), or reset for the next citizen. */
  if (self->cancellable == NULL || serial != self->serial)
    return;
  self->refreshing = FALSE;
  if (fresh == NULL)
    g_debug ("Outbox item: %s", error->message);
  else if (self->saved_item != NULL &&
           pk_outbox_item_get_id (fresh) == pk_outbox_item_get_id (self->saved_item) &&
           item_changed (self->saved_item, fresh))
    {
      g_set_object (&self->saved_item, fresh);
      pk_permit_wizard_notify_saved_item (self);
    }
  if (self->saved_item == NULL || pk_permit_wizard_current_step (self) != N_STEPS)
    return;
  show_result (self);
  if (self->refresh_again)
    {
      self->refresh_again = FALSE;
      follow_saved_item (self);
    }
}

/* Shows where the saved application is, as the outbox has it now: read on a worker thread
 * (one row by its key, without the documents' bytes), once for each change of the outbox's
 * counts — every move of an item between pending, sending, delivered and failed changes them. */
static void
follow_saved_item (PkPermitWizard *self)
{
  PkOutboxState state;
  EnqueueJob *job;

  if (self->saved_item == NULL || pk_permit_wizard_current_step (self) != N_STEPS)
    return;
  state = pk_outbox_item_get_state (self->saved_item);
  if (state == PK_OUTBOX_STATE_DELIVERED || state == PK_OUTBOX_STATE_FAILED)
    {
      show_result (self);
      return;
    }
  /* One read at a time; a change meanwhile is read again after it. */
  if (self->refreshing)
    {
      self->refresh_again = TRUE;
      return;
    }
  self->refreshing = TRUE;
  job = g_new0 (EnqueueJob, 1);
  job->self = g_object_ref (self);
  job->serial = self->serial;
  pk_outbox_get_item_async (self->outbox, pk_outbox_item_get_id (self->saved_item), FALSE,
                            self->cancellable, refreshed_cb, job);
}

void
pk_permit_wizard_outbox_changed_cb (PkPermitWizard *self)
{
  follow_saved_item (self);
}

/* ---- receipt ---- */

/* The receipt slip (pk-receipt-slip.c) of the saved application. */
static PkPage *
build_receipt (PkPermitWizard *self)
{
  PkOutboxItem *item = self->saved_item;
  const char *tracking = pk_outbox_item_get_tracking_code (item);
  g_autofree char *code = tracking ? pk_format_tracking_code (tracking) : NULL;
  g_autofree char *applicants = pk_form_field_get_display (self->applicants_field);
  PkReceiptSlip slip = {
    .tracking_code = code,
    .created = pk_outbox_item_get_created (item),
    .service = self->service->title_fa,
    .renovation_code = self->parcel->renovation_code,
    .address = self->parcel->address_fa,
    .operator_name = (char *) pk_outbox_item_get_operator_name (item),
    .idempotency_key = (char *) pk_outbox_item_get_idempotency_key (item),
    .applicants = applicants,
  };

  return pk_receipt_slip_build (&slip);
}

static void
receipt_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PkPermitWizard) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->receipt_status), TRUE);
  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    gtk_label_set_label (self->receipt_status,
                         _("The PDF could not be saved. Choose another place and try again."));
  else
    gtk_label_set_label (self->receipt_status, _("The receipt was saved as PDF."));
}

typedef struct
{
  PkPermitWizard *self;
  GFile          *file;
} ReceiptJob;

static void
receipt_rendered_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ReceiptJob *job = user_data;
  g_autoptr(PkPermitWizard) self = job->self;
  g_autoptr(GFile) file = job->file;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = pk_page_render_finish (PK_PAGE (source), result, &error);

  g_free (job);
  if (pdf == NULL)
    {
      g_warning ("Permit receipt: %s", error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->receipt_status), TRUE);
      gtk_label_set_label (self->receipt_status, _("The receipt could not be prepared. Please try again."));
      return;
    }
  g_file_replace_contents_bytes_async (file, pdf, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, receipt_written_cb, g_object_ref (self));
}

/**
 * pk_permit_wizard_save_receipt:
 *
 * Renders the one-page receipt of the saved application (on a worker thread) and writes it to
 * @file as PDF; the result page says when it is done.
 */
void
pk_permit_wizard_save_receipt (PkPermitWizard *self,
                               GFile          *file)
{
  g_autoptr(PkPage) page = NULL;
  ReceiptJob *job;

  g_return_if_fail (PK_IS_PERMIT_WIZARD (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->saved_item == NULL || self->parcel == NULL || self->service == NULL)
    return;
  page = build_receipt (self);
  job = g_new0 (ReceiptJob, 1);
  job->self = g_object_ref (self);
  job->file = g_object_ref (file);
  gtk_widget_set_visible (GTK_WIDGET (self->receipt_status), FALSE);
  pk_page_render_async (page, PK_PAGE_FORMAT_PDF, 0, NULL, receipt_rendered_cb, job);
}

static void
receipt_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     PkPermitWizard  *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  if (file != NULL)
    pk_permit_wizard_save_receipt (self, file);
}

void
pk_permit_wizard_save_receipt_activated (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  PkPermitWizard *self = PK_PERMIT_WIZARD (widget);
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;
  const char *tracking;

  if (self->saved_item == NULL)
    return;
  tracking = pk_outbox_item_get_tracking_code (self->saved_item);
  dialog = gtk_file_chooser_native_new (_("Save the receipt"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  name = g_strdup_printf ("receipt-%s.pdf", tracking ? tracking
                                                     : pk_outbox_item_get_idempotency_key (self->saved_item));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (receipt_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

void
pk_permit_wizard_new_activated (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  PkPermitWizard *self = PK_PERMIT_WIZARD (widget);

  pk_permit_wizard_emit_finished (self);
  pk_permit_wizard_reset (self);
}
