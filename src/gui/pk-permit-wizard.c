/* pk-permit-wizard.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "pk-api-error.h"
#include "pk-api-inquiry.h"
#include "pk-enum-types.h"
#include "pk-form-field.h"
#include "pk-format.h"
#include "pk-page-block.h"
#include "pk-page.h"
#include "pk-parcel-page.h"
#include "pk-permit-wizard.h"
#include "pk-text.h"
#include "pk-validate.h"

/* A building-permit application taken at the counter, step by step, from forms the server's
 * schema describes: service and parcel → applicants → property → requested construction →
 * documents → fees and receipt → review (against the parcel's rules) → saved in the outbox →
 * tracking code. Every value stays in its widget until reset, so Back and Next lose nothing. */

static const char * const step_names[] = {
  "service", "applicants", "property", "construction", "documents", "fees", "review",
};

#define N_STEPS G_N_ELEMENTS (step_names)

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

/* An attached file, checked and fingerprinted off the main thread. */
typedef struct
{
  char       *filename;
  char       *content_type;
  GBytes     *data;
  char       *sha256;
  GdkTexture *texture;   /* images only: the thumbnail, at the size it is shown */
} Attachment;

static void
attachment_free (Attachment *a)
{
  g_free (a->filename);
  g_free (a->content_type);
  g_clear_pointer (&a->data, g_bytes_unref);
  g_free (a->sha256);
  g_clear_object (&a->texture);
  g_free (a);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Attachment, attachment_free)

/* One required or optional document of the service, and what is attached to it. */
typedef struct
{
  PkApiDocumentSpec *spec;      /* borrowed from the service */
  GtkWidget         *row;
  GtkWidget         *thumb;     /* a GtkStack: "none", "icon", "picture" */
  GtkWidget         *picture;
  GtkWidget         *info;
  GtkWidget         *error;
  Attachment        *attachment;
  char              *error_text;
  guint              generation; /* a newer attach supersedes one still being read */
  gboolean           reading;
} DocRow;

static void
doc_row_free (DocRow *d)
{
  g_clear_pointer (&d->attachment, attachment_free);
  g_free (d->error_text);
  g_free (d);
}

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
  GHashTable      *documents;         /* code → DocRow */
  GPtrArray       *document_order;    /* DocRow in the service's order */
  PkApiFormField  *applicants_schema;
  PkApiFormField  *reference_schema;
  PkApiFormField  *amount_schema;
  PkFormField     *applicants_field;
  PkFormField     *reference_field;
  PkFormField     *amount_field;
  guint            poll_id;
  guint            prepare_id;

  PkLanguage       language;
  guint            busy;
  guint            attaching;
  guint            serial;            /* bumped by reset: late answers of the last form are dropped */
};

G_DEFINE_FINAL_TYPE (PkPermitWizard, pk_permit_wizard, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_SETTINGS,
  PROP_OUTBOX,
  PROP_LANGUAGE,
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

static void show_step (PkPermitWizard *self, guint step);
static void prepare_neighbours (PkPermitWizard *self);
static void update_result (PkPermitWizard *self);

/* ---- small helpers ---- */

static const char *
text_in (PkPermitWizard *self,
         const char     *fa,
         const char     *en)
{
  if (self->language == PK_LANGUAGE_ENGLISH && en != NULL && *en != '\0')
    return en;
  return fa ? fa : "";
}

static void
show_error (PkPermitWizard *self,
            const char     *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_busy (PkPermitWizard *self,
          gboolean        busy)
{
  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;
  gtk_spinner_set_spinning (self->spinner, self->busy > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "permit.submit", self->busy == 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
clear_container (GtkWidget *container)
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

/* Text this short fits any column the wizard has, so its label need not wrap. Wrapping costs
 * in GTK 4.8: a wrapping label shapes its text again for every width it is measured at, and
 * asked for its width at a given height (as GtkWindow asks, over and over, while it works out
 * its minimum size) it runs a binary search that lays the text out about ten times. */
#define SHORT_TEXT_CHARS 32

static gboolean
text_is_short (const char *text)
{
  const char *line = text ? text : "";

  for (;;)
    {
      const char *end = strchr (line, '\n');
      glong length = g_utf8_strlen (line, end ? end - line : -1);

      if (length > SHORT_TEXT_CHARS)
        return FALSE;
      if (end == NULL)
        return TRUE;
      line = end + 1;
    }
}

static void
set_text (GtkLabel   *label,
          const char *text)
{
  gtk_label_set_wrap (label, !text_is_short (text));
  gtk_label_set_label (label, text ? text : "");
}

static GtkWidget *
grid_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  set_text (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* At the top of its row by yalign, not valign: a wrapping label that does not fill its cell
   * is measured again on every allocation, width for height, by a binary search that lays its
   * text out a dozen times (GTK 4.8, gtk_widget_adjust_size_allocation()). */
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  return label;
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
static GtkLabel *
grid_cell (GtkGrid    *grid,
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
      keep = grid_label (text, css_class);
      gtk_grid_attach (grid, keep, column, row, width, 1);
      return GTK_LABEL (keep);
    }
  set_text (GTK_LABEL (keep), text);
  set_cell_class (keep, css_class);
  return GTK_LABEL (keep);
}

/* Removes what is at @n_rows and below. */
static void
grid_trim (GtkGrid *grid,
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

/* A key and its value on one row of a card, in labels kept from the last time (grid_cell()). */
static void
set_pair (GtkGrid    *grid,
          int         row,
          const char *key,
          const char *value)
{
  GtkLabel *v;

  grid_cell (grid, 0, row, 1, key, "detail-key");
  v = grid_cell (grid, 1, row, 1, value, "detail-value");
  gtk_widget_set_hexpand (GTK_WIDGET (v), TRUE);
  gtk_label_set_selectable (v, TRUE);
}

static guint
current_step (PkPermitWizard *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->steps);

  for (guint i = 0; i < N_STEPS; i++)
    if (g_strcmp0 (name, step_names[i]) == 0)
      return i;
  return N_STEPS;
}

/* Which step a field of the service's form is asked on. */
static guint
step_of_field (const PkApiFormField *field)
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

static PkFormField *
find_field (PkPermitWizard *self,
            const char     *name)
{
  for (guint i = 0; self->fields && i < self->fields->len; i++)
    if (g_strcmp0 (pk_form_field_get_name (self->fields->pdata[i]), name) == 0)
      return self->fields->pdata[i];
  return NULL;
}

static gboolean sum_shares (PkPermitWizard *self, double *total);

/* Once the operator has fixed what the message at the bottom was about, it goes. */
static void
field_changed_cb (PkPermitWizard *self)
{
  guint step = current_step (self);
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
      if (step_of_field (pk_form_field_get_schema (self->fields->pdata[i])) == step)
        valid = pk_form_field_validate (self->fields->pdata[i], FALSE);
  if (valid)
    show_error (self, NULL);
}

static GtkWidget *
watch (PkPermitWizard *self,
       GtkWidget      *field)
{
  g_signal_connect_object (field, "changed", G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  return field;
}

/* A tracking code is read back letter for letter ("PK" and ten Latin letters and digits), so
 * every screen and paper shows it the same way: Latin digits, isolated left to right as the
 * inquiry page does (LRI … PDI). pk_format_identifier() in its Latin form; in Persian it would
 * turn the digits Persian. */
static char *
format_tracking_code (const char *code)
{
  g_autofree char *latin = pk_format_identifier (code, PK_LANGUAGE_ENGLISH);

  return g_strconcat ("\u2066", latin, "\u2069", NULL);
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

static void
build_own_schemas (PkPermitWizard *self)
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

static void
build_own_fields (PkPermitWizard *self)
{
  PkAmountUnit unit = pk_settings_get_amount_unit (self->settings);

  if (self->applicants_field)
    gtk_box_remove (self->applicants_box, GTK_WIDGET (self->applicants_field));
  self->applicants_field = PK_FORM_FIELD (watch (self, pk_form_field_new (self->applicants_schema,
                                                                           self->language, unit)));
  gtk_box_insert_child_after (self->applicants_box, GTK_WIDGET (self->applicants_field),
                              gtk_widget_get_first_child (GTK_WIDGET (self->applicants_box)));

  clear_container (GTK_WIDGET (self->receipt_box));
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
      grid_trim (self->property_grid, 0);
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

  set_pair (self->property_grid, row++, _("Renovation code"), code);
  set_pair (self->property_grid, row++, _("Postal code"), postal);
  set_pair (self->property_grid, row++, _("Address"), p->address_fa ? p->address_fa : "");
  set_pair (self->property_grid, row++, _("Area"), area_text);
  set_pair (self->property_grid, row++, _("Zone"), p->zone ? p->zone : "");
  set_pair (self->property_grid, row++, _("Land use"), pk_land_use_to_string (p->land_use));
  set_pair (self->property_grid, row++, _("Owners"),
            owners->len ? owners->str : _("No owner on record"));
  grid_trim (self->property_grid, row);
}

static void
set_parcel (PkPermitWizard *self,
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
  set_busy (self, FALSE);
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
  set_parcel (self, parcel);
}

static void
find_parcel_activated (GtkWidget  *widget,
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
  set_parcel (self, NULL);
  set_busy (self, TRUE);
  pk_api_client_get_parcel_async (self->client, code, self->cancellable, parcel_cb,
                                  g_object_ref (self));
}

static void
parcel_entry_activate_cb (PkPermitWizard *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "permit.find-parcel", NULL);
}

/* ---- documents ---- */

static const char *
sniff_type (GBytes *bytes)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  if (size >= 5 && memcmp (data, "%PDF-", 5) == 0)
    return "application/pdf";
  if (size >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    return "image/jpeg";
  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "image/png";
  return NULL;
}

static const char *
type_from_name (const char *filename)
{
  g_autofree char *lower = g_utf8_strdown (filename, -1);

  if (g_str_has_suffix (lower, ".pdf"))
    return "application/pdf";
  if (g_str_has_suffix (lower, ".jpg") || g_str_has_suffix (lower, ".jpeg"))
    return "image/jpeg";
  if (g_str_has_suffix (lower, ".png"))
    return "image/png";
  return NULL;
}

/* The side of a document's thumbnail, in application pixels. */
#define THUMB_SIZE 96

typedef struct
{
  GFile    *file;
  gint64    max_bytes;
  char    **types;
  guint     generation;
  char     *code;
  int       thumb_pixels;  /* THUMB_SIZE in device pixels */
} AttachJob;

static void
attach_job_free (AttachJob *job)
{
  g_object_unref (job->file);
  g_strfreev (job->types);
  g_free (job->code);
  g_free (job);
}

static char *
megabytes (gint64 bytes)
{
  return g_strdup_printf ("%.0f", (double) bytes / (1024 * 1024));
}

/* @texture scaled down to fit @size × @size pixels. Scaled once here rather than by the
 * renderer on every frame that shows the documents step: a photo of a deed is thousands of
 * pixels wide, and scaling even a small one costs the cairo renderer milliseconds per frame. */
static GdkTexture *
thumbnail (GdkTexture *texture,
           int         size)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  double scale = MIN ((double) size / width, (double) size / height);
  int thumb_width, thumb_height, stride;
  cairo_surface_t *source, *thumb;
  cairo_t *cr;
  GBytes *bytes;
  GdkTexture *result;

  if (scale >= 1)
    return g_object_ref (texture);
  thumb_width = MAX (1, (int) round (width * scale));
  thumb_height = MAX (1, (int) round (height * scale));

  source = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  gdk_texture_download (texture, cairo_image_surface_get_data (source),
                        cairo_image_surface_get_stride (source));
  cairo_surface_mark_dirty (source);
  thumb = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, thumb_width, thumb_height);
  cr = cairo_create (thumb);
  cairo_scale (cr, (double) thumb_width / width, (double) thumb_height / height);
  cairo_set_source_surface (cr, source, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (thumb);

  /* Cairo's ARGB32 is GDK_MEMORY_DEFAULT: premultiplied, native endian. */
  stride = cairo_image_surface_get_stride (thumb);
  bytes = g_bytes_new (cairo_image_surface_get_data (thumb), (gsize) stride * thumb_height);
  result = gdk_memory_texture_new (thumb_width, thumb_height, GDK_MEMORY_DEFAULT, bytes, stride);
  g_bytes_unref (bytes);
  cairo_surface_destroy (thumb);
  cairo_surface_destroy (source);
  return result;
}

/* Runs on a worker thread: size first (a 200 MB file is refused without being read), then
 * the real type by its first bytes, then the fingerprint and, for images, the thumbnail. */
static void
attach_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AttachJob *job = task_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Attachment) a = g_new0 (Attachment, 1);
  const char *real;
  const char *claimed;
  gboolean allowed = FALSE;

  info = g_file_query_info (job->file, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                            G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (info == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                               _("The file could not be read."));
      return;
    }
  a->filename = g_strdup (g_file_info_get_display_name (info));
  if (g_file_info_get_size (info) > job->max_bytes)
    {
      g_autofree char *mb = megabytes (job->max_bytes);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                               _("The file is too large: at most %s MB."), mb);
      return;
    }
  bytes = g_file_load_bytes (job->file, cancellable, NULL, &error);
  if (bytes == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                               _("The file could not be read."));
      return;
    }
  if ((gint64) g_bytes_get_size (bytes) > job->max_bytes)
    {
      g_autofree char *mb = megabytes (job->max_bytes);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                               _("The file is too large: at most %s MB."), mb);
      return;
    }
  if (g_bytes_get_size (bytes) == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s",
                               _("The file is empty."));
      return;
    }

  real = sniff_type (bytes);
  claimed = type_from_name (a->filename);
  if (real == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s",
                               _("This kind of file is not accepted. Use PDF, JPEG or PNG."));
      return;
    }
  /* A file that says one thing by its name and is another inside is refused: the server
   * would refuse it too, after the citizen has left. */
  if (claimed != NULL && !g_str_equal (claimed, real))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s",
                               _("The file's contents do not match its name: it is not what it claims to be. Attach the original file."));
      return;
    }
  for (guint i = 0; job->types && job->types[i]; i++)
    allowed |= g_str_equal (job->types[i], real);
  if (job->types && job->types[0] && !allowed)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s",
                               g_strv_length (job->types) == 1 &&
                               g_str_equal (job->types[0], "application/pdf")
                               ? _("This document must be a PDF file.")
                               : _("This kind of file is not accepted. Use PDF, JPEG or PNG."));
      return;
    }

  a->content_type = g_strdup (real);
  a->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (!g_str_equal (real, "application/pdf"))
    {
      g_autoptr(GdkTexture) image = gdk_texture_new_from_bytes (bytes, &error);

      if (image == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s",
                                   _("The image is damaged and cannot be shown."));
          return;
        }
      a->texture = thumbnail (image, job->thumb_pixels);
    }
  a->data = g_steal_pointer (&bytes);
  g_task_return_pointer (task, g_steal_pointer (&a), (GDestroyNotify) attachment_free);
}

static void
doc_show (PkPermitWizard *self,
          DocRow         *d)
{
  set_text (GTK_LABEL (d->error), d->error_text);
  gtk_widget_set_visible (d->error, d->error_text != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "permit.remove-document", TRUE);

  if (d->reading)
    {
      set_text (GTK_LABEL (d->info), _("Reading the file…"));
      gtk_stack_set_visible_child_name (GTK_STACK (d->thumb), "none");
      return;
    }
  if (d->attachment == NULL)
    {
      set_text (GTK_LABEL (d->info), _("No file attached"));
      gtk_stack_set_visible_child_name (GTK_STACK (d->thumb), "none");
      return;
    }
  {
    Attachment *a = d->attachment;
    g_autofree char *size = g_format_size (g_bytes_get_size (a->data));
    g_autofree char *short_sum = g_strndup (a->sha256, 16);
    g_autofree char *sum = pk_format_identifier (short_sum, self->language);
    g_autofree char *size_digits = pk_format_digits (size, self->language);
    /* TRANSLATORS: an attached file: name, size and the start of its SHA-256 fingerprint */
    /* File names and sizes run in either direction: each is isolated (FSI … PDI) so that a
     * Latin name does not pull the Persian size into its run. */
    g_autofree char *name = g_strconcat ("\u2068", a->filename, "\u2069", NULL);
    g_autofree char *size_iso = g_strconcat ("\u2068", size_digits, "\u2069", NULL);
    g_autofree char *text = g_strdup_printf (_("%s — %s — fingerprint %s…"), name, size_iso, sum);

    set_text (GTK_LABEL (d->info), text);
    if (a->texture)
      {
        gtk_picture_set_paintable (GTK_PICTURE (d->picture), GDK_PAINTABLE (a->texture));
        gtk_stack_set_visible_child_name (GTK_STACK (d->thumb), "picture");
      }
    else
      gtk_stack_set_visible_child_name (GTK_STACK (d->thumb), "icon");
  }
}

static void
attach_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PkPermitWizard *self = PK_PERMIT_WIZARD (source);
  AttachJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  Attachment *a = g_task_propagate_pointer (G_TASK (result), &error);
  DocRow *d = self->documents ? g_hash_table_lookup (self->documents, job->code) : NULL;

  if (self->attaching > 0)
    self->attaching--;
  if (d == NULL || d->generation != job->generation)
    {
      g_clear_pointer (&a, attachment_free);
      return;
    }
  d->reading = FALSE;
  g_clear_pointer (&d->error_text, g_free);
  if (a == NULL)
    {
      d->error_text = g_strdup (error->message);
      g_clear_pointer (&d->attachment, attachment_free);
    }
  else
    {
      g_clear_pointer (&d->attachment, attachment_free);
      d->attachment = a;
    }
  doc_show (self, d);

  /* Every document in order now: the message at the bottom goes. */
  if (self->attaching == 0 && current_step (self) == 4 &&
      gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    {
      gboolean complete = TRUE;

      for (guint i = 0; i < self->document_order->len; i++)
        {
          DocRow *row = self->document_order->pdata[i];

          if (row->attachment == NULL && (row->spec->required || row->error_text != NULL))
            complete = FALSE;
        }
      if (complete)
        show_error (self, NULL);
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
  DocRow *d;
  AttachJob *job;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PK_IS_PERMIT_WIZARD (self));
  g_return_if_fail (doc_code != NULL);
  g_return_if_fail (G_IS_FILE (file));

  d = self->documents ? g_hash_table_lookup (self->documents, doc_code) : NULL;
  g_return_if_fail (d != NULL);

  job = g_new0 (AttachJob, 1);
  job->file = g_object_ref (file);
  job->max_bytes = d->spec->max_bytes > 0 ? d->spec->max_bytes : PK_OUTBOX_DOCUMENT_MAX_SIZE;
  job->types = g_strdupv (d->spec->types);
  /* Unique across rows and resets, so a late answer can never land on a newer form. */
  job->generation = d->generation = ++self->serial;
  job->code = g_strdup (doc_code);
  job->thumb_pixels = THUMB_SIZE * gtk_widget_get_scale_factor (GTK_WIDGET (self));
  d->reading = TRUE;
  g_clear_pointer (&d->error_text, g_free);
  doc_show (self, d);

  self->attaching++;
  task = g_task_new (self, self->cancellable, attach_cb, NULL);
  g_task_set_source_tag (task, pk_permit_wizard_attach_file);
  g_task_set_task_data (task, job, (GDestroyNotify) attach_job_free);
  g_task_run_in_thread (task, attach_thread);
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

static void
attach_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PkPermitWizard *self = PK_PERMIT_WIZARD (widget);
  const char *code = g_variant_get_string (parameter, NULL);
  DocRow *d = self->documents ? g_hash_table_lookup (self->documents, code) : NULL;
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *title = NULL;

  if (d == NULL)
    return;
  /* TRANSLATORS: title of the file chooser; %s is the document's name */
  title = g_strdup_printf (_("Attach: %s"), text_in (self, d->spec->title_fa, d->spec->title_en));
  /* Bookworm's GTK has no GtkFileDialog. */
  dialog = gtk_file_chooser_native_new (title, GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF, JPEG or PNG"));
  for (guint i = 0; d->spec->types[i]; i++)
    gtk_file_filter_add_mime_type (filter, d->spec->types[i]);
  gtk_file_filter_add_suffix (filter, "pdf");
  if (!g_strv_contains ((const char * const *) d->spec->types, "application/pdf") ||
      g_strv_length (d->spec->types) > 1)
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

static void
remove_document_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  PkPermitWizard *self = PK_PERMIT_WIZARD (widget);
  DocRow *d = self->documents ? g_hash_table_lookup (self->documents,
                                                     g_variant_get_string (parameter, NULL))
                              : NULL;

  if (d == NULL)
    return;
  d->generation = ++self->serial;
  d->reading = FALSE;
  g_clear_pointer (&d->attachment, attachment_free);
  g_clear_pointer (&d->error_text, g_free);
  doc_show (self, d);
}

static void
build_documents (PkPermitWizard *self)
{
  clear_container (GTK_WIDGET (self->documents_list));
  g_clear_pointer (&self->documents, g_hash_table_unref);
  g_clear_pointer (&self->document_order, g_ptr_array_unref);
  self->documents = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify) doc_row_free);
  self->document_order = g_ptr_array_new ();
  if (self->service == NULL)
    return;

  for (guint i = 0; i < self->service->documents->len; i++)
    {
      PkApiDocumentSpec *spec = g_ptr_array_index (self->service->documents, i);
      DocRow *d = g_new0 (DocRow, 1);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
      GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *icon = gtk_image_new_from_icon_name ("x-office-document-symbolic");
      GtkWidget *none = gtk_image_new_from_icon_name ("mail-attachment-symbolic");
      GtkWidget *attach = gtk_button_new_with_label (_("Attach a file"));
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *title = NULL;
      g_autofree char *types = NULL;
      g_autofree char *mb = megabytes (spec->max_bytes > 0 ? spec->max_bytes
                                                           : PK_OUTBOX_DOCUMENT_MAX_SIZE);
      g_autofree char *mb_digits = pk_format_digits (mb, self->language);
      gboolean pdf_only = g_strv_length (spec->types) == 1 &&
                          g_str_equal (spec->types[0], "application/pdf");

      d->spec = spec;
      title = spec->required ? g_strdup_printf ("%s *", text_in (self, spec->title_fa, spec->title_en))
                             : g_strdup (text_in (self, spec->title_fa, spec->title_en));
      types = g_strdup_printf (pdf_only ? _("PDF only, at most %s MB") : _("PDF, JPEG or PNG, at most %s MB"),
                               mb_digits);

      d->thumb = gtk_stack_new ();
      gtk_widget_set_size_request (d->thumb, THUMB_SIZE, THUMB_SIZE);
      gtk_widget_set_valign (d->thumb, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (d->thumb, "document-thumb");
      gtk_image_set_pixel_size (GTK_IMAGE (icon), 64);
      gtk_image_set_pixel_size (GTK_IMAGE (none), 48);
      gtk_widget_add_css_class (none, "dim-label");
      d->picture = gtk_picture_new ();
      gtk_picture_set_can_shrink (GTK_PICTURE (d->picture), TRUE);
      gtk_picture_set_content_fit (GTK_PICTURE (d->picture), GTK_CONTENT_FIT_CONTAIN);
      gtk_stack_add_named (GTK_STACK (d->thumb), none, "none");
      gtk_stack_add_named (GTK_STACK (d->thumb), icon, "icon");
      gtk_stack_add_named (GTK_STACK (d->thumb), d->picture, "picture");
      gtk_box_append (GTK_BOX (box), d->thumb);

      gtk_widget_set_hexpand (text, TRUE);
      gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (text), grid_label (title, "heading"));
      gtk_box_append (GTK_BOX (text), grid_label (types, "dim-label"));
      d->info = grid_label (NULL, NULL);
      gtk_box_append (GTK_BOX (text), d->info);
      d->error = grid_label (NULL, "error");
      gtk_widget_add_css_class (d->error, "field-error");
      gtk_box_append (GTK_BOX (text), d->error);
      gtk_box_append (GTK_BOX (box), text);

      gtk_actionable_set_action_name (GTK_ACTIONABLE (attach), "permit.attach");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (attach), "s", spec->code);
      gtk_widget_add_css_class (attach, "pill");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "permit.remove-document");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", spec->code);
      gtk_widget_set_tooltip_text (remove, _("Remove the file"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Remove the file"), -1);
      gtk_box_append (GTK_BOX (buttons), attach);
      gtk_box_append (GTK_BOX (buttons), remove);
      gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), buttons);

      d->row = gtk_list_box_row_new ();
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (d->row), FALSE);
      gtk_widget_set_name (d->row, spec->code);
      gtk_widget_add_css_class (box, "document-row");
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (d->row), box);
      gtk_list_box_append (self->documents_list, d->row);

      g_hash_table_insert (self->documents, spec->code, d);
      g_ptr_array_add (self->document_order, d);
      doc_show (self, d);
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

static void
build_service_form (PkPermitWizard *self)
{
  PkAmountUnit unit = pk_settings_get_amount_unit (self->settings);
  guint counts[N_STEPS] = { 0 };

  clear_dynamic (self);
  if (self->service != NULL)
    for (guint i = 0; i < self->service->fields->len; i++)
      {
        PkApiFormField *schema = g_ptr_array_index (self->service->fields, i);
        GtkWidget *field = watch (self, pk_form_field_new (schema, self->language, unit));
        guint step = step_of_field (schema);

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
                 grid_label (_("This service asks for nothing at this step."), "dim-label"), FALSE);
  build_documents (self);
}

static void
service_selected_cb (PkPermitWizard *self,
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
  build_service_form (self);
  show_error (self, NULL);
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
  clear_container (GTK_WIDGET (self->service_list));
  for (guint i = 0; i < self->catalogue->services->len; i++)
    {
      PkApiService *service = g_ptr_array_index (self->catalogue->services, i);
      GtkWidget *row;

      if (service->kind != PK_API_SERVICE_KIND_PERMIT)
        continue;
      row = adw_action_row_new ();
      gtk_widget_set_name (row, service->code);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     text_in (self, service->title_fa, service->title_en));
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
  set_busy (self, FALSE);
  if (catalogue == NULL)
    {
      show_error (self, pk_api_error_to_user_message (error));
      return;
    }
  g_clear_pointer (&self->catalogue, pk_api_catalogue_unref);
  self->catalogue = g_steal_pointer (&catalogue);
  fill_services (self);
}

/* ---- fees (from an inquiry on the parcel for this service) ---- */

static void
show_fees (PkPermitWizard *self)
{
  PkAmountUnit unit = pk_settings_get_amount_unit (self->settings);
  int row = 0;

  if (self->inquiry == NULL)
    {
      gtk_label_set_label (self->fees_note, self->inquiry_error ? self->inquiry_error
                                                                : _("Fetching the fees…"));
      grid_trim (self->fees_grid, 0);
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

      set_pair (self->fees_grid, row++, text_in (self, item->title_fa, item->title_en), amount);
    }
  {
    g_autofree char *total = pk_format_amount (self->inquiry->total_rial, unit, self->language);
    GtkLabel *v;

    grid_cell (self->fees_grid, 0, row, 1, _("Total"), "fee-total");
    v = grid_cell (self->fees_grid, 1, row, 1, total, "fee-total");
    gtk_label_set_selectable (v, FALSE);
    row++;
  }
  grid_trim (self->fees_grid, row);
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
  set_busy (self, FALSE);
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
  show_fees (self);
  if (current_step (self) == 6)
    show_step (self, 6);
  else
    prepare_neighbours (self);
}

static void
fetch_inquiry (PkPermitWizard *self)
{
  if (self->inquiry != NULL || self->parcel == NULL || self->service == NULL)
    return;
  set_busy (self, TRUE);
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
  PkFormField *floors = find_field (self, "floors");
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

  grid_cell (self->rules_grid, 0, row, 1, name, "detail-key");
  grid_cell (self->rules_grid, 1, row, 1, allowed, NULL);
  grid_cell (self->rules_grid, 2, row, 1, asked, NULL);
  mark = grid_cell (self->rules_grid, 3, row, 1, ok ? "✓" : "✗", ok ? "success" : "error");
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

/* The request against the parcel's rules; cells keep their labels (see grid_cell()). */
static void
show_rules (PkPermitWizard *self)
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

      grid_cell (self->rules_grid, 0, 0, 4, message, NULL);
      grid_trim (self->rules_grid, 1);
      gtk_label_set_label (self->rules_verdict, "");
      gtk_widget_remove_css_class (GTK_WIDGET (self->rules_verdict), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->rules_verdict), "success");
      return;
    }

  rules = &self->inquiry->rules;
  plot = self->parcel ? self->parcel->area_m2 : 0;
  grid_cell (self->rules_grid, 0, 0, 1, _("Rule"), "detail-key");
  grid_cell (self->rules_grid, 1, 0, 1, _("Allowed"), "detail-key");
  grid_cell (self->rules_grid, 2, 0, 1, _("Requested"), "detail-key");

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
      grid_cell (self->rules_grid, 0, row++, 4, how, "dim-label");
    }
  grid_trim (self->rules_grid, row);

  gtk_label_set_label (self->rules_verdict,
                       ok ? _("The request is within the parcel's rules.")
                          : _("The request goes beyond the parcel's rules marked ✗: the municipality will probably refuse it. Change the construction or submit it anyway."));
  gtk_widget_remove_css_class (GTK_WIDGET (self->rules_verdict), ok ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->rules_verdict), ok ? "success" : "error");
}

/* What will be sent, one row per value; rows keep their labels (see grid_cell()). */
static void
show_summary (PkPermitWizard *self)
{
  PkAmountUnit unit = pk_settings_get_amount_unit (self->settings);
  g_autofree char *applicants = pk_form_field_get_display (self->applicants_field);
  g_autoptr(GString) documents = g_string_new (NULL);
  int row = 0;

  if (self->service)
    set_pair (self->summary_grid, row++, _("Service"),
              text_in (self, self->service->title_fa, self->service->title_en));
  if (self->parcel)
    {
      g_autofree char *code = pk_format_identifier (self->parcel->renovation_code, self->language);

      set_pair (self->summary_grid, row++, _("Renovation code"), code);
    }
  set_pair (self->summary_grid, row++, _("Applicants"), applicants);
  for (guint i = 0; i < self->fields->len; i++)
    {
      PkFormField *field = self->fields->pdata[i];
      const PkApiFormField *schema = pk_form_field_get_schema (field);
      g_autofree char *shown = NULL;

      if (step_of_field (schema) == 6)
        continue;
      shown = pk_form_field_get_display (field);
      set_pair (self->summary_grid, row++, text_in (self, schema->label_fa, schema->label_en), shown);
    }
  for (guint i = 0; i < self->document_order->len; i++)
    {
      DocRow *d = self->document_order->pdata[i];

      if (d->attachment == NULL)
        continue;
      if (documents->len)
        g_string_append_c (documents, '\n');
      g_string_append_printf (documents, "%s: %s", text_in (self, d->spec->title_fa, d->spec->title_en),
                              d->attachment->filename);
    }
  set_pair (self->summary_grid, row++, _("Documents"), documents->len ? documents->str : "—");
  if (self->inquiry)
    {
      g_autofree char *total = pk_format_amount (self->inquiry->total_rial, unit, self->language);

      set_pair (self->summary_grid, row++, _("Estimated fees"), total);
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

        set_pair (self->summary_grid, row++, _("Paid at the counter"), text);
      }
  }
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

static void
show_step (PkPermitWizard *self,
           guint           step)
{
  if (step == 5)
    show_fees (self);
  if (step == 6)
    {
      show_rules (self);
      show_summary (self);
    }
  gtk_stack_set_visible_child_name (self->steps, step < N_STEPS ? step_names[step] : "result");
  /* The first step shows the parcel in full; the others recall it in one line. */
  gtk_widget_set_visible (GTK_WIDGET (self->context_label), step > 0);
  update_nav (self, step);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  prepare_neighbours (self);
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
  guint step = current_step (self);
  int width = gtk_widget_get_width (GTK_WIDGET (self->steps));

  self->prepare_id = 0;
  if (step >= N_STEPS || width <= 0)
    return G_SOURCE_REMOVE;
  if (step + 1 == N_STEPS - 1)
    {
      show_rules (self);
      show_summary (self);
    }
  for (guint i = step > 0 ? step - 1 : step + 1; i <= step + 1 && i < N_STEPS; i += 2)
    {
      GtkWidget *page = gtk_stack_get_child_by_name (self->steps, step_names[i]);
      int minimum, natural;

      gtk_widget_measure (page, GTK_ORIENTATION_VERTICAL, width, &minimum, &natural, NULL, NULL);
    }
  return G_SOURCE_REMOVE;
}

static void
prepare_neighbours (PkPermitWizard *self)
{
  if (self->prepare_id == 0)
    self->prepare_id = g_idle_add_full (G_PRIORITY_LOW, prepare_neighbours_cb, self, NULL);
}

static gboolean
validate_fields_of_step (PkPermitWizard *self,
                         guint           step)
{
  gboolean valid = TRUE;

  for (guint i = 0; i < self->fields->len; i++)
    if (step_of_field (pk_form_field_get_schema (self->fields->pdata[i])) == step)
      valid &= pk_form_field_validate (self->fields->pdata[i], TRUE);
  return valid;
}

static gboolean
validate_step (PkPermitWizard *self,
               guint           step)
{
  switch (step)
    {
    case 0:
      if (self->parcel == NULL)
        {
          show_error (self, _("Find the parcel first: enter its renovation code."));
          return FALSE;
        }
      if (self->service == NULL)
        {
          show_error (self, _("Choose the service the citizen is applying for."));
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
            show_error (self, message);
            return FALSE;
          }
        gtk_label_set_label (self->shares_label, "");
        if (!valid)
          show_error (self, _("Some of the information is not valid. Check the marked fields."));
        return valid;
      }

    case 4:
      {
        gboolean valid = TRUE;

        if (self->attaching > 0)
          {
            show_error (self, _("Wait until the files are read."));
            return FALSE;
          }
        for (guint i = 0; i < self->document_order->len; i++)
          {
            DocRow *d = self->document_order->pdata[i];

            if (d->attachment == NULL && d->spec->required)
              {
                if (d->error_text == NULL)
                  d->error_text = g_strdup (_("Attach this document."));
                doc_show (self, d);
                valid = FALSE;
              }
            else if (d->attachment == NULL && d->error_text != NULL)
              valid = FALSE;
          }
        if (!valid)
          show_error (self, _("Some documents are missing or were refused. Check the marked documents."));
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
          show_error (self, _("Some of the information is not valid. Check the marked fields."));
        return valid;
      }

    default:
      if (!validate_fields_of_step (self, step))
        {
          show_error (self, _("Some of the information is not valid. Check the marked fields."));
          return FALSE;
        }
      return TRUE;
    }
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

  step = current_step (self);
  if (step >= N_STEPS - 1)
    return FALSE;
  if (!validate_step (self, step))
    return FALSE;
  show_error (self, NULL);
  if (step == 0)
    fetch_inquiry (self);
  show_step (self, step + 1);
  return TRUE;
}

void
pk_permit_wizard_go_back (PkPermitWizard *self)
{
  guint step;

  g_return_if_fail (PK_IS_PERMIT_WIZARD (self));

  step = current_step (self);
  if (step == 0 || step >= N_STEPS)
    return;
  show_error (self, NULL);
  show_step (self, step - 1);
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

/* ---- submit ---- */

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

static void
stop_polling (PkPermitWizard *self)
{
  g_clear_handle_id (&self->poll_id, g_source_remove);
}

static gboolean
poll_cb (gpointer data)
{
  update_result (data);
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  PkPermitWizard *self;
  guint           serial;
} EnqueueJob;

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
  set_busy (self, FALSE);
  if (item == NULL)
    {
      g_autofree char *message = NULL;

      g_warning ("Permit application not saved: %s", error->message);
      message = g_strdup_printf (_("The application could not be saved on this computer, so nothing was sent. Nothing you entered is lost; try again. (%s)"),
                                 error->message);
      show_error (self, message);
      return;
    }

  /* The refused application it replaces leaves the queue of failures. */
  if (self->failed_item_id > 0)
    {
      g_autoptr(GError) remove_error = NULL;

      if (!pk_outbox_remove_failed (self->outbox, self->failed_item_id, &remove_error))
        g_debug ("Could not remove refused item: %s", remove_error->message);
      self->failed_item_id = 0;
    }

  g_set_object (&self->saved_item, item);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVED_ITEM]);
  show_error (self, NULL);
  show_step (self, N_STEPS);
  update_result (self);
  stop_polling (self);
  self->poll_id = g_timeout_add (500, poll_cb, self);
  g_signal_emit (self, signals[SAVED], 0, item);
}

static void
submit_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PkPermitWizard *self = PK_PERMIT_WIZARD (widget);
  g_autoptr(JsonObject) app = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  EnqueueJob *job;

  if (self->busy > 0 || current_step (self) != N_STEPS - 1)
    return;
  /* Every step again: a value may have been marked by the server since. */
  for (guint step = 0; step < N_STEPS; step++)
    if (!validate_step (self, step))
      {
        if (step != N_STEPS - 1)
          {
            g_autofree char *message = g_strdup (gtk_label_get_label (self->error_label));

            show_step (self, step);
            show_error (self, message);
          }
        return;
      }
  app = pk_permit_wizard_build_application (self);
  if (app == NULL)
    {
      show_error (self, _("Some of the information is not valid. Check the marked fields."));
      return;
    }
  documents = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_outbox_document_unref);
  for (guint i = 0; i < self->document_order->len; i++)
    {
      DocRow *d = self->document_order->pdata[i];

      if (d->attachment)
        g_ptr_array_add (documents, pk_outbox_document_new (d->attachment->filename,
                                                            d->attachment->content_type,
                                                            d->attachment->data));
    }
  show_error (self, NULL);
  set_busy (self, TRUE);
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
              PkFormField *field = find_field (self, field_name);

              if (field)
                {
                  pk_form_field_mark (field, end ? end : "", message);
                  step = step_of_field (pk_form_field_get_schema (field));
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
                  DocRow *d = self->document_order->pdata[k];

                  if (d->attachment && n++ == i)
                    {
                      g_free (d->error_text);
                      d->error_text = g_strdup (message);
                      doc_show (self, d);
                    }
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
  show_step (self, first < N_STEPS ? first : N_STEPS - 1);
  show_error (self, _("The municipality's server refused some of the information. Fix the marked fields and submit again."));
}

static void
update_result (PkPermitWizard *self)
{
  g_autoptr(PkOutboxItem) fresh = NULL;
  g_autoptr(GError) error = NULL;
  PkOutboxItem *item;

  if (self->saved_item == NULL)
    return;
  if (pk_outbox_item_get_state (self->saved_item) != PK_OUTBOX_STATE_DELIVERED &&
      pk_outbox_item_get_state (self->saved_item) != PK_OUTBOX_STATE_FAILED)
    {
      /* One row by its key, without the documents' bytes: cheap enough for the main loop. */
      fresh = pk_outbox_get_item (self->outbox, pk_outbox_item_get_id (self->saved_item), FALSE,
                                  &error);
      if (fresh == NULL)
        g_debug ("Outbox item: %s", error->message);
      else if (pk_outbox_item_get_state (fresh) != pk_outbox_item_get_state (self->saved_item) ||
               g_strcmp0 (pk_outbox_item_get_tracking_code (fresh),
                          pk_outbox_item_get_tracking_code (self->saved_item)) != 0 ||
               pk_outbox_item_get_attempts (fresh) != pk_outbox_item_get_attempts (self->saved_item))
        {
          g_set_object (&self->saved_item, fresh);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVED_ITEM]);
        }
    }
  item = self->saved_item;

  switch (pk_outbox_item_get_state (item))
    {
    case PK_OUTBOX_STATE_DELIVERED:
      {
        const char *tracking = pk_outbox_item_get_tracking_code (item);
        g_autofree char *code = format_tracking_code (tracking ? tracking : "");

        stop_polling (self);
        gtk_label_set_label (self->result_title, _("The municipality received the application"));
        gtk_label_set_label (self->tracking_label, code);
        gtk_widget_set_visible (GTK_WIDGET (self->tracking_label), TRUE);
        gtk_label_set_label (self->queue_label,
                             _("Give the citizen this tracking code: it follows the application from now on."));
        gtk_widget_action_set_enabled (GTK_WIDGET (self), "permit.save-receipt", TRUE);
      }
      break;

    case PK_OUTBOX_STATE_FAILED:
      stop_polling (self);
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

static void
outbox_changed_cb (PkPermitWizard *self)
{
  if (current_step (self) == N_STEPS)
    update_result (self);
}

/* ---- receipt ---- */

/* The receipt slip: what was taken and, once known, the tracking code. Printed words are
 * Persian, as on every municipal paper. */
static PkPage *
build_receipt (PkPermitWizard *self)
{
  g_autoptr(PkPage) page = pk_page_new ();
  g_autoptr(PkPageBlock) block = NULL;
  PkOutboxItem *item = self->saved_item;
  const char *tracking = pk_outbox_item_get_tracking_code (item);
  g_autofree char *code = tracking ? format_tracking_code (tracking) : g_strdup ("—");
  g_autofree char *line_code = g_strdup_printf ("شماره پیگیری: %s", code);
  g_autofree char *date = pk_format_date_time (pk_outbox_item_get_created (item), PK_LANGUAGE_PERSIAN);
  g_autofree char *line_date = g_strdup_printf ("تاریخ ثبت: %s", date);
  g_autofree char *renovation = pk_format_identifier (self->parcel->renovation_code, PK_LANGUAGE_PERSIAN);
  g_autofree char *applicants = pk_form_field_get_display (self->applicants_field);
  g_autofree char *key = pk_format_identifier (pk_outbox_item_get_idempotency_key (item), PK_LANGUAGE_PERSIAN);
  g_autoptr(GPtrArray) kv = g_ptr_array_new_with_free_func (g_free);

  pk_page_set_title (page, "رسید ثبت درخواست پروانه");
  block = pk_page_block_new_header ("شهرداری", "رسید ثبت درخواست پروانه ساختمانی",
                                    (const char * const[]) { line_code, line_date, NULL });
  pk_page_append (page, block);
  g_clear_pointer (&block, pk_page_block_unref);

  g_ptr_array_add (kv, g_strdup ("خدمت"));
  g_ptr_array_add (kv, g_strdup (self->service->title_fa));
  g_ptr_array_add (kv, g_strdup ("کد نوسازی"));
  g_ptr_array_add (kv, g_strdup (renovation));
  g_ptr_array_add (kv, g_strdup ("نشانی"));
  g_ptr_array_add (kv, g_strdup (self->parcel->address_fa ? self->parcel->address_fa : ""));
  g_ptr_array_add (kv, g_strdup ("متصدی"));
  g_ptr_array_add (kv, g_strdup (pk_outbox_item_get_operator_name (item)));
  g_ptr_array_add (kv, g_strdup ("شناسه یکتای درخواست"));
  g_ptr_array_add (kv, g_strdup (key));
  g_ptr_array_add (kv, NULL);
  block = pk_page_block_new_key_values (1, (const char * const *) kv->pdata);
  pk_page_append (page, block);
  g_clear_pointer (&block, pk_page_block_unref);

  block = pk_page_block_new_heading ("متقاضیان");
  pk_page_append (page, block);
  g_clear_pointer (&block, pk_page_block_unref);
  block = pk_page_block_new_paragraph (applicants, 10, FALSE);
  pk_page_append (page, block);
  g_clear_pointer (&block, pk_page_block_unref);

  block = pk_page_block_new_paragraph (tracking
                                       ? "با این شماره پیگیری، وضعیت درخواست را در پیشخوان یا کیوسک پیگیری کنید."
                                       : "درخواست در این رایانه ذخیره شده و به محض برقراری ارتباط به شهرداری ارسال می‌شود؛ شماره پیگیری پس از ارسال اعلام می‌شود.",
                                       10, FALSE);
  pk_page_block_set_boxed (block, TRUE);
  pk_page_append (page, block);
  g_clear_pointer (&block, pk_page_block_unref);
  return g_steal_pointer (&page);
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

static void
save_receipt_activated (GtkWidget  *widget,
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

static void
new_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PkPermitWizard *self = PK_PERMIT_WIZARD (widget);

  g_signal_emit (self, signals[FINISHED], 0);
  pk_permit_wizard_reset (self);
}

/* ---- GObject ---- */

static void
load_css (GdkDisplay *display)
{
  g_autoptr(GtkCssProvider) provider = NULL;

  if (display == NULL || g_object_get_data (G_OBJECT (display), "pk-permit-wizard-css"))
    return;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, PK_RESOURCE_PATH "/pk-permit-wizard.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data (G_OBJECT (display), "pk-permit-wizard-css", GINT_TO_POINTER (TRUE));
}

static void
pk_permit_wizard_constructed (GObject *object)
{
  PkPermitWizard *self = PK_PERMIT_WIZARD (object);

  G_OBJECT_CLASS (pk_permit_wizard_parent_class)->constructed (object);

  g_assert (PK_IS_API_CLIENT (self->client));
  g_assert (PK_IS_SETTINGS (self->settings));
  g_assert (PK_IS_OUTBOX (self->outbox));
  load_css (gtk_widget_get_display (GTK_WIDGET (self)));
  g_signal_connect_object (self->outbox, "changed", G_CALLBACK (outbox_changed_cb), self,
                           G_CONNECT_SWAPPED);
  build_own_fields (self);
  build_documents (self);
  show_step (self, 0);
}

static void
pk_permit_wizard_dispose (GObject *object)
{
  PkPermitWizard *self = PK_PERMIT_WIZARD (object);
  GtkWidget *child;

  stop_polling (self);
  g_clear_handle_id (&self->prepare_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PK_TYPE_PERMIT_WIZARD);
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
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_OUTBOX:
      g_value_set_object (value, self->outbox);
      break;
    case PROP_LANGUAGE:
      g_value_set_enum (value, self->language);
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
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_OUTBOX:
      self->outbox = g_value_dup_object (value);
      break;
    case PROP_LANGUAGE:
      self->language = g_value_get_enum (value);
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

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, PK_TYPE_API_CLIENT, construct);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, PK_TYPE_SETTINGS, construct);
  properties[PROP_OUTBOX] =
    g_param_spec_object ("outbox", NULL, NULL, PK_TYPE_OUTBOX, construct);
  properties[PROP_LANGUAGE] =
    g_param_spec_enum ("language", NULL, NULL, PK_TYPE_LANGUAGE, PK_LANGUAGE_PERSIAN, construct);
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
  gtk_widget_class_install_action (widget_class, "permit.submit", NULL, submit_activated);
  gtk_widget_class_install_action (widget_class, "permit.find-parcel", NULL, find_parcel_activated);
  gtk_widget_class_install_action (widget_class, "permit.attach", "s", attach_activated);
  gtk_widget_class_install_action (widget_class, "permit.remove-document", "s",
                                   remove_document_activated);
  gtk_widget_class_install_action (widget_class, "permit.save-receipt", NULL, save_receipt_activated);
  gtk_widget_class_install_action (widget_class, "permit.new", NULL, new_activated);

  gtk_widget_class_set_template_from_resource (widget_class, PK_RESOURCE_PATH "/pk-permit-wizard.ui");
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
  gtk_widget_class_bind_template_callback (widget_class, parcel_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, service_selected_cb);
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
  build_own_schemas (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "permit.save-receipt", FALSE);
}

GtkWidget *
pk_permit_wizard_new (PkApiClient *client,
                      PkSettings  *settings,
                      PkOutbox    *outbox,
                      PkLanguage   language)
{
  g_return_val_if_fail (PK_IS_API_CLIENT (client), NULL);
  g_return_val_if_fail (PK_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (PK_IS_OUTBOX (outbox), NULL);

  return g_object_new (PK_TYPE_PERMIT_WIZARD,
                       "client", client,
                       "settings", settings,
                       "outbox", outbox,
                       "language", language,
                       NULL);
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

  stop_polling (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->serial++;
  self->busy = 0;
  self->attaching = 0;
  set_busy (self, FALSE);

  g_clear_pointer (&self->service, pk_api_service_unref);
  g_clear_pointer (&self->inquiry, pk_api_inquiry_unref);
  g_clear_pointer (&self->inquiry_error, g_free);
  g_clear_pointer (&self->operator_name, g_free);
  g_clear_object (&self->saved_item);
  self->failed_item_id = 0;
  set_parcel (self, NULL);
  gtk_list_box_unselect_all (self->service_list);
  gtk_editable_set_text (GTK_EDITABLE (self->parcel_entry), "");
  gtk_widget_set_visible (GTK_WIDGET (self->parcel_error), FALSE);
  gtk_widget_set_visible (self->parcel_search, TRUE);
  gtk_label_set_label (self->shares_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->receipt_status), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->tracking_label), FALSE);
  gtk_label_set_label (self->tracking_label, "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "permit.save-receipt", FALSE);
  build_own_fields (self);
  build_service_form (self);
  show_error (self, NULL);
  show_step (self, 0);
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
  set_parcel (self, parcel);
  gtk_widget_set_visible (self->parcel_search, parcel == NULL);
  if (self->catalogue != NULL)
    fill_services (self);
  else
    {
      set_busy (self, TRUE);
      pk_api_client_get_services_async (self->client, self->cancellable, services_cb,
                                        g_object_ref (self));
    }
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
  DocRow *d;

  g_return_val_if_fail (PK_IS_PERMIT_WIZARD (self), NULL);

  d = self->documents ? g_hash_table_lookup (self->documents, doc_code) : NULL;
  return d ? d->error_text : NULL;
}

gboolean
pk_permit_wizard_has_document (PkPermitWizard *self,
                               const char     *doc_code)
{
  DocRow *d;

  g_return_val_if_fail (PK_IS_PERMIT_WIZARD (self), FALSE);

  d = self->documents ? g_hash_table_lookup (self->documents, doc_code) : NULL;
  return d != NULL && d->attachment != NULL;
}

guint
pk_permit_wizard_get_n_attaching (PkPermitWizard *self)
{
  g_return_val_if_fail (PK_IS_PERMIT_WIZARD (self), 0);
  return self->attaching;
}
