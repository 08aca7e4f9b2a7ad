#!/bin/sh
# SPDX-License-Identifier: 0BSD
# demo.sh SVBOX - run the example tree under runsvdir in the foreground;
# Ctrl-C (or TERM) stops every service, drains the loggers and exits,
# leaving no process behind. The tree is a fresh copy of examples/demo
# beside SVBOX (build/demo: state and logs never land in the sources, and
# make clean removes them), or $DEMO_DIR as it is.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
svbox=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
bin=$(dirname "$svbox")/demo-bin
missing=
for a in runsvdir runsv sv svlogd; do
	"$svbox" --list | grep -qx "$a" || missing="$missing $a"
done
if [ -n "$missing" ]; then
	echo "demo: this svbox lacks:$missing (see configs/defconfig)" >&2
	exit 1
fi
if [ -n "${DEMO_DIR:-}" ]; then
	demo=$DEMO_DIR
else
	demo=$(dirname "$svbox")/demo
	rm -rf "$demo"
	cp -r "$top/examples/demo" "$demo"
	# state a run of an older demo may have left in the sources
	rm -rf "$demo"/*/supervise "$demo"/*/log/supervise "$demo"/*/log/main
fi
mkdir -p "$bin"
# a symlink per applet (what svbox --install does, in builds without it too)
for a in $("$svbox" --list); do ln -sf "$svbox" "$bin/$a"; done
PATH=$bin:$PATH
export PATH
rel=$demo
case $demo in "$PWD"/*) rel=./${demo#"$PWD"/} ;; esac
cat <<TXT
svbox demo: runsvdir -P $rel (pid $$'s child). From a second terminal:
  $1 sv status $rel/*
  $1 sv up $rel/manual             # start the service that is down
  $1 sv -w 5 restart $rel/clock
  $1 svstat $rel/crashy
  tail -f $rel/clock/log/main/current
Press Ctrl-C to stop every service and exit.
TXT
runsvdir -P "$demo" &
scanner=$!

stop() {
	trap '' INT TERM
	echo
	echo "demo: stopping: HUP to runsvdir, TERM to each runsv"
	kill -HUP "$scanner" 2>/dev/null || true
	wait "$scanner" 2>/dev/null || true
	# each runsv stops its service, lets the logger drain, then exits
	for d in "$demo"/*/ "$demo"/*/log/; do
		[ -p "$d/supervise/ok" ] || continue
		i=0
		while svok "$d" 2>/dev/null && [ $i -lt 100 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		if svok "$d" 2>/dev/null; then
			echo "demo: $d did not stop; sending exit" >&2
			sv force-shutdown "$d" >/dev/null 2>&1 || true
		fi
	done
	echo "demo: all services stopped"
	exit 0
}
trap stop INT TERM
while kill -0 "$scanner" 2>/dev/null; do
	wait "$scanner" || true
done
echo "demo: runsvdir exited" >&2
exit 1
