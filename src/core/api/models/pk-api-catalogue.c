/* pk-api-catalogue.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-api-catalogue.h"

G_DEFINE_BOXED_TYPE (PkApiCatalogue, pk_api_catalogue, pk_api_catalogue_ref, pk_api_catalogue_unref)

PkApiCatalogue *
pk_api_catalogue_new (void)
{
  PkApiCatalogue *self = g_atomic_rc_box_new0 (PkApiCatalogue);
  self->services = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_api_service_unref);
  return self;
}

PkApiCatalogue *
pk_api_catalogue_ref (PkApiCatalogue *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
pk_api_catalogue_clear (gpointer data)
{
  PkApiCatalogue *self = data;

  g_free (self->rulebook_version);
  g_clear_pointer (&self->services, g_ptr_array_unref);
}

void
pk_api_catalogue_unref (PkApiCatalogue *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, pk_api_catalogue_clear);
}

/**
 * pk_api_catalogue_lookup:
 *
 * Returns: (transfer none) (nullable): the service with @code.
 */
PkApiService *
pk_api_catalogue_lookup (PkApiCatalogue *self,
                         const char     *code)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < self->services->len; i++)
    {
      PkApiService *service = g_ptr_array_index (self->services, i);

      if (g_strcmp0 (service->code, code) == 0)
        return service;
    }
  return NULL;
}
