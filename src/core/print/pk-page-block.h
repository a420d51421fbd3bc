/* pk-page-block.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Where a text sits in its box, in reading order: START is the right edge on a right-to-left
 * page, so callers never think in left and right. */
typedef enum
{
  PK_PAGE_ALIGN_START,
  PK_PAGE_ALIGN_CENTER,
  PK_PAGE_ALIGN_END,
} PkPageAlign;

/* Error correction of a QR code, as in ISO/IEC 18004: the share of the symbol that can be
 * damaged or soiled and still read (L 7 %, M 15 %, Q 25 %, H 30 %). */
typedef enum
{
  PK_PAGE_QR_LEVEL_L,
  PK_PAGE_QR_LEVEL_M,
  PK_PAGE_QR_LEVEL_Q,
  PK_PAGE_QR_LEVEL_H,
} PkPageQrLevel;

typedef enum
{
  PK_PAGE_ROW_NONE   = 0,
  PK_PAGE_ROW_BOLD   = 1 << 0,
  PK_PAGE_ROW_SHADED = 1 << 1,
} PkPageRowFlags;

/* A point of a parcel's outline, in metres: x grows to the east, y to the north. */
typedef struct
{
  double x;
  double y;
} PkPagePoint;

#define PK_TYPE_PAGE_BLOCK (pk_page_block_get_type ())

typedef struct _PkPageBlock PkPageBlock;

GType        pk_page_block_get_type            (void) G_GNUC_CONST;
PkPageBlock *pk_page_block_ref                 (PkPageBlock        *self);
void         pk_page_block_unref               (PkPageBlock        *self);

PkPageBlock *pk_page_block_new_header          (const char         *organisation,
                                                const char         *title,
                                                const char * const *meta_lines);
PkPageBlock *pk_page_block_new_heading         (const char         *text);
PkPageBlock *pk_page_block_new_paragraph       (const char         *text,
                                                double              size_pt,
                                                gboolean            bold);
void         pk_page_block_set_align           (PkPageBlock        *self,
                                                PkPageAlign         align);
void         pk_page_block_set_max_lines       (PkPageBlock        *self,
                                                int                 max_lines);
void         pk_page_block_set_boxed           (PkPageBlock        *self,
                                                gboolean            boxed);

PkPageBlock *pk_page_block_new_table           (guint               n_columns,
                                                const double       *weights);
void         pk_page_block_table_set_header    (PkPageBlock        *self,
                                                const char * const *titles);
void         pk_page_block_table_set_column    (PkPageBlock        *self,
                                                guint               column,
                                                PkPageAlign         align,
                                                gboolean            key);
void         pk_page_block_table_add_row       (PkPageBlock        *self,
                                                const char * const *cells,
                                                PkPageRowFlags      flags);
guint        pk_page_block_table_get_n_rows    (PkPageBlock        *self);
PkPageBlock *pk_page_block_new_key_values      (guint               pairs_per_row,
                                                const char * const *keys_and_values);

PkPageBlock *pk_page_block_new_qr              (const char         *payload,
                                                PkPageQrLevel       level,
                                                double              module_pt,
                                                const char         *caption,
                                                GError            **error);
guint        pk_page_block_qr_get_modules      (PkPageBlock        *self);

PkPageBlock *pk_page_block_new_sketch          (const PkPagePoint  *points,
                                                gsize               n_points,
                                                double              height_pt,
                                                const char         *caption);

PkPageBlock *pk_page_block_new_row             (void);
void         pk_page_block_row_append          (PkPageBlock        *self,
                                                PkPageBlock        *child,
                                                double              weight);

PkPageBlock *pk_page_block_new_spacer          (double              height_pt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkPageBlock, pk_page_block_unref)

G_END_DECLS
