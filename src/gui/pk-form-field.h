/* pk-form-field.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "pk-api-service.h"
#include "pk-enums.h"

G_BEGIN_DECLS

/* Field kinds the wizard adds to the server's schema, carried in PkApiFormField.type_name of a
 * text field: a person's name (pk_validate_person_name) and an amount of money. */
#define PK_FORM_FIELD_PERSON_NAME "person_name"
#define PK_FORM_FIELD_AMOUNT      "amount"

#define PK_TYPE_FORM_FIELD (pk_form_field_get_type ())

G_DECLARE_FINAL_TYPE (PkFormField, pk_form_field, PK, FORM_FIELD, GtkWidget)

GtkWidget      *pk_form_field_new           (const PkApiFormField *field,
                                             PkLanguage            language,
                                             PkAmountUnit          amount_unit);
const char     *pk_form_field_get_name      (PkFormField          *self);
const PkApiFormField *pk_form_field_get_schema (PkFormField       *self);
gboolean        pk_form_field_validate      (PkFormField          *self,
                                             gboolean              show);
JsonNode       *pk_form_field_get_value     (PkFormField          *self);
char           *pk_form_field_get_display   (PkFormField          *self);
gboolean        pk_form_field_mark          (PkFormField          *self,
                                             const char           *subpath,
                                             const char           *message);
void            pk_form_field_clear_mark    (PkFormField          *self);
GtkEditable    *pk_form_field_get_editable  (PkFormField          *self);
void            pk_form_field_set_text      (PkFormField          *self,
                                             const char           *text);
const char     *pk_form_field_get_error     (PkFormField          *self);
void            pk_form_field_set_error     (PkFormField          *self,
                                             const char           *message);

/* Repeated groups */
guint           pk_form_field_get_n_rows    (PkFormField          *self);
gboolean        pk_form_field_add_row       (PkFormField          *self);
gboolean        pk_form_field_remove_row    (PkFormField          *self,
                                             guint                 row);
PkFormField    *pk_form_field_get_row_field (PkFormField          *self,
                                             guint                 row,
                                             const char           *name);

gboolean        pk_form_parse_number        (const char           *text,
                                             double               *value);

G_END_DECLS
