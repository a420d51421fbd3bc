/* pk-journal-private.h — what the journal's files share
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pk-journal.c has the object, the canonical hash and the appends; pk-journal-verify.c reads
 * rows back and walks the chain; pk-journal-day.c answers the supervisor's questions about
 * one office day. The connection is used with the lock held.
 */
#pragma once

#include <sqlite3.h>

#include "pk-journal.h"
#include "pk-sqlite-util.h"

G_BEGIN_DECLS

struct _PkJournal
{
  GObject        parent_instance;

  char          *path;
  sqlite3       *db;
  GMutex         lock;            /* the connection and its statements */
  PkSqliteCache *statements;

  GMutex         queue_lock;      /* the two below */
  GQueue         queue;           /* GTask of pending _async appends */
  gboolean       writer_running;
};

/* A row as read: the strings are borrowed from the statement and valid until its next step,
 * which is all the walk needs (it keeps only the previous row's hash, in a buffer). Not
 * copying them keeps verification of 100k entries allocation-free per row. */
typedef struct
{
  gint64      seq;
  gint64      at_us;
  const char *operator_name;
  const char *kind;
  const char *service_code;
  const char *tracking_code;
  gboolean    has_amount;
  gint64      amount_rial;
  const char *outcome;
  const char *detail;
  char        prev_hash[65];
  char        hash[65];
  gboolean    self_consistent;
} PkJournalRow;

#define PK_JOURNAL_ROW_COLUMNS \
  "seq, at_us, operator, kind, service_code, tracking_code, amount_rial, outcome," \
  " detail, prev_hash, hash"

gint64  pk_journal_date_time_to_unix_us (GDateTime     *dt);
void    pk_journal_compute_hash         (gint64         seq,
                                         gint64         at_us,
                                         const char    *operator_name,
                                         const char    *kind,
                                         const char    *service_code,
                                         const char    *tracking_code,
                                         gboolean       has_amount,
                                         gint64         amount_rial,
                                         const char    *outcome,
                                         const char    *detail_json,
                                         const char    *prev_hash,
                                         char           out_hex[65]);
void    pk_journal_row_clear            (PkJournalRow  *row);
void    pk_journal_row_read             (sqlite3_stmt  *stmt,
                                         PkJournalRow  *row);

G_END_DECLS
