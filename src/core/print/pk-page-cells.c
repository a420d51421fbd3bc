/* pk-page-cells.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "pk-format.h"
#include "pk-page-cells.h"

void
pk_page_cells_init (PkPageCells *cells)
{
  g_return_if_fail (cells != NULL);

  cells->owned = g_ptr_array_new_with_free_func (g_free);
  /* NULL-terminated, so the cells can go to a block constructor as they are. */
  cells->cells = g_ptr_array_new_null_terminated (8, NULL, TRUE);
}

void
pk_page_cells_clear (PkPageCells *cells)
{
  g_return_if_fail (cells != NULL);

  g_clear_pointer (&cells->owned, g_ptr_array_unref);
  g_clear_pointer (&cells->cells, g_ptr_array_unref);
}

/* @text is borrowed: it must outlive the cells' use. */
void
pk_page_cells_add (PkPageCells *cells,
                   const char  *text)
{
  g_return_if_fail (cells != NULL);

  g_ptr_array_add (cells->cells, (gpointer) text);
}

/* @text is freed with the cells, not at pk_page_cells_reset(): a block copies its cells, but a
 * caller may still hold the text. */
void
pk_page_cells_take (PkPageCells *cells,
                    char        *text)
{
  g_return_if_fail (cells != NULL);

  g_ptr_array_add (cells->owned, text);
  g_ptr_array_add (cells->cells, text);
}

const char * const *
pk_page_cells_get (PkPageCells *cells)
{
  g_return_val_if_fail (cells != NULL, NULL);

  return (const char * const *) cells->cells->pdata;
}

/* Starts the next row; the texts taken so far stay alive. */
void
pk_page_cells_reset (PkPageCells *cells)
{
  g_return_if_fail (cells != NULL);

  g_ptr_array_set_size (cells->cells, 0);
}

/**
 * pk_page_cells_measure:
 * @value: metres, percent, a coefficient; negative when unknown
 * @unit: (nullable): put after the number with a space
 *
 * A measure as the printed documents show it: Persian digits from pk_format_decimal(), halves
 * rounded away from zero (so 0.125 at two decimals prints ۰٫۱۳ on paper, as it always has,
 * where ICU alone would round to even), "—" when unknown.
 *
 * Returns: (transfer full): e.g. 1234.5 → "۱٬۲۳۴٫۵ مترمربع"
 */
char *
pk_page_cells_measure (double      value,
                       guint       decimals,
                       const char *unit)
{
  g_autofree char *number = NULL;
  double factor;

  if (value < 0)
    return g_strdup ("—");

  decimals = MIN (decimals, 6);
  factor = pow (10, decimals);
  number = pk_format_decimal ((double) llround (value * factor) / factor, (int) decimals,
                              PK_LANGUAGE_PERSIAN);
  return unit != NULL ? g_strconcat (number, " ", unit, NULL) : g_steal_pointer (&number);
}
