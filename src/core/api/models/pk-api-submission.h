/* pk-api-submission.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pk-api-enums.h"
#include "pk-api-inquiry.h"

G_BEGIN_DECLS

/* POST /applications: the receipt of a submitted application. */
typedef struct
{
  char                   *application_id;
  char                   *tracking_code;
  PkApiApplicationStatus  status;
  char                   *status_name;
  GDateTime              *submitted_at;
  gint64                  total_rial;
  gint64                  paid_rial;
  gboolean                replayed;     /* the server answered from its idempotency store */
  GPtrArray              *fee_items;    /* PkApiFeeItem, never NULL (empty if not itemised) */
} PkApiSubmission;

#define PK_TYPE_API_SUBMISSION (pk_api_submission_get_type ())

GType            pk_api_submission_get_type (void) G_GNUC_CONST;
PkApiSubmission *pk_api_submission_new      (void);
PkApiSubmission *pk_api_submission_ref      (PkApiSubmission *self);
void             pk_api_submission_unref    (PkApiSubmission *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkApiSubmission, pk_api_submission_unref)

G_END_DECLS
