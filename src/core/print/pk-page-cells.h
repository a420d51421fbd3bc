/* pk-page-cells.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The texts of a table's cells, collected row by row before they go to a block constructor
 * (pk_page_block_new_key_values(), pk_page_block_table_add_row()) as one NULL-terminated array.
 * Lives on the stack: pk_page_cells_init() … pk_page_cells_clear(). */
typedef struct
{
  GPtrArray *owned;
  GPtrArray *cells;
} PkPageCells;

void                pk_page_cells_init    (PkPageCells *cells);
void                pk_page_cells_clear   (PkPageCells *cells);
void                pk_page_cells_add     (PkPageCells *cells,
                                           const char  *text);
void                pk_page_cells_take    (PkPageCells *cells,
                                           char        *text);
const char * const *pk_page_cells_get     (PkPageCells *cells);
void                pk_page_cells_reset   (PkPageCells *cells);

char               *pk_page_cells_measure (double       value,
                                           guint        decimals,
                                           const char  *unit);

G_END_DECLS
