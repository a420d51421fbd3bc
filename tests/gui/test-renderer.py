#!/usr/bin/env python3
# test-renderer.py — Copyright 2026 The Pishkhan authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The binary as a user starts it (no GSK_RENDERER, no GDK_DEBUG: nothing a launch script would
# add) chooses its renderer itself. This machine has no GPU, so it must pick cairo and never load
# Mesa. The same binary asked for GL (by the environment, by the setting) must load Mesa: that
# proves the check below would see a GL context if one were made.
#
# Usage: test-renderer.py PISHKHAN DESKTOP_FILE FLATPAK_MANIFEST   (TAP on stdout)
import json
import os
import re
import select
import subprocess
import sys
import tempfile
import time

exe, desktop, manifest = sys.argv[1:4]
MESA = re.compile(r'(swrast_dri|_dri\.so|libGLX_mesa|libEGL_mesa|libLLVM|libgallium)')
results = []


def check(ok, name, detail=''):
    results.append((ok, name, detail))


def start(extra_env=None, keyfile=None):
    """Starts the kiosk, returns (renderer line, Mesa libraries mapped)."""
    with tempfile.TemporaryDirectory(prefix='pk-renderer-') as home:
        env = {k: v for k, v in os.environ.items()
               if k not in ('GSK_RENDERER', 'GDK_DEBUG', 'LIBGL_ALWAYS_SOFTWARE',
                            'GSETTINGS_BACKEND')}
        for d in ('config', 'data', 'cache'):
            os.makedirs(os.path.join(home, d))
        env.update({'XDG_CONFIG_HOME': os.path.join(home, 'config'),
                    'XDG_DATA_HOME': os.path.join(home, 'data'),
                    'XDG_CACHE_HOME': os.path.join(home, 'cache'),
                    'G_MESSAGES_DEBUG': 'Pishkhan'})
        env.pop('G_DEBUG', None)  # a missing session bus warns; not what is tested here
        if keyfile is not None:
            d = os.path.join(home, 'config', 'glib-2.0', 'settings')
            os.makedirs(d)
            with open(os.path.join(d, 'keyfile'), 'w') as f:
                f.write('[ir/pishkhan/Kiosk]\n' + keyfile + '\n')
            env['GSETTINGS_BACKEND'] = 'keyfile'
        else:
            env['GSETTINGS_BACKEND'] = 'memory'
        env.update(extra_env or {})
        # GLib writes debug messages to stdout.
        proc = subprocess.Popen([exe], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        line = None
        mesa = set()
        deadline = time.monotonic() + 20
        try:
            buf = b''
            while time.monotonic() < deadline and proc.poll() is None:
                ready, _, _ = select.select([proc.stdout], [], [], 0.1)
                if ready:
                    chunk = os.read(proc.stdout.fileno(), 65536)
                    if not chunk:
                        break
                    buf += chunk
                m = re.search(rb'renderer: (\S+) \(([^)]*)\)', buf)
                if m:
                    line = (m.group(1).decode(), m.group(2).decode())
                    break
            # The first frame is drawn by now: whatever GL GDK would make, it has made.
            with open('/proc/%d/maps' % proc.pid) as f:
                for entry in f:
                    lib = entry.split()[-1] if len(entry.split()) >= 6 else ''
                    if MESA.search(lib):
                        mesa.add(os.path.basename(lib))
        except (FileNotFoundError, ProcessLookupError):
            pass
        finally:
            proc.kill()
            proc.wait()
        return line, mesa


line, mesa = start()
check(line is not None and line[0] == 'GskCairoRenderer', 'no variables: cairo renderer',
      'got %r' % (line,))
check(line is not None and line[1] == 'no DRM render node', 'no variables: reason is the machine',
      'got %r' % (line,))
check(not mesa, 'no variables: no Mesa library mapped', ' '.join(sorted(mesa)))

line, mesa = start({'GSK_RENDERER': 'gl'})
check(line is not None and line[0] == 'GskGLRenderer', 'GSK_RENDERER=gl overrides',
      'got %r' % (line,))
check(bool(mesa), 'GL on this machine maps Mesa (the check above can see it)')

line, mesa = start(keyfile="renderer='gl'")
check(line is not None and line[0] == 'GskGLRenderer' and line[1] == 'the renderer setting',
      'renderer=gl setting overrides', 'got %r' % (line,))

line, mesa = start({'LIBGL_ALWAYS_SOFTWARE': '1'}, keyfile="renderer='auto'")
check(line is not None and line[0] == 'GskCairoRenderer', 'auto with software GL: cairo',
      'got %r' % (line,))

# What a user launches carries no renderer environment of its own.
with open(desktop, encoding='utf-8') as f:
    execs = [l for l in f if l.startswith('Exec=')]
check(execs and all('GSK_' not in l and 'GDK_' not in l and 'env ' not in l for l in execs),
      'desktop file sets no renderer variables', ' '.join(execs).strip())
with open(manifest, encoding='utf-8') as f:
    text = f.read()
check('GSK_RENDERER' not in text and 'GDK_DEBUG' not in text,
      'Flatpak manifest sets no renderer variables')

print('1..%d' % len(results))
for i, (ok, name, detail) in enumerate(results, 1):
    print('%s %d - %s%s' % ('ok' if ok else 'not ok', i, name, (' # ' + detail) if detail and not ok else ''))
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
