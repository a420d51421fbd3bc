/* pk-format.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "pk-enums.h"

G_BEGIN_DECLS

#define PK_FORMAT_ERROR (pk_format_error_quark ())

typedef enum
{
  PK_FORMAT_ERROR_EMPTY,
  PK_FORMAT_ERROR_INVALID_DATE,
  PK_FORMAT_ERROR_ICU,
} PkFormatError;

GQuark     pk_format_error_quark   (void);

char      *pk_format_date          (GDateTime    *datetime,
                                    PkLanguage    language);
char      *pk_format_date_time     (GDateTime    *datetime,
                                    PkLanguage    language);
char      *pk_format_date_long     (GDateTime    *datetime,
                                    PkLanguage    language);
char      *pk_format_time          (GDateTime    *datetime,
                                    PkLanguage    language);
char      *pk_format_integer       (gint64        value,
                                    PkLanguage    language);
char      *pk_format_decimal       (double        value,
                                    int           max_fraction_digits,
                                    PkLanguage    language);
char      *pk_format_amount        (gint64        rial,
                                    PkAmountUnit  unit,
                                    PkLanguage    language);
char      *pk_format_digits        (const char   *text,
                                    PkLanguage    language);
char      *pk_format_identifier    (const char   *text,
                                    PkLanguage    language);
char      *pk_format_tracking_code (const char   *code);
GDateTime *pk_parse_date           (const char   *text,
                                    GError      **error);

G_END_DECLS
