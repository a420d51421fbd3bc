/* pk-api-service.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pk-api-enums.h"

G_BEGIN_DECLS

typedef struct
{
  char *value;
  char *label_fa;
  char *label_en;
} PkApiChoice;

/* One field of a service's form. Numbers the server did not give are flagged by has_min /
 * has_max; max_length and max_items are 0 when unbounded. */
typedef struct
{
  char           *name;
  PkApiFieldType  type;
  char           *type_name;    /* the wire string, for a type this client does not know */
  char           *label_fa;
  char           *label_en;
  gboolean        required;
  char           *unit;         /* nullable: "m2", "m", "count", "rial" */
  gboolean        has_min;
  double          min;
  gboolean        has_max;
  double          max;
  guint           max_length;
  char           *pattern;      /* nullable */
  GPtrArray      *choices;      /* PkApiChoice, never NULL */
  GPtrArray      *fields;       /* PkApiFormField of a group row, never NULL */
  guint           min_items;
  guint           max_items;
} PkApiFormField;

typedef struct
{
  char     *code;
  char     *title_fa;
  char     *title_en;
  gboolean  required;
  char    **types;              /* MIME types, never NULL */
  gint64    max_bytes;          /* 0 when the server gave none */
} PkApiDocumentSpec;

typedef struct
{
  char             *code;
  PkApiServiceKind  kind;
  char             *kind_name;
  char             *title_fa;
  char             *title_en;
  char             *description_fa;  /* nullable */
  char             *fee_formula;     /* nullable */
  GPtrArray        *fields;          /* PkApiFormField, never NULL */
  GPtrArray        *documents;       /* PkApiDocumentSpec, never NULL */
} PkApiService;

#define PK_TYPE_API_SERVICE (pk_api_service_get_type ())

GType              pk_api_service_get_type      (void) G_GNUC_CONST;
PkApiService      *pk_api_service_new           (void);
PkApiService      *pk_api_service_ref           (PkApiService      *self);
void               pk_api_service_unref         (PkApiService      *self);
PkApiFormField    *pk_api_service_find_field    (PkApiService      *self,
                                                 const char        *name);

PkApiChoice       *pk_api_choice_new            (void);
void               pk_api_choice_free           (PkApiChoice       *choice);
PkApiFormField    *pk_api_form_field_new        (void);
void               pk_api_form_field_free       (PkApiFormField    *field);
PkApiDocumentSpec *pk_api_document_spec_new     (void);
void               pk_api_document_spec_free    (PkApiDocumentSpec *spec);
gboolean           pk_api_document_spec_accepts (PkApiDocumentSpec *spec,
                                                 const char        *content_type,
                                                 gint64             size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkApiService, pk_api_service_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkApiChoice, pk_api_choice_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkApiFormField, pk_api_form_field_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkApiDocumentSpec, pk_api_document_spec_free)

G_END_DECLS
