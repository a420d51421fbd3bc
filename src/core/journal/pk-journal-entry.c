/* pk-journal-entry.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pk-journal-entry.h"

/* Stable on-disk names: they are hashed, so they must never change. */
static const char *kind_names[PK_JOURNAL_N_KINDS] = {
  [PK_JOURNAL_KIND_INQUIRY] = "inquiry",
  [PK_JOURNAL_KIND_SUBMISSION] = "submission",
  [PK_JOURNAL_KIND_ACKNOWLEDGEMENT] = "acknowledgement",
  [PK_JOURNAL_KIND_PRINT] = "print",
  [PK_JOURNAL_KIND_REPRINT] = "reprint",
};

const char *
pk_journal_kind_to_string (PkJournalKind kind)
{
  g_return_val_if_fail (kind < PK_JOURNAL_N_KINDS, NULL);

  return kind_names[kind];
}

gboolean
pk_journal_kind_from_string (const char    *str,
                             PkJournalKind *out_kind)
{
  g_return_val_if_fail (out_kind != NULL, FALSE);

  for (guint i = 0; str != NULL && i < PK_JOURNAL_N_KINDS; i++)
    if (strcmp (kind_names[i], str) == 0)
      {
        *out_kind = i;
        return TRUE;
      }
  return FALSE;
}

typedef struct
{
  PkJournalEntry entry;
  gatomicrefcount ref_count;
} PkJournalEntryReal;

G_DEFINE_BOXED_TYPE (PkJournalEntry, pk_journal_entry, pk_journal_entry_ref, pk_journal_entry_unref)

static PkJournalEntry *
entry_alloc (void)
{
  PkJournalEntryReal *real = g_new0 (PkJournalEntryReal, 1);

  g_atomic_ref_count_init (&real->ref_count);
  return &real->entry;
}

PkJournalEntry *
pk_journal_entry_new (PkJournalKind  kind,
                      const char    *operator_name,
                      const char    *outcome)
{
  PkJournalEntry *self;

  g_return_val_if_fail (kind < PK_JOURNAL_N_KINDS, NULL);
  g_return_val_if_fail (operator_name != NULL, NULL);
  g_return_val_if_fail (outcome != NULL, NULL);

  self = entry_alloc ();
  self->kind = kind;
  self->operator_name = g_strdup (operator_name);
  self->outcome = g_strdup (outcome);
  return self;
}

PkJournalEntry *
pk_journal_entry_copy (const PkJournalEntry *self)
{
  PkJournalEntry *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = entry_alloc ();
  copy->seq = self->seq;
  copy->at = self->at ? g_date_time_ref (self->at) : NULL;
  copy->operator_name = g_strdup (self->operator_name);
  copy->kind = self->kind;
  copy->service_code = g_strdup (self->service_code);
  copy->tracking_code = g_strdup (self->tracking_code);
  copy->has_amount = self->has_amount;
  copy->amount_rial = self->amount_rial;
  copy->outcome = g_strdup (self->outcome);
  copy->detail_json = g_strdup (self->detail_json);
  memcpy (copy->prev_hash, self->prev_hash, sizeof copy->prev_hash);
  memcpy (copy->hash, self->hash, sizeof copy->hash);
  return copy;
}

PkJournalEntry *
pk_journal_entry_ref (PkJournalEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&((PkJournalEntryReal *) self)->ref_count);
  return self;
}

void
pk_journal_entry_unref (PkJournalEntry *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&((PkJournalEntryReal *) self)->ref_count))
    return;
  g_clear_pointer (&self->at, g_date_time_unref);
  g_free (self->operator_name);
  g_free (self->service_code);
  g_free (self->tracking_code);
  g_free (self->outcome);
  g_free (self->detail_json);
  g_free (self);
}

void
pk_journal_entry_set_amount (PkJournalEntry *self,
                             gint64          amount_rial)
{
  g_return_if_fail (self != NULL);

  self->has_amount = TRUE;
  self->amount_rial = amount_rial;
}
