/* pk-text.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pk-text.h"

#define ZWNJ 0x200C

static gboolean
is_persian_digit (gunichar c)
{
  return c >= 0x06F0 && c <= 0x06F9;
}

static gboolean
is_arabic_indic_digit (gunichar c)
{
  return c >= 0x0660 && c <= 0x0669;
}

static gunichar
ascii_digit_of (gunichar c)
{
  if (is_persian_digit (c))
    return '0' + (c - 0x06F0);
  if (is_arabic_indic_digit (c))
    return '0' + (c - 0x0660);
  return c;
}

/* Characters that carry no meaning in a typed value but break comparisons: invisible
 * spaces, the byte-order mark and the Arabic tatweel (kashida) used to stretch words. */
static gboolean
is_droppable (gunichar c)
{
  return c == 0x0640 /* tatweel */ || c == 0x200B || c == 0xFEFF || c == 0x00AD;
}

static gboolean
is_space (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x00A0 || c == 0x202F || c == 0x2009 || c == 0x3000;
}

/**
 * pk_text_digits_to_ascii:
 * @text: UTF-8 text
 *
 * Replaces Persian (۰–۹) and Arabic-Indic (٠–٩) digits by ASCII digits; everything else is kept.
 */
char *
pk_text_digits_to_ascii (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    g_string_append_unichar (out, ascii_digit_of (g_utf8_get_char (p)));
  return g_string_free (out, FALSE);
}

/**
 * pk_text_digits_to_persian:
 * @text: UTF-8 text
 *
 * Shows every digit of @text in Persian (۰–۹), for display.
 */
char *
pk_text_digits_to_persian (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text) * 2);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = ascii_digit_of (g_utf8_get_char (p));

      if (c >= '0' && c <= '9')
        c = 0x06F0 + (c - '0');
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/**
 * pk_text_normalize:
 * @text: UTF-8 text typed by a person
 *
 * Normalises free text the way Persian offices expect: Arabic yeh/kaf/alef maksura become their
 * Persian forms, tatweel and invisible characters go, runs of white space become one space and
 * the ends are trimmed. ZWNJ is kept between letters (it is part of Persian spelling) but dropped
 * where it stands next to a space or at an end. Digits are left as typed; invalid UTF-8 yields
 * %NULL.
 */
char *
pk_text_normalize (const char *text)
{
  g_autofree gunichar *chars = NULL;
  g_autofree char *nfc = NULL;
  GString *out;
  glong n;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    return NULL;

  nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  chars = g_utf8_to_ucs4_fast (nfc, -1, &n);
  out = g_string_sized_new (strlen (nfc));

  for (glong i = 0; i < n; i++)
    {
      gunichar c = chars[i];

      switch (c)
        {
        case 0x064A: /* ARABIC LETTER YEH */
        case 0x0649: /* ARABIC LETTER ALEF MAKSURA */
          c = 0x06CC;
          break;
        case 0x0643: /* ARABIC LETTER KAF */
          c = 0x06A9;
          break;
        default:
          break;
        }

      if (is_droppable (c))
        continue;

      if (is_space (c))
        {
          /* Collapse, and drop a ZWNJ written just before the space. */
          while (out->len > 0 && g_str_has_suffix (out->str, "\u200c"))
            g_string_truncate (out, out->len - 3);
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
          continue;
        }

      if (c == ZWNJ)
        {
          /* A ZWNJ at the start, after a space or doubled is stray. */
          if (out->len == 0 || out->str[out->len - 1] == ' ' || g_str_has_suffix (out->str, "\u200c"))
            continue;
        }

      g_string_append_unichar (out, c);
    }

  while (out->len > 0 && (out->str[out->len - 1] == ' ' || g_str_has_suffix (out->str, "\u200c")))
    g_string_truncate (out, out->len - (out->str[out->len - 1] == ' ' ? 1 : 3));

  return g_string_free (out, FALSE);
}

/**
 * pk_text_normalize_identifier:
 * @text: an identifier as typed (national ID, postal code, phone, code)
 *
 * Like pk_text_normalize() but digits become ASCII and every space and ZWNJ is removed, since
 * identifiers are compared byte for byte. Invalid UTF-8 yields %NULL.
 */
char *
pk_text_normalize_identifier (const char *text)
{
  g_autofree char *norm = NULL;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  norm = pk_text_normalize (text);
  if (norm == NULL)
    return NULL;

  out = g_string_sized_new (strlen (norm));
  for (const char *p = norm; *p; p = g_utf8_next_char (p))
    {
      gunichar c = ascii_digit_of (g_utf8_get_char (p));

      if (c == ' ' || c == ZWNJ || c == 0x200D)
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/**
 * pk_text_has_bidi_controls:
 * @text: UTF-8 text
 *
 * Whether @text holds an explicit bidi embedding, override or isolate (U+202A–U+202E,
 * U+2066–U+2069). These can make a printed name read differently from what is stored, so
 * names refuse them. Invalid UTF-8 counts as %TRUE: it cannot be shown safely either.
 */
gboolean
pk_text_has_bidi_controls (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  if (!g_utf8_validate (text, -1, NULL))
    return TRUE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
        return TRUE;
    }
  return FALSE;
}

/**
 * pk_text_length:
 * @text: valid UTF-8
 *
 * Returns: the number of characters (code points) of @text.
 */
glong
pk_text_length (const char *text)
{
  g_return_val_if_fail (text != NULL, 0);
  return g_utf8_strlen (text, -1);
}
