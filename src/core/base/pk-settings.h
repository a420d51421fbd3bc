/* pk-settings.h
 *
 * Copyright 2026 The Pishkhan authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pk-enum-types.h"
#include "pk-enums.h"

G_BEGIN_DECLS

#define PK_TYPE_SETTINGS (pk_settings_get_type ())

G_DECLARE_FINAL_TYPE (PkSettings, pk_settings, PK, SETTINGS, GObject)

PkSettings   *pk_settings_new                         (GSettings    *settings);
PkSettings   *pk_settings_new_default                 (void);
GSettings    *pk_settings_get_settings                (PkSettings   *self);
const char   *pk_settings_get_api_base_url            (PkSettings   *self);
void          pk_settings_set_api_base_url            (PkSettings   *self,
                                                       const char   *api_base_url);
const char   *pk_settings_get_office_code             (PkSettings   *self);
void          pk_settings_set_office_code             (PkSettings   *self,
                                                       const char   *office_code);
PkDeviceRole  pk_settings_get_device_role             (PkSettings   *self);
void          pk_settings_set_device_role             (PkSettings   *self,
                                                       PkDeviceRole  device_role);
guint         pk_settings_get_idle_timeout            (PkSettings   *self);
void          pk_settings_set_idle_timeout            (PkSettings   *self,
                                                       guint         idle_timeout);
const char   *pk_settings_get_printer_name            (PkSettings   *self);
void          pk_settings_set_printer_name            (PkSettings   *self,
                                                       const char   *printer_name);
const char   *pk_settings_get_language                (PkSettings   *self);
void          pk_settings_set_language                (PkSettings   *self,
                                                       const char   *language);
PkAmountUnit  pk_settings_get_amount_unit             (PkSettings   *self);
void          pk_settings_set_amount_unit             (PkSettings   *self,
                                                       PkAmountUnit  amount_unit);
const char   *pk_settings_get_renovation_code_pattern (PkSettings   *self);
void          pk_settings_set_renovation_code_pattern (PkSettings   *self,
                                                       const char   *pattern);
const char   *pk_settings_get_ca_file                 (PkSettings   *self);
void          pk_settings_set_ca_file                 (PkSettings   *self,
                                                       const char   *ca_file);
PkRenderer    pk_settings_get_renderer                (PkSettings   *self);
void          pk_settings_set_renderer                (PkSettings   *self,
                                                       PkRenderer    renderer);
PkLanguage    pk_settings_resolve_language            (PkSettings   *self);

G_END_DECLS
