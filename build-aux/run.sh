#!/usr/bin/env bash
# run.sh — Copyright 2026 The Pishkhan authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what is needed, builds, and starts the kiosk in training mode against the embedded
# sandbox. Extra arguments go to the app (e.g. --kiosk). Without a display it starts Xvfb :99
# so the kiosk still runs (look at it with `import -display :99 -window root shot.png`).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

bash build-aux/install-deps.sh
[ -f build/build.ninja ] || meson setup build
ninja -C build

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run.sh: no display; starting Xvfb on :99"
  Xvfb :99 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  export DISPLAY=:99
  sleep 1
fi

# Uninstalled run: schemas, translations and fonts come from the build and source trees.
export GSETTINGS_SCHEMA_DIR="$top/build/data"
export PISHKHAN_LOCALEDIR="$top/build/po"
export PISHKHAN_FONT_DIR="$top/data/fonts"
# No renderer variables: the app chooses cairo itself where there is no GPU (pk-renderer.c).

if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  exec dbus-run-session -- "$top/build/src/pishkhan" --training "$@"
fi
exec "$top/build/src/pishkhan" --training "$@"
