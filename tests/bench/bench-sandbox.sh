#!/usr/bin/env bash
# bench-sandbox.sh — parcel lookups per second against pishkhan-sandbox, measured with wrk.
#
# Copyright 2026 The Pishkhan authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/bench/bench-sandbox.sh [BUILD_DIR] [DURATION]   (defaults: build, 10s)
# Starts the sandbox on an ephemeral port with a fresh data dir, logs in, then runs wrk with
# 2 threads over keep-alive connections against GET /parcels/{code}, rotating through a few
# hundred real renovation codes. Prints "parcel lookups/s: N". Not a meson test: timings depend
# on the machine.
set -euo pipefail

build_dir=${1:-build}
duration=${2:-10s}
connections=${BENCH_CONNECTIONS:-32}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
case "$build_dir" in /*) ;; *) build_dir="$root/$build_dir" ;; esac
sandbox="$build_dir/src/sandbox/pishkhan-sandbox"

command -v wrk >/dev/null || { echo "bench-sandbox: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
command -v curl >/dev/null || { echo "bench-sandbox: curl is not installed" >&2; exit 1; }
[ -x "$sandbox" ] || { echo "bench-sandbox: $sandbox not built" >&2; exit 1; }

work=$(mktemp -d)
pid=
cleanup () {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$sandbox" --data-dir "$work/data" --port 0 > "$work/out" 2> "$work/err" &
pid=$!
for _ in $(seq 1 100); do
  grep -q '^listening on ' "$work/out" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/err" >&2; exit 1; }
  sleep 0.05
done
origin=$(sed -n 's/^listening on \(http:\/\/127\.0\.0\.1:[0-9]*\)$/\1/p' "$work/out")
[ -n "$origin" ] || { echo "bench-sandbox: sandbox did not start" >&2; cat "$work/err" >&2; exit 1; }
api="$origin/api/v1"

token=$(curl -sf -X POST "$api/sessions" -H 'Content-Type: application/json' \
          -d '{"office_code":"12034","username":"op1","password":"op1-1405"}' |
        sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "bench-sandbox: login failed" >&2; exit 1; }

# Postal areas "57" + district digit + block digits exist for every seed.
codes=""
for area in 57111 57313 57436 57617 57719 57131 57337 57418 57634 57713; do
  page=$(curl -sf -H "Authorization: Bearer $token" "$api/parcels?postal_code=$area&limit=100")
  codes+=$(printf '%s' "$page" | { grep -o '"renovation_code":"[0-9-]*"' || true; } |
           cut -d'"' -f4 | sed 's/.*/"&",/' | tr -d '\n')
done
n_codes=$(printf '%s' "$codes" | tr -cd ',' | wc -c)
[ "$n_codes" -gt 0 ] || { echo "bench-sandbox: no parcels found" >&2; exit 1; }

cat > "$work/rotate.lua" <<LUA
local codes = { $codes }
local token = "$token"
local i = 0
function setup (thread)
  thread:set("offset", math.random(#codes))
end
function request ()
  i = i + 1
  local code = codes[((i + (offset or 0)) % #codes) + 1]
  return wrk.format("GET", "/api/v1/parcels/" .. code, { ["Authorization"] = "Bearer " .. token })
end
function response (status, headers, body)
  if status ~= 200 then
    wrk.thread:stop()
  end
end
LUA

wrk -t2 -c"$connections" -d"$duration" --latency -s "$work/rotate.lua" "$origin" > "$work/wrk.txt"
cat "$work/wrk.txt" >&2
if grep -q 'Non-2xx' "$work/wrk.txt"; then
  echo "bench-sandbox: some lookups failed" >&2
  exit 1
fi
rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$work/wrk.txt")
echo "parcel codes rotated: $n_codes" >&2
printf 'parcel lookups/s: %.0f\n' "$rps"
