#!/usr/bin/env bash
# SPDX-License-Identifier: 0BSD
# bench/container.sh - a docker stop, side by side in one run: N services
# (default 50) whose TERM handler takes 0.5 s, under a scanner that is
# PID 1 of a fresh pid namespace (as in a container), gets TERM, and is
# SIGKILLed with everything in the namespace if it has not exited after
# 10 s (docker's default). svbox's runsvdir (container mode by itself as
# PID 1; also -S) against Debian's runit runsvdir. Reported: time from the
# TERM to the namespace's end (median of REPS), and how many services
# finished their handler (the rest lost whatever they had to save).
# Static musl build of svbox. Only a temporary directory it makes.
set -uo pipefail
cd "$(dirname "$0")/.."
N=${N:-50} REPS=${REPS:-5}
[ "$(id -u)" = 0 ] || { echo "container.sh: needs root (pid namespaces)"; exit 1; }
. bench/lib.sh container
static_svbox

mkdir -p "$T/bin-svbox" "$T/bin-runit"
"$SVBOX" --install "$T/bin-svbox" >/dev/null
for a in runsvdir runsv sv; do ln -s "/usr/bin/$a" "$T/bin-runit/$a"; done

declare -A R
for who in svbox svbox-S runit; do
	times=() saved=()
	for rep in $(seq "$REPS"); do
		d=$T/$who.$rep
		mkdir -p "$d/sv"
		for i in $(seq "$N"); do
			mkdir -p "$d/sv/s$i"
			printf '#!/bin/sh\ntrap "sleep 0.5; echo saved >>../../saved; exit 0" TERM\necho up >>../../up\nwhile :; do sleep 0.1; done\n' >"$d/sv/s$i/run"
			chmod +x "$d/sv/s$i/run"
		done
		bin=$T/bin-${who%%-*}
		args=
		[ "$who" = svbox-S ] && args=-S
		( cd "$d" && exec env -i PATH="$bin:/usr/bin:/bin" SVCGROUP="$SVCGROUP" setsid unshare --pid --fork --mount-proc runsvdir $args "$d/sv" </dev/null >/dev/null 2>&1 ) &
		u=$!
		wait_until 20 eval '[ "$(cat "$d/up" 2>/dev/null | wc -l)" -ge "$N" ]' || echo "$who: not all up" >&2
		init=$(pgrep -P "$u")
		t0=$(now_ms)
		kill -TERM "$init"
		# docker: KILL after 10 s
		( sleep 10; kill -KILL "$init" 2>/dev/null ) &
		k=$!
		wait "$u"
		times+=($(($(now_ms) - t0)))
		kill "$k" 2>/dev/null
		wait "$k" 2>/dev/null
		saved+=($(cat "$d/saved" 2>/dev/null | wc -l))
	done
	R[$who.time]=$(printf '%s\n' "${times[@]}" | stats)
	R[$who.saved]=$(printf '%s\n' "${saved[@]}" | stats)
done
printf '%-12s %26s %26s\n' "" "TERM to exit, ms" "handlers finished (of $N)"
for who in svbox svbox-S runit; do
	set -- ${R[$who.time]}
	a="$1 ($2 $3)"
	set -- ${R[$who.saved]}
	printf '%-12s %26s %26s\n' "$who" "$a" "$1 ($2 $3)"
done
