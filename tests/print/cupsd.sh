#!/usr/bin/env bash
# cupsd.sh — Copyright 2026 The Pishkhan authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts a private CUPS scheduler on loopback with one queue in front of a real IPP printer
# (ippeveprinter.sh), so that what a counter PC does — list the queues, pick one in GTK's print
# dialog, print to it by name — runs against the real thing. Nothing of the system's CUPS is
# touched: everything lives in a temp dir and the clients are pointed at it with CUPS_SERVER.
#
# Usage: cupsd.sh PRINTER_URI QUEUE
#   The queue is raw (the PDF goes to the printer as it is: IPP Everywhere printers take PDF,
#   and no filters are installed) and becomes the scheduler's default destination.
#
# Prints, once the queue accepts jobs:
#   CUPS_SERVER=127.0.0.1:PORT
#   PID=<pid of cupsd>
# then stays until its stdin reaches EOF or it gets SIGTERM/SIGINT, and stops everything it started.
set -u

uri=${1:?usage: cupsd.sh PRINTER_URI QUEUE}
queue=${2:?usage: cupsd.sh PRINTER_URI QUEUE}

# cupsd runs its backends as lp, which must be able to reach the spool: not under /root.
work=$(mktemp -d /tmp/pk-cupsd.XXXXXX)
chmod 755 "$work"
cupsd_pid=

cleanup() {
  trap - EXIT TERM INT
  if [ -n "$cupsd_pid" ]; then
    kill "$cupsd_pid" 2>/dev/null
    wait "$cupsd_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 0' TERM INT

fail() {
  echo "cupsd.sh: $*" >&2
  [ -f "$work/log/error_log" ] && tail -n 20 "$work/log/error_log" >&2
  exit 1
}

command -v cupsd >/dev/null || fail "cupsd is not installed (package cups-daemon)"
mkdir -p "$work/root" "$work/spool" "$work/cache" "$work/state" "$work/log" "$work/tmp"
chmod 755 "$work/root" "$work/spool" "$work/cache" "$work/state" "$work/log"
chmod 1777 "$work/tmp"

# A free loopback port: cupsd wants a fixed one in its configuration.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cat >"$work/cupsd.conf" <<EOF
Listen localhost:$port
LogLevel warn
Browsing No
WebInterface No
DefaultAuthType None
MaxJobs 0
PreserveJobHistory Yes
<Location />
  Order allow,deny
  Allow 127.0.0.1
</Location>
<Location /admin>
  Order allow,deny
  Allow 127.0.0.1
</Location>
<Policy default>
  JobPrivateAccess all
  JobPrivateValues none
  SubscriptionPrivateAccess all
  SubscriptionPrivateValues none
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOF
cat >"$work/cups-files.conf" <<EOF
ServerRoot $work/root
RequestRoot $work/spool
CacheDir $work/cache
StateDir $work/state
TempDir $work/tmp
AccessLog $work/log/access_log
ErrorLog $work/log/error_log
PageLog $work/log/page_log
ServerBin /usr/lib/cups
DataDir /usr/share/cups
SystemGroup root
EOF
cp "$work/cupsd.conf" "$work/root/cupsd.conf"

cupsd -f -c "$work/cupsd.conf" -s "$work/cups-files.conf" </dev/null >"$work/log/stdout" 2>&1 &
cupsd_pid=$!

# The name cupsd puts in its printer URIs: libcups treats a server of another name as a
# remote one and would talk to the device URI instead.
export CUPS_SERVER=localhost:$port
for _ in $(seq 100); do
  kill -0 "$cupsd_pid" 2>/dev/null || fail "cupsd exited"
  lpstat -r >/dev/null 2>&1 && break
  sleep 0.05
done
lpstat -r >/dev/null 2>&1 || fail "cupsd does not answer on port $port"

# Raw queues are deprecated in CUPS 2.4 but still work, and say so on stderr.
lpadmin -p "$queue" -E -v "$uri" -m raw -D "Pishkhan test laser" 2>/dev/null || fail "lpadmin -p $queue failed"
lpadmin -d "$queue" || fail "lpadmin -d $queue failed"
for _ in $(seq 100); do
  lpstat -a "$queue" 2>/dev/null | grep -q accepting && break
  sleep 0.05
done

echo "CUPS_SERVER=$CUPS_SERVER"
echo "PID=$cupsd_pid"

# Until the test closes our stdin.
cat >/dev/null
