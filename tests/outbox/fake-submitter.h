/* fake-submitter.h — a scripted PkSubmitter for the sender tests
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pk-submitter.h"

G_BEGIN_DECLS

#define FAKE_TYPE_SUBMITTER (fake_submitter_get_type ())
G_DECLARE_FINAL_TYPE (FakeSubmitter, fake_submitter, FAKE, SUBMITTER, GObject)

FakeSubmitter *fake_submitter_new (void);

/* Next answers, in order, to any call (upload or submit); NULL = success. Takes @error. */
void        fake_submitter_push        (FakeSubmitter *self,
                                        GError        *error);
/* Calls that arrive while this is set are held (never answered) until released. */
void        fake_submitter_set_hold    (FakeSubmitter *self,
                                        gboolean       hold);
/* Held calls, in the order they arrived. */
guint       fake_submitter_n_held      (FakeSubmitter *self);
/* The key a held submit carries (NULL for a held upload). */
const char *fake_submitter_held_key    (FakeSubmitter *self,
                                        guint          index);
/* Answers held call @index: success if @error is NULL, else @error (taken). */
void        fake_submitter_answer_held (FakeSubmitter *self,
                                        guint          index,
                                        GError        *error);
guint       fake_submitter_n_uploads   (FakeSubmitter *self);
guint       fake_submitter_n_submits   (FakeSubmitter *self);
GPtrArray  *fake_submitter_get_keys    (FakeSubmitter *self);   /* key of every submit */
GPtrArray  *fake_submitter_get_bodies  (FakeSubmitter *self);   /* body of every submit */

G_END_DECLS
