/* pk-api-application.h
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
  PkApiApplicationStatus  status;
  char                   *status_name;
  GDateTime              *at;
  char                   *note_fa;      /* nullable */
} PkApiTimelineEntry;

/* GET /applications/{tracking_code}: where an application stands. */
typedef struct
{
  char                   *application_id;
  char                   *tracking_code;
  char                   *service_code;
  char                   *renovation_code;
  PkApiApplicationStatus  status;
  char                   *status_name;
  GPtrArray              *timeline;     /* PkApiTimelineEntry, oldest first, never NULL */
  gint64                  total_rial;
  gint64                  paid_rial;
  char                   *permit_no;    /* nullable until a permit is issued */
  GDateTime              *submitted_at; /* nullable */
} PkApiApplication;

#define PK_TYPE_API_APPLICATION (pk_api_application_get_type ())

GType               pk_api_application_get_type (void) G_GNUC_CONST;
PkApiApplication   *pk_api_application_new      (void);
PkApiApplication   *pk_api_application_ref      (PkApiApplication   *self);
void                pk_api_application_unref    (PkApiApplication   *self);

PkApiTimelineEntry *pk_api_timeline_entry_new   (void);
void                pk_api_timeline_entry_free  (PkApiTimelineEntry *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkApiApplication, pk_api_application_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkApiTimelineEntry, pk_api_timeline_entry_free)

G_END_DECLS
