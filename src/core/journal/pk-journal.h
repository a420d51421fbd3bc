/* pk-journal.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pk-journal-entry.h"

G_BEGIN_DECLS

#define PK_JOURNAL_ERROR (pk_journal_error_quark ())

/**
 * PkJournalError:
 * @PK_JOURNAL_ERROR_DATABASE: the database could not be opened, read or written (disk full,
 *   permissions, corruption): call the technician, nothing was appended
 * @PK_JOURNAL_ERROR_SCHEMA: the file was written by a newer Pishkhan: do not downgrade
 * @PK_JOURNAL_ERROR_INVALID: the entry itself is unacceptable (detail is not a JSON object)
 * @PK_JOURNAL_ERROR_BROKEN: verification found the chain broken (see #PkJournalVerification)
 * @PK_JOURNAL_ERROR_CANCELLED: the caller cancelled before the work started
 */
typedef enum
{
  PK_JOURNAL_ERROR_DATABASE,
  PK_JOURNAL_ERROR_SCHEMA,
  PK_JOURNAL_ERROR_INVALID,
  PK_JOURNAL_ERROR_BROKEN,
  PK_JOURNAL_ERROR_CANCELLED,
} PkJournalError;

/**
 * PkJournalBreak:
 * @PK_JOURNAL_BREAK_NONE: the chain is intact
 * @PK_JOURNAL_BREAK_EDITED: the entry's fields no longer match its hash, or it was rewritten
 *   with a recomputed hash that the next entry (or the head record) contradicts
 * @PK_JOURNAL_BREAK_DELETED: the entry is missing (a gap in the sequence)
 * @PK_JOURNAL_BREAK_REORDERED: the entry's previous-hash names another entry than its
 *   predecessor: entries were moved or swapped
 * @PK_JOURNAL_BREAK_BAD_GENESIS: the first entry does not chain from the genesis value
 * @PK_JOURNAL_BREAK_TRUNCATED: entries at the end were removed (the head record says more
 *   exist)
 */
typedef enum
{
  PK_JOURNAL_BREAK_NONE,
  PK_JOURNAL_BREAK_EDITED,
  PK_JOURNAL_BREAK_DELETED,
  PK_JOURNAL_BREAK_REORDERED,
  PK_JOURNAL_BREAK_BAD_GENESIS,
  PK_JOURNAL_BREAK_TRUNCATED,
} PkJournalBreak;

/* The hash the first entry chains from. */
#define PK_JOURNAL_GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct
{
  gint64         n_entries;        /* rows read */
  gint64         first_broken_seq; /* 0 when intact */
  PkJournalBreak reason;
  char           head_hash[65];    /* hash of the last entry (genesis when empty) */
} PkJournalVerification;

typedef struct
{
  guint  n_entries;
  guint  count[PK_JOURNAL_N_KINDS];
  gint64 amount_rial[PK_JOURNAL_N_KINDS];  /* sum of the amounts of entries of each kind */
} PkJournalTotals;

#define PK_TYPE_JOURNAL (pk_journal_get_type ())

G_DECLARE_FINAL_TYPE (PkJournal, pk_journal, PK, JOURNAL, GObject)

GQuark          pk_journal_error_quark     (void);
const char     *pk_journal_break_to_string (PkJournalBreak          reason);

PkJournal      *pk_journal_new_sync        (const char             *path,
                                            GCancellable           *cancellable,
                                            GError                **error);
void            pk_journal_new_async       (const char             *path,
                                            GCancellable           *cancellable,
                                            GAsyncReadyCallback     callback,
                                            gpointer                user_data);
PkJournal      *pk_journal_new_finish      (GAsyncResult           *result,
                                            GError                **error);

const char     *pk_journal_get_path        (PkJournal              *self);

PkJournalEntry *pk_journal_append          (PkJournal              *self,
                                            const PkJournalEntry   *entry,
                                            GError                **error);
void            pk_journal_append_async    (PkJournal              *self,
                                            const PkJournalEntry   *entry,
                                            GCancellable           *cancellable,
                                            GAsyncReadyCallback     callback,
                                            gpointer                user_data);
PkJournalEntry *pk_journal_append_finish   (PkJournal              *self,
                                            GAsyncResult           *result,
                                            GError                **error);

gboolean        pk_journal_verify          (PkJournal              *self,
                                            PkJournalVerification  *out,
                                            GCancellable           *cancellable,
                                            GError                **error);
void            pk_journal_verify_async    (PkJournal              *self,
                                            GCancellable           *cancellable,
                                            GAsyncReadyCallback     callback,
                                            gpointer                user_data);
gboolean        pk_journal_verify_finish   (PkJournal              *self,
                                            GAsyncResult           *result,
                                            PkJournalVerification  *out,
                                            GError                **error);

GPtrArray      *pk_journal_list_day        (PkJournal              *self,
                                            const GDate            *office_day,
                                            GError                **error);
void            pk_journal_list_day_async  (PkJournal              *self,
                                            const GDate            *office_day,
                                            GCancellable           *cancellable,
                                            GAsyncReadyCallback     callback,
                                            gpointer                user_data);
GPtrArray      *pk_journal_list_day_finish (PkJournal              *self,
                                            GAsyncResult           *result,
                                            GError                **error);
GHashTable     *pk_journal_dup_idempotency_keys (PkJournal         *self,
                                                 PkJournalKind      kind,
                                                 GError           **error);
gboolean        pk_journal_get_day_totals  (PkJournal              *self,
                                            const GDate            *office_day,
                                            PkJournalTotals        *out,
                                            GError                **error);

G_END_DECLS
