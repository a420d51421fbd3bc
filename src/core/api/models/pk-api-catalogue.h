/* pk-api-catalogue.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pk-api-service.h"

G_BEGIN_DECLS

/* GET /services */
typedef struct
{
  char      *rulebook_version;
  GPtrArray *services;          /* PkApiService, never NULL */
} PkApiCatalogue;

#define PK_TYPE_API_CATALOGUE (pk_api_catalogue_get_type ())

GType           pk_api_catalogue_get_type (void) G_GNUC_CONST;
PkApiCatalogue *pk_api_catalogue_new      (void);
PkApiCatalogue *pk_api_catalogue_ref      (PkApiCatalogue *self);
void            pk_api_catalogue_unref    (PkApiCatalogue *self);
PkApiService   *pk_api_catalogue_lookup   (PkApiCatalogue *self,
                                           const char     *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkApiCatalogue, pk_api_catalogue_unref)

G_END_DECLS
