/* pk-permit-wizard.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pk-enum-types.h"
#include "pk-format.h"
#include "pk-gui-util.h"
#include "pk-permit-wizard-private.h"
#include "pk-resettable.h"

/* A building-permit application taken at the counter, step by step, from forms the server's
 * schema describes: service and parcel → applicants → property → requested construction →
 * documents → fees and receipt → review (against the parcel's rules) → saved in the outbox
 * → tracking code. Every value stays in its widget until reset, so Back and Next lose nothing.
 * This file holds the steps and the GObject; pk-permit-wizard-private.h says where the rest is. */

static const char * const step_names[] = {
  "service", "applicants", "property", "construction", "documents", "fees", "review",
};

G_STATIC_ASSERT (G_N_ELEMENTS (step_names) == N_STEPS);

static const char *
step_title (guint step)
{
  switch (step)
    {
    case 0: return _("Service and parcel");
    case 1: return _("Applicants");
    case 2: return _("Property");
    case 3: return _("Requested construction");
    case 4: return _("Documents");
    case 5: return _("Fees and payment receipt");
    case 6: return _("Review and submit");
    default: return "";
    }
}

static void
reset_page (PkResettable *resettable)
{
  pk_permit_wizard_reset (PK_PERMIT_WIZARD (resettable));
}

static void
pk_permit_wizard_resettable_iface_init (PkResettableInterface *iface)
{
  iface->reset = reset_page;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (PkPermitWizard, pk_permit_wizard, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (PK_TYPE_RESETTABLE,
                                                      pk_permit_wizard_resettable_iface_init))

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_STEP,
  PROP_BUSY,
  PROP_SAVED_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
pk_permit_wizard_notify_saved_item (PkPermitWizard *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVED_ITEM]);
}

void
pk_permit_wizard_emit_saved (PkPermitWizard *self,
                             PkOutboxItem   *item)
{
  g_signal_emit (self, signals[SAVED], 0, item);
}

void
pk_permit_wizard_emit_finished (PkPermitWizard *self)
{
  g_signal_emit (self, signals[FINISHED], 0);
}

/* ---- small helpers ---- */

const char *
pk_permit_wizard_text_in (PkPermitWizard *self,
                          const char     *fa,
                          const char     *en)
{
  if (self->language == PK_LANGUAGE_ENGLISH && en != NULL && *en != '\0')
    return en;
  return fa ? fa : "";
}

void
pk_permit_wizard_show_error (PkPermitWizard *self,
                             const char     *message)
{
  pk_gui_show_error (self->error_label, message);
}

void
pk_permit_wizard_set_busy (PkPermitWizard *self,
                           gboolean        busy)
{
  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;
  pk_gui_show_busy (self->spinner, self->busy > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "permit.submit", self->busy == 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

guint
pk_permit_wizard_current_step (PkPermitWizard *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->steps);

  for (guint i = 0; i < N_STEPS; i++)
    if (g_strcmp0 (name, step_names[i]) == 0)
      return i;
  return N_STEPS;
}

/* Which step a field of the service's form is asked on. */
guint
pk_permit_wizard_step_of_field (const PkApiFormField *field)
{
  if (g_strcmp0 (field->name, "accept_terms") == 0)
    return 6;
  switch (field->type)
    {
    case PK_API_FIELD_TYPE_GROUP:
    case PK_API_FIELD_TYPE_INTEGER:
    case PK_API_FIELD_TYPE_DECIMAL:
      return 3;
    case PK_API_FIELD_TYPE_CHOICE:
      return g_strcmp0 (field->name, "purpose") == 0 ? 2 : 3;
    default:
      return 2;
    }
}

PkFormField *
pk_permit_wizard_find_field (PkPermitWizard *self,
                             const char     *name)
{
  for (guint i = 0; self->fields && i < self->fields->len; i++)
    if (g_strcmp0 (pk_form_field_get_name (self->fields->pdata[i]), name) == 0)
      return self->fields->pdata[i];
  return NULL;
}

/* ---- steps ---- */

static void
update_nav (PkPermitWizard *self,
            guint           step)
{
  gboolean result = step >= N_STEPS;

  gtk_widget_set_visible (self->back_button, step > 0 && !result);
  gtk_widget_set_visible (self->next_button, step < N_STEPS - 1);
  gtk_widget_set_visible (self->submit_button, step == N_STEPS - 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "permit.back", step > 0 && !result);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "permit.next", step < N_STEPS - 1);
  if (result)
    gtk_label_set_label (self->step_label, "");
  else
    {
      g_autofree char *n = pk_format_integer (step + 1, self->language);
      g_autofree char *of = pk_format_integer (N_STEPS, self->language);
      /* TRANSLATORS: "Step 2 of 7: Applicants" */
      g_autofree char *label = g_strdup_printf (_("Step %s of %s: %s"), n, of, step_title (step));

      gtk_label_set_label (self->step_label, label);
    }
}

void
pk_permit_wizard_show_step (PkPermitWizard *self,
                            guint           step)
{
  if (step == 5)
    pk_permit_wizard_show_fees (self);
  if (step == 6)
    {
      pk_permit_wizard_show_rules (self);
      pk_permit_wizard_show_summary (self);
    }
  gtk_stack_set_visible_child_name (self->steps, step < N_STEPS ? step_names[step] : "result");
  /* The first step shows the parcel in full; the others recall it in one line. */
  gtk_widget_set_visible (GTK_WIDGET (self->context_label), step > 0);
  update_nav (self, step);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  pk_permit_wizard_prepare_neighbours (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

/* While the operator works on a step, the steps either side of it are measured at the width
 * they will be shown at, the review filled in first with the values as they are: the press of
 * Next or Back then finds their text already shaped and only allocates and paints (the first
 * review took 50–90 ms to lay out in the click's frame otherwise). Runs at low priority, after
 * the frame that shows the current step. */
static gboolean
prepare_neighbours_cb (gpointer data)
{
  PkPermitWizard *self = data;
  guint step = pk_permit_wizard_current_step (self);
  int width = gtk_widget_get_width (GTK_WIDGET (self->steps));

  self->prepare_id = 0;
  if (step >= N_STEPS || width <= 0)
    return G_SOURCE_REMOVE;
  if (step + 1 == N_STEPS - 1)
    {
      pk_permit_wizard_show_rules (self);
      pk_permit_wizard_show_summary (self);
    }
  for (guint i = step > 0 ? step - 1 : step + 1; i <= step + 1 && i < N_STEPS; i += 2)
    {
      GtkWidget *page = gtk_stack_get_child_by_name (self->steps, step_names[i]);
      int minimum, natural;

      gtk_widget_measure (page, GTK_ORIENTATION_VERTICAL, width, &minimum, &natural, NULL, NULL);
    }
  return G_SOURCE_REMOVE;
}

void
pk_permit_wizard_prepare_neighbours (PkPermitWizard *self)
{
  if (self->prepare_id == 0)
    self->prepare_id = g_idle_add_full (G_PRIORITY_LOW, prepare_neighbours_cb, self, NULL);
}

/**
 * pk_permit_wizard_go_next:
 *
 * Checks the current step and moves to the next one; an invalid field keeps the wizard where it
 * is, with its message next to it.
 *
 * Returns: %TRUE if the wizard moved on
 */
gboolean
pk_permit_wizard_go_next (PkPermitWizard *self)
{
  guint step;

  g_return_val_if_fail (PK_IS_PERMIT_WIZARD (self), FALSE);

  step = pk_permit_wizard_current_step (self);
  if (step >= N_STEPS - 1)
    return FALSE;
  if (!pk_permit_wizard_validate_step (self, step))
    return FALSE;
  pk_permit_wizard_show_error (self, NULL);
  if (step == 0)
    pk_permit_wizard_fetch_inquiry (self);
  pk_permit_wizard_show_step (self, step + 1);
  return TRUE;
}

void
pk_permit_wizard_go_back (PkPermitWizard *self)
{
  guint step;

  g_return_if_fail (PK_IS_PERMIT_WIZARD (self));

  step = pk_permit_wizard_current_step (self);
  if (step == 0 || step >= N_STEPS)
    return;
  pk_permit_wizard_show_error (self, NULL);
  pk_permit_wizard_show_step (self, step - 1);
}

static void
next_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  pk_permit_wizard_go_next (PK_PERMIT_WIZARD (widget));
}

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  pk_permit_wizard_go_back (PK_PERMIT_WIZARD (widget));
}

/* ---- GObject ---- */

static void
pk_permit_wizard_constructed (GObject *object)
{
  PkPermitWizard *self = PK_PERMIT_WIZARD (object);

  G_OBJECT_CLASS (pk_permit_wizard_parent_class)->constructed (object);

  g_assert (PK_IS_API_CLIENT (self->client));
  g_assert (PK_IS_SETTINGS (self->settings));
  g_assert (PK_IS_OUTBOX (self->outbox));
  g_signal_connect_object (self->outbox, "changed",
                           G_CALLBACK (pk_permit_wizard_outbox_changed_cb), self,
                           G_CONNECT_SWAPPED);
  pk_permit_wizard_build_own_fields (self);
  pk_permit_wizard_build_documents (self);
  pk_permit_wizard_show_step (self, 0);
}

static void
pk_permit_wizard_dispose (GObject *object)
{
  PkPermitWizard *self = PK_PERMIT_WIZARD (object);
  GtkWidget *child;

  g_clear_handle_id (&self->prepare_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PK_TYPE_PERMIT_WIZARD);
  g_clear_object (&self->context);
  /* The template's root box has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_pointer (&self->documents, g_hash_table_unref);
  g_clear_pointer (&self->document_order, g_ptr_array_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->dynamic, g_ptr_array_unref);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_object (&self->outbox);
  g_clear_object (&self->saved_item);
  g_clear_pointer (&self->catalogue, pk_api_catalogue_unref);
  g_clear_pointer (&self->service, pk_api_service_unref);
  g_clear_pointer (&self->parcel, pk_api_parcel_unref);
  g_clear_pointer (&self->inquiry, pk_api_inquiry_unref);

  G_OBJECT_CLASS (pk_permit_wizard_parent_class)->dispose (object);
}

static void
pk_permit_wizard_finalize (GObject *object)
{
  PkPermitWizard *self = PK_PERMIT_WIZARD (object);

  g_free (self->operator_name);
  g_free (self->inquiry_error);
  g_clear_pointer (&self->applicants_schema, pk_api_form_field_free);
  g_clear_pointer (&self->reference_schema, pk_api_form_field_free);
  g_clear_pointer (&self->amount_schema, pk_api_form_field_free);

  G_OBJECT_CLASS (pk_permit_wizard_parent_class)->finalize (object);
}

static void
pk_permit_wizard_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PkPermitWizard *self = PK_PERMIT_WIZARD (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_STEP:
      g_value_set_string (value, pk_permit_wizard_get_step (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, pk_permit_wizard_get_busy (self));
      break;
    case PROP_SAVED_ITEM:
      g_value_set_object (value, self->saved_item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_permit_wizard_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PkPermitWizard *self = PK_PERMIT_WIZARD (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      g_set_object (&self->client, pk_page_context_get_client (self->context));
      g_set_object (&self->settings, pk_page_context_get_settings (self->context));
      g_set_object (&self->outbox, pk_page_context_get_outbox (self->context));
      self->language = pk_page_context_get_language (self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_permit_wizard_class_init (PkPermitWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = pk_permit_wizard_constructed;
  object_class->dispose = pk_permit_wizard_dispose;
  object_class->finalize = pk_permit_wizard_finalize;
  object_class->get_property = pk_permit_wizard_get_property;
  object_class->set_property = pk_permit_wizard_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PK_TYPE_PAGE_CONTEXT, construct);
  properties[PROP_STEP] = g_param_spec_string ("step", NULL, NULL, NULL, ro);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, ro);
  properties[PROP_SAVED_ITEM] =
    g_param_spec_object ("saved-item", NULL, NULL, PK_TYPE_OUTBOX_ITEM, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PkPermitWizard::saved:
   * @item: the application as committed to the outbox
   *
   * The application is durable: it will be sent whatever happens next.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, PK_TYPE_OUTBOX_ITEM);
  /**
   * PkPermitWizard::finished:
   *
   * The operator is done with this citizen; the wizard has been reset.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "permit.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "permit.next", NULL, next_activated);
  gtk_widget_class_install_action (widget_class, "permit.submit", NULL,
                                   pk_permit_wizard_submit_activated);
  gtk_widget_class_install_action (widget_class, "permit.find-parcel", NULL,
                                   pk_permit_wizard_find_parcel_activated);
  gtk_widget_class_install_action (widget_class, "permit.attach", "s",
                                   pk_permit_wizard_attach_activated);
  gtk_widget_class_install_action (widget_class, "permit.remove-document", "s",
                                   pk_permit_wizard_remove_document_activated);
  gtk_widget_class_install_action (widget_class, "permit.save-receipt", NULL,
                                   pk_permit_wizard_save_receipt_activated);
  gtk_widget_class_install_action (widget_class, "permit.new", NULL,
                                   pk_permit_wizard_new_activated);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PK_RESOURCE_PATH "/pk-permit-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, step_label);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, context_label);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, scroller);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, steps);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, parcel_search);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, parcel_entry);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, parcel_error);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, parcel_summary);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, service_list);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, applicants_box);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, shares_label);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, property_box);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, property_grid);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, construction_box);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, documents_list);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, fees_note);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, fees_grid);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, receipt_box);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, review_box);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, rules_grid);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, rules_verdict);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, summary_grid);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, result_title);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, tracking_label);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, queue_label);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, receipt_status);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, error_label);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, back_button);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, spinner);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, next_button);
  gtk_widget_class_bind_template_child (widget_class, PkPermitWizard, submit_button);
  gtk_widget_class_bind_template_callback_full (
    widget_class, "parcel_entry_activate_cb",
    G_CALLBACK (pk_permit_wizard_parcel_entry_activate_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "service_selected_cb",
                                                G_CALLBACK (pk_permit_wizard_service_selected_cb));
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pkpermitwizard");
}

static void
pk_permit_wizard_init (PkPermitWizard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->fields = g_ptr_array_new ();
  self->dynamic = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  pk_permit_wizard_build_own_schemas (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "permit.save-receipt", FALSE);
}

/**
 * pk_permit_wizard_new:
 *
 * A wizard with a context of its own, for tools and tests; the window gives it the one it
 * gives every page (its "context" property).
 */
GtkWidget *
pk_permit_wizard_new (PkApiClient *client,
                      PkSettings  *settings,
                      PkOutbox    *outbox,
                      PkLanguage   language)
{
  g_autoptr(PkPageContext) context = NULL;

  g_return_val_if_fail (PK_IS_API_CLIENT (client), NULL);
  g_return_val_if_fail (PK_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (PK_IS_OUTBOX (outbox), NULL);

  context = g_object_new (PK_TYPE_PAGE_CONTEXT,
                          "client", client,
                          "settings", settings,
                          "outbox", outbox,
                          "language", language,
                          NULL);
  return g_object_new (PK_TYPE_PERMIT_WIZARD, "context", context, NULL);
}

/**
 * pk_permit_wizard_reset:
 *
 * Forgets everything entered: on logout and before the next citizen. Work under way (a lookup,
 * a file being read) is cancelled; an application already saved stays in the outbox.
 */
void
pk_permit_wizard_reset (PkPermitWizard *self)
{
  g_return_if_fail (PK_IS_PERMIT_WIZARD (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->serial++;
  self->refreshing = FALSE;
  self->refresh_again = FALSE;
  self->busy = 0;
  self->attaching = 0;
  pk_permit_wizard_set_busy (self, FALSE);

  g_clear_pointer (&self->service, pk_api_service_unref);
  g_clear_pointer (&self->inquiry, pk_api_inquiry_unref);
  g_clear_pointer (&self->inquiry_error, g_free);
  g_clear_pointer (&self->operator_name, g_free);
  g_clear_object (&self->saved_item);
  self->failed_item_id = 0;
  pk_permit_wizard_set_parcel (self, NULL);
  gtk_list_box_unselect_all (self->service_list);
  gtk_editable_set_text (GTK_EDITABLE (self->parcel_entry), "");
  gtk_widget_set_visible (GTK_WIDGET (self->parcel_error), FALSE);
  gtk_widget_set_visible (self->parcel_search, TRUE);
  gtk_label_set_label (self->shares_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->receipt_status), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->tracking_label), FALSE);
  gtk_label_set_label (self->tracking_label, "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "permit.save-receipt", FALSE);
  pk_permit_wizard_build_own_fields (self);
  pk_permit_wizard_build_service_form (self);
  pk_permit_wizard_show_error (self, NULL);
  pk_permit_wizard_show_step (self, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVED_ITEM]);
}

/**
 * pk_permit_wizard_start:
 * @parcel: (nullable): the parcel the application is for; %NULL to ask for its renovation code
 * @operator_name: who takes the application (stored with it in the outbox)
 *
 * Starts a new application from a clean form and loads the permit services.
 */
void
pk_permit_wizard_start (PkPermitWizard *self,
                        PkApiParcel    *parcel,
                        const char     *operator_name)
{
  g_return_if_fail (PK_IS_PERMIT_WIZARD (self));

  pk_permit_wizard_reset (self);
  self->operator_name = g_strdup (operator_name);
  pk_permit_wizard_set_parcel (self, parcel);
  gtk_widget_set_visible (self->parcel_search, parcel == NULL);
  pk_permit_wizard_load_services (self);
}

const char *
pk_permit_wizard_get_step (PkPermitWizard *self)
{
  g_return_val_if_fail (PK_IS_PERMIT_WIZARD (self), NULL);
  return gtk_stack_get_visible_child_name (self->steps);
}

gboolean
pk_permit_wizard_get_receipt_saved (PkPermitWizard *self)
{
  g_return_val_if_fail (PK_IS_PERMIT_WIZARD (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->receipt_status)) &&
         g_strcmp0 (gtk_label_get_label (self->receipt_status), _("The receipt was saved as PDF.")) == 0;
}

gboolean
pk_permit_wizard_get_busy (PkPermitWizard *self)
{
  g_return_val_if_fail (PK_IS_PERMIT_WIZARD (self), FALSE);
  return self->busy > 0;
}

/**
 * pk_permit_wizard_get_saved_item:
 *
 * Returns: (transfer none) (nullable): the last application saved, as last read from the outbox
 */
PkOutboxItem *
pk_permit_wizard_get_saved_item (PkPermitWizard *self)
{
  g_return_val_if_fail (PK_IS_PERMIT_WIZARD (self), NULL);
  return self->saved_item;
}

PkApiParcel *
pk_permit_wizard_get_parcel (PkPermitWizard *self)
{
  g_return_val_if_fail (PK_IS_PERMIT_WIZARD (self), NULL);
  return self->parcel;
}

const char *
pk_permit_wizard_get_service_code (PkPermitWizard *self)
{
  g_return_val_if_fail (PK_IS_PERMIT_WIZARD (self), NULL);
  return self->service ? self->service->code : NULL;
}

/**
 * pk_permit_wizard_get_document_error:
 *
 * Returns: (nullable): why the file attached to @doc_code was refused, or why it is missing
 */
const char *
pk_permit_wizard_get_document_error (PkPermitWizard *self,
                                     const char     *doc_code)
{
  PkDocumentRow *row;

  g_return_val_if_fail (PK_IS_PERMIT_WIZARD (self), NULL);

  row = self->documents ? g_hash_table_lookup (self->documents, doc_code) : NULL;
  return row ? pk_document_row_get_error (row) : NULL;
}

gboolean
pk_permit_wizard_has_document (PkPermitWizard *self,
                               const char     *doc_code)
{
  PkDocumentRow *row;

  g_return_val_if_fail (PK_IS_PERMIT_WIZARD (self), FALSE);

  row = self->documents ? g_hash_table_lookup (self->documents, doc_code) : NULL;
  return row != NULL && pk_document_row_has_file (row);
}

guint
pk_permit_wizard_get_n_attaching (PkPermitWizard *self)
{
  g_return_val_if_fail (PK_IS_PERMIT_WIZARD (self), 0);
  return self->attaching;
}
