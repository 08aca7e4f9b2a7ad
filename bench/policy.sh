#!/usr/bin/env bash
# SPDX-License-Identifier: 0BSD
# bench/policy.sh - the service policy (#13) side by side with s6 in one
# run (runit has neither readiness nor a stop timeout):
#   ready: from the daemon writing its readiness newline to "sv -w 7
#          start" returning (s6: s6-svc -wU -u), median of REPS;
#   restart: the whole "sv -w 7 restart" of a notification-fd service
#          (s6: s6-svc -wR -r);
#   kill:  "sv -w 7 down" of a service that ignores TERM, timeout-kill
#          500 (s6: s6-svc -wD -d): when its KILL comes.
# svbox: a static musl build of defconfig. Only a temporary directory it
# makes; everything it starts is stopped by pid at the end.
# Environment: REPS (default 20).
set -uo pipefail
cd "$(dirname "$0")/.."
REPS=${REPS:-20}
. bench/lib.sh policy
static_svbox
declare -A R

# svc DIR 'bash code': a service directory with run (fd 3 is readiness)
svc() {
	mkdir -p "$1"
	printf '#!/bin/bash\n%s\n' "$2" >"$1/run"
	chmod +x "$1/run"
}
# the run script: block until a line comes through the go fifo, stamp
# (a bash builtin: no fork), say ready, stay
READY='read -r x <../go; echo "${EPOCHREALTIME/./}" >>../ready; echo >&3; exec sleep 1000'

# supervise WHO DIR: svbox's runsv or s6-supervise on DIR, in the
# background, until the control fifo is there
supervise() {
	if [ "$1" = svbox ]; then
		( cd "$T" && exec setsid "$SVBOX" runsv "$2" </dev/null >/dev/null 2>&1 ) &
	else
		( cd "$T" && exec setsid s6-supervise "$2" </dev/null >/dev/null 2>&1 ) &
	fi
	wait_until 5 test -p "$2/supervise/control" || { echo "$1 did not start"; exit 1; }
}

for who in svbox s6; do
	d=$T/$who/a
	svc "$d" "$READY"
	echo 3 >"$d/notification-fd"
	touch "$d/down"
	supervise "$who" "$d"
	if [ $who = svbox ]; then
		start() { "$SVBOX" sv -w 7 start "$1" >/dev/null; }
		restart() { "$SVBOX" sv -w 7 restart "$1" >/dev/null; }
		stop() { "$SVBOX" sv -w 7 down "$1" >/dev/null; }
	else
		start() { s6-svc -wU -T 7000 -u "$1"; }
		restart() { s6-svc -wR -T 7000 -r "$1"; }
		stop() { s6-svc -wD -T 7000 -d "$1"; }
	fi
	mkfifo "$T/$who/go"
	lat=() rst=()
	for i in $(seq "$REPS"); do
		rm -f "$T/$who/ready"
		# go after 50 ms: the daemon is up, then becomes ready
		( sleep 0.05; echo >"$T/$who/go" ) &
		g=$!
		start "$d"
		t1=${EPOCHREALTIME/./}
		wait "$g"
		t0=$(cat "$T/$who/ready")
		lat+=($((t1 - t0)))
		# past the one-second restart throttle (runit's and s6's)
		sleep 1.1
		( echo >"$T/$who/go" ) &
		g=$!
		t0=${EPOCHREALTIME/./}
		restart "$d"
		rst+=($((${EPOCHREALTIME/./} - t0)))
		wait "$g"
		stop "$d"
	done
	R[$who.ready]=$(printf '%s\n' "${lat[@]}" | stats)
	R[$who.restart]=$(printf '%s\n' "${rst[@]}" | stats)

	# a service ignoring TERM, timeout-kill 500
	k=$T/$who/k
	svc "$k" 'trap "" TERM; exec sleep 1000'
	echo 500 >"$k/timeout-kill"
	touch "$k/down"
	supervise "$who" "$k"
	ks=()
	for i in $(seq 5); do
		if [ $who = svbox ]; then "$SVBOX" sv -w 7 up "$k" >/dev/null
		else s6-svc -wu -T 7000 -u "$k"; fi
		sleep 0.2
		t0=$(date +%s%N)
		stop "$k"
		ks+=($((($(date +%s%N) - t0) / 1000000)))
	done
	R[$who.kill]=$(printf '%s\n' "${ks[@]}" | stats)
done

declare -p R >/dev/null 2>&1
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b ? a / b : 0 }'; }
printf '%-44s %18s %18s %7s\n' "median (min max)" svbox s6 ratio
for m in ready:"readiness newline -> start returns (us)" \
	restart:"sv -w 7 restart, notification-fd (us)" \
	kill:"down, TERM ignored, timeout-kill 500 (ms)"; do
	k=${m%%:*}
	set -- ${R[svbox.$k]}
	a=$1
	sb="$1 ($2 $3)"
	set -- ${R[s6.$k]}
	printf '%-44s %18s %18s %7s\n' "${m#*:}" "$sb" "$1 ($2 $3)" "$(ratio "$a" "$1")"
done
