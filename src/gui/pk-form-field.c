/* pk-form-field.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "pk-form-field.h"
#include "pk-format.h"
#include "pk-text.h"
#include "pk-validate.h"

/* One field of a service's form, drawn from its schema: an entry, a drop-down, a check box or
 * a repeated group of rows, with its message in the UI language right under it. The schema is
 * borrowed: whoever builds the field keeps the service (or its own field definitions) alive. */
struct _PkFormField
{
  GtkWidget             parent_instance;

  /* children */
  GtkWidget            *box;
  GtkWidget            *title;
  GtkWidget            *entry;
  GtkWidget            *dropdown;
  GtkWidget            *check;
  GtkWidget            *rows_box;
  GtkWidget            *add_button;
  GtkWidget            *hint;
  GtkWidget            *error_label;

  /* owned */
  GPtrArray            *rows;        /* GtkWidget row boxes of a group */
  char                 *error;
  gboolean              server_mark; /* the message came from the server: kept until an edit */

  /* borrowed */
  const PkApiFormField *field;

  PkLanguage            language;
  PkAmountUnit          amount_unit;
};

G_DEFINE_FINAL_TYPE (PkFormField, pk_form_field, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
field_label (const PkApiFormField *field,
             PkLanguage            language)
{
  const char *label = language == PK_LANGUAGE_ENGLISH ? field->label_en : field->label_fa;

  if (label == NULL || *label == '\0')
    label = field->label_fa ? field->label_fa : field->name;
  return label;
}

static gboolean
is_kind (const PkApiFormField *field,
         const char           *kind)
{
  return field->type == PK_API_FIELD_TYPE_TEXT && g_strcmp0 (field->type_name, kind) == 0;
}

/* A unit as shown after a number, from the translated measure formats. */
static char *
unit_suffix (const char *unit)
{
  g_autofree char *text = NULL;

  if (g_strcmp0 (unit, "m2") == 0)
    text = g_strdup_printf (_("%s m²"), "");
  else if (g_strcmp0 (unit, "m") == 0)
    text = g_strdup_printf (_("%s m"), "");
  else if (g_strcmp0 (unit, "rial") == 0)
    text = g_strdup_printf (_("%s Rial"), "");
  else if (g_strcmp0 (unit, "toman") == 0)
    text = g_strdup_printf (_("%s Toman"), "");
  else if (g_strcmp0 (unit, "%") == 0)
    text = g_strdup_printf (_("%s%%"), "");
  else
    return NULL;
  return g_strdup (g_strstrip (text));
}

/**
 * pk_form_parse_number:
 * @text: a number as typed: Persian, Arabic-Indic or Latin digits, `.` `٫` or `/` as the
 *   decimal separator, `,` or `٬` grouping
 *
 * Returns: %TRUE and the number in @value if @text is a whole decimal number and nothing else.
 */
gboolean
pk_form_parse_number (const char *text,
                      double     *value)
{
  g_autofree char *ascii = NULL;
  g_autoptr(GString) clean = g_string_new (NULL);
  char *end = NULL;
  gboolean digit = FALSE;

  g_return_val_if_fail (text != NULL, FALSE);

  ascii = pk_text_digits_to_ascii (text);
  if (ascii == NULL)
    return FALSE;
  for (const char *p = ascii; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x066B || c == '/')
        g_string_append_c (clean, '.');
      else if (c == 0x066C || c == ',' || c == 0x200C)
        continue;
      else if (c == 0x2212)
        g_string_append_c (clean, '-');
      else if (c == ' ')
        continue;
      else if ((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+')
        {
          digit |= g_ascii_isdigit (c);
          g_string_append_c (clean, (char) c);
        }
      else
        return FALSE;
    }
  if (!digit)
    return FALSE;
  *value = g_ascii_strtod (clean->str, &end);
  return end != NULL && *end == '\0' && isfinite (*value);
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

static char *
format_bound (PkFormField *self,
              double       value)
{
  g_autofree char *number = NULL;
  g_autofree char *unit = unit_suffix (self->field->unit);

  number = self->field->type == PK_API_FIELD_TYPE_INTEGER
           ? pk_format_integer ((gint64) value, self->language)
           : pk_format_decimal (value, 2, self->language);
  if (unit == NULL)
    return g_steal_pointer (&number);
  /* TRANSLATORS: a number and its unit, like "۱۰ m²" */
  return g_strdup_printf (C_("number with unit", "%s %s"), number, unit);
}

/* Checks the typed text; on success @value (if asked for) holds what goes to the server, or
 * %NULL for an optional field left empty. The message is for the person at the counter. */
static char *
check_text (PkFormField  *self,
            JsonNode    **value)
{
  const PkApiFormField *field = self->field;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;
  JsonNode *node = NULL;

  if (value)
    *value = NULL;

  if (*trimmed == '\0')
    return field->required ? g_strdup (_("This field is required.")) : NULL;

  switch (field->type)
    {
    case PK_API_FIELD_TYPE_INTEGER:
    case PK_API_FIELD_TYPE_DECIMAL:
      {
        double number;

        if (!pk_form_parse_number (trimmed, &number))
          return g_strdup (_("Enter a number in digits."));
        if (field->type == PK_API_FIELD_TYPE_INTEGER && number != floor (number))
          return g_strdup (_("Enter a whole number."));
        if (field->type == PK_API_FIELD_TYPE_DECIMAL &&
            fabs (number * 100 - round (number * 100)) > 1e-6)
          return g_strdup (_("Use at most two digits after the decimal point."));
        if (number < 0 && (!field->has_min || field->min >= 0))
          return g_strdup (_("This cannot be negative."));
        if ((field->has_min && number < field->min) || (field->has_max && number > field->max))
          {
            g_autofree char *lo = field->has_min ? format_bound (self, field->min) : NULL;
            g_autofree char *hi = field->has_max ? format_bound (self, field->max) : NULL;

            if (lo && hi)
              /* TRANSLATORS: the allowed range of a number, like "from ۱ m² to ۱۰٬۰۰۰ m²" */
              return g_strdup_printf (_("Enter a number from %s to %s."), lo, hi);
            if (lo)
              return g_strdup_printf (_("Enter at least %s."), lo);
            return g_strdup_printf (_("Enter at most %s."), hi);
          }
        if (field->type == PK_API_FIELD_TYPE_INTEGER)
          {
            if (fabs (number) > 1e15)
              return g_strdup (_("This value is out of the allowed range."));
            node = json_node_init_int (json_node_alloc (), (gint64) number);
          }
        else
          node = json_node_init_double (json_node_alloc (), round (number * 100) / 100);
      }
      break;

    case PK_API_FIELD_TYPE_DATE:
      {
        g_autoptr(GDateTime) date = pk_parse_date (trimmed, &error);

        if (date == NULL)
          return g_strdup (error->message);
        normalized = pk_format_date (date, PK_LANGUAGE_ENGLISH);
        node = json_node_init_string (json_node_alloc (), normalized);
      }
      break;

    case PK_API_FIELD_TYPE_NATIONAL_ID:
      if (!pk_validate_national_id (trimmed, &normalized, &error))
        return g_strdup (error->message);
      node = json_node_init_string (json_node_alloc (), normalized);
      break;

    case PK_API_FIELD_TYPE_MOBILE:
      if (!pk_validate_mobile (trimmed, &normalized, &error))
        return g_strdup (error->message);
      node = json_node_init_string (json_node_alloc (), normalized);
      break;

    case PK_API_FIELD_TYPE_POSTAL_CODE:
      if (!pk_validate_postal_code (trimmed, &normalized, &error))
        return g_strdup (error->message);
      node = json_node_init_string (json_node_alloc (), normalized);
      break;

    case PK_API_FIELD_TYPE_TEXT:
    default:
      if (is_kind (field, PK_FORM_FIELD_PERSON_NAME))
        {
          if (!pk_validate_person_name (text, field->max_length ? field->max_length : 50,
                                        &normalized, &error))
            return g_strdup (error->message);
          node = json_node_init_string (json_node_alloc (), normalized);
          break;
        }
      if (is_kind (field, PK_FORM_FIELD_AMOUNT))
        {
          gint64 rial = 0;

          if (!pk_validate_amount (trimmed, self->amount_unit, &rial, &error))
            return g_strdup (error->message);
          node = json_node_init_int (json_node_alloc (), rial);
          break;
        }
      {
        guint max_length = field->max_length ? field->max_length : 200;

        if (pk_text_has_bidi_controls (text))
          return g_strdup (_("The text contains hidden direction characters. Type it again."));
        normalized = pk_text_normalize (text);
        if (normalized == NULL)
          return g_strdup (_("This value is not valid."));
        if ((guint) pk_text_length (normalized) > max_length)
          {
            g_autofree char *n = pk_format_integer (max_length, self->language);

            return g_strdup_printf (_("This is too long: at most %s characters."), n);
          }
        if (field->pattern != NULL)
          {
            /* Codes are typed in any digit system but matched and sent in Latin digits. */
            g_autofree char *ascii = pk_text_digits_to_ascii (normalized);

            if (!g_regex_match_simple (field->pattern, ascii, 0, 0))
              return g_strdup (_("This value is not valid."));
            g_free (normalized);
            normalized = g_steal_pointer (&ascii);
          }
        node = json_node_init_string (json_node_alloc (), normalized);
      }
      break;
    }

  if (value)
    *value = node;
  else
    json_node_unref (node);
  return NULL;
}

static guint
choice_index (PkFormField *self)
{
  return gtk_drop_down_get_selected (GTK_DROP_DOWN (self->dropdown));
}

static char *
check_self (PkFormField  *self,
            JsonNode    **value)
{
  const PkApiFormField *field = self->field;

  if (value)
    *value = NULL;

  if (self->entry)
    return check_text (self, value);

  if (self->dropdown)
    {
      guint i = choice_index (self);
      PkApiChoice *choice;

      /* Position 0 is "choose…". */
      if (i == 0 || i == GTK_INVALID_LIST_POSITION || i > field->choices->len)
        return field->required ? g_strdup (_("This field is required.")) : NULL;
      choice = g_ptr_array_index (field->choices, i - 1);
      if (value)
        *value = json_node_init_string (json_node_alloc (), choice->value);
      return NULL;
    }

  if (self->check)
    {
      gboolean active = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->check));

      if (!active && field->required && g_str_equal (field->name, "accept_terms"))
        return g_strdup (_("This must be accepted to continue."));
      if (value)
        *value = json_node_init_boolean (json_node_alloc (), active);
      return NULL;
    }

  /* A group: the rows speak for themselves; here only their number. */
  if (self->rows->len < field->min_items || (field->required && self->rows->len == 0))
    return g_strdup (_("Add at least one row."));
  if (value)
    {
      JsonArray *array = json_array_new ();

      for (guint r = 0; r < self->rows->len; r++)
        {
          JsonObject *object = json_object_new ();

          for (GtkWidget *child = gtk_widget_get_first_child (self->rows->pdata[r]); child;
               child = gtk_widget_get_next_sibling (child))
            if (PK_IS_FORM_FIELD (child))
              {
                JsonNode *node = pk_form_field_get_value (PK_FORM_FIELD (child));

                if (node)
                  json_object_set_member (object, pk_form_field_get_name (PK_FORM_FIELD (child)),
                                          node);
              }
          json_array_add_object_element (array, object);
        }
      *value = json_node_init_array (json_node_alloc (), array);
      json_array_unref (array);
    }
  return NULL;
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

  message = check_self (self, NULL);
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

  message = check_self (self, &value);
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
                                        field_label (sub->field, self->language), shown);
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
      PkApiChoice *choice = g_ptr_array_index (self->field->choices, choice_index (self) - 1);

      return g_strdup (self->language == PK_LANGUAGE_ENGLISH && choice->label_en
                       ? choice->label_en : choice->label_fa);
    }
  if (self->check)
    return g_strdup (json_node_get_boolean (value) ? _("Yes") : _("No"));
  if (json_node_get_value_type (value) == G_TYPE_INT64)
    {
      gint64 n = json_node_get_int (value);

      if (is_kind (self->field, PK_FORM_FIELD_AMOUNT))
        return pk_format_amount (n, self->amount_unit, self->language);
      return format_bound (self, (double) n);
    }
  if (json_node_get_value_type (value) == G_TYPE_DOUBLE)
    return format_bound (self, json_node_get_double (value));
  if (self->field->type == PK_API_FIELD_TYPE_TEXT && !is_kind (self->field, PK_FORM_FIELD_PERSON_NAME)
      && self->field->pattern == NULL)
    return g_strdup (json_node_get_string (value));
  if (is_kind (self->field, PK_FORM_FIELD_PERSON_NAME))
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

static void
changed_cb (PkFormField *self)
{
  /* A message goes as soon as the value is right; a new one waits for the next step press. */
  self->server_mark = FALSE;
  if (self->error != NULL)
    {
      g_autofree char *message = check_self (self, NULL);

      if (message == NULL)
        show_message (self, NULL);
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

/* ---- groups ---- */

static void update_group_buttons (PkFormField *self);

static void
renumber_rows (PkFormField *self)
{
  for (guint r = 0; r < self->rows->len; r++)
    {
      GtkWidget *number = gtk_widget_get_first_child (self->rows->pdata[r]);
      g_autofree char *n = pk_format_integer (r + 1, self->language);

      gtk_label_set_label (GTK_LABEL (number), n);
    }
}

static void
remove_clicked_cb (GtkButton   *button,
                   PkFormField *self)
{
  GtkWidget *row = gtk_widget_get_parent (GTK_WIDGET (button));
  guint index;

  if (g_ptr_array_find (self->rows, row, &index))
    pk_form_field_remove_row (self, index);
}

static void
add_clicked_cb (PkFormField *self)
{
  if (pk_form_field_add_row (self))
    {
      GtkWidget *row = g_ptr_array_index (self->rows, self->rows->len - 1);
      GtkWidget *first = gtk_widget_get_next_sibling (gtk_widget_get_first_child (row));

      if (first)
        gtk_widget_grab_focus (first);
    }
}

static void
update_group_buttons (PkFormField *self)
{
  guint max = self->field->max_items ? self->field->max_items : 50;
  guint min = MAX (self->field->min_items, self->field->required ? 1 : 0);

  gtk_widget_set_sensitive (self->add_button, self->rows->len < max);
  for (guint r = 0; r < self->rows->len; r++)
    {
      GtkWidget *remove = gtk_widget_get_last_child (self->rows->pdata[r]);

      gtk_widget_set_sensitive (remove, self->rows->len > min);
    }
  changed_cb (self);
}

guint
pk_form_field_get_n_rows (PkFormField *self)
{
  g_return_val_if_fail (PK_IS_FORM_FIELD (self), 0);
  return self->rows ? self->rows->len : 0;
}

/**
 * pk_form_field_add_row:
 *
 * Adds an empty row at the end of a group, unless it already has max_items rows.
 *
 * Returns: %TRUE if a row was added
 */
gboolean
pk_form_field_add_row (PkFormField *self)
{
  GtkWidget *row;
  GtkWidget *number;
  GtkWidget *remove;
  g_autofree char *remove_label = NULL;
  guint max;

  g_return_val_if_fail (PK_IS_FORM_FIELD (self), FALSE);
  g_return_val_if_fail (self->rows != NULL, FALSE);

  max = self->field->max_items ? self->field->max_items : 50;
  if (self->rows->len >= max)
    return FALSE;

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (row, "form-row");
  number = gtk_label_new (NULL);
  gtk_widget_add_css_class (number, "form-row-number");
  gtk_widget_set_valign (number, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (row), number);
  for (guint i = 0; i < self->field->fields->len; i++)
    {
      GtkWidget *cell = pk_form_field_new (g_ptr_array_index (self->field->fields, i),
                                           self->language, self->amount_unit);

      gtk_widget_set_hexpand (cell, TRUE);
      g_signal_connect_object (cell, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (row), cell);
    }
  remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_START);
  gtk_widget_set_margin_top (remove, 28);
  gtk_widget_add_css_class (remove, "flat");
  remove_label = g_strdup_printf (_("Remove this row of %s"), field_label (self->field, self->language));
  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  gtk_box_append (GTK_BOX (row), remove);

  g_ptr_array_add (self->rows, row);
  gtk_box_append (GTK_BOX (self->rows_box), row);
  renumber_rows (self);
  update_group_buttons (self);
  return TRUE;
}

/**
 * pk_form_field_remove_row:
 *
 * Returns: %TRUE if the row was removed (a group keeps at least min_items rows)
 */
gboolean
pk_form_field_remove_row (PkFormField *self,
                          guint        row)
{
  guint min;

  g_return_val_if_fail (PK_IS_FORM_FIELD (self), FALSE);
  g_return_val_if_fail (self->rows != NULL, FALSE);

  min = MAX (self->field->min_items, self->field->required ? 1 : 0);
  if (row >= self->rows->len || self->rows->len <= min)
    return FALSE;
  gtk_box_remove (GTK_BOX (self->rows_box), self->rows->pdata[row]);
  g_ptr_array_remove_index (self->rows, row);
  renumber_rows (self);
  update_group_buttons (self);
  return TRUE;
}

/**
 * pk_form_field_get_row_field:
 *
 * Returns: (transfer none) (nullable): the cell @name of row @row of a group
 */
PkFormField *
pk_form_field_get_row_field (PkFormField *self,
                             guint        row,
                             const char  *name)
{
  g_return_val_if_fail (PK_IS_FORM_FIELD (self), NULL);

  if (self->rows == NULL || row >= self->rows->len)
    return NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (self->rows->pdata[row]); child;
       child = gtk_widget_get_next_sibling (child))
    if (PK_IS_FORM_FIELD (child) && g_strcmp0 (pk_form_field_get_name (PK_FORM_FIELD (child)), name) == 0)
      return PK_FORM_FIELD (child);
  return NULL;
}

/* ---- construction ---- */

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
      title = field->required ? g_strdup_printf ("%s *", field_label (field, self->language))
                              : g_strdup (field_label (field, self->language));
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
        g_signal_connect_swapped (self->dropdown, "notify::selected", G_CALLBACK (changed_cb), self);
        gtk_accessible_update_relation (GTK_ACCESSIBLE (self->dropdown),
                                        GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title, NULL, -1);
        gtk_box_append (GTK_BOX (self->box), self->dropdown);
      }
      break;

    case PK_API_FIELD_TYPE_BOOLEAN:
      self->check = gtk_check_button_new_with_label (field_label (field, self->language));
      gtk_widget_add_css_class (self->check, "form-check");
      g_signal_connect_swapped (self->check, "toggled", G_CALLBACK (changed_cb), self);
      gtk_box_append (GTK_BOX (self->box), self->check);
      break;

    case PK_API_FIELD_TYPE_GROUP:
      self->rows = g_ptr_array_new ();
      self->rows_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
      gtk_box_append (GTK_BOX (self->box), self->rows_box);
      {
        g_autofree char *add = g_strdup_printf (_("Add a row of %s"), field_label (field, self->language));

        self->add_button = gtk_button_new_with_label (add);
      }
      gtk_widget_set_halign (self->add_button, GTK_ALIGN_START);
      gtk_widget_add_css_class (self->add_button, "pill");
      g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (add_clicked_cb), self);
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
        g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (changed_cb), self);
        gtk_box_append (GTK_BOX (line), self->entry);
        unit = unit_suffix (field->unit);
        if (is_kind (field, PK_FORM_FIELD_AMOUNT))
          unit = unit_suffix (self->amount_unit == PK_AMOUNT_UNIT_TOMAN ? "toman" : "rial");
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
            if (is_kind (field, PK_FORM_FIELD_PERSON_NAME))
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
