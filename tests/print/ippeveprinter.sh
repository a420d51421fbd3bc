#!/usr/bin/env bash
# ippeveprinter.sh — Copyright 2026 The Pishkhan authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts a real IPP Everywhere printer (ippeveprinter from cups-ipp-utils) on loopback for the
# print tests, with everything it needs: ippeveprinter insists on a D-Bus *system* bus even with
# DNS-SD off, and CI has none, so a private dbus-daemon is started on a socket in a temp dir.
#
# Usage: ippeveprinter.sh SPOOLDIR [COMMAND]
#   SPOOLDIR  where the printer keeps every document it receives (-d DIR -k)
#   COMMAND   run for each document (-c); default /bin/true so jobs complete at once (without
#             -c, ippeveprinter "prints" each job for about 12 s). It must be an absolute path:
#             a bare name is looked up in CUPS' own command directory. It gets the spooled file
#             as its argument; its output goes to JOBID-NAME.prn next to JOBID-NAME.pdf.
#
# Prints, once the printer answers IPP requests:
#   URI=ipp://localhost:PORT/ipp/print
#   PID=<pid of ippeveprinter>   (the tests SIGSTOP / kill it to simulate a hung or gone printer)
# then stays until its stdin reaches EOF or it gets SIGTERM/SIGINT, and stops everything it started.
set -u

spool=${1:?usage: ippeveprinter.sh SPOOLDIR [COMMAND]}
command=${2:-/bin/true}

work=$(mktemp -d "${TMPDIR:-/tmp}/pk-ippeve.XXXXXX")
bus_pid=
printer_pid=

cleanup() {
  trap - EXIT TERM INT
  # A SIGSTOPped printer would ignore SIGTERM until continued.
  if [ -n "$printer_pid" ]; then
    kill -CONT "$printer_pid" 2>/dev/null
    kill "$printer_pid" 2>/dev/null
    wait "$printer_pid" 2>/dev/null
  fi
  if [ -n "$bus_pid" ]; then
    kill "$bus_pid" 2>/dev/null
    wait "$bus_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 0' TERM INT

mkdir -p "$spool"

# A bus of our own: the system bus policy of a real machine is neither needed nor wanted.
cat >"$work/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$work/system_bus_socket</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow receive_sender="*"/>
    <allow receive_requested_reply="true"/>
  </policy>
</busconfig>
CONF
dbus-daemon --config-file="$work/bus.conf" --nofork --nopidfile --print-address=3 \
  3>"$work/bus.address" >"$work/bus.log" 2>&1 &
bus_pid=$!
for _ in $(seq 100); do [ -s "$work/bus.address" ] && break; sleep 0.05; done
if [ ! -s "$work/bus.address" ]; then
  echo "ippeveprinter.sh: dbus-daemon did not start" >&2; cat "$work/bus.log" >&2; exit 1
fi
export DBUS_SYSTEM_BUS_ADDRESS=$(head -n1 "$work/bus.address")

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The port is free when asked but could be taken before ippeveprinter binds it: retry a few times.
for attempt in 1 2 3 4 5; do
  port=$(free_port)
  ippeveprinter -n localhost -p "$port" -r off -f application/pdf -d "$spool" -k \
    -c "$command" -M Pishkhan -m "Test Printer" "Pishkhan Test Printer" \
    >"$work/printer.log" 2>&1 &
  printer_pid=$!
  uri="ipp://localhost:$port/ipp/print"
  for _ in $(seq 100); do
    kill -0 "$printer_pid" 2>/dev/null || break
    if ipptool -q -T 2 "$uri" get-printer-attributes.test >/dev/null 2>&1; then
      echo "URI=$uri"
      echo "PID=$printer_pid"
      # Wait for the caller: EOF on stdin (the test closed its pipe or died) ends the harness.
      cat >/dev/null
      exit 0
    fi
    sleep 0.05
  done
  kill "$printer_pid" 2>/dev/null; wait "$printer_pid" 2>/dev/null
  printer_pid=
done
echo "ippeveprinter.sh: the printer did not start" >&2
cat "$work/printer.log" >&2
exit 1
