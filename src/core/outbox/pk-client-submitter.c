/* pk-client-submitter.c — the outbox sender's seam, implemented with the real API client
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "pk-client-submitter.h"

struct _PkClientSubmitter
{
  GObject      parent_instance;

  PkApiClient *client;
};

enum {
  PROP_0,
  PROP_CLIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void pk_client_submitter_iface_init (PkSubmitterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PkClientSubmitter, pk_client_submitter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PK_TYPE_SUBMITTER,
                                                      pk_client_submitter_iface_init))

static void
upload_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  PkApiDocument *doc = pk_api_client_upload_document_finish (PK_API_CLIENT (source), result, &error);

  if (doc == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, doc, (GDestroyNotify) pk_api_document_unref);
}

static void
pk_client_submitter_upload_document_async (PkSubmitter         *submitter,
                                        PkOutboxDocument    *document,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  PkClientSubmitter *self = PK_CLIENT_SUBMITTER (submitter);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, pk_client_submitter_upload_document_async);
  pk_api_client_upload_document_async (self->client, document->data, document->content_type,
                                       document->filename, cancellable, upload_cb, task);
}

static PkApiDocument *
pk_client_submitter_upload_document_finish (PkSubmitter   *submitter,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
submit_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  PkApiSubmission *sub = pk_api_client_submit_application_finish (PK_API_CLIENT (source), result,
                                                                  &error);

  if (sub == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, sub, (GDestroyNotify) pk_api_submission_unref);
}

static void
pk_client_submitter_submit_async (PkSubmitter         *submitter,
                               const char          *idempotency_key,
                               const char          *body_json,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  PkClientSubmitter *self = PK_CLIENT_SUBMITTER (submitter);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonNode) body = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, pk_client_submitter_submit_async);
  body = json_from_string (body_json, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  pk_api_client_submit_application_async (self->client, body, idempotency_key, cancellable,
                                          submit_cb, task);
}

static PkApiSubmission *
pk_client_submitter_submit_finish (PkSubmitter   *submitter,
                                GAsyncResult  *result,
                                GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
pk_client_submitter_iface_init (PkSubmitterInterface *iface)
{
  iface->upload_document_async = pk_client_submitter_upload_document_async;
  iface->upload_document_finish = pk_client_submitter_upload_document_finish;
  iface->submit_async = pk_client_submitter_submit_async;
  iface->submit_finish = pk_client_submitter_submit_finish;
}

/* A new token means the operator logged in again: a sender paused for login goes on. */
static void
on_token_changed (PkClientSubmitter *self,
                  GParamSpec     *pspec,
                  PkApiClient    *client)
{
  if (pk_api_client_get_token (client) != NULL)
    pk_submitter_emit_ready (PK_SUBMITTER (self));
}

static void
pk_client_submitter_constructed (GObject *object)
{
  PkClientSubmitter *self = PK_CLIENT_SUBMITTER (object);

  G_OBJECT_CLASS (pk_client_submitter_parent_class)->constructed (object);

  g_return_if_fail (self->client != NULL);
  g_signal_connect_object (self->client, "notify::token", G_CALLBACK (on_token_changed), self,
                           G_CONNECT_SWAPPED);
}

static void
pk_client_submitter_dispose (GObject *object)
{
  PkClientSubmitter *self = PK_CLIENT_SUBMITTER (object);

  g_clear_object (&self->client);

  G_OBJECT_CLASS (pk_client_submitter_parent_class)->dispose (object);
}

static void
pk_client_submitter_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PkClientSubmitter *self = PK_CLIENT_SUBMITTER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_client_submitter_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PkClientSubmitter *self = PK_CLIENT_SUBMITTER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_client_submitter_class_init (PkClientSubmitterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = pk_client_submitter_constructed;
  object_class->dispose = pk_client_submitter_dispose;
  object_class->get_property = pk_client_submitter_get_property;
  object_class->set_property = pk_client_submitter_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, PK_TYPE_API_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pk_client_submitter_init (PkClientSubmitter *self)
{
}

PkClientSubmitter *
pk_client_submitter_new (PkApiClient *client)
{
  g_return_val_if_fail (PK_IS_API_CLIENT (client), NULL);

  return g_object_new (PK_TYPE_CLIENT_SUBMITTER, "client", client, NULL);
}

PkApiClient *
pk_client_submitter_get_client (PkClientSubmitter *self)
{
  g_return_val_if_fail (PK_IS_CLIENT_SUBMITTER (self), NULL);

  return self->client;
}
