/* pk-sandbox-keys.c — the sandbox's Ed25519 signing key, kept in the data directory
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "pk-sandbox-keys.h"
#include "pk-sandbox-server.h"

static gboolean
load (const char     *path,
      PkSandboxKeys  *keys,
      GError        **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *secret_b64 = NULL;
  g_autofree guchar *secret = NULL;
  g_autofree char *kid = NULL;
  gsize len = 0;

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, error))
    return FALSE;
  secret_b64 = g_key_file_get_string (kf, "ed25519", "secret_key", error);
  if (secret_b64 == NULL)
    return FALSE;
  secret = g_base64_decode (secret_b64, &len);
  if (len != PK_PERMIT_CODE_SECRET_KEY_LEN)
    {
      sodium_memzero (secret, len);
      g_set_error (error, PK_SANDBOX_ERROR, PK_SANDBOX_ERROR_KEYS, "%s: bad secret key", path);
      return FALSE;
    }
  memcpy (keys->secret_key, secret, len);
  sodium_memzero (secret, len);
  crypto_sign_ed25519_sk_to_pk (keys->public_key, keys->secret_key);
  kid = pk_permit_code_key_id_for_public_key (keys->public_key);
  g_strlcpy (keys->key_id, kid, sizeof keys->key_id);
  keys->created_at = g_key_file_get_int64 (kf, "ed25519", "created_at", NULL);
  return TRUE;
}

/**
 * pk_sandbox_keys_load_or_create:
 *
 * Loads DATA_DIR/signing-key.ini, or creates a fresh key pair there with mode 0600, created
 * at @now.
 */
gboolean
pk_sandbox_keys_load_or_create (const char     *data_dir,
                                gint64          now,
                                PkSandboxKeys  *keys,
                                GError        **error)
{
  g_autofree char *path = g_build_filename (data_dir, PK_SANDBOX_KEY_FILE, NULL);
  g_autoptr(GKeyFile) kf = NULL;
  g_autofree char *secret_b64 = NULL;
  g_autofree char *kid = NULL;
  g_autofree char *data = NULL;
  gsize len;

  if (sodium_init () < 0)
    {
      g_set_error_literal (error, PK_SANDBOX_ERROR, PK_SANDBOX_ERROR_KEYS, "libsodium init failed");
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return load (path, keys, error);

  crypto_sign_keypair (keys->public_key, keys->secret_key);
  kid = pk_permit_code_key_id_for_public_key (keys->public_key);
  g_strlcpy (keys->key_id, kid, sizeof keys->key_id);
  keys->created_at = now;

  kf = g_key_file_new ();
  secret_b64 = g_base64_encode (keys->secret_key, sizeof keys->secret_key);
  g_key_file_set_string (kf, "ed25519", "key_id", keys->key_id);
  g_key_file_set_int64 (kf, "ed25519", "created_at", keys->created_at);
  g_key_file_set_string (kf, "ed25519", "secret_key", secret_b64);
  data = g_key_file_to_data (kf, &len, NULL);
  sodium_memzero (secret_b64, strlen (secret_b64));
  if (!g_file_set_contents_full (path, data, (gssize) len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    {
      sodium_memzero (data, len);
      return FALSE;
    }
  sodium_memzero (data, len);
  return TRUE;
}
