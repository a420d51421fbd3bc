/* pk-sandbox-catalogue.h — the services catalogue, form schemas and fee formulas (as data)
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Variables a fee expression may use; see docs/api-v1.md, "Fees". */
typedef struct
{
  gdouble area;        /* built area for permits, parcel area otherwise, m² */
  gdouble land_area;   /* parcel area, m² */
  gdouble frontage;    /* m */
  gdouble P;           /* zone price of the block for the year, Rial/m² */
  gdouble k;           /* the item's coefficient */
  gdouble floors;
  gdouble units;
  gdouble length;      /* m, for walls and excavations */
  gdouble days;
} PkSandboxFeeVars;

gboolean  pk_sandbox_catalogue_install (sqlite3                *db,
                                        GError                **error);
gboolean  pk_sandbox_fee_eval          (const char             *expression,
                                        const PkSandboxFeeVars *vars,
                                        gint64                 *amount_rial,
                                        GError                **error);

G_END_DECLS
