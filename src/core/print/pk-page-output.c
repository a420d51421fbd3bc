/* pk-page-output.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <math.h>

#include "pk-page-private.h"
#include "pk-page.h"

/* A page as a file, bytes or an image, each through pk_page_render(), and the render thread
 * that makes them asynchronously. */

static gboolean
render_to_surface (PkPage           *self,
                   cairo_surface_t  *surface,
                   GError          **error)
{
  cairo_t *cr = cairo_create (surface);
  gboolean ok = pk_page_render (self, cr, error);

  if (ok)
    cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (ok && cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, PK_PAGE_ERROR, PK_PAGE_ERROR_OUTPUT, "Cannot write the page: %s",
                   cairo_status_to_string (cairo_surface_status (surface)));
      ok = FALSE;
    }
  return ok;
}

static void
set_pdf_metadata (PkPage          *self,
                  cairo_surface_t *surface)
{
  if (pk_page_get_title (self) != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, pk_page_get_title (self));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Pishkhan");
}

/**
 * pk_page_render_pdf_file:
 *
 * Writes the page as a one-page PDF at @path.
 */
gboolean
pk_page_render_pdf_file (PkPage      *self,
                         const char  *path,
                         GError     **error)
{
  cairo_surface_t *surface;
  gboolean ok;

  g_return_val_if_fail (PK_IS_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  surface = cairo_pdf_surface_create (path, PK_PAGE_A4_WIDTH, PK_PAGE_A4_HEIGHT);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, PK_PAGE_ERROR, PK_PAGE_ERROR_OUTPUT, "Cannot create %s: %s", path,
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return FALSE;
    }
  set_pdf_metadata (self, surface);
  ok = render_to_surface (self, surface, error);
  cairo_surface_destroy (surface);
  if (!ok)
    g_unlink (path);
  return ok;
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * pk_page_render_pdf:
 *
 * Returns: (transfer full) (nullable): the page as a one-page PDF in memory, ready for the
 *   printer or the outbox.
 */
GBytes *
pk_page_render_pdf (PkPage  *self,
                    GError **error)
{
  g_autoptr(GByteArray) buffer = NULL;
  cairo_surface_t *surface;
  gboolean ok;

  g_return_val_if_fail (PK_IS_PAGE (self), NULL);

  buffer = g_byte_array_sized_new (64 * 1024);
  surface = cairo_pdf_surface_create_for_stream (append_bytes, buffer, PK_PAGE_A4_WIDTH,
                                                 PK_PAGE_A4_HEIGHT);
  set_pdf_metadata (self, surface);
  ok = render_to_surface (self, surface, error);
  cairo_surface_destroy (surface);
  if (!ok)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

/**
 * pk_page_render_image:
 * @dpi: pixels per inch; 96 for a screen preview, 300 to check a print
 *
 * Returns: (transfer full) (nullable): the page on white, as an ARGB32 image surface.
 */
cairo_surface_t *
pk_page_render_image (PkPage  *self,
                      double   dpi,
                      GError **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean ok;

  g_return_val_if_fail (PK_IS_PAGE (self), NULL);
  g_return_val_if_fail (dpi >= 10 && dpi <= 1200, NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        (int) ceil (PK_PAGE_A4_WIDTH * dpi / 72.0),
                                        (int) ceil (PK_PAGE_A4_HEIGHT * dpi / 72.0));
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, PK_PAGE_ERROR, PK_PAGE_ERROR_OUTPUT, "Cannot create the image: %s",
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, dpi / 72.0, dpi / 72.0);
  ok = pk_page_render (self, cr, error);
  cairo_destroy (cr);
  if (!ok)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_flush (surface);
  return surface;
}

/**
 * pk_page_render_png:
 *
 * Returns: (transfer full) (nullable): pk_page_render_image() encoded as PNG.
 */
GBytes *
pk_page_render_png (PkPage  *self,
                    double   dpi,
                    GError **error)
{
  g_autoptr(GByteArray) buffer = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;

  g_return_val_if_fail (PK_IS_PAGE (self), NULL);

  surface = pk_page_render_image (self, dpi, error);
  if (surface == NULL)
    return NULL;
  buffer = g_byte_array_new ();
  status = cairo_surface_write_to_png_stream (surface, append_bytes, buffer);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, PK_PAGE_ERROR, PK_PAGE_ERROR_OUTPUT, "Cannot encode the PNG: %s",
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

typedef struct
{
  GTask           *task;
  GTaskThreadFunc  func;
} RenderJob;

static void
render_job_run (gpointer data,
                gpointer user_data)
{
  RenderJob *job = data;

  job->func (job->task, g_task_get_source_object (job->task), g_task_get_task_data (job->task),
             g_task_get_cancellable (job->task));
  g_object_unref (job->task);
  g_free (job);
}

/**
 * pk_page_run_in_render_thread:
 * @func: returns @task's result, as for g_task_run_in_thread()
 *
 * Runs @func on the one thread that renders every page asked for asynchronously, kept for the
 * life of the process. Pango's font maps are per thread: on a thread of GTask's pool (GLib
 * ends an unused one after 15 idle seconds) the first render loads, matches and measures
 * every font again and costs twice as much as the next. Renders queue one after the other; a
 * kiosk previews or prints one document at a time.
 */
void
pk_page_run_in_render_thread (GTask           *task,
                              GTaskThreadFunc  func)
{
  static GThreadPool *pool;
  RenderJob *job;

  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (func != NULL);

  if (g_once_init_enter (&pool))
    {
      /* Exclusive: its one thread starts now and never ends. */
      GThreadPool *created = g_thread_pool_new (render_job_run, NULL, 1, TRUE, NULL);

      g_once_init_leave (&pool, created);
    }
  job = g_new (RenderJob, 1);
  job->task = g_object_ref (task);
  job->func = func;
  g_thread_pool_push (pool, job, NULL);
}

typedef struct
{
  PkPageFormat format;
  double       dpi;
} RenderData;

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  PkPage *self = source_object;
  RenderData *data = task_data;
  GError *error = NULL;
  GBytes *bytes;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (data->format == PK_PAGE_FORMAT_PDF)
    bytes = pk_page_render_pdf (self, &error);
  else
    bytes = pk_page_render_png (self, data->dpi, &error);

  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

/**
 * pk_page_render_async:
 * @dpi: for %PK_PAGE_FORMAT_PNG only
 *
 * Renders on the render thread (pk_page_run_in_render_thread()), so a preview or a print never
 * stalls the main loop. The page is sealed at once: it must not change while the render thread
 * reads it.
 */
void
pk_page_render_async (PkPage              *self,
                      PkPageFormat         format,
                      double               dpi,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RenderData *data;

  g_return_if_fail (PK_IS_PAGE (self));
  g_return_if_fail (format == PK_PAGE_FORMAT_PDF || format == PK_PAGE_FORMAT_PNG);
  g_return_if_fail (format == PK_PAGE_FORMAT_PDF || (dpi >= 10 && dpi <= 1200));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  pk_page_seal (self);

  data = g_new0 (RenderData, 1);
  data->format = format;
  data->dpi = dpi;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pk_page_render_async);
  g_task_set_task_data (task, data, g_free);
  pk_page_run_in_render_thread (task, render_thread);
}

/**
 * pk_page_render_finish:
 *
 * Returns: (transfer full) (nullable): the PDF or PNG bytes.
 */
GBytes *
pk_page_render_finish (PkPage        *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (PK_IS_PAGE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pk_page_render_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
