/* pk-pdf-actions.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pk-pdf-actions.h"

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
response_cb (GtkNativeDialog *dialog,
             int              response,
             GTask           *task)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);

  if (file == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Not saved");
      g_object_unref (task);
      return;
    }
  g_file_replace_contents_bytes_async (file, g_task_get_task_data (task), NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, NULL, written_cb, task);
}

/**
 * pk_save_pdf_async:
 * @parent: the widget whose window the dialog belongs to
 * @pdf: the document, already rendered
 *
 * Asks where to save @pdf (bookworm's GTK has no GtkFileDialog: the native chooser) and writes
 * it there off the main loop. Finishes with %G_IO_ERROR_CANCELLED when the person cancelled.
 */
void
pk_save_pdf_async (GtkWidget           *parent,
                   const char          *title,
                   const char          *suggested_name,
                   GBytes              *pdf,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GtkFileChooserNative *dialog;
  GTask *task;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (pdf != NULL);

  task = g_task_new (parent, NULL, callback, user_data);
  g_task_set_source_tag (task, pk_save_pdf_async);
  g_task_set_task_data (task, g_bytes_ref (pdf), (GDestroyNotify) g_bytes_unref);

  dialog = gtk_file_chooser_native_new (title, GTK_WINDOW (gtk_widget_get_root (parent)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

gboolean
pk_save_pdf_finish (GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pk_save_pdf_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * pk_print_job_state_to_status:
 *
 * Returns: (nullable): what to tell the person while a job is in @state; %NULL for the final
 *   states, which the job's result reports.
 */
const char *
pk_print_job_state_to_status (PkPrintJobState state)
{
  switch (state)
    {
    case PK_PRINT_JOB_STATE_PENDING:
    case PK_PRINT_JOB_STATE_HELD:
      return _("Waiting for the printer…");
    case PK_PRINT_JOB_STATE_PROCESSING:
      return _("Printing…");
    case PK_PRINT_JOB_STATE_STOPPED:
      return _("The printer has stopped. Check its paper and display.");
    case PK_PRINT_JOB_STATE_CANCELLED:
    case PK_PRINT_JOB_STATE_ABORTED:
    case PK_PRINT_JOB_STATE_COMPLETED:
    default:
      return NULL;
    }
}
