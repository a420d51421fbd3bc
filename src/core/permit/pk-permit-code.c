/* pk-permit-code.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "pk-permit-code.h"

/* Binary layout of version 1, big-endian; the signature covers "PK1" followed by every byte
 * before it (domain separation from anything else the key might ever sign):
 *
 *   u8   version (1)
 *   u8×4 key id (first 4 bytes of SHA-256 of the Ed25519 public key)
 *   u16  permit year, u24 permit serial            ("1405-000123")
 *   u8   renovation-code segment count k (1–8), then ⌈k/2⌉ bytes of segment widths as
 *        nibbles (high nibble first), then u64 of all the digits concatenated
 *   u16  issue date, u16 expiry date              (days since 1970-01-01)
 *   u8   floors
 *   u32  total area in 0.01 m²
 *   u8×8 owner hash: SHA-256("PK1-OWNER:" permit_no ":" national_id), first 8 bytes
 *   u8×64 Ed25519 signature
 */

#define MAX_BODY 64
#define BASE32_ALPHABET "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

G_DEFINE_QUARK (pk-permit-code-error-quark, pk_permit_code_error)
G_DEFINE_BOXED_TYPE (PkPermitCode, pk_permit_code, pk_permit_code_copy, pk_permit_code_free)

PkPermitCode *
pk_permit_code_new (void)
{
  PkPermitCode *code = g_new0 (PkPermitCode, 1);

  code->version = PK_PERMIT_CODE_VERSION;
  return code;
}

PkPermitCode *
pk_permit_code_copy (const PkPermitCode *code)
{
  PkPermitCode *copy;

  g_return_val_if_fail (code != NULL, NULL);

  copy = g_memdup2 (code, sizeof *code);
  copy->permit_no = g_strdup (code->permit_no);
  copy->renovation_code = g_strdup (code->renovation_code);
  copy->issued_on = g_strdup (code->issued_on);
  copy->expires_on = g_strdup (code->expires_on);
  return copy;
}

void
pk_permit_code_free (PkPermitCode *code)
{
  if (code == NULL)
    return;
  g_free (code->permit_no);
  g_free (code->renovation_code);
  g_free (code->issued_on);
  g_free (code->expires_on);
  g_free (code);
}

static void
owner_hash (const char *permit_no,
            const char *national_id,
            guint8      out[PK_PERMIT_CODE_OWNER_HASH_LEN])
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;

  g_checksum_update (sum, (const guchar *) "PK1-OWNER:", -1);
  g_checksum_update (sum, (const guchar *) (permit_no ? permit_no : ""), -1);
  g_checksum_update (sum, (const guchar *) ":", 1);
  g_checksum_update (sum, (const guchar *) national_id, -1);
  g_checksum_get_digest (sum, digest, &len);
  memcpy (out, digest, PK_PERMIT_CODE_OWNER_HASH_LEN);
}

/**
 * pk_permit_code_set_owner:
 * @national_id: the owner's 10-digit national ID; only a salted, truncated hash is kept
 *
 * Set permit_no first: the hash is salted with it, so one person's permits cannot be linked.
 */
void
pk_permit_code_set_owner (PkPermitCode *code,
                          const char   *national_id)
{
  g_return_if_fail (code != NULL);
  g_return_if_fail (national_id != NULL);

  owner_hash (code->permit_no, national_id, code->owner_hash);
}

/**
 * pk_permit_code_matches_owner:
 *
 * Whether @national_id (10 ASCII digits) is the owner the permit was issued to.
 */
gboolean
pk_permit_code_matches_owner (const PkPermitCode *code,
                              const char         *national_id)
{
  guint8 h[PK_PERMIT_CODE_OWNER_HASH_LEN];

  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (national_id != NULL, FALSE);

  owner_hash (code->permit_no, national_id, h);
  return memcmp (h, code->owner_hash, sizeof h) == 0;
}

char *
pk_permit_code_key_id_for_public_key (const guint8 *public_key)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;

  g_return_val_if_fail (public_key != NULL, NULL);

  g_checksum_update (sum, public_key, PK_PERMIT_CODE_PUBLIC_KEY_LEN);
  g_checksum_get_digest (sum, digest, &len);
  return g_strdup_printf ("%02X%02X%02X%02X", digest[0], digest[1], digest[2], digest[3]);
}

static gboolean
fail (GError **error, PkPermitCodeError code, const char *message)
{
  g_set_error_literal (error, PK_PERMIT_CODE_ERROR, code, message);
  return FALSE;
}

static gint
parse_iso_days (const char *iso)
{
  guint y, m, d;
  g_autoptr(GDate) date = NULL;
  GDate epoch;

  if (iso == NULL || sscanf (iso, "%4u-%2u-%2u", &y, &m, &d) != 3 || strlen (iso) != 10)
    return -1;
  if (!g_date_valid_dmy (d, m, y))
    return -1;
  date = g_date_new_dmy (d, m, y);
  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 1, 1, 1970);
  return g_date_days_between (&epoch, date);
}

static char *
format_days (guint days)
{
  GDate date;
  char buf[16];

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, 1, 1970);
  g_date_add_days (&date, days);
  g_snprintf (buf, sizeof buf, "%04u-%02u-%02u", g_date_get_year (&date),
              g_date_get_month (&date), g_date_get_day (&date));
  return g_strdup (buf);
}

static void
put_be (guint8 *p, guint64 v, guint n)
{
  for (guint i = 0; i < n; i++)
    p[i] = (guint8) (v >> (8 * (n - 1 - i)));
}

static guint64
get_be (const guint8 *p, guint n)
{
  guint64 v = 0;

  for (guint i = 0; i < n; i++)
    v = (v << 8) | p[i];
  return v;
}

/* Serialises everything but the signature; returns the length or 0 with @error set. */
static gsize
pack_body (const PkPermitCode *code, guint8 *out, GError **error)
{
  guint year = 0, serial = 0;
  guint8 *p = out;
  g_auto(GStrv) segs = NULL;
  guint k, ndigits = 0;
  guint64 value = 0;
  gint issued, expires;
  gdouble area;
  char trail;

  if (code->permit_no == NULL || strlen (code->permit_no) != 11 ||
      sscanf (code->permit_no, "%4u-%6u%c", &year, &serial, &trail) != 2 ||
      code->permit_no[4] != '-')
    return fail (error, PK_PERMIT_CODE_ERROR_INVALID_FIELD, "permit number is not NNNN-NNNNNN");
  if (code->renovation_code == NULL)
    return fail (error, PK_PERMIT_CODE_ERROR_INVALID_FIELD, "renovation code missing");
  segs = g_strsplit (code->renovation_code, "-", -1);
  k = g_strv_length (segs);
  if (k < 1 || k > 8)
    return fail (error, PK_PERMIT_CODE_ERROR_INVALID_FIELD, "renovation code has 1–8 segments");
  for (guint i = 0; i < k; i++)
    {
      gsize w = strlen (segs[i]);

      if (w < 1 || w > 9)
        return fail (error, PK_PERMIT_CODE_ERROR_INVALID_FIELD, "renovation segment width");
      for (const char *c = segs[i]; *c; c++)
        {
          if (!g_ascii_isdigit (*c))
            return fail (error, PK_PERMIT_CODE_ERROR_INVALID_FIELD, "renovation code digits");
          value = value * 10 + (guint64) (*c - '0');
        }
      ndigits += w;
    }
  if (ndigits > 19)
    return fail (error, PK_PERMIT_CODE_ERROR_INVALID_FIELD, "renovation code too long");
  issued = parse_iso_days (code->issued_on);
  expires = parse_iso_days (code->expires_on);
  if (issued < 0 || issued > 0xffff || expires < 0 || expires > 0xffff)
    return fail (error, PK_PERMIT_CODE_ERROR_INVALID_FIELD, "dates are not ISO YYYY-MM-DD");
  if (code->floors > 255)
    return fail (error, PK_PERMIT_CODE_ERROR_INVALID_FIELD, "floors out of range");
  area = code->total_area_m2 * 100.0 + 0.5;
  if (!(area >= 0 && area < 4294967296.0))
    return fail (error, PK_PERMIT_CODE_ERROR_INVALID_FIELD, "area out of range");
  if (strlen (code->key_id) != PK_PERMIT_CODE_KEY_ID_LEN)
    return fail (error, PK_PERMIT_CODE_ERROR_INVALID_FIELD, "key id is 8 hex characters");

  *p++ = PK_PERMIT_CODE_VERSION;
  for (guint i = 0; i < 4; i++)
    {
      int hi = g_ascii_xdigit_value (code->key_id[2 * i]);
      int lo = g_ascii_xdigit_value (code->key_id[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return fail (error, PK_PERMIT_CODE_ERROR_INVALID_FIELD, "key id is 8 hex characters");
      *p++ = (guint8) (hi << 4 | lo);
    }
  put_be (p, year, 2), p += 2;
  put_be (p, serial, 3), p += 3;
  *p++ = (guint8) k;
  for (guint i = 0; i < k; i += 2)
    {
      guint hi = strlen (segs[i]);
      guint lo = i + 1 < k ? strlen (segs[i + 1]) : 0;

      *p++ = (guint8) (hi << 4 | lo);
    }
  put_be (p, value, 8), p += 8;
  put_be (p, (guint) issued, 2), p += 2;
  put_be (p, (guint) expires, 2), p += 2;
  *p++ = (guint8) code->floors;
  put_be (p, (guint64) area, 4), p += 4;
  memcpy (p, code->owner_hash, PK_PERMIT_CODE_OWNER_HASH_LEN);
  p += PK_PERMIT_CODE_OWNER_HASH_LEN;
  return (gsize) (p - out);
}

static char *
base32_encode (const guint8 *data, gsize len)
{
  GString *out = g_string_sized_new (len * 8 / 5 + 8);
  guint64 buffer = 0;
  guint bits = 0;

  for (gsize i = 0; i < len; i++)
    {
      buffer = (buffer << 8) | data[i];
      bits += 8;
      while (bits >= 5)
        {
          g_string_append_c (out, BASE32_ALPHABET[(buffer >> (bits - 5)) & 31]);
          bits -= 5;
        }
    }
  if (bits > 0)
    g_string_append_c (out, BASE32_ALPHABET[(buffer << (5 - bits)) & 31]);
  return g_string_free (out, FALSE);
}

/* Strict: upper-case alphabet only, no padding, and the unused trailing bits must be zero so
 * every payload has exactly one text form. */
static GByteArray *
base32_decode (const char *text)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint64 buffer = 0;
  guint bits = 0;

  for (const char *c = text; *c; c++)
    {
      const char *pos = strchr (BASE32_ALPHABET, *c);
      guint8 byte;

      if (*c == '\0' || pos == NULL)
        return NULL;
      buffer = (buffer << 5) | (guint64) (pos - BASE32_ALPHABET);
      bits += 5;
      if (bits >= 8)
        {
          byte = (guint8) (buffer >> (bits - 8));
          g_byte_array_append (out, &byte, 1);
          bits -= 8;
        }
    }
  if (bits >= 5 || (buffer & ((1u << bits) - 1)) != 0)
    return NULL;
  return g_steal_pointer (&out);
}

static void
signed_message (const guint8 *body, gsize len, guint8 *msg)
{
  memcpy (msg, PK_PERMIT_CODE_PREFIX, 3);
  memcpy (msg + 3, body, len);
}

/**
 * pk_permit_code_sign:
 * @code: the fields to sign; key_id must be the signing key's id, and the owner hash set
 * @secret_key: a 64-byte libsodium Ed25519 secret key
 *
 * Fills @code->signature. Returns: (transfer full): the QR text "PK1…".
 */
char *
pk_permit_code_sign (PkPermitCode  *code,
                     const guint8  *secret_key,
                     GError       **error)
{
  guint8 body[MAX_BODY + PK_PERMIT_CODE_SIGNATURE_LEN];
  guint8 msg[MAX_BODY + 3];
  g_autofree char *b32 = NULL;
  gsize len;

  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (secret_key != NULL, NULL);

  if (sodium_init () < 0)
    {
      fail (error, PK_PERMIT_CODE_ERROR_BAD_SIGNATURE, "libsodium failed to initialise");
      return NULL;
    }
  len = pack_body (code, body, error);
  if (len == 0)
    return NULL;
  signed_message (body, len, msg);
  crypto_sign_detached (code->signature, NULL, msg, len + 3, secret_key);
  memcpy (body + len, code->signature, PK_PERMIT_CODE_SIGNATURE_LEN);
  b32 = base32_encode (body, len + PK_PERMIT_CODE_SIGNATURE_LEN);
  code->version = PK_PERMIT_CODE_VERSION;
  return g_strconcat (PK_PERMIT_CODE_PREFIX, b32, NULL);
}

/**
 * pk_permit_code_decode:
 * @text: the QR text, "PK1…" or a URL ending in "/V/PK1…" (any case, surrounding space allowed)
 *
 * Parses without checking the signature; see pk_permit_code_verify().
 */
PkPermitCode *
pk_permit_code_decode (const char  *text,
                       GError     **error)
{
  g_autofree char *upper = NULL;
  g_autoptr(GByteArray) raw = NULL;
  g_autoptr(PkPermitCode) code = NULL;
  const char *payload;
  const guint8 *p, *end;
  guint k, year, serial;
  guint64 value;
  g_autofree char *digits = NULL;
  GString *reno;
  guint pos = 0;

  g_return_val_if_fail (text != NULL, NULL);

  upper = g_ascii_strup (text, -1);
  g_strstrip (upper);
  payload = upper;
  if (g_str_has_prefix (upper, "HTTP://") || g_str_has_prefix (upper, "HTTPS://"))
    {
      const char *v = g_strrstr (upper, "/V/");

      if (v == NULL)
        {
          fail (error, PK_PERMIT_CODE_ERROR_MALFORMED, "URL without /V/ payload");
          return NULL;
        }
      payload = v + 3;
    }
  if (strlen (payload) < 3 || !g_ascii_isalpha (payload[0]) || !g_ascii_isalpha (payload[1]) ||
      !g_ascii_isdigit (payload[2]))
    {
      fail (error, PK_PERMIT_CODE_ERROR_MALFORMED, "not a permit code");
      return NULL;
    }
  if (strncmp (payload, "PK", 2) != 0)
    {
      fail (error, PK_PERMIT_CODE_ERROR_MALFORMED, "not a permit code");
      return NULL;
    }
  if (payload[2] != '1')
    {
      fail (error, PK_PERMIT_CODE_ERROR_UNKNOWN_VERSION, "unknown permit code version");
      return NULL;
    }
  raw = base32_decode (payload + 3);
  if (raw == NULL || raw->len < 1)
    {
      fail (error, PK_PERMIT_CODE_ERROR_MALFORMED, "bad base32");
      return NULL;
    }
  p = raw->data;
  end = raw->data + raw->len;
  if (p[0] != PK_PERMIT_CODE_VERSION)
    {
      fail (error, PK_PERMIT_CODE_ERROR_UNKNOWN_VERSION, "unknown permit code version");
      return NULL;
    }
#define NEED(n) G_STMT_START { if ((gsize) (end - p) < (gsize) (n)) goto malformed; } G_STMT_END
  NEED (1 + 4 + 5 + 1);
  code = pk_permit_code_new ();
  p++;
  g_snprintf (code->key_id, sizeof code->key_id, "%02X%02X%02X%02X", p[0], p[1], p[2], p[3]);
  p += 4;
  year = (guint) get_be (p, 2), p += 2;
  serial = (guint) get_be (p, 3), p += 3;
  if (year > 9999 || serial > 999999)
    goto malformed;
  code->permit_no = g_strdup_printf ("%04u-%06u", year, serial);
  k = *p++;
  if (k < 1 || k > 8)
    goto malformed;
  NEED ((k + 1) / 2 + 8);
  {
    guint widths[8], total = 0;

    for (guint i = 0; i < k; i += 2)
      {
        widths[i] = p[i / 2] >> 4;
        if (i + 1 < k)
          widths[i + 1] = p[i / 2] & 15;
        else if ((p[i / 2] & 15) != 0)
          goto malformed;
      }
    p += (k + 1) / 2;
    for (guint i = 0; i < k; i++)
      {
        if (widths[i] < 1 || widths[i] > 9)
          goto malformed;
        total += widths[i];
      }
    if (total > 19)
      goto malformed;
    value = get_be (p, 8), p += 8;
    digits = g_strdup_printf ("%0*" G_GUINT64_FORMAT, (int) total, value);
    if (strlen (digits) != total)
      goto malformed;
    reno = g_string_new (NULL);
    for (guint i = 0; i < k; i++)
      {
        if (i > 0)
          g_string_append_c (reno, '-');
        g_string_append_len (reno, digits + pos, widths[i]);
        pos += widths[i];
      }
    code->renovation_code = g_string_free (reno, FALSE);
  }
  NEED (2 + 2 + 1 + 4 + PK_PERMIT_CODE_OWNER_HASH_LEN + PK_PERMIT_CODE_SIGNATURE_LEN);
  code->issued_on = format_days ((guint) get_be (p, 2)), p += 2;
  code->expires_on = format_days ((guint) get_be (p, 2)), p += 2;
  code->floors = *p++;
  code->total_area_m2 = (gdouble) get_be (p, 4) / 100.0, p += 4;
  memcpy (code->owner_hash, p, PK_PERMIT_CODE_OWNER_HASH_LEN);
  p += PK_PERMIT_CODE_OWNER_HASH_LEN;
  memcpy (code->signature, p, PK_PERMIT_CODE_SIGNATURE_LEN);
  p += PK_PERMIT_CODE_SIGNATURE_LEN;
  if (p != end)
    goto malformed;
#undef NEED
  return g_steal_pointer (&code);

malformed:
  fail (error, PK_PERMIT_CODE_ERROR_MALFORMED, "truncated or inconsistent permit code");
  return NULL;
}

/**
 * pk_permit_code_verify:
 * @public_key: the 32-byte Ed25519 public key whose id is @code->key_id
 *
 * Checks the signature over the fields as they are in @code (so a field edited after decoding
 * fails too).
 */
gboolean
pk_permit_code_verify (const PkPermitCode  *code,
                       const guint8        *public_key,
                       GError             **error)
{
  guint8 body[MAX_BODY];
  guint8 msg[MAX_BODY + 3];
  g_autofree char *kid = NULL;
  gsize len;

  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (public_key != NULL, FALSE);

  if (sodium_init () < 0)
    return fail (error, PK_PERMIT_CODE_ERROR_BAD_SIGNATURE, "libsodium failed to initialise");
  if (code->version != PK_PERMIT_CODE_VERSION)
    return fail (error, PK_PERMIT_CODE_ERROR_UNKNOWN_VERSION, "unknown permit code version");
  kid = pk_permit_code_key_id_for_public_key (public_key);
  if (g_ascii_strcasecmp (kid, code->key_id) != 0)
    return fail (error, PK_PERMIT_CODE_ERROR_BAD_SIGNATURE, "signed with another key");
  len = pack_body (code, body, error);
  if (len == 0)
    return FALSE;
  signed_message (body, len, msg);
  if (crypto_sign_verify_detached (code->signature, msg, len + 3, public_key) != 0)
    return fail (error, PK_PERMIT_CODE_ERROR_BAD_SIGNATURE, "signature does not verify");
  return TRUE;
}

/**
 * pk_permit_code_to_url:
 * @payload: a "PK1…" text
 * @host: e.g. "PISHKHAN.URMIA.IR" (upper-cased here, so the URL stays in QR alphanumeric mode)
 */
char *
pk_permit_code_to_url (const char *payload,
                       const char *host)
{
  g_autofree char *h = NULL;

  g_return_val_if_fail (payload != NULL, NULL);
  g_return_val_if_fail (host != NULL, NULL);

  h = g_ascii_strup (host, -1);
  return g_strdup_printf ("HTTPS://%s/V/%s", h, payload);
}
