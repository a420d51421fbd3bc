/* pk-format.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "pk-format.h"
#include "pk-office-day.h"
#include "pk-text.h"

G_DEFINE_QUARK (pk-format-error-quark, pk_format_error)

/* The calendar is Solar Hijri in both languages: offices and citizens date everything that way. */
#define LOCALE_FA "fa_IR@calendar=persian"
#define LOCALE_EN "en_US@calendar=persian"

/* Opening an ICU formatter costs far more than using one, and the clock formats every minute, so
 * formatters are opened once per (language, pattern) and shared. ICU formatters are not
 * thread-safe, hence the lock around each use. */
static GMutex formatters_lock;
static GHashTable *formatters;

static const char *
icu_locale (PkLanguage language)
{
  return language == PK_LANGUAGE_ENGLISH ? LOCALE_EN : LOCALE_FA;
}

static UChar *
utf8_to_uchar (const char *text, int32_t *len)
{
  UErrorCode status = U_ZERO_ERROR;
  int32_t needed = 0;
  UChar *buf;

  u_strFromUTF8 (NULL, 0, &needed, text, -1, &status);
  status = U_ZERO_ERROR;
  buf = g_new0 (UChar, needed + 1);
  u_strFromUTF8 (buf, needed + 1, len, text, -1, &status);
  g_assert (U_SUCCESS (status));
  return buf;
}

static char *
uchar_to_utf8 (const UChar *text, int32_t len)
{
  UErrorCode status = U_ZERO_ERROR;
  int32_t needed = 0;
  char *buf;

  u_strToUTF8 (NULL, 0, &needed, text, len, &status);
  status = U_ZERO_ERROR;
  buf = g_malloc0 (needed + 1);
  u_strToUTF8 (buf, needed + 1, NULL, text, len, &status);
  g_assert (U_SUCCESS (status));
  return buf;
}

/* Called with formatters_lock held. */
static UDateFormat *
get_date_format (PkLanguage  language,
                 const char *pattern)
{
  g_autofree char *key = g_strdup_printf ("d:%d:%s", language, pattern);
  UDateFormat *fmt;

  if (formatters == NULL)
    formatters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  fmt = g_hash_table_lookup (formatters, key);
  if (fmt == NULL)
    {
      g_autofree UChar *upattern = NULL;
      g_autofree UChar *utz = NULL;
      int32_t pattern_len, tz_len;
      UErrorCode status = U_ZERO_ERROR;

      upattern = utf8_to_uchar (pattern, &pattern_len);
      utz = utf8_to_uchar (PK_TIME_ZONE, &tz_len);
      fmt = udat_open (UDAT_PATTERN, UDAT_PATTERN, icu_locale (language), utz, tz_len,
                       upattern, pattern_len, &status);
      if (U_FAILURE (status))
        g_error ("ICU cannot open a date format for %s: %s", icu_locale (language),
                 u_errorName (status));
      g_hash_table_insert (formatters, g_steal_pointer (&key), fmt);
    }
  return fmt;
}

static char *
format_date_pattern (GDateTime  *datetime,
                     PkLanguage  language,
                     const char *pattern)
{
  UChar buf[128];
  UErrorCode status = U_ZERO_ERROR;
  UDate when;
  int32_t len;

  g_return_val_if_fail (datetime != NULL, NULL);

  when = (UDate) g_date_time_to_unix (datetime) * 1000.0 +
         (UDate) (g_date_time_get_microsecond (datetime) / 1000);

  g_mutex_lock (&formatters_lock);
  len = udat_format (get_date_format (language, pattern), when, buf, G_N_ELEMENTS (buf), NULL,
                     &status);
  g_mutex_unlock (&formatters_lock);

  if (U_FAILURE (status))
    return g_strdup ("?");
  return uchar_to_utf8 (buf, len);
}

/**
 * pk_format_date:
 *
 * Returns: the Jalali date of @datetime in Tehran, as yyyy/MM/dd, with Persian digits for
 * %PK_LANGUAGE_PERSIAN (2026-11-21 → ۱۴۰۵/۰۸/۳۰).
 */
char *
pk_format_date (GDateTime  *datetime,
                PkLanguage  language)
{
  return format_date_pattern (datetime, language, "yyyy/MM/dd");
}

/**
 * pk_format_date_time:
 *
 * Returns: the Jalali date and 24-hour time of @datetime in Tehran, as yyyy/MM/dd HH:mm.
 */
char *
pk_format_date_time (GDateTime  *datetime,
                     PkLanguage  language)
{
  return format_date_pattern (datetime, language, "yyyy/MM/dd HH:mm");
}

/**
 * pk_format_date_long:
 *
 * Returns: weekday, day, month name and year, as a person reads them (شنبه ۳۰ آبان ۱۴۰۵).
 */
char *
pk_format_date_long (GDateTime  *datetime,
                     PkLanguage  language)
{
  return format_date_pattern (datetime, language, "EEEE d MMMM y");
}

/**
 * pk_format_time:
 *
 * Returns: the 24-hour time of @datetime in Tehran, as HH:mm.
 */
char *
pk_format_time (GDateTime  *datetime,
                PkLanguage  language)
{
  return format_date_pattern (datetime, language, "HH:mm");
}

/* Called with formatters_lock held. */
static UNumberFormat *
get_number_format (PkLanguage language,
                   int        fraction_digits)
{
  g_autofree char *key = g_strdup_printf ("n:%d:%d", language, fraction_digits);
  UNumberFormat *fmt;

  if (formatters == NULL)
    formatters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  fmt = g_hash_table_lookup (formatters, key);
  if (fmt == NULL)
    {
      UErrorCode status = U_ZERO_ERROR;

      fmt = unum_open (UNUM_DECIMAL, NULL, 0,
                       language == PK_LANGUAGE_ENGLISH ? "en_US" : "fa_IR", NULL, &status);
      if (U_FAILURE (status))
        g_error ("ICU cannot open a number format: %s", u_errorName (status));
      unum_setAttribute (fmt, UNUM_GROUPING_USED, 1);
      unum_setAttribute (fmt, UNUM_MIN_FRACTION_DIGITS, 0);
      unum_setAttribute (fmt, UNUM_MAX_FRACTION_DIGITS, fraction_digits);
      g_hash_table_insert (formatters, g_steal_pointer (&key), fmt);
    }
  return fmt;
}

static char *
format_decimal (double     value,
                int        fraction_digits,
                PkLanguage language)
{
  UChar buf[64];
  UErrorCode status = U_ZERO_ERROR;
  int32_t len;

  g_mutex_lock (&formatters_lock);
  len = unum_formatDouble (get_number_format (language, fraction_digits), value, buf,
                           G_N_ELEMENTS (buf), NULL, &status);
  g_mutex_unlock (&formatters_lock);

  if (U_FAILURE (status))
    return g_strdup ("?");
  return uchar_to_utf8 (buf, len);
}

/**
 * pk_format_integer:
 *
 * Returns: @value with grouping, in the digits of @language (1234567 → ۱٬۲۳۴٬۵۶۷).
 */
char *
pk_format_integer (gint64     value,
                   PkLanguage language)
{
  UChar buf[64];
  UErrorCode status = U_ZERO_ERROR;
  int32_t len;

  g_mutex_lock (&formatters_lock);
  len = unum_formatInt64 (get_number_format (language, 0), value, buf, G_N_ELEMENTS (buf), NULL,
                          &status);
  g_mutex_unlock (&formatters_lock);

  if (U_FAILURE (status))
    return g_strdup ("?");
  return uchar_to_utf8 (buf, len);
}

/**
 * pk_format_decimal:
 * @max_fraction_digits: 0–6; trailing zeros are not shown
 *
 * Returns: @value grouped, with the decimal separator of @language (250.5 → ۲۵۰٫۵).
 */
char *
pk_format_decimal (double     value,
                   int        max_fraction_digits,
                   PkLanguage language)
{
  g_return_val_if_fail (max_fraction_digits >= 0 && max_fraction_digits <= 6, NULL);
  return format_decimal (value, max_fraction_digits, language);
}

/**
 * pk_format_amount:
 * @rial: the amount, always held in Rial
 * @unit: the unit the office shows amounts in
 *
 * Returns: the grouped amount followed by its unit. Toman is a tenth of the Rial amount and keeps
 * one decimal when the Rial amount is not a multiple of ten.
 */
char *
pk_format_amount (gint64       rial,
                  PkAmountUnit unit,
                  PkLanguage   language)
{
  g_autofree char *number = NULL;

  if (unit == PK_AMOUNT_UNIT_TOMAN)
    {
      if (rial % 10 == 0)
        number = pk_format_integer (rial / 10, language);
      else
        number = format_decimal ((double) rial / 10.0, 1, language);
      /* TRANSLATORS: an amount of money in Toman, e.g. "1,200 Toman" */
      return g_strdup_printf (_("%s Toman"), number);
    }

  number = pk_format_integer (rial, language);
  /* TRANSLATORS: an amount of money in Rial, e.g. "12,000 Rial" */
  return g_strdup_printf (_("%s Rial"), number);
}

/**
 * pk_format_digits:
 *
 * Returns: @text with its digits in the digits of @language, for identifiers shown on screen.
 */
char *
pk_format_digits (const char *text,
                  PkLanguage  language)
{
  g_return_val_if_fail (text != NULL, NULL);

  if (language == PK_LANGUAGE_ENGLISH)
    return pk_text_digits_to_ascii (text);
  return pk_text_digits_to_persian (text);
}

/**
 * pk_format_identifier:
 * @text: a code made of digits and separators (renovation code, postal code, masked ID)
 *
 * Like pk_format_digits(), but isolated left to right (LRI … PDI): Persian digits joined by
 * dashes or stars are not one bidi run, so inside Persian text "۰۱-۰۰۸" would otherwise be shown
 * as "۰۰۸-۰۱". In English the text is returned with ASCII digits and no isolate.
 */
char *
pk_format_identifier (const char *text,
                      PkLanguage  language)
{
  g_autofree char *digits = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  digits = pk_format_digits (text, language);
  if (language == PK_LANGUAGE_ENGLISH)
    return g_steal_pointer (&digits);
  return g_strconcat ("\u2066", digits, "\u2069", NULL);
}

/**
 * pk_format_tracking_code:
 * @code: a tracking code ("PK" and ten Latin letters and digits), its digits in any script
 *
 * A tracking code is read back letter for letter, so it is shown the same way in both
 * languages: Latin digits, isolated left to right (LRI … PDI) so that inside Persian text it
 * keeps its order. This is pk_format_identifier() in its Latin form with the isolate added;
 * in Persian that one would turn the digits Persian.
 *
 * Returns: (transfer full): e.g. "PK۱۲۳۴۵۶۷۸۹۰" → "\u2066PK1234567890\u2069"
 */
char *
pk_format_tracking_code (const char *code)
{
  g_autofree char *latin = NULL;

  g_return_val_if_fail (code != NULL, NULL);

  latin = pk_text_digits_to_ascii (code);
  return g_strconcat ("\u2066", latin, "\u2069", NULL);
}

/**
 * pk_parse_date:
 * @text: a Jalali date as typed: year/month/day, in any digit system, with / - or . between
 *
 * Returns: (transfer full): the start of that day in Tehran (as a UTC #GDateTime), or %NULL with
 * @error set when the date does not exist (1404/12/30, 1403/07/31, …).
 */
GDateTime *
pk_parse_date (const char  *text,
               GError     **error)
{
  g_autofree char *ascii = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree UChar *utz = NULL;
  guint64 year, month, day;
  UErrorCode status = U_ZERO_ERROR;
  UCalendar *cal;
  int32_t tz_len;
  UDate when;

  g_return_val_if_fail (text != NULL, NULL);

  ascii = pk_text_normalize_identifier (text);
  if (ascii == NULL || *ascii == '\0')
    {
      g_set_error_literal (error, PK_FORMAT_ERROR, PK_FORMAT_ERROR_EMPTY, _("Enter the date."));
      return NULL;
    }
  g_strdelimit (ascii, "-.", '/');
  parts = g_strsplit (ascii, "/", -1);

  if (g_strv_length (parts) != 3 ||
      strlen (parts[0]) != 4 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1200, 1600, &year, NULL) ||
      strlen (parts[1]) > 2 ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &month, NULL) ||
      strlen (parts[2]) > 2 ||
      !g_ascii_string_to_unsigned (parts[2], 10, 1, 31, &day, NULL))
    {
      g_set_error_literal (error, PK_FORMAT_ERROR, PK_FORMAT_ERROR_INVALID_DATE,
                           _("Enter the date as year/month/day, like 1405/08/30."));
      return NULL;
    }

  utz = utf8_to_uchar (PK_TIME_ZONE, &tz_len);
  cal = ucal_open (utz, tz_len, LOCALE_FA, UCAL_TRADITIONAL, &status);
  if (U_FAILURE (status))
    {
      g_set_error (error, PK_FORMAT_ERROR, PK_FORMAT_ERROR_ICU, "ICU: %s", u_errorName (status));
      return NULL;
    }
  /* Non-lenient: ICU refuses 1404/12/30 (not a leap year) instead of rolling it over. */
  ucal_setAttribute (cal, UCAL_LENIENT, 0);
  ucal_clear (cal);
  ucal_setDateTime (cal, (int32_t) year, (int32_t) month - 1, (int32_t) day, 0, 0, 0, &status);
  when = ucal_getMillis (cal, &status);
  ucal_close (cal);

  if (U_FAILURE (status))
    {
      g_set_error_literal (error, PK_FORMAT_ERROR, PK_FORMAT_ERROR_INVALID_DATE,
                           _("This date does not exist in the calendar."));
      return NULL;
    }

  return g_date_time_new_from_unix_utc ((gint64) (when / 1000.0));
}
