/* pk-validate.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "pk-enums.h"

G_BEGIN_DECLS

#define PK_VALIDATION_ERROR (pk_validation_error_quark ())

typedef enum
{
  PK_VALIDATION_ERROR_EMPTY,
  PK_VALIDATION_ERROR_INVALID_CHARACTERS,
  PK_VALIDATION_ERROR_BIDI_CONTROL,
  PK_VALIDATION_ERROR_TOO_LONG,
  PK_VALIDATION_ERROR_WRONG_LENGTH,
  PK_VALIDATION_ERROR_CHECKSUM,
  PK_VALIDATION_ERROR_REPEATED_DIGITS,
  PK_VALIDATION_ERROR_WRONG_PREFIX,
  PK_VALIDATION_ERROR_PATTERN,
  PK_VALIDATION_ERROR_NEGATIVE,
  PK_VALIDATION_ERROR_TOO_LARGE,
  PK_VALIDATION_ERROR_NOT_A_NUMBER,
  PK_VALIDATION_ERROR_FRACTION,
} PkValidationError;

/* Largest amount a form accepts, in Rial: well above any municipal fee, well below overflow. */
#define PK_AMOUNT_MAX_RIAL G_GINT64_CONSTANT (1000000000000000)

/* Default renovation-code layout: zone-block-parcel-building-entrance-unit. */
#define PK_RENOVATION_PATTERN_DEFAULT "2-3-3-3-3-3"

GQuark    pk_validation_error_quark      (void);

gboolean  pk_validate_national_id        (const char   *input,
                                          char        **normalized,
                                          GError      **error);
gboolean  pk_validate_postal_code        (const char   *input,
                                          char        **normalized,
                                          GError      **error);
gboolean  pk_validate_mobile             (const char   *input,
                                          char        **normalized,
                                          GError      **error);
gboolean  pk_validate_renovation_code    (const char   *input,
                                          const char   *pattern,
                                          char        **normalized,
                                          GError      **error);
gboolean  pk_validate_renovation_pattern (const char   *pattern);
gboolean  pk_validate_amount             (const char   *input,
                                          PkAmountUnit  unit,
                                          gint64       *rial,
                                          GError      **error);
gboolean  pk_validate_tracking_code      (const char   *input,
                                          char        **normalized,
                                          GError      **error);
gboolean  pk_validate_person_name        (const char   *input,
                                          guint         max_chars,
                                          char        **normalized,
                                          GError      **error);

G_END_DECLS
