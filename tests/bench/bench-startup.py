#!/usr/bin/env python3
# bench-startup.py — Copyright 2026 The Pishkhan authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Start-up to first frame of the kiosk shell, and resident memory after start.

Usage: bench-startup.py [BUILDDIR] [RUNS]. Needs a display (DISPLAY) — under CI start Xvfb
first, or run through `xvfb-run -a`. Not a timed test: it prints figures, it never fails on
a slow machine. Measures two renderer set-ups: the Cairo renderer without GL (what run.sh uses
on counter PCs without a GPU) and GTK's default GL renderer.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
builddir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(top, "build")
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
app = os.path.join(builddir, "src", "pishkhan")

if not os.environ.get("DISPLAY"):
    sys.exit("bench-startup: no DISPLAY; run it under xvfb-run -a")


def measure(extra_env, mode_args):
    firsts, rss_first, rss_settled = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ,
                   GSETTINGS_BACKEND="memory",
                   GSETTINGS_SCHEMA_DIR=os.path.join(builddir, "data"),
                   PISHKHAN_LOCALEDIR=os.path.join(builddir, "po"),
                   PISHKHAN_FONT_DIR=os.path.join(top, "data", "fonts"),
                   XDG_CACHE_HOME=tmp, XDG_CONFIG_HOME=tmp, XDG_DATA_HOME=tmp,
                   GTK_A11Y="none", LANGUAGE="")
        env.pop("GSK_RENDERER", None)
        env.pop("GDK_DEBUG", None)
        env.update(extra_env)
        for _ in range(runs):
            start = time.monotonic_ns() // 1000
            out = subprocess.run(["dbus-run-session", "--", app, *mode_args,
                                  "--bench-first-frame"],
                                 env=env, capture_output=True, text=True, timeout=60).stdout
            values = dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)
            if "first-frame-monotonic-us" not in values:
                sys.exit(f"bench-startup: the app printed no first frame:\n{out}")
            firsts.append((int(values["first-frame-monotonic-us"]) - start) / 1000.0)
            rss_first.append(int(values["rss-first-frame-kb"]) / 1024.0)
            rss_settled.append(int(values["rss-settled-kb"]) / 1024.0)
    return statistics.median(firsts), min(firsts), statistics.median(rss_first), \
        statistics.median(rss_settled)


# The session bus the app needs costs start-up time of its own; show it so it can be subtracted.
bus = []
for _ in range(runs):
    t0 = time.monotonic_ns()
    subprocess.run(["dbus-run-session", "--", "true"], capture_output=True, timeout=30)
    bus.append((time.monotonic_ns() - t0) / 1e6)
print(f"dbus-run-session alone: median {statistics.median(bus):.0f} ms")

for label, extra, mode in (
        ("office, cairo, GL disabled", {"GSK_RENDERER": "cairo", "GDK_DEBUG": "gl-disable"}, []),
        ("training (sandbox in-process), cairo, GL disabled",
         {"GSK_RENDERER": "cairo", "GDK_DEBUG": "gl-disable"}, ["--training"]),
        # As installed: no variable set, the app chooses its renderer (pk-renderer.c).
        ("office, as installed (no variables)", {}, []),
        ("training, as installed (no variables)", {}, ["--training"]),
        ("training, GL forced (GSK_RENDERER=gl)", {"GSK_RENDERER": "gl"}, ["--training"])):
    med, best, rss1, rss2 = measure(extra, mode)
    print(f"start-up to first frame [{label}]: median {med:.0f} ms, best {best:.0f} ms "
          f"over {runs} runs (includes dbus-run-session)")
    print(f"resident memory [{label}]: {rss1:.1f} MiB at first frame, {rss2:.1f} MiB after 2 s")
