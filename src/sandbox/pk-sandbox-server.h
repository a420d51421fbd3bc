/* pk-sandbox-server.h — the training/test implementation of the central API
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A real HTTP server (libsoup, 127.0.0.1 only) implementing docs/api-v1.md over a generated
 * sample city in SQLite. It serves on the thread-default main context of the thread that calls
 * pk_sandbox_server_listen(): the kiosk's training mode runs it on the GUI main loop (no
 * handler blocks or sleeps; latency is injected with timeouts, uploads are written
 * asynchronously), the pishkhan-sandbox binary on its own loop. Create it with
 * pk_sandbox_server_new_async() from the GUI: the first start of a data dir generates the city
 * (about 0.2 s) and that work then runs on a worker thread.
 *
 * Training accounts (the same for every seed; passwords are public training passwords):
 *
 *   office  username  password      role
 *   12034   op1       op1-1405      operator
 *   12034   op2       op2-1405      operator
 *   12034   sup1      sup1-1405     supervisor
 *   12034   kiosk1    kiosk1-1405   kiosk
 *   12035   op1 / sup1 / kiosk1 with the same passwords and roles
 *   12051   op1 / sup1 / kiosk1 with the same passwords and roles
 *
 * pk_sandbox_server_get_training_accounts() returns this table.
 */

#define PK_TYPE_SANDBOX_SERVER (pk_sandbox_server_get_type ())

G_DECLARE_FINAL_TYPE (PkSandboxServer, pk_sandbox_server, PK, SANDBOX_SERVER, GObject)

#define PK_SANDBOX_ERROR (pk_sandbox_error_quark ())

typedef enum
{
  PK_SANDBOX_ERROR_STORAGE,   /* data directory or database unusable */
  PK_SANDBOX_ERROR_KEYS,      /* signing key unreadable or uncreatable */
  PK_SANDBOX_ERROR_LISTEN,    /* could not bind */
} PkSandboxError;

typedef struct
{
  const char *office_code;
  const char *username;
  const char *password;
  const char *role;           /* "operator", "supervisor" or "kiosk" */
  const char *display_name;
} PkSandboxAccount;

/* Fault injection, applied to every /api/v1 request while enabled. Rates are 0–1, drawn in
 * this order per request: drop, error (500), truncate, garbage; latency delays all of them. */
typedef struct
{
  guint   latency_ms;
  gdouble error_rate;
  gdouble drop_rate;
  gdouble truncate_rate;
  gdouble garbage_rate;
  guint64 seed;
} PkSandboxFaults;

#define PK_SANDBOX_DEFAULT_SEED            1405
#define PK_SANDBOX_DEFAULT_REVIEW_DELAY    0       /* seconds */
#define PK_SANDBOX_DEFAULT_TOKEN_LIFETIME  28800   /* seconds */

GQuark                   pk_sandbox_error_quark             (void);

/* Opens (and on first use generates the city of @seed in) @data_dir, creating the signing key
 * there (mode 0600). An existing data dir keeps its city: @seed only matters the first time. */
PkSandboxServer         *pk_sandbox_server_new              (const char             *data_dir,
                                                             guint64                 seed,
                                                             GError                **error);
void                     pk_sandbox_server_new_async        (const char             *data_dir,
                                                             guint64                 seed,
                                                             GCancellable           *cancellable,
                                                             GAsyncReadyCallback     callback,
                                                             gpointer                user_data);
PkSandboxServer         *pk_sandbox_server_new_finish       (GAsyncResult           *result,
                                                             GError                **error);
/* Binds 127.0.0.1:@port (0 = ephemeral); returns the port, 0 on error. */
guint16                  pk_sandbox_server_listen           (PkSandboxServer        *self,
                                                             guint16                 port,
                                                             GError                **error);
void                     pk_sandbox_server_disconnect       (PkSandboxServer        *self);
guint16                  pk_sandbox_server_get_port         (PkSandboxServer        *self);
/* "http://127.0.0.1:PORT/api/v1", or NULL before listen. */
char                    *pk_sandbox_server_get_base_url     (PkSandboxServer        *self);

/* Seconds from submission to the decision (half-way the status is under_review); 0 decides
 * at once. Applies to applications submitted afterwards. */
guint                    pk_sandbox_server_get_review_delay (PkSandboxServer        *self);
void                     pk_sandbox_server_set_review_delay (PkSandboxServer        *self,
                                                             guint                   seconds);
guint                    pk_sandbox_server_get_token_lifetime (PkSandboxServer      *self);
void                     pk_sandbox_server_set_token_lifetime (PkSandboxServer      *self,
                                                               guint                 seconds);
/* Off by default. While off, POST /_sandbox/faults answers 404 and nothing is injected. */
gboolean                 pk_sandbox_server_get_faults_enabled (PkSandboxServer      *self);
void                     pk_sandbox_server_set_faults_enabled (PkSandboxServer      *self,
                                                               gboolean              enabled);
void                     pk_sandbox_server_set_faults       (PkSandboxServer        *self,
                                                             const PkSandboxFaults  *faults);
void                     pk_sandbox_server_get_faults       (PkSandboxServer        *self,
                                                             PkSandboxFaults        *faults);

const char              *pk_sandbox_server_get_data_dir     (PkSandboxServer        *self);
const char              *pk_sandbox_server_get_key_id       (PkSandboxServer        *self);
/* The 32-byte Ed25519 public key published at /keys. */
GBytes                  *pk_sandbox_server_dup_public_key   (PkSandboxServer        *self);
/* SHA-256 (hex) of the generated city; equal seeds give equal hashes. */
char                    *pk_sandbox_server_dup_city_hash    (PkSandboxServer        *self,
                                                             GError                **error);
/* Up to @n renovation codes of buildable residential parcels, for training hints and tests. */
char                   **pk_sandbox_server_dup_sample_parcels (PkSandboxServer      *self,
                                                               guint                 n);
const PkSandboxAccount  *pk_sandbox_server_get_training_accounts (guint             *n_accounts);

G_END_DECLS
