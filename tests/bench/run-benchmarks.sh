#!/usr/bin/env bash
# run-benchmarks.sh — Copyright 2026 The Pishkhan authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds and runs every benchmark and prints the figures. Not a test: nothing here fails on a
# slow machine. Usage: bash tests/bench/run-benchmarks.sh [BUILDDIR]
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
builddir=${1:-$top/build-bench}
cd "$top"

bash build-aux/install-deps.sh >/dev/null || exit 1
[ -f "$builddir/build.ninja" ] || meson setup "$builddir" -Dbuildtype=release >/dev/null
ninja -C "$builddir" >/dev/null || exit 1

cleanup() { [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null; }
trap cleanup EXIT
if [ -z "${DISPLAY:-}" ]; then
  tmp=$(mktemp)
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$tmp" >/dev/null 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 50); do [ -s "$tmp" ] && break; sleep 0.1; done
  export DISPLAY=":$(cat "$tmp")"
  rm -f "$tmp"
fi
export GTK_A11Y=none

echo "== meson benchmarks (catalogue parse, outbox, journal, printing, wizard)"
dbus-run-session -- meson test -C "$builddir" --benchmark --verbose 2>&1 \
  | grep -vE '^(ninja|\[|Ok:|Expected|Fail:|Unexpected|Skipped|Timeout:|Full log)' \
  | grep -E ':|/s|ms|µs|us' || true

echo "== start-up of the kiosk shell"
python3 tests/bench/bench-startup.py "$builddir" 7

echo "== parcel lookups on the sandbox (wrk)"
bash tests/bench/bench-sandbox.sh "$builddir" 10
