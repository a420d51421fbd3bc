/* pk-form-field-check.c — what a value typed into a form field must be, and the message when
 * it is not, in the UI language
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

gboolean
pk_form_field_is_kind (const PkApiFormField *field,
                       const char           *kind)
{
  return field->type == PK_API_FIELD_TYPE_TEXT && g_strcmp0 (field->type_name, kind) == 0;
}

/* A unit as shown after a number, from the translated measure formats. */
char *
pk_form_field_unit_suffix (const char *unit)
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

char *
pk_form_field_format_bound (PkFormField *self,
                            double       value)
{
  g_autofree char *number = NULL;
  g_autofree char *unit = pk_form_field_unit_suffix (self->field->unit);

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
            g_autofree char *lo =
               field->has_min ? pk_form_field_format_bound (self, field->min) : NULL;
            g_autofree char *hi =
               field->has_max ? pk_form_field_format_bound (self, field->max) : NULL;

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
      if (pk_form_field_is_kind (field, PK_FORM_FIELD_PERSON_NAME))
        {
          if (!pk_validate_person_name (text, field->max_length ? field->max_length : 50,
                                        &normalized, &error))
            return g_strdup (error->message);
          node = json_node_init_string (json_node_alloc (), normalized);
          break;
        }
      if (pk_form_field_is_kind (field, PK_FORM_FIELD_AMOUNT))
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

guint
pk_form_field_choice_index (PkFormField *self)
{
  return gtk_drop_down_get_selected (GTK_DROP_DOWN (self->dropdown));
}

char *
pk_form_field_check (PkFormField  *self,
                     JsonNode    **value)
{
  const PkApiFormField *field = self->field;

  if (value)
    *value = NULL;

  if (self->entry)
    return check_text (self, value);

  if (self->dropdown)
    {
      guint i = pk_form_field_choice_index (self);
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
