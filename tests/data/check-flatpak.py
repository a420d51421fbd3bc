#!/usr/bin/env python3
"""check-flatpak.py SRCDIR — the Flatpak manifest parses, is pinned, asks for little, and every
dependency meson.build requires is either in the GNOME runtime or built as a module."""
import json
import re
import sys

src = sys.argv[1]
errors = []

with open(f"{src}/flatpak/ir.pishkhan.Kiosk.json", encoding="utf-8") as f:
    manifest = json.load(f)

if manifest.get("id") != "ir.pishkhan.Kiosk":
    errors.append(f"id is {manifest.get('id')!r}")
if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
    errors.append("runtime must be org.gnome.Platform with org.gnome.Sdk")
version = str(manifest.get("runtime-version", ""))
if not re.fullmatch(r"\d+(\.\d+)?", version):
    errors.append(f"runtime-version must be a pinned stable release, not {version!r}")

allowed = {"--share=ipc", "--share=network", "--socket=wayland", "--socket=fallback-x11",
           "--device=dri", "--socket=cups", "--filesystem=xdg-run/cups:ro"}
for arg in manifest.get("finish-args", []):
    if arg not in allowed:
        errors.append(f"finish-arg {arg} is broader than the app needs")
for needed in ("--share=network", "--socket=cups", "--socket=wayland"):
    if needed not in manifest.get("finish-args", []):
        errors.append(f"finish-args lack {needed}")

# What the GNOME runtime (freedesktop SDK underneath) already ships.
runtime = {"glib-2.0", "gio-2.0", "gtk4", "gtk4-unix-print", "libadwaita-1", "libsoup-3.0", "json-glib-1.0",
           "cups", "sqlite3", "icu-uc", "icu-i18n", "cairo", "pangocairo", "fontconfig"}
module_provides = {"libqrencode": {"libqrencode"}, "libsodium": {"libsodium"}}

modules = manifest.get("modules", [])
names = [m.get("name") for m in modules if isinstance(m, dict)]
if not names or names[-1] != "pishkhan":
    errors.append("the app must be the last module")
elif not modules[-1].get("run-tests"):
    errors.append("the app module must run its tests")
provided = set(runtime)
for name in names:
    provided |= module_provides.get(name, set())
for m in modules[:-1]:
    for s in m.get("sources", []):
        if s.get("type") in ("archive", "file") and not re.fullmatch(r"[0-9a-f]{64}", s.get("sha256", "")):
            errors.append(f"module {m.get('name')} source lacks a sha256")

with open(f"{src}/meson.build", encoding="utf-8") as f:
    required = set(re.findall(r"dependency\('([^']+)'", f.read()))
if not required:
    errors.append("found no dependency() in meson.build")
for dep in sorted(required - provided):
    errors.append(f"meson requires {dep}, which is neither in the runtime nor a module")

for e in errors:
    print("flatpak:", e)
print(f"flatpak: {len(required)} dependencies checked, {len(errors)} problems")
sys.exit(1 if errors else 0)
