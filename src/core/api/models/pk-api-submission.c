/* pk-api-submission.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-api-submission.h"

G_DEFINE_BOXED_TYPE (PkApiSubmission, pk_api_submission, pk_api_submission_ref, pk_api_submission_unref)

PkApiSubmission *
pk_api_submission_new (void)
{
  PkApiSubmission *self = g_atomic_rc_box_new0 (PkApiSubmission);

  self->fee_items = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_api_fee_item_free);
  return self;
}

PkApiSubmission *
pk_api_submission_ref (PkApiSubmission *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
pk_api_submission_clear (gpointer data)
{
  PkApiSubmission *self = data;

  g_free (self->application_id);
  g_free (self->tracking_code);
  g_free (self->status_name);
  g_clear_pointer (&self->submitted_at, g_date_time_unref);
  g_clear_pointer (&self->fee_items, g_ptr_array_unref);
}

void
pk_api_submission_unref (PkApiSubmission *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, pk_api_submission_clear);
}
