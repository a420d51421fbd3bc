/* gui-test-util.h — drive the real kiosk window in tests like a person would
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pk-api-application.h"
#include "pk-api-permit.h"
#include "pk-application.h"
#include "pk-journal.h"
#include "pk-permit-page.h"
#include "pk-sandbox-server.h"
#include "pk-window.h"

G_BEGIN_DECLS

typedef gboolean (*PkTestCondition) (PkWindow *window, gpointer data);
typedef void     (*PkTestScenario)  (PkApplication *app, PkWindow *window, gpointer data);

void                    pk_test_gui_init          (int          *argc,
                                                   char       ***argv);
gboolean                pk_test_gui_persian       (void);
void                    pk_test_gui_run           (gboolean        kiosk,
                                                   PkTestScenario  scenario,
                                                   gpointer        data);
int                     pk_test_gui_run_tests     (gboolean        kiosk,
                                                   GDestroyNotify  after);
PkApplication          *pk_test_app               (void);
PkWindow               *pk_test_window            (void);
GPtrArray              *pk_test_collect_labels    (GtkWidget    *root);
void                    pk_test_collect_type      (GtkWidget    *root,
                                                   GType         type,
                                                   GPtrArray    *out);
GtkLabel               *pk_test_find_label        (GPtrArray    *labels,
                                                   const char   *text);
GtkLabel               *pk_test_find_label_with_class (GtkWidget  *root,
                                                       const char *css_class);
GtkWidget              *pk_test_find_action_button (GtkWidget   *root,
                                                    const char  *action_name);
void                    pk_test_click             (GtkWidget    *root,
                                                   const char   *action_name);
void                    pk_test_wait_until        (PkWindow        *window,
                                                   PkTestCondition  condition,
                                                   gpointer         data,
                                                   const char      *what);
gboolean                pk_test_page_is           (PkWindow     *window,
                                                   gpointer      name);
gboolean                pk_test_label_visible     (PkWindow     *window,
                                                   gpointer      text);
void                    pk_test_settle            (void);
const PkSandboxAccount *pk_test_training_account  (const char   *role);
void                    pk_test_sign_in           (PkWindow     *window,
                                                   const char   *office,
                                                   const char   *username,
                                                   const char   *password);
const char             *pk_test_login_entry_text  (PkWindow     *window,
                                                   guint         index);
void                    pk_test_save_screenshot   (GtkWidget    *window,
                                                   const char   *name);
gboolean                pk_test_has_arabic_script (const char   *text);
gboolean                pk_test_has_persian_digit (const char   *text);
char                   *pk_test_sandbox_db_path   (void);
PkApiApplication       *pk_test_file_application  (PkWindow     *window,
                                                   PkApiClient  *app_client,
                                                   const char   *national_id,
                                                   gboolean      pay);
PkApiPermit            *pk_test_get_permit        (PkWindow     *window,
                                                   PkApiClient  *client,
                                                   const char   *permit_no);

/* The permit page and the status page, as the printing tests drive them. */
PkPermitPage           *pk_test_permit_page       (PkWindow     *window);
gboolean                pk_test_permit_idle       (PkWindow     *window,
                                                   gpointer      data);
gboolean                pk_test_status_idle       (PkWindow     *window,
                                                   gpointer      data);
guint                   pk_test_count_pdfs        (const char   *dir);
guint                   pk_test_count_journal     (PkApplication *app,
                                                   PkJournalKind  kind,
                                                   const char    *tracking_code);

G_END_DECLS
