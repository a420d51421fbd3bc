/* pk-form-field-private.h — shared by pk-form-field.c (one field: entry, drop-down, check box,
 * its checks and message) and pk-form-field-groups.c (the rows of a repeated group)
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pk-form-field.h"

G_BEGIN_DECLS

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

const char *pk_form_field_label          (const PkApiFormField *field,
                                          PkLanguage            language);
void        pk_form_field_changed_cb     (PkFormField          *self);
void        pk_form_field_add_clicked_cb (PkFormField          *self);

/* pk-form-field-check.c */
gboolean    pk_form_field_is_kind        (const PkApiFormField *field,
                                          const char           *kind);
char       *pk_form_field_unit_suffix    (const char           *unit);
char       *pk_form_field_format_bound   (PkFormField          *self,
                                          double                value);
guint       pk_form_field_choice_index   (PkFormField          *self);
char       *pk_form_field_check          (PkFormField          *self,
                                          JsonNode            **value);

G_END_DECLS
