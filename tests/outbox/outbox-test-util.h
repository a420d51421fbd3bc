/* outbox-test-util.h — an outbox in a directory of its own, and a sender in front of it with
 * a scripted submitter and a journal, for the outbox suites
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "fake-submitter.h"
#include "pk-journal.h"
#include "pk-outbox-private.h"
#include "pk-outbox-sender.h"
#include "wait-unref.h"

G_BEGIN_DECLS

typedef struct
{
  char      *dir;
  char      *path;
  PkOutbox  *outbox;
} Fixture;

typedef struct
{
  Fixture        f;
  FakeSubmitter *fake;
  PkJournal     *journal;
  PkOutboxSender *sender;
  guint          delivered;
  guint          failed;
  guint          login_required;
  GPtrArray     *statuses;
} SenderFixture;

void          ot_fixture_set_up       (Fixture        *f,
                                       gconstpointer   data);
void          ot_fixture_tear_down    (Fixture        *f,
                                       gconstpointer   data);
JsonObject   *ot_make_application     (guint           n);
GPtrArray    *ot_make_documents       (guint           n);
PkOutboxItem *ot_enqueue              (Fixture        *f,
                                       guint           n_docs);
gint64        ot_raw_count            (const char     *path,
                                       const char     *sql);

void          ot_sender_set_up        (SenderFixture  *sf,
                                       gconstpointer   data);
void          ot_sender_tear_down     (SenderFixture  *sf,
                                       gconstpointer   data);
gboolean      ot_timeout_fail         (gpointer        data);
void          ot_run_for              (guint           ms);
void          ot_assert_journal       (SenderFixture  *sf,
                                       guint           n_submissions,
                                       guint           n_acks);

/* Runs the main loop until @cond holds; fails the test after 20 s. */
#define WAIT_UNTIL(cond) G_STMT_START {                                             \
    guint _t = g_timeout_add_seconds (20, ot_timeout_fail, (gpointer) #cond);           \
    while (!(cond))                                                                  \
      g_main_context_iteration (NULL, TRUE);                                         \
    g_source_remove (_t);                                                            \
  } G_STMT_END

G_END_DECLS
