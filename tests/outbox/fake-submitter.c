/* fake-submitter.c — a scripted PkSubmitter for the sender tests
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fake-submitter.h"

struct _FakeSubmitter
{
  GObject    parent_instance;

  GQueue     script;      /* GError* or NULL */
  gboolean   hold;
  GPtrArray *held;        /* GTask */
  guint      n_uploads;
  guint      n_submits;
  GPtrArray *keys;
  GPtrArray *bodies;
  GHashTable *tracking;   /* key → tracking code: the server's idempotency store */
  guint      n_stored_documents;
};

static void fake_submitter_iface_init (PkSubmitterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FakeSubmitter, fake_submitter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PK_TYPE_SUBMITTER, fake_submitter_iface_init))

static void
free_error (gpointer data)
{
  if (data != NULL)
    g_error_free (data);
}

/* A held call ends like a real one would when its connection is dropped: with an error. */
static void
return_held (GTask *task)
{
  if (g_object_get_data (G_OBJECT (task), "returned"))
    return;
  g_object_set_data (G_OBJECT (task), "returned", GINT_TO_POINTER (1));
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "held call dropped");
}

static void
held_cancelled (GCancellable *cancellable,
                gpointer      data)
{
  return_held (data);
}

static void
hold_task (FakeSubmitter *self,
           GTask         *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_ptr_array_add (self->held, g_object_ref (task));
  if (cancellable != NULL)
    {
      /* Disconnected on release: the handler's reference would otherwise keep the task,
       * and through it the cancellable, alive for ever. */
      gulong id = g_cancellable_connect (cancellable, G_CALLBACK (held_cancelled),
                                         g_object_ref (task), g_object_unref);
      g_object_set_data (G_OBJECT (task), "handler", GSIZE_TO_POINTER (id));
    }
}

static GError *
next_answer (FakeSubmitter *self)
{
  return g_queue_is_empty (&self->script) ? NULL : g_queue_pop_head (&self->script);
}

/* Answers an upload as the server would, or with @error (taken). */
static void
answer_upload (FakeSubmitter    *self,
               GTask            *task,
               PkOutboxDocument *document,
               GError           *error)
{
  PkApiDocument *doc;

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  doc = pk_api_document_new ();
  doc->document_id = g_strdup_printf ("doc-%u", ++self->n_stored_documents);
  doc->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, document->data);
  doc->size = g_bytes_get_size (document->data);
  doc->content_type = g_strdup (document->content_type);
  g_task_return_pointer (task, doc, (GDestroyNotify) pk_api_document_unref);
}

/* Answers a submit from the idempotency store, as the server would, or with @error (taken). */
static void
answer_submit (FakeSubmitter *self,
               GTask         *task,
               const char    *key,
               GError        *error)
{
  PkApiSubmission *sub;
  const char *known;

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  sub = pk_api_submission_new ();
  known = g_hash_table_lookup (self->tracking, key);
  sub->replayed = known != NULL;
  if (known == NULL)
    {
      known = g_strdup_printf ("PK%010u", g_hash_table_size (self->tracking) + 1);
      g_hash_table_insert (self->tracking, g_strdup (key), (char *) known);
    }
  sub->tracking_code = g_strdup (known);
  sub->application_id = g_strdup_printf ("app-%s", known);
  sub->status_name = g_strdup ("submitted");
  sub->total_rial = 1250000;
  g_task_return_pointer (task, sub, (GDestroyNotify) pk_api_submission_unref);
}

static void
upload_async (PkSubmitter         *submitter,
              PkOutboxDocument    *document,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  FakeSubmitter *self = FAKE_SUBMITTER (submitter);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  self->n_uploads++;
  g_task_set_task_data (task, pk_outbox_document_ref (document),
                        (GDestroyNotify) pk_outbox_document_unref);
  if (self->hold)
    {
      hold_task (self, task);
      return;
    }
  answer_upload (self, task, document, next_answer (self));
}

static PkApiDocument *
upload_finish (PkSubmitter   *submitter,
               GAsyncResult  *result,
               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
submit_async (PkSubmitter         *submitter,
              const char          *key,
              const char          *body,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  FakeSubmitter *self = FAKE_SUBMITTER (submitter);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  self->n_submits++;
  g_ptr_array_add (self->keys, g_strdup (key));
  g_ptr_array_add (self->bodies, g_strdup (body));
  g_object_set_data_full (G_OBJECT (task), "key", g_strdup (key), g_free);
  if (self->hold)
    {
      hold_task (self, task);
      return;
    }
  answer_submit (self, task, key, next_answer (self));
}

static PkApiSubmission *
submit_finish (PkSubmitter   *submitter,
               GAsyncResult  *result,
               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fake_submitter_iface_init (PkSubmitterInterface *iface)
{
  iface->upload_document_async = upload_async;
  iface->upload_document_finish = upload_finish;
  iface->submit_async = submit_async;
  iface->submit_finish = submit_finish;
}

static void
fake_submitter_finalize (GObject *object)
{
  FakeSubmitter *self = FAKE_SUBMITTER (object);

  g_queue_clear_full (&self->script, free_error);
  g_ptr_array_unref (self->held);
  g_ptr_array_unref (self->keys);
  g_ptr_array_unref (self->bodies);
  g_hash_table_unref (self->tracking);
  G_OBJECT_CLASS (fake_submitter_parent_class)->finalize (object);
}

static void
fake_submitter_class_init (FakeSubmitterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fake_submitter_finalize;
}

static void
fake_submitter_init (FakeSubmitter *self)
{
  g_queue_init (&self->script);
  self->held = g_ptr_array_new_with_free_func (g_object_unref);
  self->keys = g_ptr_array_new_with_free_func (g_free);
  self->bodies = g_ptr_array_new_with_free_func (g_free);
  self->tracking = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

FakeSubmitter *
fake_submitter_new (void)
{
  return g_object_new (FAKE_TYPE_SUBMITTER, NULL);
}

void
fake_submitter_push (FakeSubmitter *self,
                     GError        *error)
{
  g_queue_push_tail (&self->script, error);
}

void
fake_submitter_set_hold (FakeSubmitter *self,
                         gboolean       hold)
{
  self->hold = hold;
  if (!hold)
    {
      for (guint i = 0; i < self->held->len; i++)
        {
          GTask *task = g_ptr_array_index (self->held, i);
          gulong id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "handler"));

          return_held (task);
          if (id != 0)
            g_cancellable_disconnect (g_task_get_cancellable (task), id);
        }
      g_ptr_array_set_size (self->held, 0);
    }
}

guint
fake_submitter_n_held (FakeSubmitter *self)
{
  return self->held->len;
}

const char *
fake_submitter_held_key (FakeSubmitter *self,
                         guint          index)
{
  g_assert_cmpuint (index, <, self->held->len);
  return g_object_get_data (G_OBJECT (self->held->pdata[index]), "key");
}

void
fake_submitter_answer_held (FakeSubmitter *self,
                            guint          index,
                            GError        *error)
{
  g_autoptr(GTask) task = NULL;
  gulong id;

  g_assert_cmpuint (index, <, self->held->len);
  task = g_object_ref (self->held->pdata[index]);
  g_ptr_array_remove_index (self->held, index);
  id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "handler"));
  if (id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), id);
  /* Already ended by a cancellation: the sender has moved on. */
  if (g_object_get_data (G_OBJECT (task), "returned"))
    {
      g_clear_error (&error);
      return;
    }
  g_object_set_data (G_OBJECT (task), "returned", GINT_TO_POINTER (1));
  if (g_object_get_data (G_OBJECT (task), "key") != NULL)
    answer_submit (self, task, g_object_get_data (G_OBJECT (task), "key"), error);
  else
    answer_upload (self, task, g_task_get_task_data (task), error);
}

guint
fake_submitter_n_uploads (FakeSubmitter *self)
{
  return self->n_uploads;
}

guint
fake_submitter_n_submits (FakeSubmitter *self)
{
  return self->n_submits;
}

GPtrArray *
fake_submitter_get_keys (FakeSubmitter *self)
{
  return self->keys;
}

GPtrArray *
fake_submitter_get_bodies (FakeSubmitter *self)
{
  return self->bodies;
}
