/* pk-api-service.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-api-service.h"

#include <string.h>

G_DEFINE_BOXED_TYPE (PkApiService, pk_api_service, pk_api_service_ref, pk_api_service_unref)

PkApiService *
pk_api_service_new (void)
{
  PkApiService *self = g_atomic_rc_box_new0 (PkApiService);
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_api_form_field_free);
  self->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_api_document_spec_free);
  return self;
}

PkApiService *
pk_api_service_ref (PkApiService *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
pk_api_service_clear (gpointer data)
{
  PkApiService *self = data;

  g_free (self->code);
  g_free (self->kind_name);
  g_free (self->title_fa);
  g_free (self->title_en);
  g_free (self->description_fa);
  g_free (self->fee_formula);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
}

void
pk_api_service_unref (PkApiService *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, pk_api_service_clear);
}

/**
 * pk_api_service_find_field:
 *
 * Returns: (transfer none) (nullable): the top-level form field called @name.
 */
PkApiFormField *
pk_api_service_find_field (PkApiService *self,
                           const char   *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->fields->len; i++)
    {
      PkApiFormField *field = g_ptr_array_index (self->fields, i);

      if (g_strcmp0 (field->name, name) == 0)
        return field;
    }
  return NULL;
}

PkApiChoice *
pk_api_choice_new (void)
{
  return g_new0 (PkApiChoice, 1);
}

void
pk_api_choice_free (PkApiChoice *choice)
{
  if (choice == NULL)
    return;
  g_free (choice->value);
  g_free (choice->label_fa);
  g_free (choice->label_en);
  g_free (choice);
}

PkApiFormField *
pk_api_form_field_new (void)
{
  PkApiFormField *field = g_new0 (PkApiFormField, 1);

  field->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_api_choice_free);
  field->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_api_form_field_free);
  return field;
}

void
pk_api_form_field_free (PkApiFormField *field)
{
  if (field == NULL)
    return;
  g_free (field->name);
  g_free (field->type_name);
  g_free (field->label_fa);
  g_free (field->label_en);
  g_free (field->unit);
  g_free (field->pattern);
  g_clear_pointer (&field->choices, g_ptr_array_unref);
  g_clear_pointer (&field->fields, g_ptr_array_unref);
  g_free (field);
}

PkApiDocumentSpec *
pk_api_document_spec_new (void)
{
  PkApiDocumentSpec *spec = g_new0 (PkApiDocumentSpec, 1);

  spec->types = g_new0 (char *, 1);
  return spec;
}

void
pk_api_document_spec_free (PkApiDocumentSpec *spec)
{
  if (spec == NULL)
    return;
  g_free (spec->code);
  g_free (spec->title_fa);
  g_free (spec->title_en);
  g_strfreev (spec->types);
  g_free (spec);
}

/**
 * pk_api_document_spec_accepts:
 * @content_type: a MIME type such as "application/pdf"
 * @size: the file's size in bytes
 *
 * Checks a file against the document's type list and size limit before uploading it, so the
 * operator hears about a wrong file at once rather than after the upload.
 */
gboolean
pk_api_document_spec_accepts (PkApiDocumentSpec *spec,
                              const char        *content_type,
                              gint64             size)
{
  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (content_type != NULL, FALSE);

  if (size < 0 || (spec->max_bytes > 0 && size > spec->max_bytes))
    return FALSE;
  return g_strv_contains ((const char * const *) spec->types, content_type);
}
