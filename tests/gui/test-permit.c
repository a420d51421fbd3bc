/* test-permit.c — an operator takes a building-permit application through the wizard in the
 * real window against the training sandbox: bad input at every step, real files (and one that
 * lies about its type), submit, tracking code; then what the sandbox stored is checked.
 *
 * The story is told in chapters, one subtest each (test-permit-wizard.c, test-permit-submit.c),
 * in one application whose window they share; see permit-story.c. The single fields come first.
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "permit-story.h"

/* ---- single fields, from schemas the sandbox's services use ---- */

static PkApiFormField *
schema (const char     *name,
        PkApiFieldType  type,
        gboolean        required)
{
  PkApiFormField *f = pk_api_form_field_new ();

  f->name = g_strdup (name);
  f->type = type;
  f->label_fa = g_strdup (name);
  f->required = required;
  return f;
}

static char *
value_of (GtkWidget *widget)
{
  g_autoptr(JsonNode) value = pk_form_field_get_value (PK_FORM_FIELD (widget));

  return value ? json_to_string (value, FALSE) : NULL;
}

static void
check (GtkWidget  *widget,
       const char *typed,
       const char *json,
       const char *message)
{
  g_autofree char *got = NULL;

  pk_form_field_set_text (PK_FORM_FIELD (widget), typed);
  g_assert_cmpint (pk_form_field_validate (PK_FORM_FIELD (widget), TRUE), ==, message == NULL);
  g_assert_cmpstr (pk_form_field_get_error (PK_FORM_FIELD (widget)), ==, message);
  got = value_of (widget);
  g_assert_cmpstr (got, ==, json);
}

static void
test_form_field (void)
{
  g_autoptr(PkApiFormField) date = schema ("letter_date", PK_API_FIELD_TYPE_DATE, TRUE);
  g_autoptr(PkApiFormField) postal = schema ("correspondence_postal_code", PK_API_FIELD_TYPE_POSTAL_CODE, FALSE);
  g_autoptr(PkApiFormField) days = schema ("duration_days", PK_API_FIELD_TYPE_INTEGER, TRUE);
  g_autoptr(PkApiFormField) width = schema ("width_m", PK_API_FIELD_TYPE_DECIMAL, TRUE);
  g_autoptr(PkApiFormField) lit = schema ("illuminated", PK_API_FIELD_TYPE_BOOLEAN, FALSE);
  g_autoptr(PkApiFormField) utility = schema ("utility", PK_API_FIELD_TYPE_CHOICE, TRUE);
  g_autoptr(PkApiFormField) letter = schema ("letter_no", PK_API_FIELD_TYPE_TEXT, TRUE);
  g_autoptr(PkApiFormField) parts = schema ("other_parcels", PK_API_FIELD_TYPE_GROUP, TRUE);
  PkApiChoice *choice = pk_api_choice_new ();
  GtkWidget *w;
  g_autofree char *range = NULL;

  gtk_init ();
  days->has_min = width->has_min = TRUE;
  days->has_max = width->has_max = TRUE;
  days->min = 1;
  days->max = 365;
  width->min = 0.2;
  width->max = 30;
  width->unit = g_strdup ("m");
  letter->max_length = 20;
  letter->pattern = g_strdup ("^[0-9][0-9/-]{0,19}$");
  choice->value = g_strdup ("water");
  choice->label_fa = g_strdup ("آب");
  g_ptr_array_add (utility->choices, choice);
  parts->min_items = 1;
  parts->max_items = 2;
  g_ptr_array_add (parts->fields, schema ("renovation_code", PK_API_FIELD_TYPE_TEXT, TRUE));

  /* Jalali dates in any digit system, sent as yyyy/MM/dd in Latin digits. */
  w = g_object_ref_sink (pk_form_field_new (date, PK_LANGUAGE_PERSIAN, PK_AMOUNT_UNIT_RIAL));
  check (w, "۱۴۰۵/۰۸/۳۰", "\"1405/08/30\"", NULL);
  check (w, "١٤٠٣/١٢/٣٠", "\"1403/12/30\"", NULL);          /* 1403 is a leap year */
  check (w, "1404/12/30", NULL, _("This date does not exist in the calendar."));
  check (w, "", NULL, _("This field is required."));
  g_object_unref (w);

  w = g_object_ref_sink (pk_form_field_new (postal, PK_LANGUAGE_PERSIAN, PK_AMOUNT_UNIT_RIAL));
  check (w, "", NULL, NULL);                                   /* optional */
  check (w, "12345", NULL, _("The postal code has 10 digits."));
  g_object_unref (w);

  w = g_object_ref_sink (pk_form_field_new (days, PK_LANGUAGE_PERSIAN, PK_AMOUNT_UNIT_RIAL));
  check (w, "۳۰", "30", NULL);
  check (w, "3.5", NULL, _("Enter a whole number."));
  check (w, "سی", NULL, _("Enter a number in digits."));
  pk_form_field_set_text (PK_FORM_FIELD (w), "400");
  g_assert_false (pk_form_field_validate (PK_FORM_FIELD (w), TRUE));
  range = g_strdup (pk_form_field_get_error (PK_FORM_FIELD (w)));
  g_assert_true (pk_test_has_persian_digit (range));           /* ۱ and ۳۶۵ */
  g_object_unref (w);

  w = g_object_ref_sink (pk_form_field_new (width, PK_LANGUAGE_PERSIAN, PK_AMOUNT_UNIT_RIAL));
  check (w, "۲٫۵", "2.5", NULL);                                /* Persian decimal separator */
  check (w, "-1", NULL, _("This cannot be negative."));
  pk_form_field_set_text (PK_FORM_FIELD (w), "0.1");
  g_assert_false (pk_form_field_validate (PK_FORM_FIELD (w), TRUE));
  g_assert_true (pk_test_has_persian_digit (pk_form_field_get_error (PK_FORM_FIELD (w))));
  check (w, "2.555", NULL, _("Use at most two digits after the decimal point."));
  g_object_unref (w);

  w = g_object_ref_sink (pk_form_field_new (lit, PK_LANGUAGE_PERSIAN, PK_AMOUNT_UNIT_RIAL));
  check (w, "true", "true", NULL);
  check (w, "false", "false", NULL);
  g_object_unref (w);

  w = g_object_ref_sink (pk_form_field_new (utility, PK_LANGUAGE_PERSIAN, PK_AMOUNT_UNIT_RIAL));
  check (w, "gold", NULL, _("This field is required."));
  check (w, "water", "\"water\"", NULL);
  g_object_unref (w);

  w = g_object_ref_sink (pk_form_field_new (letter, PK_LANGUAGE_PERSIAN, PK_AMOUNT_UNIT_RIAL));
  check (w, "۱۲۳/۴۵", "\"123/45\"", NULL);
  check (w, "abc", NULL, _("This value is not valid."));
  check (w, "1\u202e2", NULL, _("The text contains hidden direction characters. Type it again."));
  g_object_unref (w);

  /* Groups keep between min_items and max_items rows. */
  w = g_object_ref_sink (pk_form_field_new (parts, PK_LANGUAGE_PERSIAN, PK_AMOUNT_UNIT_RIAL));
  g_assert_cmpuint (pk_form_field_get_n_rows (PK_FORM_FIELD (w)), ==, 1);
  g_assert_false (pk_form_field_remove_row (PK_FORM_FIELD (w), 0));
  g_assert_true (pk_form_field_add_row (PK_FORM_FIELD (w)));
  g_assert_false (pk_form_field_add_row (PK_FORM_FIELD (w)));
  pk_form_field_set_text (pk_form_field_get_row_field (PK_FORM_FIELD (w), 0, "renovation_code"), "a");
  pk_form_field_set_text (pk_form_field_get_row_field (PK_FORM_FIELD (w), 1, "renovation_code"), "b");
  g_assert_true (pk_form_field_validate (PK_FORM_FIELD (w), TRUE));
  {
    g_autofree char *got = value_of (w);

    g_assert_cmpstr (got, ==, "[{\"renovation_code\":\"a\"},{\"renovation_code\":\"b\"}]");
  }
  g_assert_true (pk_form_field_mark (PK_FORM_FIELD (w), "[1].renovation_code", "x"));
  g_assert_cmpstr (pk_form_field_get_error (pk_form_field_get_row_field (PK_FORM_FIELD (w), 1, "renovation_code")), ==, "x");
  g_assert_true (pk_form_field_remove_row (PK_FORM_FIELD (w), 0));
  g_assert_cmpuint (pk_form_field_get_n_rows (PK_FORM_FIELD (w)), ==, 1);
  g_object_unref (w);
}

static void
story_end (gpointer data)
{
  permit_story_end ();
}

int
main (int   argc,
      char *argv[])
{
  pk_test_gui_init (&argc, &argv);
  g_test_add_func ("/gui/permit/form-field", test_form_field);
  /* In the order of the story: GTest runs a suite's cases before its child suites, and the
   * suites in the order they were first named. */
  permit_add_wizard_chapters ();
  permit_add_submit_chapters ();
  return pk_test_gui_run_tests (FALSE, story_end);
}
