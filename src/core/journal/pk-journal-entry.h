/* pk-journal-entry.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * PkJournalKind:
 *
 * What happened at the counter. The journal stores the kind as its stable string
 * (pk_journal_kind_to_string()), never as the number, so reordering this enum cannot change
 * the meaning or the hash of old entries.
 */
typedef enum
{
  PK_JOURNAL_KIND_INQUIRY,
  PK_JOURNAL_KIND_SUBMISSION,
  PK_JOURNAL_KIND_ACKNOWLEDGEMENT,
  PK_JOURNAL_KIND_PRINT,
  PK_JOURNAL_KIND_REPRINT,
  PK_JOURNAL_N_KINDS,
} PkJournalKind;

const char *pk_journal_kind_to_string   (PkJournalKind  kind);
gboolean    pk_journal_kind_from_string (const char    *str,
                                         PkJournalKind *out_kind);

/**
 * PkJournalEntry:
 * @seq: position in the chain, 1 for the first entry; 0 before it is appended
 * @at: when it happened, UTC
 * @operator_name: who did it (the logged-in username)
 * @kind: what happened
 * @service_code: (nullable): the service concerned
 * @tracking_code: (nullable): the server's tracking code, once known
 * @has_amount: whether @amount_rial is meaningful
 * @amount_rial: an amount in Rial (fees, receipt)
 * @outcome: a short machine-readable outcome ("ok", "queued", "delivered", "rejected:validation")
 * @detail_json: (nullable): free JSON detail (a compact object)
 * @prev_hash: lower-case hex SHA-256 of the previous entry (the genesis value for the first)
 * @hash: lower-case hex SHA-256 of this entry's canonical serialisation
 *
 * One journal line. A plain reference-counted record: fill the first fields and append it;
 * the journal returns a new entry with @seq, @prev_hash and @hash set.
 */
typedef struct
{
  gint64         seq;
  GDateTime     *at;
  char          *operator_name;
  PkJournalKind  kind;
  char          *service_code;
  char          *tracking_code;
  gboolean       has_amount;
  gint64         amount_rial;
  char          *outcome;
  char          *detail_json;
  char           prev_hash[65];
  char           hash[65];
} PkJournalEntry;

#define PK_TYPE_JOURNAL_ENTRY (pk_journal_entry_get_type ())

GType           pk_journal_entry_get_type (void) G_GNUC_CONST;
PkJournalEntry *pk_journal_entry_new      (PkJournalKind         kind,
                                           const char           *operator_name,
                                           const char           *outcome);
PkJournalEntry *pk_journal_entry_copy     (const PkJournalEntry *self);
PkJournalEntry *pk_journal_entry_ref      (PkJournalEntry       *self);
void            pk_journal_entry_unref    (PkJournalEntry       *self);
void            pk_journal_entry_set_amount (PkJournalEntry     *self,
                                             gint64              amount_rial);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkJournalEntry, pk_journal_entry_unref)

G_END_DECLS
