#!/usr/bin/env python3
"""check-flatpak.py SRCDIR — the Flatpak manifest parses, names only fields flatpak-builder knows
and puts each where flatpak-builder uses it, is pinned, asks for little, runs the core and data
suites, and every dependency meson.build requires is either in the GNOME runtime or built as a
module.

The field lists are flatpak-manifest(5) (flatpak-builder 1.4): a misspelt or misplaced field
is not an error there, it is silently not used, which is how test arguments once went to
`flatpak build` instead of `meson test`."""
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

# What flatpak-builder reads; anything else in the manifest does nothing.
TOP_FIELDS = {
    "app-id", "id", "branch", "default-branch", "collection-id", "extension-tag", "runtime",
    "runtime-version", "runtime-commit", "sdk", "sdk-commit", "base", "base-version",
    "base-commit", "base-extensions", "var", "metadata", "command", "build-runtime",
    "build-extension", "separate-locales", "id-platform", "metadata-platform", "writable-sdk",
    "appstream-compose", "sdk-extensions", "platform-extensions", "inherit-extensions",
    "inherit-sdk-extensions", "tags", "build-options", "modules", "add-extensions",
    "add-build-extensions", "cleanup", "cleanup-commands", "cleanup-platform",
    "cleanup-platform-commands", "prepare-platform-commands", "finish-args",
    "rename-desktop-file", "rename-appdata-file", "rename-mime-file", "rename-icon",
    "rename-mime-icons", "appdata-license", "copy-icon", "desktop-file-name-prefix",
    "desktop-file-name-suffix",
}
MODULE_FIELDS = {
    "name", "disabled", "sources", "config-opts", "secret-opts", "make-args",
    "make-install-args", "rm-configure", "no-autogen", "no-parallel-make", "install-rule",
    "no-make-install", "no-python-timestamp-fix", "cmake", "buildsystem", "builddir", "subdir",
    "build-options", "build-commands", "post-install", "cleanup", "ensure-writable",
    "only-arches", "skip-arches", "cleanup-platform", "run-tests", "test-rule",
    "test-commands", "modules", "license-files", "secret-env",
}
BUILD_OPTION_FIELDS = {
    "cflags", "cflags-override", "cppflags", "cppflags-override", "cxxflags",
    "cxxflags-override", "ldflags", "ldflags-override", "prefix", "libdir", "append-path",
    "prepend-path", "append-ld-library-path", "prepend-ld-library-path",
    "append-pkg-config-path", "prepend-pkg-config-path", "env", "secret-env", "build-args",
    "test-args", "config-opts", "secret-opts", "make-args", "make-install-args", "strip",
    "no-debuginfo", "no-debuginfo-compression", "arch",
}
SOURCE_FIELDS = {"type", "dest", "only-arches", "skip-arches"}
SOURCE_TYPE_FIELDS = {
    "archive": {"path", "url", "mirror-urls", "git-init", "md5", "sha1", "sha256", "sha512",
                "strip-components", "dest-filename", "archive-type"},
    "git": {"path", "url", "branch", "tag", "commit", "disable-fsckobjects",
            "disable-shallow-clone", "disable-submodules"},
    "dir": {"path", "skip"},
    "file": {"path", "url", "mirror-urls", "md5", "sha1", "sha256", "sha512", "dest-filename"},
    "script": {"commands", "dest-filename"},
    "inline": {"dest-filename", "contents", "base64"},
    "shell": {"commands"},
    "patch": {"path", "paths", "strip-components", "use-git", "use-git-am", "options"},
}
BUILDSYSTEMS = {"autotools", "cmake", "cmake-ninja", "meson", "simple", "qmake"}
# build-args and test-args are handed to `flatpak build`: only its options make sense there.
FLATPAK_BUILD_OPTIONS = (
    "--share=", "--unshare=", "--socket=", "--nosocket=", "--device=", "--nodevice=",
    "--allow=", "--disallow=", "--filesystem=", "--nofilesystem=", "--env=", "--unset-env=",
    "--own-name=", "--talk-name=", "--no-talk-name=", "--system-own-name=",
    "--system-talk-name=", "--system-no-talk-name=", "--add-policy=", "--remove-policy=",
    "--persist=", "--bind-mount=", "--build-dir=", "--with-appdir", "--readonly",
    "--die-with-parent", "--log-session-bus", "--log-system-bus", "--sdk-dir=", "--metadata=",
)


def unknown(where, obj, known):
    for key in obj:
        if key not in known:
            errors.append(f"{where}: flatpak-builder has no field {key!r} (it would be ignored)")


def strings(where, value):
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors.append(f"{where} must be an array of strings")
        return []
    return value


def check_build_options(where, options):
    if not isinstance(options, dict):
        errors.append(f"{where} must be an object")
        return
    unknown(where, options, BUILD_OPTION_FIELDS)
    for field in ("build-args", "test-args"):
        for arg in strings(f"{where}.{field}", options.get(field, [])):
            if not arg.startswith(FLATPAK_BUILD_OPTIONS):
                errors.append(f"{where}.{field}: {arg!r} is not an option of `flatpak build`, "
                              "which is what receives these (commands go in test-commands)")
    for arch, sub in options.get("arch", {}).items():
        check_build_options(f"{where}.arch.{arch}", sub)


def check_module(where, module):
    if isinstance(module, str):
        return
    unknown(where, module, MODULE_FIELDS)
    if module.get("buildsystem", "autotools") not in BUILDSYSTEMS:
        errors.append(f"{where}: unknown buildsystem {module.get('buildsystem')!r}")
    if "build-options" in module:
        check_build_options(f"{where}.build-options", module["build-options"])
    for field in ("config-opts", "build-commands", "post-install", "cleanup", "test-commands"):
        strings(f"{where}.{field}", module.get(field, []))
    if "test-rule" in module and not isinstance(module["test-rule"], str):
        errors.append(f"{where}.test-rule must be a string")
    for i, src in enumerate(module.get("sources", [])):
        if isinstance(src, str):
            continue
        kind = src.get("type")
        if kind not in SOURCE_TYPE_FIELDS:
            errors.append(f"{where}.sources[{i}]: unknown source type {kind!r}")
            continue
        unknown(f"{where}.sources[{i}]", src, SOURCE_FIELDS | SOURCE_TYPE_FIELDS[kind])
    for i, sub in enumerate(module.get("modules", [])):
        check_module(f"{where}.modules[{i}]", sub)


unknown("manifest", manifest, TOP_FIELDS)
if "build-options" in manifest:
    check_build_options("build-options", manifest["build-options"])
strings("finish-args", manifest.get("finish-args", []))
for i, m in enumerate(modules):
    check_module(f"modules[{i}] ({m.get('name') if isinstance(m, dict) else m})", m)

# The app's tests: only the suites that need no display, run by meson itself. The default
# test rule (`ninja test`) would run every suite, GUI ones included, before test-commands.
if names and names[-1] == "pishkhan":
    app = modules[-1]
    commands = [c for c in app.get("test-commands", []) if isinstance(c, str)]
    runs = [c.split() for c in commands if c.split()[:2] == ["meson", "test"]]
    if not runs:
        errors.append("the app module must run `meson test` in its test-commands")
    for suite in ("core", "data"):
        if not any(f"--suite {suite}" in " ".join(r) for r in runs):
            errors.append(f"the app's test-commands do not run the {suite} suite")
    if app.get("test-rule", None) != "":
        errors.append("the app module must set test-rule to \"\" so that `ninja test` does "
                      "not run every suite first")

for e in errors:
    print("flatpak:", e)
print(f"flatpak: {len(required)} dependencies checked, {len(errors)} problems")
sys.exit(1 if errors else 0)
