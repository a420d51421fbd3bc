/* pk-form-field.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "pk-form-field-private.h"
#include "pk-format.h"
#include "pk-text.h"
#include "pk-validate.h"

G_DEFINE_FINAL_TYPE (PkFormField, pk_form_field, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
pk_form_field_label (const PkApiFormField *field,
                     PkLanguage            language)
{
  const char *label = language == PK_LANGUAGE_ENGLISH ? field->label_en : field->label_fa;

  if (label == NULL || *label == '\0')
    label = field->label_fa ? field->label_fa : field->name;
  return label;
}

static void
show_message (PkFormField *self,
              const char  *message)
{
  GtkWidget *input = self->entry ? self->entry : self->dropdown ? self->dropdown : self->check;

  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (GTK_LABEL (self->error_label), message ? message : "");
  gtk_widget_set_visible (self->error_label, message != NULL);
  if (input == NULL)
    return;
  if (message != NULL)
    {
      gtk_widget_add_css_class (input, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (input), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (input, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (input), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

/**
 * pk_form_field_validate:
 * @show: whether to show the message next to the field (and on every row of a group)
 *
 * Returns: %TRUE if the value can be sent
 */
gboolean
pk_form_field_validate (PkFormField *self,
                        gboolean     show)
{
  g_autofree char *message = NULL;
  gboolean valid = TRUE;

  g_return_val_if_fail (PK_IS_FORM_FIELD (self), FALSE);

  if (self->rows != NULL)
    for (guint r = 0; r < self->rows->len; r++)
      for (GtkWidget *child = gtk_widget_get_first_child (self->rows->pdata[r]); child;
           child = gtk_widget_get_next_sibling (child))
        if (PK_IS_FORM_FIELD (child))
          valid &= pk_form_field_validate (PK_FORM_FIELD (child), show);

  message = pk_form_field_check (self, NULL);
  /* What the server said about this value stays next to it until the value changes. */
  if (message == NULL && self->server_mark)
    return valid;
  if (show || message == NULL)
    show_message (self, message);
  return valid && message == NULL;
}

/**
 * pk_form_field_get_value:
 *
 * Returns: (transfer full) (nullable): the value as the API wants it, %NULL when invalid or
 *   when an optional field is empty
 */
JsonNode *
pk_form_field_get_value (PkFormField *self)
{
  JsonNode *value = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (PK_IS_FORM_FIELD (self), NULL);

  message = pk_form_field_check (self, &value);
  if (message != NULL)
    g_clear_pointer (&value, json_node_unref);
  return value;
}

/**
 * pk_form_field_get_display:
 *
 * Returns: (transfer full): the value as the review step shows it, in the UI's digits
 */
char *
pk_form_field_get_display (PkFormField *self)
{
  g_autoptr(JsonNode) value = NULL;

  g_return_val_if_fail (PK_IS_FORM_FIELD (self), NULL);

  if (self->rows != NULL)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      for (guint r = 0; r < self->rows->len; r++)
        {
          g_autofree char *n = pk_format_integer (r + 1, self->language);
          gboolean first = TRUE;

          if (r > 0)
            g_string_append_c (out, '\n');
          g_string_append_printf (out, "%s) ", n);
          for (GtkWidget *child = gtk_widget_get_first_child (self->rows->pdata[r]); child;
               child = gtk_widget_get_next_sibling (child))
            if (PK_IS_FORM_FIELD (child))
              {
                PkFormField *sub = PK_FORM_FIELD (child);
                g_autofree char *shown = pk_form_field_get_display (sub);

                /* TRANSLATORS: a field's name and value in a list, like "Level: 2" */
                g_string_append_printf (out, first ? _("%s: %s") : _(", %s: %s"),
                                        pk_form_field_label (sub->field, self->language), shown);
                first = FALSE;
              }
        }
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  value = pk_form_field_get_value (self);
  if (value == NULL)
    return g_strdup ("—");
  if (self->dropdown)
    {
      PkApiChoice *choice = g_ptr_array_index (self->field->choices,
                                               pk_form_field_choice_index (self) - 1);

      return g_strdup (self->language == PK_LANGUAGE_ENGLISH && choice->label_en
                       ? choice->label_en : choice->label_fa);
    }
  if (self->check)
    return g_strdup (json_node_get_boolean (value) ? _("Yes") : _("No"));
  if (json_node_get_value_type (value) == G_TYPE_INT64)
    {
      gint64 n = json_node_get_int (value);

      if (pk_form_field_is_kind (self->field, PK_FORM_FIELD_AMOUNT))
        return pk_format_amount (n, self->amount_unit, self->language);
      return pk_form_field_format_bound (self, (double) n);
    }
  if (json_node_get_value_type (value) == G_TYPE_DOUBLE)
    return pk_form_field_format_bound (self, json_node_get_double (value));
  if (self->field->type == PK_API_FIELD_TYPE_TEXT && !pk_form_field_is_kind (self->field, PK_FORM_FIELD_PERSON_NAME)
      && self->field->pattern == NULL)
    return g_strdup (json_node_get_string (value));
  if (pk_form_field_is_kind (self->field, PK_FORM_FIELD_PERSON_NAME))
    return g_strdup (json_node_get_string (value));
  return pk_format_identifier (json_node_get_string (value), self->language);
}

void
pk_form_field_clear_mark (PkFormField *self)
{
  g_return_if_fail (PK_IS_FORM_FIELD (self));

  self->server_mark = FALSE;
  show_message (self, NULL);
  if (self->rows != NULL)
    for (guint r = 0; r < self->rows->len; r++)
      for (GtkWidget *child = gtk_widget_get_first_child (self->rows->pdata[r]); child;
           child = gtk_widget_get_next_sibling (child))
        if (PK_IS_FORM_FIELD (child))
          pk_form_field_clear_mark (PK_FORM_FIELD (child));
}

/**
 * pk_form_field_mark:
 * @subpath: (nullable): the rest of an API error path below this field: "" for the field
 *   itself, "[1].area_m2" for a cell of a group
 * @message: the message to show there
 *
 * Shows a message the server gave for this field or a cell of it.
 *
 * Returns: %TRUE if @subpath named something in this field
 */
gboolean
pk_form_field_mark (PkFormField *self,
                    const char  *subpath,
                    const char  *message)
{
  g_return_val_if_fail (PK_IS_FORM_FIELD (self), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  if (subpath != NULL && subpath[0] == '[' && self->rows != NULL)
    {
      char *end = NULL;
      guint64 row = g_ascii_strtoull (subpath + 1, &end, 10);
      const char *rest;
      PkFormField *cell;
      g_autofree char *name = NULL;
      const char *dot;

      if (end == NULL || *end != ']' || row >= self->rows->len)
        goto whole;
      rest = end + 1;
      if (*rest != '.')
        goto whole;
      rest++;
      dot = strpbrk (rest, ".[");
      name = dot ? g_strndup (rest, dot - rest) : g_strdup (rest);
      cell = pk_form_field_get_row_field (self, row, name);
      if (cell == NULL)
        goto whole;
      return pk_form_field_mark (cell, dot ? dot : "", message);
    }

whole:
  show_message (self, message);
  self->server_mark = TRUE;
  return TRUE;
}

/**
 * pk_form_field_set_error:
 * @message: (nullable): a message about this field found by the form around it (a rule across
 *   fields), or %NULL to clear it
 */
void
pk_form_field_set_error (PkFormField *self,
                         const char  *message)
{
  g_return_if_fail (PK_IS_FORM_FIELD (self));

  self->server_mark = FALSE;
  show_message (self, message);
}

const char *
pk_form_field_get_error (PkFormField *self)
{
  g_return_val_if_fail (PK_IS_FORM_FIELD (self), NULL);
  return self->error;
}

void
pk_form_field_changed_cb (PkFormField *self)
{
  /* A message goes as soon as the value is right; a new one waits for the next step press. */
  self->server_mark = FALSE;
  if (self->error != NULL)
    {
      g_autofree char *message = pk_form_field_check (self, NULL);

      if (message == NULL)
        show_message (self, NULL);
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

/* ---- construction (the repeated groups are in pk-form-field-groups.c) ---- */

static void
build (PkFormField *self)
{
  const PkApiFormField *field = self->field;
  g_autofree char *title = NULL;
  g_autofree char *unit = NULL;
  const char *hint = NULL;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  if (field->type != PK_API_FIELD_TYPE_BOOLEAN)
    {
      title = field->required ? g_strdup_printf ("%s *", pk_form_field_label (field, self->language))
                              : g_strdup (pk_form_field_label (field, self->language));
      self->title = gtk_label_new (title);
      gtk_label_set_xalign (GTK_LABEL (self->title), 0);
      gtk_label_set_wrap (GTK_LABEL (self->title), TRUE);
      gtk_widget_add_css_class (self->title, "form-label");
      gtk_box_append (GTK_BOX (self->box), self->title);
    }

  switch (field->type)
    {
    case PK_API_FIELD_TYPE_CHOICE:
      {
        GtkStringList *list = gtk_string_list_new (NULL);

        gtk_string_list_append (list, _("Choose…"));
        for (guint i = 0; i < field->choices->len; i++)
          {
            PkApiChoice *choice = g_ptr_array_index (field->choices, i);

            gtk_string_list_append (list, self->language == PK_LANGUAGE_ENGLISH && choice->label_en
                                          ? choice->label_en : choice->label_fa);
          }
        self->dropdown = gtk_drop_down_new (G_LIST_MODEL (list), NULL);
        gtk_widget_add_css_class (self->dropdown, "form-input");
        g_signal_connect_swapped (self->dropdown, "notify::selected",
                                  G_CALLBACK (pk_form_field_changed_cb), self);
        gtk_accessible_update_relation (GTK_ACCESSIBLE (self->dropdown),
                                        GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title, NULL, -1);
        gtk_box_append (GTK_BOX (self->box), self->dropdown);
      }
      break;

    case PK_API_FIELD_TYPE_BOOLEAN:
      self->check = gtk_check_button_new_with_label (pk_form_field_label (field, self->language));
      gtk_widget_add_css_class (self->check, "form-check");
      g_signal_connect_swapped (self->check, "toggled", G_CALLBACK (pk_form_field_changed_cb),
                                self);
      gtk_box_append (GTK_BOX (self->box), self->check);
      break;

    case PK_API_FIELD_TYPE_GROUP:
      self->rows = g_ptr_array_new ();
      self->rows_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
      gtk_box_append (GTK_BOX (self->box), self->rows_box);
      {
        g_autofree char *add = g_strdup_printf (_("Add a row of %s"),
                                                 pk_form_field_label (field, self->language));

        self->add_button = gtk_button_new_with_label (add);
      }
      gtk_widget_set_halign (self->add_button, GTK_ALIGN_START);
      gtk_widget_add_css_class (self->add_button, "pill");
      g_signal_connect_swapped (self->add_button, "clicked",
                                G_CALLBACK (pk_form_field_add_clicked_cb), self);
      gtk_box_append (GTK_BOX (self->box), self->add_button);
      for (guint i = 0; i < MAX (field->min_items, 1u); i++)
        pk_form_field_add_row (self);
      break;

    default:
      {
        GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

        self->entry = gtk_entry_new ();
        gtk_widget_set_hexpand (self->entry, TRUE);
        gtk_widget_add_css_class (self->entry, "form-input");
        gtk_accessible_update_relation (GTK_ACCESSIBLE (self->entry),
                                        GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title, NULL, -1);
        g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (pk_form_field_changed_cb),
                                    self);
        gtk_box_append (GTK_BOX (line), self->entry);
        unit = pk_form_field_unit_suffix (field->unit);
        if (pk_form_field_is_kind (field, PK_FORM_FIELD_AMOUNT))
          unit = pk_form_field_unit_suffix (self->amount_unit == PK_AMOUNT_UNIT_TOMAN ? "toman" : "rial");
        if (unit != NULL)
          {
            GtkWidget *label = gtk_label_new (unit);

            gtk_widget_add_css_class (label, "dim-label");
            gtk_box_append (GTK_BOX (line), label);
          }
        gtk_box_append (GTK_BOX (self->box), line);

        switch (field->type)
          {
          case PK_API_FIELD_TYPE_INTEGER:
          case PK_API_FIELD_TYPE_DECIMAL:
            gtk_entry_set_input_purpose (GTK_ENTRY (self->entry), GTK_INPUT_PURPOSE_NUMBER);
            break;
          case PK_API_FIELD_TYPE_DATE:
            hint = _("Enter the date as year/month/day, like 1405/08/30.");
            break;
          case PK_API_FIELD_TYPE_MOBILE:
            gtk_entry_set_input_purpose (GTK_ENTRY (self->entry), GTK_INPUT_PURPOSE_PHONE);
            break;
          case PK_API_FIELD_TYPE_NATIONAL_ID:
          case PK_API_FIELD_TYPE_POSTAL_CODE:
            gtk_entry_set_input_purpose (GTK_ENTRY (self->entry), GTK_INPUT_PURPOSE_DIGITS);
            break;
          default:
            if (pk_form_field_is_kind (field, PK_FORM_FIELD_PERSON_NAME))
              gtk_entry_set_input_purpose (GTK_ENTRY (self->entry), GTK_INPUT_PURPOSE_NAME);
            break;
          }
      }
      break;
    }

  if (hint != NULL)
    {
      g_autofree char *shown = pk_format_digits (hint, self->language);

      self->hint = gtk_label_new (shown);
      gtk_label_set_xalign (GTK_LABEL (self->hint), 0);
      gtk_label_set_wrap (GTK_LABEL (self->hint), TRUE);
      gtk_widget_add_css_class (self->hint, "dim-label");
      gtk_box_append (GTK_BOX (self->box), self->hint);
    }

  self->error_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->error_label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_add_css_class (self->error_label, "field-error");
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->error_label);
}

static void
pk_form_field_dispose (GObject *object)
{
  PkFormField *self = PK_FORM_FIELD (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (pk_form_field_parent_class)->dispose (object);
}

static void
pk_form_field_finalize (GObject *object)
{
  PkFormField *self = PK_FORM_FIELD (object);

  g_free (self->error);

  G_OBJECT_CLASS (pk_form_field_parent_class)->finalize (object);
}

static void
pk_form_field_class_init (PkFormFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pk_form_field_dispose;
  object_class->finalize = pk_form_field_finalize;

  /**
   * PkFormField::changed:
   *
   * The value changed (for a group: a cell, or the rows).
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pkformfield");
}

static void
pk_form_field_init (PkFormField *self)
{
}

/**
 * pk_form_field_new:
 * @field: (transfer none): the schema; must outlive the widget
 */
GtkWidget *
pk_form_field_new (const PkApiFormField *field,
                   PkLanguage            language,
                   PkAmountUnit          amount_unit)
{
  PkFormField *self;

  g_return_val_if_fail (field != NULL, NULL);

  self = g_object_new (PK_TYPE_FORM_FIELD, NULL);
  self->field = field;
  self->language = language;
  self->amount_unit = amount_unit;
  build (self);
  return GTK_WIDGET (self);
}

const char *
pk_form_field_get_name (PkFormField *self)
{
  g_return_val_if_fail (PK_IS_FORM_FIELD (self), NULL);
  return self->field->name;
}

const PkApiFormField *
pk_form_field_get_schema (PkFormField *self)
{
  g_return_val_if_fail (PK_IS_FORM_FIELD (self), NULL);
  return self->field;
}

/**
 * pk_form_field_get_editable:
 *
 * Returns: (transfer none) (nullable): the entry of a typed field
 */
GtkEditable *
pk_form_field_get_editable (PkFormField *self)
{
  g_return_val_if_fail (PK_IS_FORM_FIELD (self), NULL);
  return self->entry ? GTK_EDITABLE (self->entry) : NULL;
}

/**
 * pk_form_field_set_text:
 * @text: what to type; for a choice its value, for a boolean "true" or "false"
 */
void
pk_form_field_set_text (PkFormField *self,
                        const char  *text)
{
  g_return_if_fail (PK_IS_FORM_FIELD (self));
  g_return_if_fail (text != NULL);

  if (self->entry)
    gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  else if (self->check)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (self->check), g_str_equal (text, "true"));
  else if (self->dropdown)
    {
      guint pos = 0;

      for (guint i = 0; i < self->field->choices->len; i++)
        if (g_str_equal (((PkApiChoice *) g_ptr_array_index (self->field->choices, i))->value, text))
          pos = i + 1;
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->dropdown), pos);
    }
}
