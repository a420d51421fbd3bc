/* permit-story.h — one operator's building-permit application, told as a row of subtests that
 * share the window, the wizard and the files of the story
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gui-test-util.h"
#include "pk-form-field.h"
#include "pk-permit-wizard.h"

G_BEGIN_DECLS

/* A residential parcel whose rules allow two floors, straight from the sandbox's database. */
typedef struct
{
  char   *renovation_code;
  double  area_m2;
  gint64  max_floors;
  double  occupancy;
  double  density;
} KnownParcel;

typedef struct
{
  PkApplication          *app;
  PkWindow               *window;
  PkPermitWizard         *wizard;     /* the one the operator is working in */
  const PkSandboxAccount *operator;
  KnownParcel             known;
  double                  ground;     /* the area of each of the two floors */
  char                   *dir;
  char                   *png;        /* the deed */
  char                   *card;
  char                   *pdf;        /* the plans, the commitment and the insurance */
  char                   *liar;       /* a PNG named .pdf */
  char                   *huge;       /* 200 MB, sparse */
  char                   *receipt;
  char                   *nid1;
  char                   *nid2;
  char                   *nid2_arabic;
  char                   *tracking;   /* once the first application is delivered */
  gboolean                finished;   /* cleared by the wizard's ::finished */
} PermitStory;

PermitStory  *permit_story             (void);
void          permit_story_add         (const char  *path,
                                        const char  *needs,
                                        GTestFunc    body);
void          permit_story_end         (void);

/* The chapters, in the order of the story: test-permit-wizard.c, then test-permit-submit.c. */
void          permit_add_wizard_chapters (void);
void          permit_add_submit_chapters (void);

/* The helpers the chapters share. */
char         *permit_national_id       (const char  *first9);
char         *permit_to_digits         (const char  *ascii,
                                        gunichar     zero);
char         *permit_tracking_as_shown (const char  *code);
char         *permit_pdf_text          (const char  *path);
char         *permit_sha256_of         (const char  *path);
void          permit_save_receipt      (const char  *path);
void          permit_wait_idle         (void);
PkFormField  *permit_field             (const char  *name);
PkFormField  *permit_cell              (const char  *group,
                                        guint        row,
                                        const char  *name);
void          permit_type_into         (PkFormField *f,
                                        const char  *text);
void          permit_next_refused      (const char  *step);
void          permit_next_accepted     (const char  *from,
                                        const char  *to);
void          permit_assert_message    (PkFormField *f,
                                        const char  *expected);
void          permit_screenshot        (const char  *name);
void          permit_attach            (const char  *code,
                                        const char  *path);
void          permit_fill_valid        (const char  *nid);
gboolean      permit_on_step           (PkWindow    *window,
                                        gpointer     step);
gboolean      permit_delivered         (PkWindow    *window,
                                        gpointer     data);
gboolean      permit_stack_still       (PkWindow    *window,
                                        gpointer     stack);
gboolean      permit_left_result       (PkWindow    *window,
                                        gpointer     data);

/* permit-bench.c: page switches timed from the press to the painted frame. */
void          permit_bench_press_next  (const char  *to);
void          permit_bench_page_switch (void);
void          permit_bench_report_first_visits (void);

G_END_DECLS
