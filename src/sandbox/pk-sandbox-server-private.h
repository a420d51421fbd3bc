/* pk-sandbox-server-private.h — what the sandbox server's files share
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PkSandboxServer is one type split by resource, Text Editor's -private.h pattern: the object
 * and its storage in pk-sandbox-server.c, the route table in pk-sandbox-routes.c, one file per
 * resource of docs/api-v1.md beside them. Nothing here is public API.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "pk-sandbox-catalogue.h"
#include "pk-sandbox-keys.h"
#include "pk-sandbox-server.h"

G_BEGIN_DECLS

#define API_PREFIX          "/api/v1/"
#define MAX_BODY            (1024 * 1024)
/* No request of the contract nests deeper than 5; the client's parser allows 64. */
#define PK_SANDBOX_MAX_JSON_DEPTH 32
#define MAX_DOCUMENT        (10 * 1024 * 1024)
#define PAGE_DEFAULT        20
#define PAGE_MAX            100
#define INQUIRY_VALID_DAYS  90
#define PERMIT_VALID_DAYS   730
#define QR_URL_HOST         "VERIFY.PISHKHAN.IR"

typedef struct
{
  char   *token;
  char   *office_code;
  char   *office_name;
  char   *city;
  char   *username;
  char   *display_name;
  char   *role;
  gint64  expires_at;
} PkSandboxSession;

/* WAL checkpoints on a thread of their own, with a connection of their own: the
 * checkpoint copies pages into the database file and syncs it, and done by the committing
 * connection it stalled the main loop (every request) for that long every thousand pages. */
typedef struct
{
  GThread         *thread;
  GMutex           lock;
  GCond            cond;
  sqlite3         *db;
  gboolean         wanted;
  gboolean         quit;
} PkSandboxCheckpointer;

struct _PkSandboxServer
{
  GObject          parent_instance;

  /* owned */
  char            *data_dir;
  sqlite3         *db;
  GHashTable      *stmts;       /* static SQL text → sqlite3_stmt */
  GHashTable      *sessions;    /* token → PkSandboxSession */
  GHashTable      *service_schemas; /* code → sealed JsonNode: the catalogue never changes */
  SoupServer      *soup;
  char            *services_json;
  PkSandboxKeys    keys;
  PkSandboxFaults  faults;
  guint64          fault_state;
  PkSandboxCheckpointer checkpointer;

  guint64          seed;
  guint16          port;
  guint            review_delay;
  guint            token_lifetime;
  gboolean         faults_enabled;
  /* Seconds POST /_sandbox/clock moved the sandbox's clock on: tests see tokens expire and
   * reviews end without waiting. */
  gint64           clock_offset;
};

/* Every route's handler; @arg is the path segment the route's "*" matched, or NULL. */
typedef void (*PkSandboxHandler) (PkSandboxServer   *self,
                                  SoupServerMessage *msg,
                                  const char        *arg,
                                  GHashTable        *query);

#define ADD_STR(jb, name, value) G_STMT_START { \
    json_builder_set_member_name (jb, name); \
    if ((value) != NULL) json_builder_add_string_value (jb, value); \
    else json_builder_add_null_value (jb); \
  } G_STMT_END
#define ADD_INT(jb, name, value) G_STMT_START { \
    json_builder_set_member_name (jb, name); json_builder_add_int_value (jb, value); \
  } G_STMT_END
#define ADD_DBL(jb, name, value) G_STMT_START { \
    json_builder_set_member_name (jb, name); json_builder_add_double_value (jb, value); \
  } G_STMT_END
#define ADD_NODE(jb, name, node) G_STMT_START { \
    json_builder_set_member_name (jb, name); json_builder_add_value (jb, node); \
  } G_STMT_END

typedef struct
{
  char    *renovation_code;
  char    *zone;
  char    *land_use;
  gint     district;
  gint     block;
  gdouble  area;
  gdouble  frontage;
  char    *json;
} PkSandboxParcel;

typedef struct
{
  gdouble density, occupancy, height, setback_front, setback_back, parking, min_plot;
  gint    max_floors;
} PkSandboxRules;

/* Storage (pk-sandbox-server.c): cached statements, identifiers. */

sqlite3_stmt *
pk_sandbox_stmt (PkSandboxServer *self,
                 const char      *sql);
gboolean
pk_sandbox_exec_stmt (PkSandboxServer *self,
                      sqlite3_stmt    *s);
char *
pk_sandbox_col_dup (sqlite3_stmt *s,
                    int           i);
char *
pk_sandbox_random_id (const char *prefix,
                      guint       n_bytes);
char *
pk_sandbox_tracking_code (void);

/* The one clock and the dates it gives (pk-sandbox-clock.c). */

gint64
pk_sandbox_server_now (PkSandboxServer *self);
char *
pk_sandbox_rfc3339 (gint64 unix_s);
char *
pk_sandbox_iso_date (gint64 unix_s);
char *
pk_sandbox_iso_date_after (gint64 unix_s,
                           guint  days);
char *
pk_sandbox_end_of_day (const char *iso_day);
guint
pk_sandbox_jalali_year (gint64 unix_s);

/* Requests and answers (pk-sandbox-http.c). Lenient lookups: a wrong type reads as absent. */

JsonNode *
pk_sandbox_parse_json (const char *text,
                       gsize       len);
JsonNode *
pk_sandbox_parse_stored (const char *text);
const char *
pk_sandbox_obj_string (JsonObject *obj,
                       const char *name);
gboolean
pk_sandbox_obj_number (JsonObject *obj,
                       const char *name,
                       gdouble    *out);
gboolean
pk_sandbox_obj_integer (JsonObject *obj,
                        const char *name,
                        gint64     *out);
void
pk_sandbox_respond_text (SoupServerMessage *msg,
                         guint              status,
                         char              *json_take);
void
pk_sandbox_respond_node (SoupServerMessage *msg,
                         guint              status,
                         JsonNode          *node);
void
pk_sandbox_respond_builder (SoupServerMessage *msg,
                            guint              status,
                            JsonBuilder       *jb);
void
pk_sandbox_respond_error (SoupServerMessage *msg,
                          guint              status,
                          const char        *code,
                          const char        *message_fa,
                          JsonObject        *fields);
void
pk_sandbox_respond_validation (SoupServerMessage *msg,
                               JsonObject        *fields);
void
pk_sandbox_respond_method_not_allowed (SoupServerMessage *msg);
gboolean
pk_sandbox_forbid (SoupServerMessage *msg);
JsonNode *
pk_sandbox_body_object (SoupServerMessage *msg);
void
pk_sandbox_watch_message (SoupServerMessage *msg,
                          gboolean          *gone,
                          gulong             ids[2]);
void
pk_sandbox_unwatch_message (SoupServerMessage *msg,
                            gulong             ids[2]);

/* Sessions (pk-sandbox-sessions.c). authenticate answers 401 itself and returns NULL. */

void
pk_sandbox_session_free (PkSandboxSession *s);
PkSandboxSession *
pk_sandbox_authenticate (PkSandboxServer   *self,
                         SoupServerMessage *msg);
gboolean
pk_sandbox_is_kiosk (const PkSandboxSession *s);
void
pk_sandbox_handle_login (PkSandboxServer   *self,
                         SoupServerMessage *msg,
                         const char        *arg,
                         GHashTable        *query);
void
pk_sandbox_handle_logout (PkSandboxServer   *self,
                          SoupServerMessage *msg,
                          const char        *arg,
                          GHashTable        *query);

/* Parcels, zoning rules and zone prices (pk-sandbox-parcels.c). */

char *
pk_sandbox_normalize_renovation (const char *input);
void
pk_sandbox_handle_parcel (PkSandboxServer   *self,
                          SoupServerMessage *msg,
                          const char        *code,
                          GHashTable        *query);
void
pk_sandbox_handle_parcel_search (PkSandboxServer   *self,
                                 SoupServerMessage *msg,
                                 const char        *arg,
                                 GHashTable        *query);
void
pk_sandbox_parcel_clear (PkSandboxParcel *p);
gboolean
pk_sandbox_load_parcel (PkSandboxServer *self,
                        const char      *code,
                        PkSandboxParcel *p);
void
pk_sandbox_load_rules (PkSandboxServer       *self,
                       const PkSandboxParcel *p,
                       PkSandboxRules        *r);
gint64
pk_sandbox_zone_price (PkSandboxServer       *self,
                       const PkSandboxParcel *p,
                       guint                  year);

/* Services, fees and inquiries (pk-sandbox-inquiries.c). */

char *
pk_sandbox_build_services_json (PkSandboxServer *self);
void
pk_sandbox_handle_services (PkSandboxServer   *self,
                            SoupServerMessage *msg,
                            const char        *code,
                            GHashTable        *query);
char *
pk_sandbox_fee_items_text (PkSandboxServer  *self,
                           const char       *formula,
                           PkSandboxFeeVars *vars,
                           gint64           *total_out);
gboolean
pk_sandbox_lookup_service (PkSandboxServer  *self,
                           const char       *code,
                           char            **kind,
                           char            **formula,
                           JsonNode        **json);
void
pk_sandbox_handle_inquiry (PkSandboxServer   *self,
                           SoupServerMessage *msg,
                           const char        *arg,
                           GHashTable        *query);

/* Document uploads (pk-sandbox-documents.c). */

void
pk_sandbox_handle_document (PkSandboxServer   *self,
                            SoupServerMessage *msg,
                            const char        *arg,
                            GHashTable        *query);

/* Form and applicant validation against the catalogue (pk-sandbox-validate.c). */

void
pk_sandbox_set_field_error (JsonObject *errors,
                            const char *path,
                            const char *code);
void
pk_sandbox_validate_fields (JsonArray  *schema,
                            JsonObject *values,
                            const char *prefix,
                            JsonObject *errors);
void
pk_sandbox_validate_applicants (JsonNode   *node,
                                JsonObject *errors);

/* Applications and their workflow (pk-sandbox-applications.c). */

void
pk_sandbox_add_timeline (PkSandboxServer *self,
                         const char      *app_id,
                         const char      *status,
                         gint64           at,
                         const char      *note);
void
pk_sandbox_advance (PkSandboxServer *self,
                    const char      *app_id);
void
pk_sandbox_handle_application_submit (PkSandboxServer   *self,
                                      SoupServerMessage *msg,
                                      const char        *arg,
                                      GHashTable        *query);
JsonNode *
pk_sandbox_application_json (PkSandboxServer  *self,
                             const char       *column,
                             const char       *value,
                             char            **id_out);
void
pk_sandbox_handle_application_get (PkSandboxServer   *self,
                                   SoupServerMessage *msg,
                                   const char        *tc,
                                   GHashTable        *query);

/* Payments and the daily report (pk-sandbox-payments.c). */

void
pk_sandbox_handle_payment (PkSandboxServer   *self,
                           SoupServerMessage *msg,
                           const char        *app_id,
                           GHashTable        *query);
void
pk_sandbox_handle_report (PkSandboxServer   *self,
                          SoupServerMessage *msg,
                          const char        *arg,
                          GHashTable        *query);

/* Permits, verification and keys (pk-sandbox-permits.c). */

void
pk_sandbox_issue_permit (PkSandboxServer *self,
                         const char      *app_id,
                         gint64           at);
void
pk_sandbox_handle_permit (PkSandboxServer   *self,
                          SoupServerMessage *msg,
                          const char        *permit_no,
                          GHashTable        *query);
void
pk_sandbox_handle_verify (PkSandboxServer   *self,
                          SoupServerMessage *msg,
                          const char        *arg,
                          GHashTable        *query);
void
pk_sandbox_handle_keys (PkSandboxServer   *self,
                        SoupServerMessage *msg,
                        const char        *arg,
                        GHashTable        *query);

/* The /_sandbox controls (pk-sandbox-controls.c). */

void
pk_sandbox_handle_faults (PkSandboxServer   *self,
                          SoupServerMessage *msg,
                          const char        *arg,
                          GHashTable        *query);
void
pk_sandbox_handle_permit_control (PkSandboxServer   *self,
                                  SoupServerMessage *msg,
                                  const char        *permit_no,
                                  GHashTable        *query);
void
pk_sandbox_handle_clock (PkSandboxServer   *self,
                         SoupServerMessage *msg,
                         const char        *arg,
                         GHashTable        *query);

/* The route table and fault injection (pk-sandbox-routes.c). */

void
pk_sandbox_server_callback (SoupServer        *server,
                            SoupServerMessage *msg,
                            const char        *path,
                            GHashTable        *query,
                            gpointer           user_data);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PkSandboxParcel, pk_sandbox_parcel_clear)

/* pk-sandbox-keepalive.c */
void          pk_sandbox_keepalive_attach        (SoupServer *soup);

G_END_DECLS
