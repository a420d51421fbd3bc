#!/usr/bin/env bash
# install-deps.sh — Copyright 2026 The Pishkhan authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs every Debian bookworm package that building, running and testing Pishkhan needs,
# and the two locales the UI speaks. Idempotent: a second run installs nothing.
set -euo pipefail

packages=(
  # build
  build-essential meson ninja-build pkg-config gettext clang libclang-rt-14-dev
  libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev libqrencode-dev
  libcups2-dev libsqlite3-dev libsodium-dev libicu-dev libfontconfig-dev
  # run
  glib-networking dbus at-spi2-core locales tzdata
  # test, validate, bench
  xvfb xauth xdotool imagemagick zbar-tools cups-ipp-utils cups-client cups-daemon poppler-utils
  desktop-file-utils appstream appstream-util python3 wrk sqlite3 faketime
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "install-deps: missing packages (${missing[*]}); run as root" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# gettext ignores LANGUAGE under the C locale, so the UI needs real locales to switch language.
for loc in fa_IR en_US; do
  if ! locale -a 2>/dev/null | grep -qi "^${loc}\.utf-\?8$"; then
    if [ "$(id -u)" != 0 ]; then
      echo "install-deps: locale ${loc}.UTF-8 missing; run as root" >&2
      exit 1
    fi
    localedef -i "$loc" -f UTF-8 "${loc}.UTF-8"
  fi
done
echo "install-deps: all dependencies present"
