/* pk-trust-list.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "pk-format.h"
#include "pk-office-day.h"
#include "pk-trust-list.h"

/* The central API's signing keys, kept on disk so that a permit's QR can be verified at a
 * counter or kiosk with no network at all. The file is small JSON:
 * {"fetched_at": RFC 3339, "keys": [{"key_id", "algorithm", "public_key" (base64),
 *  "valid_from", "valid_until"|null}]}; it is replaced atomically. */
struct _PkTrustList
{
  GObject     parent_instance;

  char       *path;
  GMutex      lock;        /* keys and fetched_at: loads and saves run on worker threads */
  GPtrArray  *keys;        /* PkApiKey */
  GDateTime  *fetched_at;  /* nullable: never fetched */
};

G_DEFINE_FINAL_TYPE (PkTrustList, pk_trust_list, G_TYPE_OBJECT)
G_DEFINE_QUARK (pk-trust-list-error-quark, pk_trust_list_error)

static void
pk_trust_list_finalize (GObject *object)
{
  PkTrustList *self = PK_TRUST_LIST (object);

  g_free (self->path);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_clear_pointer (&self->fetched_at, g_date_time_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (pk_trust_list_parent_class)->finalize (object);
}

static void
pk_trust_list_class_init (PkTrustListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pk_trust_list_finalize;
}

static void
pk_trust_list_init (PkTrustList *self)
{
  g_mutex_init (&self->lock);
  self->keys = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_api_key_unref);
}

/**
 * pk_trust_list_new:
 * @path: the file the list is kept in
 */
PkTrustList *
pk_trust_list_new (const char *path)
{
  PkTrustList *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (PK_TYPE_TRUST_LIST, NULL);
  self->path = g_strdup (path);
  return self;
}

const char *
pk_trust_list_get_path (PkTrustList *self)
{
  g_return_val_if_fail (PK_IS_TRUST_LIST (self), NULL);
  return self->path;
}

/**
 * pk_trust_list_get_fetched_at:
 *
 * Returns: (nullable) (transfer none): when the keys were last fetched from `/keys`
 */
GDateTime *
pk_trust_list_get_fetched_at (PkTrustList *self)
{
  g_return_val_if_fail (PK_IS_TRUST_LIST (self), NULL);
  return self->fetched_at;
}

guint
pk_trust_list_get_n_keys (PkTrustList *self)
{
  g_return_val_if_fail (PK_IS_TRUST_LIST (self), 0);
  return self->keys->len;
}

/**
 * pk_trust_list_lookup:
 *
 * Returns: (nullable) (transfer none): the key with @key_id
 */
PkApiKey *
pk_trust_list_lookup (PkTrustList *self,
                      const char  *key_id)
{
  PkApiKey *found = NULL;

  g_return_val_if_fail (PK_IS_TRUST_LIST (self), NULL);
  g_return_val_if_fail (key_id != NULL, NULL);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->keys->len && found == NULL; i++)
    {
      PkApiKey *key = g_ptr_array_index (self->keys, i);

      if (g_ascii_strcasecmp (key->key_id, key_id) == 0)
        found = key;
    }
  g_mutex_unlock (&self->lock);
  return found;
}

/**
 * pk_trust_list_replace:
 * @keys: (element-type PkApiKey): the keys `/keys` answered
 * @fetched_at: when
 */
void
pk_trust_list_replace (PkTrustList *self,
                       GPtrArray   *keys,
                       GDateTime   *fetched_at)
{
  g_return_if_fail (PK_IS_TRUST_LIST (self));
  g_return_if_fail (keys != NULL);
  g_return_if_fail (fetched_at != NULL);

  g_mutex_lock (&self->lock);
  g_ptr_array_set_size (self->keys, 0);
  for (guint i = 0; i < keys->len; i++)
    g_ptr_array_add (self->keys, pk_api_key_ref (g_ptr_array_index (keys, i)));
  g_clear_pointer (&self->fetched_at, g_date_time_unref);
  self->fetched_at = g_date_time_ref (fetched_at);
  g_mutex_unlock (&self->lock);
}

static GDateTime *
parse_time (JsonObject *object,
            const char *member)
{
  const char *text;

  if (!json_object_has_member (object, member) || JSON_NODE_HOLDS_NULL (json_object_get_member (object, member)))
    return NULL;
  text = json_object_get_string_member_with_default (object, member, NULL);
  return text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

static gboolean
corrupt (GError    **error,
         const char *path)
{
  g_set_error (error, PK_TRUST_LIST_ERROR, PK_TRUST_LIST_ERROR_CORRUPT,
               "The trust list %s is damaged", path);
  return FALSE;
}

/**
 * pk_trust_list_load:
 *
 * Reads the file. A missing file is an empty, never-fetched list, not an error; a damaged one
 * is %PK_TRUST_LIST_ERROR_CORRUPT and leaves the list as it was.
 */
gboolean
pk_trust_list_load (PkTrustList  *self,
                    GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) pk_api_key_unref);
  g_autoptr(GDateTime) fetched_at = NULL;
  JsonObject *root;
  JsonArray *array;

  g_return_val_if_fail (PK_IS_TRUST_LIST (self), FALSE);

  if (!json_parser_load_from_mapped_file (parser, self->path, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      if (local_error->domain == G_FILE_ERROR)
        {
          g_set_error (error, PK_TRUST_LIST_ERROR, PK_TRUST_LIST_ERROR_IO, "%s",
                       local_error->message);
          return FALSE;
        }
      return corrupt (error, self->path);
    }

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return corrupt (error, self->path);
  root = json_node_get_object (json_parser_get_root (parser));
  fetched_at = parse_time (root, "fetched_at");
  if (fetched_at == NULL || !json_object_has_member (root, "keys") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "keys")))
    return corrupt (error, self->path);

  array = json_object_get_array_member (root, "keys");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(PkApiKey) key = NULL;
      JsonObject *object;
      const char *key_id, *algorithm, *public_key;
      g_autofree guchar *raw = NULL;
      gsize raw_len = 0;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return corrupt (error, self->path);
      object = json_node_get_object (node);
      key_id = json_object_get_string_member_with_default (object, "key_id", NULL);
      algorithm = json_object_get_string_member_with_default (object, "algorithm", NULL);
      public_key = json_object_get_string_member_with_default (object, "public_key", NULL);
      if (key_id == NULL || algorithm == NULL || public_key == NULL)
        return corrupt (error, self->path);
      raw = g_base64_decode (public_key, &raw_len);
      if (raw_len != PK_PERMIT_CODE_PUBLIC_KEY_LEN)
        return corrupt (error, self->path);

      key = pk_api_key_new ();
      key->key_id = g_strdup (key_id);
      key->algorithm = g_strdup (algorithm);
      key->public_key = g_bytes_new_take (g_steal_pointer (&raw), raw_len);
      key->valid_from = parse_time (object, "valid_from");
      key->valid_until = parse_time (object, "valid_until");
      g_ptr_array_add (keys, g_steal_pointer (&key));
    }

  pk_trust_list_replace (self, keys, fetched_at);
  return TRUE;
}

/**
 * pk_trust_list_save:
 *
 * Writes the list atomically (a crash leaves the old file or the new one, never half).
 */
gboolean
pk_trust_list_save (PkTrustList  *self,
                    GError      **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *fetched = NULL;

  g_return_val_if_fail (PK_IS_TRUST_LIST (self), FALSE);

  g_mutex_lock (&self->lock);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "fetched_at");
  fetched = self->fetched_at ? g_date_time_format_iso8601 (self->fetched_at) : NULL;
  json_builder_add_string_value (builder, fetched ? fetched : "1970-01-01T00:00:00Z");
  json_builder_set_member_name (builder, "keys");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->keys->len; i++)
    {
      PkApiKey *key = g_ptr_array_index (self->keys, i);
      g_autofree char *b64 = g_base64_encode (g_bytes_get_data (key->public_key, NULL),
                                              g_bytes_get_size (key->public_key));
      g_autofree char *from = key->valid_from ? g_date_time_format_iso8601 (key->valid_from) : NULL;
      g_autofree char *until = key->valid_until ? g_date_time_format_iso8601 (key->valid_until) : NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "key_id");
      json_builder_add_string_value (builder, key->key_id);
      json_builder_set_member_name (builder, "algorithm");
      json_builder_add_string_value (builder, key->algorithm);
      json_builder_set_member_name (builder, "public_key");
      json_builder_add_string_value (builder, b64);
      json_builder_set_member_name (builder, "valid_from");
      if (from)
        json_builder_add_string_value (builder, from);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "valid_until");
      if (until)
        json_builder_add_string_value (builder, until);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  g_mutex_unlock (&self->lock);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (self->path, text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, PK_TRUST_LIST_ERROR, PK_TRUST_LIST_ERROR_IO, "Cannot create %s", dir);
      return FALSE;
    }
  return TRUE;
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (pk_trust_list_load (source, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (pk_trust_list_save (source, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
pk_trust_list_load_async (PkTrustList         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PK_IS_TRUST_LIST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pk_trust_list_load_async);
  g_task_run_in_thread (task, load_thread);
}

gboolean
pk_trust_list_load_finish (PkTrustList   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
pk_trust_list_save_async (PkTrustList         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PK_IS_TRUST_LIST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pk_trust_list_save_async);
  g_task_run_in_thread (task, save_thread);
}

gboolean
pk_trust_list_save_finish (PkTrustList   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * pk_trust_list_verify:
 * @payload: what the QR or the scanner gave, in either form (payload or URL)
 * @now: the time to judge expiry by
 * @out_code: (out) (optional) (transfer full): the decoded permit, when it decoded
 *
 * Verifies a permit code offline against the keys on file: MALFORMED when it is not a permit
 * code, UNKNOWN_KEY when its key is not on the list, FORGED when the signature does not match
 * or the key was not valid on the day of issue, EXPIRED when its expiry day has passed in
 * Tehran, VALID otherwise. Revocation needs the central API.
 */
PkApiVerdict
pk_trust_list_verify (PkTrustList   *self,
                      const char    *payload,
                      GDateTime     *now,
                      PkPermitCode **out_code)
{
  g_autoptr(PkPermitCode) code = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) issued = NULL;
  g_autofree char *today = NULL;
  PkApiKey *key;

  g_return_val_if_fail (PK_IS_TRUST_LIST (self), PK_API_VERDICT_MALFORMED);
  g_return_val_if_fail (payload != NULL, PK_API_VERDICT_MALFORMED);
  g_return_val_if_fail (now != NULL, PK_API_VERDICT_MALFORMED);

  code = pk_permit_code_decode (payload, &error);
  if (code == NULL)
    return PK_API_VERDICT_MALFORMED;
  if (out_code)
    *out_code = pk_permit_code_copy (code);

  key = pk_trust_list_lookup (self, code->key_id);
  if (key == NULL || key->public_key == NULL ||
      g_bytes_get_size (key->public_key) != PK_PERMIT_CODE_PUBLIC_KEY_LEN)
    return PK_API_VERDICT_UNKNOWN_KEY;
  if (!pk_permit_code_verify (code, g_bytes_get_data (key->public_key, NULL), NULL))
    return PK_API_VERDICT_FORGED;

  /* A key used outside its validity window signs nothing the municipality stands by. */
  {
    g_autofree char *iso = g_strconcat (code->issued_on, "T12:00:00Z", NULL);

    issued = g_date_time_new_from_iso8601 (iso, NULL);
  }
  if (issued == NULL)
    return PK_API_VERDICT_MALFORMED;
  if ((key->valid_from && g_date_time_compare (issued, key->valid_from) < 0 &&
       g_date_time_difference (key->valid_from, issued) > G_TIME_SPAN_DAY) ||
      (key->valid_until && g_date_time_compare (issued, key->valid_until) > 0 &&
       g_date_time_difference (issued, key->valid_until) > G_TIME_SPAN_DAY))
    return PK_API_VERDICT_FORGED;

  /* Expiry days are Tehran days. */
  today = pk_office_day_iso_of (now);
  if (code->expires_on != NULL && g_strcmp0 (code->expires_on, today) < 0)
    return PK_API_VERDICT_EXPIRED;

  return PK_API_VERDICT_VALID;
}
