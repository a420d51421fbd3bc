/* pk-form-field-groups.c — a field's repeated group of rows: add, remove, renumber
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pk-form-field-private.h"
#include "pk-format.h"

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

void
pk_form_field_add_clicked_cb (PkFormField *self)
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
  pk_form_field_changed_cb (self);
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
      g_signal_connect_object (cell, "changed", G_CALLBACK (pk_form_field_changed_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (row), cell);
    }
  remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_START);
  gtk_widget_set_margin_top (remove, 28);
  gtk_widget_add_css_class (remove, "flat");
  remove_label = g_strdup_printf (_("Remove this row of %s"),
                                  pk_form_field_label (self->field, self->language));
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
