/* pk-outbox-store-private.h — what the outbox's own files share: the instance struct, the
 * statement helpers and the count notifications
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pk-outbox.c has the object, its life cycle, counts and async plumbing; pk-outbox-queue.c
 * reads items and enqueues them; pk-outbox-transitions.c has the state changes. Everything
 * declared here is called with the lock held, except pk_outbox_post_notify().
 */
#pragma once

#include <sqlite3.h>

#include "pk-outbox-private.h"
#include "pk-sqlite-util.h"

G_BEGIN_DECLS

struct _PkOutbox
{
  GObject        parent_instance;

  char          *path;
  sqlite3       *db;
  GMutex         lock;
  GMainContext  *context;

  guint          counts[4];     /* by PkOutboxState, as last signalled (main context) */
  guint64        counts_seq;    /* the snapshot they come from (main context) */
  guint          db_counts[4];  /* by PkOutboxState, as in the database (under the lock) */
  guint64        db_seq;        /* snapshots of db_counts taken so far (under the lock) */
  PkSqliteCache *statements;    /* see pk_outbox_prepare() */
  guint          n_recovered;
};

/* A snapshot of the counts, taken under the lock and posted to the main context. */
typedef struct
{
  PkOutbox *self;
  guint     counts[4];
  guint64   seq;
  gboolean  work_added;
} PkOutboxNotify;

PkOutboxNotify *pk_outbox_collect_counts_locked (PkOutbox        *self,
                                                 gboolean         work_added);
void            pk_outbox_adjust_counts_locked  (PkOutbox        *self,
                                                 int              from,
                                                 int              to);
void            pk_outbox_post_notify           (PkOutbox        *self,
                                                 PkOutboxNotify  *n);

sqlite3_stmt   *pk_outbox_prepare               (PkOutbox        *self,
                                                 const char      *sql,
                                                 GError         **error);
gboolean        pk_outbox_exec_cached_locked    (PkOutbox        *self,
                                                 const char      *sql,
                                                 const char      *what,
                                                 GError         **error);
PkOutboxState   pk_outbox_state_from_string     (const char      *str);
PkOutboxItem   *pk_outbox_read_item_locked      (PkOutbox        *self,
                                                 gint64           id,
                                                 gboolean         with_data,
                                                 GError         **error);

G_END_DECLS
