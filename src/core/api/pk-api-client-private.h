/* pk-api-client-private.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "pk-api-client.h"

G_BEGIN_DECLS

/* What the client's three files share: pk-api-client.c (the object, its session and
 * properties), pk-api-client-call.c (one call's request, deadline, bounded read and reply)
 * and pk-api-client-endpoints.c (the API's endpoints, each a few lines over the call). */

struct _PkApiClient
{
  GObject        parent_instance;

  SoupSession   *session;
  GTlsDatabase  *tls_database;
  PkApiSession  *api_session;   /* the last login's answer, NULL when logged out */

  char          *base_url;      /* without trailing slash */
  char          *ca_file;
  char          *user_agent;
  char          *token;
  guint          timeout;
  gsize          max_reply_size;
  gint64         clock_offset;
};

/* Turns a successful reply's JSON into the call's result. */
typedef gpointer (*PkApiParseFunc) (JsonNode  *node,
                                    GError   **error);

/* Runs on success before the result is handed to the caller; @msg has the reply's headers. */
typedef void (*PkApiResultHook) (PkApiClient *self,
                                 SoupMessage *msg,
                                 gpointer     result);

/* One endpoint's fixed part. */
typedef struct
{
  gpointer         source_tag;   /* the endpoint's _async function */
  const char      *method;
  gboolean         needs_auth;   /* sends the bearer token when there is one */
  PkApiParseFunc   parse;        /* NULL: the reply has no body worth reading */
  GDestroyNotify   result_free;
  PkApiResultHook  hook;         /* nullable */
} PkApiEndpoint;

gboolean  pk_api_client_send            (PkApiClient          *self,
                                         const PkApiEndpoint  *endpoint,
                                         GString              *url,
                                         GBytes               *body,
                                         const char           *content_type,
                                         const char * const   *headers,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gpointer  pk_api_client_finish_pointer  (PkApiClient          *self,
                                         GAsyncResult         *result,
                                         gpointer              source_tag,
                                         GError              **error);

GString  *pk_api_client_url             (PkApiClient          *self,
                                         const char           *path);
void      pk_api_url_append_segment     (GString              *url,
                                         const char           *segment);
void      pk_api_url_append_query       (GString              *url,
                                         const char           *name,
                                         const char           *value);
GBytes   *pk_api_json_body              (JsonNode             *root);
GBytes   *pk_api_json_body_strings      (const char           *first_name,
                                         ...) G_GNUC_NULL_TERMINATED;

void      pk_api_client_set_session     (PkApiClient          *self,
                                         PkApiSession         *session);
void      pk_api_client_set_clock_offset (PkApiClient         *self,
                                          gint64               offset);
void      pk_api_client_token_refused   (PkApiClient          *self);

G_END_DECLS
