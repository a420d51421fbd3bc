/* pk-document-row.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "pk-document-row.h"
#include "pk-format.h"
#include "pk-gui-util.h"

/* One required or optional document of a permit service in the wizard's documents step, and the
 * file attached to it: read, checked and fingerprinted off the main thread, shown as a thumbnail
 * or with the reason it was refused. Its buttons activate the wizard's `permit.attach` and
 * `permit.remove-document` with the document's code. */

/* The side of a document's thumbnail, in application pixels. */
#define THUMB_SIZE 96

/* An attached file, checked and fingerprinted off the main thread. */
typedef struct
{
  char       *filename;
  char       *content_type;
  GBytes     *data;
  char       *sha256;
  GdkTexture *texture;   /* images only: the thumbnail, at the size it is shown */
} Attachment;

static void
attachment_free (Attachment *a)
{
  g_free (a->filename);
  g_free (a->content_type);
  g_clear_pointer (&a->data, g_bytes_unref);
  g_free (a->sha256);
  g_clear_object (&a->texture);
  g_free (a);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Attachment, attachment_free)

struct _PkDocumentRow
{
  GtkListBoxRow      parent_instance;

  /* template widgets */
  GtkStack          *thumb;   /* "none", "icon", "picture" */
  GtkPicture        *picture;
  GtkLabel          *title_label;
  GtkLabel          *types_label;
  GtkLabel          *info;
  GtkLabel          *error;
  GtkButton         *attach_button;
  GtkButton         *remove_button;

  /* owned */
  Attachment        *attachment;
  char              *error_text;
  char              *title;
  guint              generation; /* a newer attach supersedes one still being read */
  gboolean           reading;

  /* borrowed from the service, which outlives the wizard's rows */
  PkApiDocumentSpec *spec;
  PkLanguage         language;
};

G_DEFINE_FINAL_TYPE (PkDocumentRow, pk_document_row, GTK_TYPE_LIST_BOX_ROW)

static char *
megabytes (gint64 bytes)
{
  return g_strdup_printf ("%.0f", (double) bytes / (1024 * 1024));
}

static const char *
sniff_type (GBytes *bytes)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  if (size >= 5 && memcmp (data, "%PDF-", 5) == 0)
    return "application/pdf";
  if (size >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    return "image/jpeg";
  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "image/png";
  return NULL;
}

static const char *
type_from_name (const char *filename)
{
  g_autofree char *lower = g_utf8_strdown (filename, -1);

  if (g_str_has_suffix (lower, ".pdf"))
    return "application/pdf";
  if (g_str_has_suffix (lower, ".jpg") || g_str_has_suffix (lower, ".jpeg"))
    return "image/jpeg";
  if (g_str_has_suffix (lower, ".png"))
    return "image/png";
  return NULL;
}

typedef struct
{
  GFile    *file;
  gint64    max_bytes;
  char    **types;
  guint     generation;
  int       thumb_pixels;  /* THUMB_SIZE in device pixels */
} AttachJob;

static void
attach_job_free (AttachJob *job)
{
  g_object_unref (job->file);
  g_strfreev (job->types);
  g_free (job);
}

/* @texture scaled down to fit @size × @size pixels. Scaled once here rather than by the
 * renderer on every frame that shows the documents step: a photo of a deed is thousands of
 * pixels wide, and scaling even a small one costs the cairo renderer milliseconds per frame. */
static GdkTexture *
thumbnail (GdkTexture *texture,
           int         size)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  double scale = MIN ((double) size / width, (double) size / height);
  int thumb_width, thumb_height, stride;
  cairo_surface_t *source, *thumb;
  cairo_t *cr;
  GBytes *bytes;
  GdkTexture *result;

  if (scale >= 1)
    return g_object_ref (texture);
  thumb_width = MAX (1, (int) round (width * scale));
  thumb_height = MAX (1, (int) round (height * scale));

  source = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  gdk_texture_download (texture, cairo_image_surface_get_data (source),
                        cairo_image_surface_get_stride (source));
  cairo_surface_mark_dirty (source);
  thumb = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, thumb_width, thumb_height);
  cr = cairo_create (thumb);
  cairo_scale (cr, (double) thumb_width / width, (double) thumb_height / height);
  cairo_set_source_surface (cr, source, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (thumb);

  /* Cairo's ARGB32 is GDK_MEMORY_DEFAULT: premultiplied, native endian. */
  stride = cairo_image_surface_get_stride (thumb);
  bytes = g_bytes_new (cairo_image_surface_get_data (thumb), (gsize) stride * thumb_height);
  result = gdk_memory_texture_new (thumb_width, thumb_height, GDK_MEMORY_DEFAULT, bytes, stride);
  g_bytes_unref (bytes);
  cairo_surface_destroy (thumb);
  cairo_surface_destroy (source);
  return result;
}

static void
return_too_large (GTask  *task,
                  gint64  max_bytes)
{
  g_autofree char *mb = megabytes (max_bytes);

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                           _("The file is too large: at most %s MB."), mb);
}

/* Runs on a worker thread: size first (a 200 MB file is refused without being read), then
 * the real type by its first bytes, then the fingerprint and, for images, the thumbnail. */
static void
attach_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AttachJob *job = task_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Attachment) a = g_new0 (Attachment, 1);
  const char *real;
  const char *claimed;
  gboolean allowed = FALSE;

  info = g_file_query_info (job->file, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                            G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (info == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                               _("The file could not be read."));
      return;
    }
  a->filename = g_strdup (g_file_info_get_display_name (info));
  if (g_file_info_get_size (info) > job->max_bytes)
    {
      return_too_large (task, job->max_bytes);
      return;
    }
  bytes = g_file_load_bytes (job->file, cancellable, NULL, &error);
  if (bytes == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                               _("The file could not be read."));
      return;
    }
  if ((gint64) g_bytes_get_size (bytes) > job->max_bytes)
    {
      return_too_large (task, job->max_bytes);
      return;
    }
  if (g_bytes_get_size (bytes) == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s",
                               _("The file is empty."));
      return;
    }

  real = sniff_type (bytes);
  claimed = type_from_name (a->filename);
  if (real == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s",
                               _("This kind of file is not accepted. Use PDF, JPEG or PNG."));
      return;
    }
  /* A file that says one thing by its name and is another inside is refused: the server
   * would refuse it too, after the citizen has left. */
  if (claimed != NULL && !g_str_equal (claimed, real))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s",
                               _("The file's contents do not match its name: it is not what it claims to be. Attach the original file."));
      return;
    }
  for (guint i = 0; job->types && job->types[i]; i++)
    allowed |= g_str_equal (job->types[i], real);
  if (job->types && job->types[0] && !allowed)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s",
                               g_strv_length (job->types) == 1 &&
                               g_str_equal (job->types[0], "application/pdf")
                               ? _("This document must be a PDF file.")
                               : _("This kind of file is not accepted. Use PDF, JPEG or PNG."));
      return;
    }

  a->content_type = g_strdup (real);
  a->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (!g_str_equal (real, "application/pdf"))
    {
      g_autoptr(GdkTexture) image = gdk_texture_new_from_bytes (bytes, &error);

      if (image == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s",
                                   _("The image is damaged and cannot be shown."));
          return;
        }
      a->texture = thumbnail (image, job->thumb_pixels);
    }
  a->data = g_steal_pointer (&bytes);
  g_task_return_pointer (task, g_steal_pointer (&a), (GDestroyNotify) attachment_free);
}

static void
show_attachment (PkDocumentRow *self)
{
  Attachment *a = self->attachment;
  g_autofree char *size = g_format_size (g_bytes_get_size (a->data));
  g_autofree char *short_sum = g_strndup (a->sha256, 16);
  g_autofree char *sum = pk_format_identifier (short_sum, self->language);
  g_autofree char *size_digits = pk_format_digits (size, self->language);
  /* File names and sizes run in either direction: each is isolated (FSI … PDI) so that a
   * Latin name does not pull the Persian size into its run. */
  g_autofree char *name = g_strconcat ("\u2068", a->filename, "\u2069", NULL);
  g_autofree char *size_iso = g_strconcat ("\u2068", size_digits, "\u2069", NULL);
  /* TRANSLATORS: an attached file: name, size and the start of its SHA-256 fingerprint */
  g_autofree char *text = g_strdup_printf (_("%s — %s — fingerprint %s…"), name, size_iso, sum);

  pk_gui_label_set_text (self->info, text);
  if (a->texture)
    {
      gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (a->texture));
      gtk_stack_set_visible_child_name (self->thumb, "picture");
    }
  else
    gtk_stack_set_visible_child_name (self->thumb, "icon");
}

static void
update (PkDocumentRow *self)
{
  pk_gui_label_set_text (self->error, self->error_text);
  gtk_widget_set_visible (GTK_WIDGET (self->error), self->error_text != NULL);

  if (self->reading)
    {
      pk_gui_label_set_text (self->info, _("Reading the file…"));
      gtk_stack_set_visible_child_name (self->thumb, "none");
    }
  else if (self->attachment == NULL)
    {
      pk_gui_label_set_text (self->info, _("No file attached"));
      gtk_stack_set_visible_child_name (self->thumb, "none");
    }
  else
    show_attachment (self);
}

/**
 * pk_document_row_attach_async:
 *
 * Reads @file for this document, as the file chooser does: it is checked (size, real type by
 * its first bytes) and fingerprinted on a worker thread; meanwhile the row says it is reading.
 * Pass the result to pk_document_row_attach_finish(), which shows it.
 */
void
pk_document_row_attach_async (PkDocumentRow       *self,
                              GFile               *file,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AttachJob *job;

  g_return_if_fail (PK_IS_DOCUMENT_ROW (self));
  g_return_if_fail (G_IS_FILE (file));

  job = g_new0 (AttachJob, 1);
  job->file = g_object_ref (file);
  job->max_bytes = self->spec->max_bytes > 0 ? self->spec->max_bytes : PK_OUTBOX_DOCUMENT_MAX_SIZE;
  job->types = g_strdupv (self->spec->types);
  job->generation = ++self->generation;
  job->thumb_pixels = THUMB_SIZE * gtk_widget_get_scale_factor (GTK_WIDGET (self));
  self->reading = TRUE;
  g_clear_pointer (&self->error_text, g_free);
  update (self);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pk_document_row_attach_async);
  g_task_set_task_data (task, job, (GDestroyNotify) attach_job_free);
  g_task_run_in_thread (task, attach_thread);
}

/**
 * pk_document_row_attach_finish:
 *
 * Shows the file read, or why it was refused — unless a later attach or a removal superseded
 * this one, which is then dropped.
 *
 * Returns: %TRUE if the row now shows this result
 */
gboolean
pk_document_row_attach_finish (PkDocumentRow *self,
                               GAsyncResult  *result)
{
  AttachJob *job;
  g_autoptr(GError) error = NULL;
  g_autoptr(Attachment) a = NULL;

  g_return_val_if_fail (PK_IS_DOCUMENT_ROW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  job = g_task_get_task_data (G_TASK (result));
  a = g_task_propagate_pointer (G_TASK (result), &error);
  if (job->generation != self->generation)
    return FALSE;
  self->reading = FALSE;
  g_clear_pointer (&self->error_text, g_free);
  g_clear_pointer (&self->attachment, attachment_free);
  if (a == NULL)
    self->error_text = g_strdup (error->message);
  else
    self->attachment = g_steal_pointer (&a);
  update (self);
  return TRUE;
}

/**
 * pk_document_row_clear:
 *
 * Removes the file attached, or drops the one being read, and the message with it.
 */
void
pk_document_row_clear (PkDocumentRow *self)
{
  g_return_if_fail (PK_IS_DOCUMENT_ROW (self));

  self->generation++;
  self->reading = FALSE;
  g_clear_pointer (&self->attachment, attachment_free);
  g_clear_pointer (&self->error_text, g_free);
  update (self);
}

PkApiDocumentSpec *
pk_document_row_get_spec (PkDocumentRow *self)
{
  g_return_val_if_fail (PK_IS_DOCUMENT_ROW (self), NULL);
  return self->spec;
}

/**
 * pk_document_row_get_title:
 *
 * Returns: the document's name in the row's language
 */
const char *
pk_document_row_get_title (PkDocumentRow *self)
{
  g_return_val_if_fail (PK_IS_DOCUMENT_ROW (self), NULL);
  return self->title;
}

/**
 * pk_document_row_get_error:
 *
 * Returns: (nullable): why the file attached was refused, or why it is missing
 */
const char *
pk_document_row_get_error (PkDocumentRow *self)
{
  g_return_val_if_fail (PK_IS_DOCUMENT_ROW (self), NULL);
  return self->error_text;
}

/**
 * pk_document_row_set_error:
 * @message: (nullable): what is wrong with the document; %NULL for nothing
 */
void
pk_document_row_set_error (PkDocumentRow *self,
                           const char    *message)
{
  g_return_if_fail (PK_IS_DOCUMENT_ROW (self));

  if (message != self->error_text)
    {
      g_free (self->error_text);
      self->error_text = g_strdup (message);
    }
  update (self);
}

gboolean
pk_document_row_has_file (PkDocumentRow *self)
{
  g_return_val_if_fail (PK_IS_DOCUMENT_ROW (self), FALSE);
  return self->attachment != NULL;
}

/**
 * pk_document_row_get_filename:
 *
 * Returns: (nullable): the name of the file attached
 */
const char *
pk_document_row_get_filename (PkDocumentRow *self)
{
  g_return_val_if_fail (PK_IS_DOCUMENT_ROW (self), NULL);
  return self->attachment ? self->attachment->filename : NULL;
}

/**
 * pk_document_row_dup_document:
 *
 * Returns: (transfer full) (nullable): the file attached, as the outbox stores it
 */
PkOutboxDocument *
pk_document_row_dup_document (PkDocumentRow *self)
{
  Attachment *a;

  g_return_val_if_fail (PK_IS_DOCUMENT_ROW (self), NULL);

  a = self->attachment;
  return a ? pk_outbox_document_new (a->filename, a->content_type, a->data) : NULL;
}

static void
pk_document_row_finalize (GObject *object)
{
  PkDocumentRow *self = PK_DOCUMENT_ROW (object);

  g_clear_pointer (&self->attachment, attachment_free);
  g_free (self->error_text);
  g_free (self->title);

  G_OBJECT_CLASS (pk_document_row_parent_class)->finalize (object);
}

static void
pk_document_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PK_TYPE_DOCUMENT_ROW);

  G_OBJECT_CLASS (pk_document_row_parent_class)->dispose (object);
}

static void
pk_document_row_class_init (PkDocumentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pk_document_row_dispose;
  object_class->finalize = pk_document_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PK_RESOURCE_PATH "/pk-document-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PkDocumentRow, thumb);
  gtk_widget_class_bind_template_child (widget_class, PkDocumentRow, picture);
  gtk_widget_class_bind_template_child (widget_class, PkDocumentRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, PkDocumentRow, types_label);
  gtk_widget_class_bind_template_child (widget_class, PkDocumentRow, info);
  gtk_widget_class_bind_template_child (widget_class, PkDocumentRow, error);
  gtk_widget_class_bind_template_child (widget_class, PkDocumentRow, attach_button);
  gtk_widget_class_bind_template_child (widget_class, PkDocumentRow, remove_button);
}

static void
pk_document_row_init (PkDocumentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove the file"), -1);
}

/**
 * pk_document_row_new:
 * @spec: (transfer none): the document; it must outlive the row
 *
 * Returns: (transfer floating): a row for @spec with nothing attached
 */
GtkWidget *
pk_document_row_new (PkApiDocumentSpec *spec,
                     PkLanguage         language)
{
  PkDocumentRow *self;
  const char *name;
  g_autofree char *types = NULL;
  g_autofree char *mb = NULL;
  g_autofree char *mb_digits = NULL;
  gboolean pdf_only;

  g_return_val_if_fail (spec != NULL, NULL);

  self = g_object_new (PK_TYPE_DOCUMENT_ROW, NULL);
  self->spec = spec;
  self->language = language;
  name = language == PK_LANGUAGE_ENGLISH && spec->title_en && *spec->title_en
         ? spec->title_en : spec->title_fa ? spec->title_fa : "";
  self->title = g_strdup (name);
  mb = megabytes (spec->max_bytes > 0 ? spec->max_bytes : PK_OUTBOX_DOCUMENT_MAX_SIZE);
  mb_digits = pk_format_digits (mb, language);
  pdf_only = g_strv_length (spec->types) == 1 && g_str_equal (spec->types[0], "application/pdf");
  types = g_strdup_printf (pdf_only ? _("PDF only, at most %s MB")
                                    : _("PDF, JPEG or PNG, at most %s MB"),
                           mb_digits);

  gtk_widget_set_name (GTK_WIDGET (self), spec->code);
  if (spec->required)
    {
      g_autofree char *title = g_strdup_printf ("%s *", name);

      pk_gui_label_set_text (self->title_label, title);
    }
  else
    pk_gui_label_set_text (self->title_label, name);
  pk_gui_label_set_text (self->types_label, types);
  /* The name after the target: the wizard's actions take the document's code. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->attach_button), "s", spec->code);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->attach_button), "permit.attach");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->remove_button), "s", spec->code);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->remove_button), "permit.remove-document");
  update (self);
  return GTK_WIDGET (self);
}
