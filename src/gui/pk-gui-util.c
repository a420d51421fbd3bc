/* pk-gui-util.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pk-gui-util.h"

/* What the pages share in how they show things: labels of text that may be long or short, laid
 * out as cheaply as GTK 4.8 allows; the message at the bottom of a page; the spinner that says
 * a page is busy. */

/* Text this short fits any column the wizard has, so its label need not wrap. Wrapping costs
 * in GTK 4.8: a wrapping label shapes its text again for every width it is measured at, and
 * asked for its width at a given height (as GtkWindow asks, over and over, while it works out
 * its minimum size) it runs a binary search that lays the text out about ten times. */
#define SHORT_TEXT_CHARS 32

static gboolean
text_is_short (const char *text)
{
  const char *line = text ? text : "";

  for (;;)
    {
      const char *end = strchr (line, '\n');
      glong length = g_utf8_strlen (line, end ? end - line : -1);

      if (length > SHORT_TEXT_CHARS)
        return FALSE;
      if (end == NULL)
        return TRUE;
      line = end + 1;
    }
}

/**
 * pk_gui_label_set_text:
 * @text: (nullable): the text; %NULL for none
 *
 * Sets @text on @label, wrapping it only when it is long enough to need it.
 */
void
pk_gui_label_set_text (GtkLabel   *label,
                       const char *text)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_wrap (label, !text_is_short (text));
  gtk_label_set_label (label, text ? text : "");
}

/**
 * pk_gui_label_new:
 * @text: (nullable): the text
 * @css_class: (nullable): a style class to add
 *
 * Returns: (transfer floating): a label at the start and top of its cell
 */
GtkWidget *
pk_gui_label_new (const char *text,
                  const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  pk_gui_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* At the top of its row by yalign, not valign: a wrapping label that does not fill its cell
   * is measured again on every allocation, width for height, by a binary search that lays its
   * text out a dozen times (GTK 4.8, gtk_widget_adjust_size_allocation()). */
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/**
 * pk_gui_show_error:
 * @message: (nullable): what went wrong; %NULL hides the label
 *
 * Shows @message in a page's error label, or hides it.
 */
void
pk_gui_show_error (GtkLabel   *label,
                   const char *message)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_label (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

/**
 * pk_gui_show_busy:
 *
 * Shows @spinner spinning while a page is busy, and hides it when it is not.
 */
void
pk_gui_show_busy (GtkSpinner *spinner,
                  gboolean    busy)
{
  g_return_if_fail (GTK_IS_SPINNER (spinner));

  gtk_spinner_set_spinning (spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (spinner), busy);
}
