/* pk-api-application.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-api-application.h"

G_DEFINE_BOXED_TYPE (PkApiApplication, pk_api_application, pk_api_application_ref, pk_api_application_unref)

PkApiApplication *
pk_api_application_new (void)
{
  PkApiApplication *self = g_atomic_rc_box_new0 (PkApiApplication);
  self->timeline = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_api_timeline_entry_free);
  return self;
}

PkApiApplication *
pk_api_application_ref (PkApiApplication *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
pk_api_application_clear (gpointer data)
{
  PkApiApplication *self = data;

  g_free (self->application_id);
  g_free (self->tracking_code);
  g_free (self->service_code);
  g_free (self->renovation_code);
  g_free (self->status_name);
  g_clear_pointer (&self->timeline, g_ptr_array_unref);
  g_free (self->permit_no);
  g_clear_pointer (&self->submitted_at, g_date_time_unref);
}

void
pk_api_application_unref (PkApiApplication *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, pk_api_application_clear);
}

PkApiTimelineEntry *
pk_api_timeline_entry_new (void)
{
  return g_new0 (PkApiTimelineEntry, 1);
}

void
pk_api_timeline_entry_free (PkApiTimelineEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->status_name);
  g_clear_pointer (&entry->at, g_date_time_unref);
  g_free (entry->note_fa);
  g_free (entry);
}
