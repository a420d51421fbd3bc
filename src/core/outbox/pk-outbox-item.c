/* pk-outbox-item.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pk-outbox-private.h"

struct _PkOutboxItem
{
  GObject          parent_instance;

  PkOutboxItemData d;
  GDateTime       *created;
  GDateTime       *next_attempt;
  GHashTable      *error_fields;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_IDEMPOTENCY_KEY,
  PROP_SERVICE_CODE,
  PROP_STATE,
  PROP_ATTEMPTS,
  PROP_LAST_ERROR,
  PROP_TRACKING_CODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (PkOutboxItem, pk_outbox_item, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PkOutboxState, pk_outbox_state,
                    G_DEFINE_ENUM_VALUE (PK_OUTBOX_STATE_PENDING, "pending"),
                    G_DEFINE_ENUM_VALUE (PK_OUTBOX_STATE_SENDING, "sending"),
                    G_DEFINE_ENUM_VALUE (PK_OUTBOX_STATE_DELIVERED, "delivered"),
                    G_DEFINE_ENUM_VALUE (PK_OUTBOX_STATE_FAILED, "failed"))

/* The names are also what the database stores. */
const char *
pk_outbox_state_to_string (PkOutboxState state)
{
  switch (state)
    {
    case PK_OUTBOX_STATE_PENDING: return "pending";
    case PK_OUTBOX_STATE_SENDING: return "sending";
    case PK_OUTBOX_STATE_DELIVERED: return "delivered";
    case PK_OUTBOX_STATE_FAILED: return "failed";
    default: g_return_val_if_reached (NULL);
    }
}

static GDateTime *
date_time_from_us (gint64 us)
{
  g_autoptr(GDateTime) base = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);

  return base ? g_date_time_add (base, us % G_USEC_PER_SEC) : NULL;
}

PkOutboxItem *
pk_outbox_item_new_take (PkOutboxItemData *data)
{
  PkOutboxItem *self = g_object_new (PK_TYPE_OUTBOX_ITEM, NULL);

  self->d = *data;
  memset (data, 0, sizeof *data);
  if (self->d.documents == NULL)
    self->d.documents = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_outbox_document_unref);
  self->created = date_time_from_us (self->d.created_us);
  self->next_attempt = date_time_from_us (self->d.next_attempt_us);
  if (self->d.error_fields_json != NULL)
    {
      g_autoptr(JsonNode) node = json_from_string (self->d.error_fields_json, NULL);

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObjectIter iter;
          const char *name;
          JsonNode *value;

          self->error_fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          json_object_iter_init (&iter, json_node_get_object (node));
          while (json_object_iter_next (&iter, &name, &value))
            if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
              g_hash_table_insert (self->error_fields, g_strdup (name),
                                   g_strdup (json_node_get_string (value)));
        }
    }
  return self;
}

static void
pk_outbox_item_finalize (GObject *object)
{
  PkOutboxItem *self = (PkOutboxItem *)object;

  g_free (self->d.idempotency_key);
  g_free (self->d.operator_name);
  g_free (self->d.service_code);
  g_free (self->d.renovation_code);
  g_free (self->d.application_json);
  g_free (self->d.error_domain);
  g_free (self->d.last_error);
  g_free (self->d.error_fields_json);
  g_free (self->d.application_id);
  g_free (self->d.tracking_code);
  g_free (self->d.answer_json);
  g_clear_pointer (&self->d.documents, g_ptr_array_unref);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->next_attempt, g_date_time_unref);
  g_clear_pointer (&self->error_fields, g_hash_table_unref);

  G_OBJECT_CLASS (pk_outbox_item_parent_class)->finalize (object);
}

static void
pk_outbox_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PkOutboxItem *self = PK_OUTBOX_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, pk_outbox_item_get_id (self));
      break;
    case PROP_IDEMPOTENCY_KEY:
      g_value_set_string (value, pk_outbox_item_get_idempotency_key (self));
      break;
    case PROP_SERVICE_CODE:
      g_value_set_string (value, pk_outbox_item_get_service_code (self));
      break;
    case PROP_STATE:
      g_value_set_enum (value, pk_outbox_item_get_state (self));
      break;
    case PROP_ATTEMPTS:
      g_value_set_uint (value, pk_outbox_item_get_attempts (self));
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, pk_outbox_item_get_last_error (self));
      break;
    case PROP_TRACKING_CODE:
      g_value_set_string (value, pk_outbox_item_get_tracking_code (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_outbox_item_class_init (PkOutboxItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pk_outbox_item_finalize;
  object_class->get_property = pk_outbox_item_get_property;

  /* Read-only: an item is a snapshot, so these never change and never notify. They exist
   * for GtkExpression lookups in the queue view. */
  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_IDEMPOTENCY_KEY] = g_param_spec_string ("idempotency-key", NULL, NULL, NULL, ro);
  properties[PROP_SERVICE_CODE] = g_param_spec_string ("service-code", NULL, NULL, NULL, ro);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, PK_TYPE_OUTBOX_STATE,
                                              PK_OUTBOX_STATE_PENDING, ro);
  properties[PROP_ATTEMPTS] = g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, ro);
  properties[PROP_TRACKING_CODE] = g_param_spec_string ("tracking-code", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pk_outbox_item_init (PkOutboxItem *self)
{
}

gint64
pk_outbox_item_get_id (PkOutboxItem *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_ITEM (self), 0);
  return self->d.id;
}

const char *
pk_outbox_item_get_idempotency_key (PkOutboxItem *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_ITEM (self), NULL);
  return self->d.idempotency_key;
}

const char *
pk_outbox_item_get_operator_name (PkOutboxItem *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_ITEM (self), NULL);
  return self->d.operator_name;
}

const char *
pk_outbox_item_get_service_code (PkOutboxItem *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_ITEM (self), NULL);
  return self->d.service_code;
}

const char *
pk_outbox_item_get_renovation_code (PkOutboxItem *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_ITEM (self), NULL);
  return self->d.renovation_code;
}

/**
 * pk_outbox_item_get_application_json:
 *
 * Returns: the application as queued (without the document ids), so that the wizard can
 *   load it back after a validation failure.
 */
const char *
pk_outbox_item_get_application_json (PkOutboxItem *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_ITEM (self), NULL);
  return self->d.application_json;
}

PkOutboxState
pk_outbox_item_get_state (PkOutboxItem *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_ITEM (self), PK_OUTBOX_STATE_PENDING);
  return self->d.state;
}

guint
pk_outbox_item_get_attempts (PkOutboxItem *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_ITEM (self), 0);
  return self->d.attempts;
}

GDateTime *
pk_outbox_item_get_created (PkOutboxItem *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_ITEM (self), NULL);
  return self->created;
}

GDateTime *
pk_outbox_item_get_next_attempt (PkOutboxItem *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_ITEM (self), NULL);
  return self->next_attempt;
}

gint64
pk_outbox_item_get_next_attempt_us (PkOutboxItem *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_ITEM (self), 0);
  return self->d.next_attempt_us;
}

/**
 * pk_outbox_item_get_last_error:
 *
 * Returns: (nullable): the message of the last failure (translated when it was stored)
 */
const char *
pk_outbox_item_get_last_error (PkOutboxItem *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_ITEM (self), NULL);
  return self->d.last_error;
}

/**
 * pk_outbox_item_dup_last_error:
 *
 * Returns: (transfer full) (nullable): the last failure as a #GError in its original domain
 *   and code (e.g. %PK_API_ERROR_VALIDATION), or %NULL
 */
GError *
pk_outbox_item_dup_last_error (PkOutboxItem *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_ITEM (self), NULL);

  if (self->d.error_domain == NULL)
    return NULL;
  return g_error_new_literal (g_quark_from_string (self->d.error_domain), self->d.error_code,
                              self->d.last_error ? self->d.last_error : "");
}

/**
 * pk_outbox_item_get_error_fields:
 *
 * Returns: (transfer none) (nullable) (element-type utf8 utf8): for a validation failure, the
 *   server's field paths mapped to field codes, to mark the fields in the wizard
 */
GHashTable *
pk_outbox_item_get_error_fields (PkOutboxItem *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_ITEM (self), NULL);
  return self->error_fields;
}

const char *
pk_outbox_item_get_application_id (PkOutboxItem *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_ITEM (self), NULL);
  return self->d.application_id;
}

const char *
pk_outbox_item_get_tracking_code (PkOutboxItem *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_ITEM (self), NULL);
  return self->d.tracking_code;
}

/**
 * pk_outbox_item_get_answer_json:
 *
 * Returns: (nullable): the server's acknowledgement as stored (tracking code, fees, …)
 */
const char *
pk_outbox_item_get_answer_json (PkOutboxItem *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_ITEM (self), NULL);
  return self->d.answer_json;
}

/**
 * pk_outbox_item_get_documents:
 *
 * Returns: (transfer none) (element-type PkOutboxDocument): the documents in order
 */
GPtrArray *
pk_outbox_item_get_documents (PkOutboxItem *self)
{
  g_return_val_if_fail (PK_IS_OUTBOX_ITEM (self), NULL);
  return self->d.documents;
}
