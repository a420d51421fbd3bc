#!/bin/bash
# run-fuzzers.sh — build the libFuzzer targets with clang in their own build directory and run
# each for a fixed time. Fails if any target finds a crash, leak or sanitizer report.
#
#   tests/fuzz/run-fuzzers.sh [SECONDS]          (default 60; or FUZZ_TIME=…)
#
# Environment: FUZZ_BUILD_DIR (default build-fuzz), FUZZ_JOBS (libFuzzer -fork workers per
# target, default 1), FUZZ_TARGETS (space-separated names, default all).
# Copyright 2026 The Pishkhan authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

src=$(cd "$(dirname "$0")/../.." && pwd)
time=${1:-${FUZZ_TIME:-60}}
build=${FUZZ_BUILD_DIR:-$src/build-fuzz}
jobs=${FUZZ_JOBS:-1}
fork=""
if [ "$jobs" -gt 1 ]; then fork="-fork=$jobs"; fi
targets=${FUZZ_TARGETS:-api-parse permit-code}

if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" "$src" -Dfuzzing=true -Db_lundef=false >/dev/null
fi
ninja -C "$build" $(for t in $targets; do echo "tests/fuzz/fuzz-$t"; done)

status=0
for t in $targets; do
  # Seeds: corpus-<target>/, or corpus-<area>/ shared by an area's targets (api-parse → api).
  corpus_seed="$src/tests/fuzz/corpus-$t"
  [ -d "$corpus_seed" ] || corpus_seed="$src/tests/fuzz/corpus-${t%%-*}"
  work=$(mktemp -d "${TMPDIR:-/tmp}/pk-fuzz-$t-XXXXXX")
  artifacts="$build/tests/fuzz/artifacts-$t"
  mkdir -p "$artifacts"
  cp -r "$corpus_seed"/. "$work"/
  log="$build/tests/fuzz/fuzz-$t.log"
  dict=""
  [ -f "$src/tests/fuzz/${t%%-*}.dict" ] && dict="-dict=$src/tests/fuzz/${t%%-*}.dict"
  echo "== fuzz-$t for ${time}s (corpus $work, artifacts $artifacts)"
  # The seed corpus stays untouched: new inputs go to the scratch copy.
  rc=0
  "$build/tests/fuzz/fuzz-$t" "$work" $fork $dict \
    -max_total_time="$time" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1 || rc=$?
  grep -E "^#[0-9]+.*DONE|^stat::number_of_executed_units|^stat::peak_rss|Done [0-9]+ runs" "$log" || true
  if [ "$rc" -ne 0 ] || grep -qE "==ERROR|SUMMARY: .*Sanitizer|deadly signal|runtime error" "$log"; then
    echo "!! fuzz-$t found a problem (exit $rc): see $log and $artifacts" >&2
    grep -E "==ERROR|SUMMARY|runtime error|deadly" "$log" | head -5 >&2 || true
    status=1
  fi
  rm -rf "$work"
done
exit $status
