/* pk-settings.c
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pk-settings.h"
#include "pk-validate.h"

/* The one object that opens GSettings. Everything else gets a PkSettings and binds to its
 * properties, which keeps widgets testable with the memory backend. */
struct _PkSettings
{
  GObject       parent_instance;

  GSettings    *settings;

  char         *api_base_url;
  char         *office_code;
  PkDeviceRole  device_role;
  guint         idle_timeout;
  char         *printer_name;
  char         *language;
  PkAmountUnit  amount_unit;
  char         *renovation_code_pattern;
  char         *ca_file;
  PkRenderer    renderer;
};

G_DEFINE_FINAL_TYPE (PkSettings, pk_settings, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_API_BASE_URL,
  PROP_OFFICE_CODE,
  PROP_DEVICE_ROLE,
  PROP_IDLE_TIMEOUT,
  PROP_PRINTER_NAME,
  PROP_LANGUAGE,
  PROP_AMOUNT_UNIT,
  PROP_RENOVATION_CODE_PATTERN,
  PROP_CA_FILE,
  PROP_RENDERER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GSettings key for each bound property, in property order. */
static const char * const keys[N_PROPS] = {
  [PROP_API_BASE_URL] = "api-base-url",
  [PROP_OFFICE_CODE] = "office-code",
  [PROP_DEVICE_ROLE] = "device-role",
  [PROP_IDLE_TIMEOUT] = "idle-timeout",
  [PROP_PRINTER_NAME] = "printer-name",
  [PROP_LANGUAGE] = "language",
  [PROP_AMOUNT_UNIT] = "amount-unit",
  [PROP_RENOVATION_CODE_PATTERN] = "renovation-code-pattern",
  [PROP_CA_FILE] = "ca-file",
  [PROP_RENDERER] = "renderer",
};

static void
set_string (PkSettings *self,
            char      **field,
            const char *value,
            guint       prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value ? value : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
pk_settings_constructed (GObject *object)
{
  PkSettings *self = PK_SETTINGS (object);

  G_OBJECT_CLASS (pk_settings_parent_class)->constructed (object);

  g_assert (self->settings != NULL);
  for (guint i = PROP_API_BASE_URL; i < N_PROPS; i++)
    g_settings_bind (self->settings, keys[i], self, g_param_spec_get_name (properties[i]),
                     G_SETTINGS_BIND_DEFAULT);
}

static void
pk_settings_finalize (GObject *object)
{
  PkSettings *self = PK_SETTINGS (object);

  g_clear_object (&self->settings);
  g_free (self->api_base_url);
  g_free (self->office_code);
  g_free (self->printer_name);
  g_free (self->language);
  g_free (self->renovation_code_pattern);
  g_free (self->ca_file);

  G_OBJECT_CLASS (pk_settings_parent_class)->finalize (object);
}

static void
pk_settings_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PkSettings *self = PK_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_API_BASE_URL:
      g_value_set_string (value, self->api_base_url);
      break;
    case PROP_OFFICE_CODE:
      g_value_set_string (value, self->office_code);
      break;
    case PROP_DEVICE_ROLE:
      g_value_set_enum (value, self->device_role);
      break;
    case PROP_IDLE_TIMEOUT:
      g_value_set_uint (value, self->idle_timeout);
      break;
    case PROP_PRINTER_NAME:
      g_value_set_string (value, self->printer_name);
      break;
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    case PROP_RENDERER:
      g_value_set_enum (value, self->renderer);
      break;
    case PROP_AMOUNT_UNIT:
      g_value_set_enum (value, self->amount_unit);
      break;
    case PROP_RENOVATION_CODE_PATTERN:
      g_value_set_string (value, self->renovation_code_pattern);
      break;
    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_settings_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PkSettings *self = PK_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_API_BASE_URL:
      pk_settings_set_api_base_url (self, g_value_get_string (value));
      break;
    case PROP_OFFICE_CODE:
      pk_settings_set_office_code (self, g_value_get_string (value));
      break;
    case PROP_DEVICE_ROLE:
      pk_settings_set_device_role (self, g_value_get_enum (value));
      break;
    case PROP_IDLE_TIMEOUT:
      pk_settings_set_idle_timeout (self, g_value_get_uint (value));
      break;
    case PROP_PRINTER_NAME:
      pk_settings_set_printer_name (self, g_value_get_string (value));
      break;
    case PROP_LANGUAGE:
      pk_settings_set_language (self, g_value_get_string (value));
      break;
    case PROP_RENDERER:
      pk_settings_set_renderer (self, g_value_get_enum (value));
      break;
    case PROP_AMOUNT_UNIT:
      pk_settings_set_amount_unit (self, g_value_get_enum (value));
      break;
    case PROP_RENOVATION_CODE_PATTERN:
      pk_settings_set_renovation_code_pattern (self, g_value_get_string (value));
      break;
    case PROP_CA_FILE:
      pk_settings_set_ca_file (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pk_settings_class_init (PkSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = pk_settings_constructed;
  object_class->finalize = pk_settings_finalize;
  object_class->get_property = pk_settings_get_property;
  object_class->set_property = pk_settings_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_API_BASE_URL] = g_param_spec_string ("api-base-url", NULL, NULL, "", flags);
  properties[PROP_OFFICE_CODE] = g_param_spec_string ("office-code", NULL, NULL, "", flags);
  properties[PROP_DEVICE_ROLE] =
    g_param_spec_enum ("device-role", NULL, NULL, PK_TYPE_DEVICE_ROLE, PK_DEVICE_ROLE_OPERATOR,
                       flags);
  properties[PROP_IDLE_TIMEOUT] =
    g_param_spec_uint ("idle-timeout", NULL, NULL, 30, 3600, 120, flags);
  properties[PROP_PRINTER_NAME] = g_param_spec_string ("printer-name", NULL, NULL, "", flags);
  properties[PROP_LANGUAGE] = g_param_spec_string ("language", NULL, NULL, "auto", flags);
  properties[PROP_AMOUNT_UNIT] =
    g_param_spec_enum ("amount-unit", NULL, NULL, PK_TYPE_AMOUNT_UNIT, PK_AMOUNT_UNIT_RIAL,
                       flags);
  properties[PROP_RENOVATION_CODE_PATTERN] =
    g_param_spec_string ("renovation-code-pattern", NULL, NULL, PK_RENOVATION_PATTERN_DEFAULT,
                         flags);
  properties[PROP_CA_FILE] = g_param_spec_string ("ca-file", NULL, NULL, "", flags);
  properties[PROP_RENDERER] =
    g_param_spec_enum ("renderer", NULL, NULL, PK_TYPE_RENDERER, PK_RENDERER_AUTO, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pk_settings_init (PkSettings *self)
{
  self->api_base_url = g_strdup ("");
  self->office_code = g_strdup ("");
  self->idle_timeout = 120;
  self->printer_name = g_strdup ("");
  self->language = g_strdup ("auto");
  self->renovation_code_pattern = g_strdup (PK_RENOVATION_PATTERN_DEFAULT);
  self->ca_file = g_strdup ("");
}

/**
 * pk_settings_new:
 * @settings: a #GSettings of the app's schema
 */
PkSettings *
pk_settings_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (PK_TYPE_SETTINGS, "settings", settings, NULL);
}

/**
 * pk_settings_new_default:
 *
 * Opens the app's schema with the default backend.
 */
PkSettings *
pk_settings_new_default (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  return pk_settings_new (settings);
}

GSettings *
pk_settings_get_settings (PkSettings *self)
{
  g_return_val_if_fail (PK_IS_SETTINGS (self), NULL);
  return self->settings;
}

const char *
pk_settings_get_api_base_url (PkSettings *self)
{
  g_return_val_if_fail (PK_IS_SETTINGS (self), NULL);
  return self->api_base_url;
}

void
pk_settings_set_api_base_url (PkSettings *self,
                              const char *api_base_url)
{
  g_return_if_fail (PK_IS_SETTINGS (self));
  set_string (self, &self->api_base_url, api_base_url, PROP_API_BASE_URL);
}

const char *
pk_settings_get_office_code (PkSettings *self)
{
  g_return_val_if_fail (PK_IS_SETTINGS (self), NULL);
  return self->office_code;
}

void
pk_settings_set_office_code (PkSettings *self,
                             const char *office_code)
{
  g_return_if_fail (PK_IS_SETTINGS (self));
  set_string (self, &self->office_code, office_code, PROP_OFFICE_CODE);
}

PkDeviceRole
pk_settings_get_device_role (PkSettings *self)
{
  g_return_val_if_fail (PK_IS_SETTINGS (self), PK_DEVICE_ROLE_OPERATOR);
  return self->device_role;
}

void
pk_settings_set_device_role (PkSettings   *self,
                             PkDeviceRole  device_role)
{
  g_return_if_fail (PK_IS_SETTINGS (self));
  if (self->device_role == device_role)
    return;
  self->device_role = device_role;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE_ROLE]);
}

guint
pk_settings_get_idle_timeout (PkSettings *self)
{
  g_return_val_if_fail (PK_IS_SETTINGS (self), 0);
  return self->idle_timeout;
}

void
pk_settings_set_idle_timeout (PkSettings *self,
                              guint       idle_timeout)
{
  g_return_if_fail (PK_IS_SETTINGS (self));
  if (self->idle_timeout == idle_timeout)
    return;
  self->idle_timeout = idle_timeout;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_TIMEOUT]);
}

const char *
pk_settings_get_printer_name (PkSettings *self)
{
  g_return_val_if_fail (PK_IS_SETTINGS (self), NULL);
  return self->printer_name;
}

void
pk_settings_set_printer_name (PkSettings *self,
                              const char *printer_name)
{
  g_return_if_fail (PK_IS_SETTINGS (self));
  set_string (self, &self->printer_name, printer_name, PROP_PRINTER_NAME);
}

const char *
pk_settings_get_language (PkSettings *self)
{
  g_return_val_if_fail (PK_IS_SETTINGS (self), NULL);
  return self->language;
}

void
pk_settings_set_language (PkSettings *self,
                          const char *language)
{
  g_return_if_fail (PK_IS_SETTINGS (self));
  set_string (self, &self->language, language, PROP_LANGUAGE);
}

PkAmountUnit
pk_settings_get_amount_unit (PkSettings *self)
{
  g_return_val_if_fail (PK_IS_SETTINGS (self), PK_AMOUNT_UNIT_RIAL);
  return self->amount_unit;
}

void
pk_settings_set_amount_unit (PkSettings   *self,
                             PkAmountUnit  amount_unit)
{
  g_return_if_fail (PK_IS_SETTINGS (self));
  if (self->amount_unit == amount_unit)
    return;
  self->amount_unit = amount_unit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AMOUNT_UNIT]);
}

const char *
pk_settings_get_renovation_code_pattern (PkSettings *self)
{
  g_return_val_if_fail (PK_IS_SETTINGS (self), NULL);

  /* A broken pattern in the settings must not lock the operator out of parcel lookups. */
  if (!pk_validate_renovation_pattern (self->renovation_code_pattern))
    return PK_RENOVATION_PATTERN_DEFAULT;
  return self->renovation_code_pattern;
}

void
pk_settings_set_renovation_code_pattern (PkSettings *self,
                                         const char *pattern)
{
  g_return_if_fail (PK_IS_SETTINGS (self));
  set_string (self, &self->renovation_code_pattern, pattern, PROP_RENOVATION_CODE_PATTERN);
}

const char *
pk_settings_get_ca_file (PkSettings *self)
{
  g_return_val_if_fail (PK_IS_SETTINGS (self), NULL);
  return self->ca_file;
}

void
pk_settings_set_ca_file (PkSettings *self,
                         const char *ca_file)
{
  g_return_if_fail (PK_IS_SETTINGS (self));
  set_string (self, &self->ca_file, ca_file, PROP_CA_FILE);
}

/**
 * pk_settings_resolve_language:
 *
 * The UI language: the "language" key when it names one, otherwise English only when the
 * environment asks for it (LANGUAGE=en…) and Persian in every other case.
 */
PkLanguage
pk_settings_resolve_language (PkSettings *self)
{
  const char *env;

  g_return_val_if_fail (PK_IS_SETTINGS (self), PK_LANGUAGE_PERSIAN);

  if (g_str_equal (self->language, "fa"))
    return PK_LANGUAGE_PERSIAN;
  if (g_str_equal (self->language, "en"))
    return PK_LANGUAGE_ENGLISH;

  /* Only LANGUAGE counts: a machine installed with LANG=en_US still serves citizens in Persian. */
  env = g_getenv ("LANGUAGE");
  if (env != NULL && g_str_has_prefix (env, "en"))
    return PK_LANGUAGE_ENGLISH;
  return PK_LANGUAGE_PERSIAN;
}

PkRenderer
pk_settings_get_renderer (PkSettings *self)
{
  g_return_val_if_fail (PK_IS_SETTINGS (self), PK_RENDERER_AUTO);
  return self->renderer;
}

void
pk_settings_set_renderer (PkSettings *self,
                          PkRenderer  renderer)
{
  g_return_if_fail (PK_IS_SETTINGS (self));

  if (self->renderer == renderer)
    return;
  self->renderer = renderer;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RENDERER]);
}
