/* pk-sandbox-documents.c — POST /documents: uploads written asynchronously with the message paused
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pk-sandbox-server-private.h"

typedef struct
{
  PkSandboxServer   *self;
  SoupServerMessage *msg;
  char              *id;
  char              *office_code;
  char              *username;
  char              *sha256;
  char              *content_type;
  char              *filename;
  gsize              size;
  gulong             gone_ids[2];
  gboolean           gone;
} Upload;

static void
upload_free (Upload *u)
{
  pk_sandbox_unwatch_message (u->msg, u->gone_ids);
  g_object_unref (u->self);
  g_object_unref (u->msg);
  g_free (u->id);
  g_free (u->office_code);
  g_free (u->username);
  g_free (u->sha256);
  g_free (u->content_type);
  g_free (u->filename);
  g_free (u);
}

static void
upload_written (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Upload *u = user_data;
  PkSandboxServer *self = u->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) jb = NULL;
  sqlite3_stmt *q;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_warning ("sandbox: storing a document failed: %s", error->message);
      pk_sandbox_respond_error (u->msg, 500, "internal", "ذخیره سند ممکن نشد.", NULL);
      goto out;
    }
  /* Kept even if the client left: a retry uploads it again under a new id, as it would after
   * any lost reply. */
  q = pk_sandbox_stmt (self, "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?)");
  sqlite3_bind_text (q, 1, u->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 2, u->office_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 3, u->username, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 4, u->sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (q, 5, (sqlite3_int64) u->size);
  sqlite3_bind_text (q, 6, u->content_type, -1, SQLITE_STATIC);
  sqlite3_bind_text (q, 7, u->filename, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (q, 8, pk_sandbox_server_now (self));
  if (!pk_sandbox_exec_stmt (self, q))
    {
      pk_sandbox_respond_error (u->msg, 500, "internal", "خطای داخلی سرور.", NULL);
      goto out;
    }
  jb = json_builder_new ();
  json_builder_begin_object (jb);
  ADD_STR (jb, "document_id", u->id);
  ADD_STR (jb, "sha256", u->sha256);
  ADD_INT (jb, "size", (gint64) u->size);
  ADD_STR (jb, "content_type", u->content_type);
  ADD_STR (jb, "filename", u->filename);
  json_builder_end_object (jb);
  pk_sandbox_respond_builder (u->msg, 201, jb);

out:
  if (!u->gone)
    soup_server_message_unpause (u->msg);
  upload_free (u);
}

static gboolean
magic_matches (const char   *type,
               const guint8 *data,
               gsize         len)
{
  if (strcmp (type, "application/pdf") == 0)
    return len >= 5 && memcmp (data, "%PDF-", 5) == 0;
  if (strcmp (type, "image/jpeg") == 0)
    return len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;
  if (strcmp (type, "image/png") == 0)
    return len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0;
  return FALSE;
}

void
pk_sandbox_handle_document (PkSandboxServer   *self,
                            SoupServerMessage *msg,
                            const char        *arg,
                            GHashTable        *query)
{
  PkSandboxSession *s = pk_sandbox_authenticate (self, msg);
  SoupMessageHeaders *headers;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  const char *type, *fname;
  const guint8 *data;
  gsize len;
  Upload *u;

  if (s == NULL)
    return;
  if (pk_sandbox_is_kiosk (s))
    {
      pk_sandbox_forbid (msg);
      return;
    }
  headers = soup_server_message_get_request_headers (msg);
  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (bytes, &len);
  if (len > MAX_DOCUMENT)
    {
      pk_sandbox_respond_error (msg, 413, "too_large", "حجم سند بیش از ۱۰ مگابایت است.", NULL);
      return;
    }
  type = soup_message_headers_get_content_type (headers, &params);
  if (type == NULL ||
      (strcmp (type, "application/pdf") != 0 && strcmp (type, "image/jpeg") != 0 &&
       strcmp (type, "image/png") != 0) ||
      !magic_matches (type, data, len))
    {
      pk_sandbox_respond_error (msg, 415, "unsupported_type",
                                "نوع سند پذیرفته نیست یا محتوای آن با نوع اعلام‌شده نمی‌خواند.",
                                NULL);
      return;
    }

  u = g_new0 (Upload, 1);
  u->self = g_object_ref (self);
  u->msg = g_object_ref (msg);
  u->id = pk_sandbox_random_id ("DOC-", 8);
  u->office_code = g_strdup (s->office_code);
  u->username = g_strdup (s->username);
  u->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
  u->content_type = g_strdup (type);
  u->size = len;
  fname = soup_message_headers_get_one (headers, "X-Filename");
  if (fname != NULL)
    {
      g_autofree char *decoded = g_uri_unescape_string (fname, NULL);

      if (decoded != NULL && g_utf8_validate (decoded, -1, NULL) && strlen (decoded) <= 255)
        u->filename = g_steal_pointer (&decoded);
    }

  dir = g_build_filename (self->data_dir, "documents", NULL);
  path = g_build_filename (dir, u->id, NULL);
  file = g_file_new_for_path (path);
  soup_server_message_pause (msg);
  pk_sandbox_watch_message (msg, &u->gone, u->gone_ids);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL,
                                       upload_written, u);
}
