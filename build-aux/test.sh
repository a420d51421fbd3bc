#!/usr/bin/env bash
# test.sh — Copyright 2026 The Pishkhan authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what is needed, builds, and runs every test twice: plainly and under
# AddressSanitizer + UndefinedBehaviorSanitizer; then the date-sensitive suites again under
# libfaketime at the instants where Tehran's day and UTC's differ or the Jalali year turns.
# Starts its own X server (Xvfb) and session bus, so it runs on a machine with no display.
# Ends with one line: "N passed, N failed".
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

bash build-aux/install-deps.sh || exit 1

work=$(mktemp -d /tmp/pishkhan-test.XXXXXX)
cleanup() {
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# An X server of our own, on the first free display number.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.1; done
if [ ! -s "$work/display" ]; then
  echo "test.sh: Xvfb did not start" >&2; cat "$work/xvfb.log" >&2
  echo "0 passed, 1 failed"; exit 1
fi
export DISPLAY=":$(cat "$work/display")"
export GTK_A11Y=none
export XDG_CACHE_HOME="$work/cache" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
export XDG_RUNTIME_DIR="$work/runtime"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

total_pass=0
total_fail=0
# A command the tests run under (faketime for the instants below); empty for the plain runs.
test_prefix=()

# run_suite NAME BUILDDIR [meson setup options…]
run_suite() {
  local name=$1 builddir=$2; shift 2
  local log="$builddir/meson-logs/testlog.json"

  echo "=== $name: configure and build ($builddir)"
  if [ -f "$builddir/build.ninja" ]; then
    meson setup --reconfigure "$builddir" "$@" >/dev/null || { total_fail=$((total_fail + 1)); return; }
  else
    meson setup "$builddir" "$@" >/dev/null || { total_fail=$((total_fail + 1)); return; }
  fi
  if ! ninja -C "$builddir"; then
    echo "=== $name: build failed"
    echo "$name: build failed" >>"$work/failed"
    total_fail=$((total_fail + 1)); return
  fi

  run_tests "$name" "$builddir" --no-suite bench
}

# run_tests NAME BUILDDIR [meson test options…]: adds the results to the totals.
run_tests() {
  local name=$1 builddir=$2; shift 2
  local log="$builddir/meson-logs/testlog.json"

  echo "=== $name: test"
  rm -f "$log"
  "${test_prefix[@]}" dbus-run-session -- meson test -C "$builddir" --print-errorlogs \
    --num-processes 2 "$@" || true

  if [ ! -f "$log" ]; then
    echo "=== $name: no test log"; echo "$name: no test log" >>"$work/failed"; total_fail=$((total_fail + 1)); return
  fi
  read -r p f < <(python3 - "$log" "$name" "$work/failed" <<'PY'
import json, sys
passed = failed = 0
with open(sys.argv[3], 'a', encoding='utf-8') as out:
    for line in open(sys.argv[1], encoding='utf-8'):
        t = json.loads(line)
        r = t.get('result')
        if r in ('OK', 'EXPECTEDFAIL'):
            passed += 1
        elif r != 'SKIP':
            failed += 1
            # The failing subtest's own lines, so a log cut to its tail still says what broke.
            tail = [l for l in (t.get('stdout') or '').splitlines()
                    if 'ERROR' in l or 'FAIL' in l or 'not ok' in l or 'assertion' in l][-3:]
            out.write('%s: %s %s (%.1fs)\n' % (sys.argv[2], t.get('name'), r,
                                               t.get('duration', 0)))
            for l in tail:
                out.write('    %s\n' % l[:300])
print(passed, failed)
PY
)
  echo "=== $name: $p passed, $f failed"
  total_pass=$((total_pass + p))
  total_fail=$((total_fail + f))
}

run_suite plain build-tests
ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1" \
LSAN_OPTIONS="suppressions=$top/build-aux/lsan.supp:print_suppressions=0" \
UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$top/build-aux/ubsan.supp" \
  run_suite sanitizers build-tests-asan -Db_sanitize=address,undefined -Db_lundef=false \
    -Dbuildtype=debug

# The suites whose answers depend on the day, at the instants that break a wrong "day": both
# sides of Tehran's midnight (20:30 UTC), the last second of Esfand in a leap year (1403) and
# in a common year (1404), the first second of Farvardin, and UTC's midnight. The fake clock is
# an offset from the real one (faketime -f +Ns), so the tests and the sandboxes they start agree
# on the time and it goes on running; the monotonic clock is left alone for timeouts.
if [ -f build-tests/build.ninja ]; then
  for instant in '2026-12-04 20:29:00' '2026-12-04 20:31:00' '2025-03-20 20:29:59' \
                 '2026-03-20 20:29:59' '2026-03-20 20:30:00' '2026-12-05 00:00:00'; do
    offset=$(( $(date -u -d "$instant UTC" +%s) - $(date -u +%s) ))
    [ "$offset" -ge 0 ] && offset="+$offset"
    test_prefix=(faketime -f "$offset")
    FAKETIME_DONT_FAKE_MONOTONIC=1 run_tests "faketime $instant UTC" build-tests --no-rebuild \
      --suite core --suite sandbox --suite api --suite outbox --suite print
  done
  test_prefix=()
fi

if [ -x tests/fuzz/run-fuzzers.sh ]; then
  echo "=== fuzz: libFuzzer targets, fixed time"
  if FUZZ_TIME="${FUZZ_TIME:-30}" bash tests/fuzz/run-fuzzers.sh; then
    total_pass=$((total_pass + 1))
  else
    echo "fuzz: a target found a crash or did not build" >>"$work/failed"
    total_fail=$((total_fail + 1))
  fi
fi

if [ -s "$work/failed" ]; then
  echo "=== what failed"
  cat "$work/failed"
fi
echo "${total_pass} passed, ${total_fail} failed"
[ "$total_fail" = 0 ]
