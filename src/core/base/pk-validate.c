/* pk-validate.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pk-text.h"
#include "pk-validate.h"

G_DEFINE_QUARK (pk-validation-error-quark, pk_validation_error)

static gboolean
all_ascii_digits (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

static gboolean
all_same (const char *s)
{
  for (const char *p = s; *p; p++)
    if (*p != s[0])
      return FALSE;
  return TRUE;
}

/* Identifiers are often typed with dashes or spaces between groups of digits. */
static char *
strip_separators (const char *input)
{
  g_autofree char *norm = pk_text_normalize_identifier (input);
  GString *out;

  if (norm == NULL)
    return NULL;
  out = g_string_sized_new (strlen (norm));
  for (const char *p = norm; *p; p++)
    if (*p != '-' && *p != '_' && *p != '.' && *p != '/')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static gboolean
fail (GError **error, PkValidationError code, const char *message)
{
  g_set_error_literal (error, PK_VALIDATION_ERROR, code, message);
  return FALSE;
}

/**
 * pk_validate_national_id:
 * @input: the national ID (کد ملی) as typed, in any digit system
 * @normalized: (out) (optional): the 10 ASCII digits
 *
 * Checks an Iranian national ID: 10 digits (8 or 9 typed digits are left-padded with zeros, as
 * old cards omit leading zeros), not all the same digit, and the mod-11 check digit.
 */
gboolean
pk_validate_national_id (const char  *input,
                         char       **normalized,
                         GError     **error)
{
  g_autofree char *digits = NULL;
  g_autofree char *id = NULL;
  guint sum = 0, rem, check;

  g_return_val_if_fail (input != NULL, FALSE);

  digits = strip_separators (input);
  if (digits == NULL)
    return fail (error, PK_VALIDATION_ERROR_INVALID_CHARACTERS,
                 _("The national ID may contain digits only."));
  if (*digits == '\0')
    return fail (error, PK_VALIDATION_ERROR_EMPTY, _("Enter the national ID."));
  if (!all_ascii_digits (digits))
    return fail (error, PK_VALIDATION_ERROR_INVALID_CHARACTERS,
                 _("The national ID may contain digits only."));
  if (strlen (digits) < 8 || strlen (digits) > 10)
    return fail (error, PK_VALIDATION_ERROR_WRONG_LENGTH, _("The national ID has 10 digits."));

  id = g_strdup_printf ("%010d", 0);
  memcpy (id + 10 - strlen (digits), digits, strlen (digits));

  if (all_same (id))
    return fail (error, PK_VALIDATION_ERROR_REPEATED_DIGITS,
                 _("This national ID is not valid. Check the digits on the card."));

  for (guint i = 0; i < 9; i++)
    sum += (guint) (id[i] - '0') * (10 - i);
  rem = sum % 11;
  check = rem < 2 ? rem : 11 - rem;
  if (check != (guint) (id[9] - '0'))
    return fail (error, PK_VALIDATION_ERROR_CHECKSUM,
                 _("This national ID is not valid. Check the digits on the card."));

  if (normalized)
    *normalized = g_steal_pointer (&id);
  return TRUE;
}

/**
 * pk_validate_postal_code:
 * @input: the postal code as typed
 * @normalized: (out) (optional): the 10 ASCII digits
 *
 * Iranian postal codes have 10 digits and never start with 0.
 */
gboolean
pk_validate_postal_code (const char  *input,
                         char       **normalized,
                         GError     **error)
{
  g_autofree char *digits = NULL;

  g_return_val_if_fail (input != NULL, FALSE);

  digits = strip_separators (input);
  if (digits == NULL || (*digits != '\0' && !all_ascii_digits (digits)))
    return fail (error, PK_VALIDATION_ERROR_INVALID_CHARACTERS,
                 _("The postal code may contain digits only."));
  if (*digits == '\0')
    return fail (error, PK_VALIDATION_ERROR_EMPTY, _("Enter the postal code."));
  if (strlen (digits) != 10)
    return fail (error, PK_VALIDATION_ERROR_WRONG_LENGTH, _("The postal code has 10 digits."));
  if (digits[0] == '0' || all_same (digits))
    return fail (error, PK_VALIDATION_ERROR_PATTERN, _("This postal code is not valid."));

  if (normalized)
    *normalized = g_steal_pointer (&digits);
  return TRUE;
}

/**
 * pk_validate_mobile:
 * @input: a mobile number: 09xxxxxxxxx, +989xxxxxxxxx or 00989xxxxxxxxx
 * @normalized: (out) (optional): the number as 09xxxxxxxxx
 */
gboolean
pk_validate_mobile (const char  *input,
                    char       **normalized,
                    GError     **error)
{
  g_autofree char *digits = NULL;
  const char *national;

  g_return_val_if_fail (input != NULL, FALSE);

  digits = strip_separators (input);
  if (digits == NULL)
    return fail (error, PK_VALIDATION_ERROR_INVALID_CHARACTERS,
                 _("The mobile number may contain digits only."));
  if (*digits == '\0')
    return fail (error, PK_VALIDATION_ERROR_EMPTY, _("Enter the mobile number."));

  national = digits;
  if (g_str_has_prefix (national, "+98"))
    national += 3;
  else if (g_str_has_prefix (national, "0098"))
    national += 4;
  else if (g_str_has_prefix (national, "98") && strlen (national) == 12)
    national += 2;
  else if (national[0] == '0')
    national += 1;

  if (!all_ascii_digits (national))
    return fail (error, PK_VALIDATION_ERROR_INVALID_CHARACTERS,
                 _("The mobile number may contain digits only."));
  if (national[0] != '9')
    return fail (error, PK_VALIDATION_ERROR_WRONG_PREFIX,
                 _("A mobile number starts with 09."));
  if (strlen (national) != 10)
    return fail (error, PK_VALIDATION_ERROR_WRONG_LENGTH,
                 _("A mobile number has 11 digits, like 09121234567."));

  if (normalized)
    *normalized = g_strconcat ("0", national, NULL);
  return TRUE;
}

static GArray *
parse_pattern (const char *pattern)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GArray) widths = g_array_new (FALSE, FALSE, sizeof (guint));

  if (pattern == NULL || *pattern == '\0')
    return NULL;
  parts = g_strsplit (pattern, "-", -1);
  for (guint i = 0; parts[i]; i++)
    {
      guint64 w;

      if (!g_ascii_string_to_unsigned (parts[i], 10, 1, 9, &w, NULL))
        return NULL;
      g_array_append_val (widths, (guint) { w });
    }
  if (widths->len < 1 || widths->len > 8)
    return NULL;
  return g_steal_pointer (&widths);
}

/**
 * pk_validate_renovation_pattern:
 * @pattern: a renovation-code layout such as "2-3-3-3-3-3"
 *
 * A layout is 1–8 segment widths (1–9 digits each) joined by dashes. Each city sets its own.
 */
gboolean
pk_validate_renovation_pattern (const char *pattern)
{
  g_autoptr(GArray) widths = parse_pattern (pattern);

  return widths != NULL;
}

/**
 * pk_validate_renovation_code:
 * @input: a renovation code (کد نوسازی) as typed
 * @pattern: the city's layout, see pk_validate_renovation_pattern()
 * @normalized: (out) (optional): the code with every segment zero-padded, joined by dashes
 *
 * Segments may be typed with dashes, slashes or spaces between them, each with up to its width in
 * digits; or as one run of exactly all the digits.
 */
gboolean
pk_validate_renovation_code (const char  *input,
                             const char  *pattern,
                             char       **normalized,
                             GError     **error)
{
  g_autoptr(GArray) widths = NULL;
  g_autofree char *norm = NULL;
  g_autofree char *ident = NULL;
  g_autoptr(GString) out = NULL;
  g_auto(GStrv) segments = NULL;
  guint total = 0;

  g_return_val_if_fail (input != NULL, FALSE);

  widths = parse_pattern (pattern);
  g_return_val_if_fail (widths != NULL, FALSE);

  norm = pk_text_normalize (input);
  if (norm == NULL)
    return fail (error, PK_VALIDATION_ERROR_INVALID_CHARACTERS,
                 _("The renovation code may contain digits and dashes only."));
  ident = pk_text_digits_to_ascii (norm);

  for (guint i = 0; i < widths->len; i++)
    total += g_array_index (widths, guint, i);

  if (*ident == '\0')
    return fail (error, PK_VALIDATION_ERROR_EMPTY, _("Enter the renovation code."));

  for (char *p = ident; *p; p++)
    {
      if (*p == '/' || *p == ' ' || *p == '_' || *p == '.')
        *p = '-';
      else if (!g_ascii_isdigit (*p) && *p != '-')
        return fail (error, PK_VALIDATION_ERROR_INVALID_CHARACTERS,
                     _("The renovation code may contain digits and dashes only."));
    }

  out = g_string_new (NULL);
  if (strchr (ident, '-') == NULL)
    {
      const char *p = ident;

      if (strlen (ident) != total)
        return fail (error, PK_VALIDATION_ERROR_PATTERN,
                     _("The renovation code does not match this city's format."));
      for (guint i = 0; i < widths->len; i++)
        {
          guint w = g_array_index (widths, guint, i);

          if (i > 0)
            g_string_append_c (out, '-');
          g_string_append_len (out, p, w);
          p += w;
        }
    }
  else
    {
      segments = g_strsplit (ident, "-", -1);
      if (g_strv_length (segments) != widths->len)
        return fail (error, PK_VALIDATION_ERROR_PATTERN,
                     _("The renovation code does not match this city's format."));
      for (guint i = 0; i < widths->len; i++)
        {
          guint w = g_array_index (widths, guint, i);
          gsize len = strlen (segments[i]);

          if (len == 0 || len > w)
            return fail (error, PK_VALIDATION_ERROR_PATTERN,
                         _("The renovation code does not match this city's format."));
          if (i > 0)
            g_string_append_c (out, '-');
          for (gsize k = len; k < w; k++)
            g_string_append_c (out, '0');
          g_string_append (out, segments[i]);
        }
    }

  if (normalized)
    *normalized = g_string_free (g_steal_pointer (&out), FALSE);
  return TRUE;
}

/**
 * pk_validate_amount:
 * @input: an amount as typed, with or without grouping separators
 * @unit: the unit the amount was typed in
 * @rial: (out) (optional): the amount in Rial
 *
 * Amounts are whole, non-negative and at most %PK_AMOUNT_MAX_RIAL Rial. Toman is ten Rial.
 */
gboolean
pk_validate_amount (const char    *input,
                    PkAmountUnit   unit,
                    gint64        *rial,
                    GError       **error)
{
  g_autofree char *ident = NULL;
  g_autoptr(GString) digits = g_string_new (NULL);
  guint64 value;
  const char *p;

  g_return_val_if_fail (input != NULL, FALSE);

  ident = pk_text_normalize_identifier (input);
  if (ident == NULL)
    return fail (error, PK_VALIDATION_ERROR_NOT_A_NUMBER, _("Enter the amount in digits."));
  if (*ident == '\0')
    return fail (error, PK_VALIDATION_ERROR_EMPTY, _("Enter the amount."));

  p = ident;
  if (*p == '-' || g_str_has_prefix (p, "\u2212"))
    return fail (error, PK_VALIDATION_ERROR_NEGATIVE, _("The amount cannot be negative."));
  if (*p == '+')
    p++;

  for (; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= '0' && c <= '9')
        g_string_append_c (digits, (char) c);
      else if (c == ',' || c == 0x066C /* ٬ */ || c == 0x060C /* ، */ || c == '\'')
        continue;
      else if (c == '.' || c == 0x066B /* ٫ */ || c == '/')
        return fail (error, PK_VALIDATION_ERROR_FRACTION,
                     _("Enter the amount without decimals."));
      else
        return fail (error, PK_VALIDATION_ERROR_NOT_A_NUMBER, _("Enter the amount in digits."));
    }

  if (digits->len == 0)
    return fail (error, PK_VALIDATION_ERROR_NOT_A_NUMBER, _("Enter the amount in digits."));
  if (digits->len > 18 || !g_ascii_string_to_unsigned (digits->str, 10, 0, G_MAXINT64, &value, NULL))
    return fail (error, PK_VALIDATION_ERROR_TOO_LARGE, _("The amount is too large."));
  if (unit == PK_AMOUNT_UNIT_TOMAN)
    {
      if (value > (guint64) PK_AMOUNT_MAX_RIAL / 10)
        return fail (error, PK_VALIDATION_ERROR_TOO_LARGE, _("The amount is too large."));
      value *= 10;
    }
  if (value > (guint64) PK_AMOUNT_MAX_RIAL)
    return fail (error, PK_VALIDATION_ERROR_TOO_LARGE, _("The amount is too large."));

  if (rial)
    *rial = (gint64) value;
  return TRUE;
}

/**
 * pk_validate_tracking_code:
 * @input: a tracking code (کد رهگیری) as typed: "PK" and ten letters or digits
 * @normalized: (out) (optional): the code in upper case with ASCII digits
 */
gboolean
pk_validate_tracking_code (const char  *input,
                           char       **normalized,
                           GError     **error)
{
  g_autofree char *ident = NULL;
  g_autofree char *upper = NULL;

  g_return_val_if_fail (input != NULL, FALSE);

  ident = strip_separators (input);
  if (ident == NULL)
    return fail (error, PK_VALIDATION_ERROR_INVALID_CHARACTERS,
                 _("The tracking code may contain Latin letters and digits only."));
  if (*ident == '\0')
    return fail (error, PK_VALIDATION_ERROR_EMPTY, _("Enter the tracking code."));

  upper = g_ascii_strup (ident, -1);
  for (const char *p = upper; *p; p++)
    if (!g_ascii_isalnum (*p))
      return fail (error, PK_VALIDATION_ERROR_INVALID_CHARACTERS,
                   _("The tracking code may contain Latin letters and digits only."));
  if (strlen (upper) != 12)
    return fail (error, PK_VALIDATION_ERROR_WRONG_LENGTH,
                 _("The tracking code has 12 characters, like PK1234567890."));
  if (!g_str_has_prefix (upper, "PK"))
    return fail (error, PK_VALIDATION_ERROR_WRONG_PREFIX, _("The tracking code starts with PK."));

  if (normalized)
    *normalized = g_steal_pointer (&upper);
  return TRUE;
}

/**
 * pk_validate_person_name:
 * @input: a first or last name as typed
 * @max_chars: the longest name accepted, in characters
 * @normalized: (out) (optional): the normalised name
 *
 * Names are normalised (pk_text_normalize()), must not be empty, must not contain digits or bidi
 * controls, and are limited in length so that they fit on the printed sheet.
 */
gboolean
pk_validate_person_name (const char  *input,
                         guint        max_chars,
                         char       **normalized,
                         GError     **error)
{
  g_autofree char *norm = NULL;

  g_return_val_if_fail (input != NULL, FALSE);

  if (pk_text_has_bidi_controls (input))
    return fail (error, PK_VALIDATION_ERROR_BIDI_CONTROL,
                 _("The name contains hidden direction characters. Type it again."));

  norm = pk_text_normalize (input);
  if (norm == NULL)
    return fail (error, PK_VALIDATION_ERROR_INVALID_CHARACTERS,
                 _("The name contains characters that are not allowed."));
  if (*norm == '\0')
    return fail (error, PK_VALIDATION_ERROR_EMPTY, _("Enter the name."));
  if ((guint) pk_text_length (norm) > max_chars)
    return fail (error, PK_VALIDATION_ERROR_TOO_LONG, _("The name is too long."));

  for (const char *p = norm; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isdigit (c) || g_unichar_iscntrl (c) ||
          !(g_unichar_isalpha (c) || g_unichar_ismark (c) || c == ' ' || c == 0x200C ||
            c == '-' || c == '\'' || c == '.'))
        return fail (error, PK_VALIDATION_ERROR_INVALID_CHARACTERS,
                     _("A name may contain letters only."));
    }

  if (normalized)
    *normalized = g_steal_pointer (&norm);
  return TRUE;
}
