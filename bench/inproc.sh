#!/usr/bin/env bash
# SPDX-License-Identifier: 0BSD
# bench/inproc.sh - what one supervised service costs, side by side in one
# run: svbox's runsvdir + one runsv per service, svbox's runsvdir -S (every
# service in one process) and Debian's runit. Per service at N services:
# private dirty, Pss and page tables (VmPTE), summed over every
# supervision process (the scanner included; the services themselves are
# "sleep" and not counted); boot of N (scanner start to every run script
# running); idle wakeups; sv -w 7 restart. Static musl builds of svbox.
# Only a temporary directory it makes; everything it starts is stopped by
# pid at the end.
#
# Environment: NS (default "50 500 2000"), IDLE (default 10 s), REPS
# (default 20 restarts).
set -uo pipefail
cd "$(dirname "$0")/.."
top=$PWD
NS=${NS:-50 500 2000} IDLE=${IDLE:-10} REPS=${REPS:-20}
scripts/deps.sh >/dev/null || exit 1
# runsvdir's table holds RUNSVDIR_MAX services: room for the largest N
cfg=$(mktemp)
sed 's/^CONFIG_RUNSVDIR_MAX=.*/CONFIG_RUNSVDIR_MAX=4000/' configs/defconfig >"$cfg"
make -s CC=musl-gcc STATIC=1 BUILD=build/bench-inproc CONFIG="$cfg" >/dev/null || exit 1
rm -f "$cfg"
# written back: a freshly linked file's dirty page-cache pages would count
# as private dirty of the processes that map it
sync
SVBOX=$top/build/bench-inproc/svbox

. bench/lib.sh inproc

mkdir -p "$T/bin-svbox" "$T/bin-runit"
"$SVBOX" --install "$T/bin-svbox" >/dev/null
for a in runsvdir runsv sv; do ln -s "/usr/bin/$a" "$T/bin-runit/$a"; done


# the three ways, as "name bin scanner-args"
MODES=("runsv $T/bin-svbox" "S $T/bin-svbox -S" "runit $T/bin-runit")
SCANNER=
start_scan() { # BIN DIR ARGS...
	local bin=$1 dir=$2
	shift 2
	( cd "$T" && exec env -i PATH="$bin:/usr/bin:/bin" SVCGROUP="$SVCGROUP" setsid runsvdir "$@" "$dir" </dev/null >/dev/null 2>&1 ) &
	SCANNER=$!
}
# supervision processes: the scanner and its runsv children
# (svbox's runsv runs as /proc/self/exe: its comm is svbox, not runsv)
sup_pids() {
	local p
	echo "$SCANNER"
	for p in $(pgrep -P "$SCANNER"); do
		case $(cat "/proc/$p/comm" 2>/dev/null) in runsv | svbox) echo "$p" ;; esac
	done
}
up() { # DIR N: N run scripts running
	[ "$(ls "$1"/.m 2>/dev/null | wc -l)" -ge "$2" ]
}

declare -A R
for n in $NS; do
	for m in "${MODES[@]}"; do
		set -- $m
		name=$1 bin=$2
		shift 2
		S=$T/$name-$n
		mkdir -p "$S/.m"
		for i in $(seq "$n"); do
			mkdir -p "$S/s$i"
			printf '#!/bin/sh\n: >%s/.m/s%s\nexec sleep 3600\n' "$S" "$i" >"$S/s$i/run"
			chmod +x "$S/s$i/run"
		done
		want=$n
		# runit's runsvdir supervises at most 1000 services
		[ "$name" = runit ] && [ "$n" -gt 1000 ] && want=1000
		t0=$(now_ms)
		start_scan "$bin" "$S" "$@"
		if ! wait_until 300 up "$S" "$want"; then
			echo "$name: $(ls "$S/.m" | wc -l) of $n services came up" >&2
		fi
		t1=$(now_ms)
		got=$(ls "$S/.m" | wc -l)
		sleep 2
		pd=0 pss=0 pte=0
		for p in $(sup_pids); do
			set -- $(awk '/^Pss:/ {a=$2} /^Private_Dirty:/ {b=$2} END {print a+0, b+0}' "/proc/$p/smaps_rollup" 2>/dev/null)
			pss=$((pss + ${1:-0})) pd=$((pd + ${2:-0}))
			pte=$((pte + $(awk '/^VmPTE:/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)))
		done
		spd=$(awk '/^Private_Dirty:/ {print $2}' "/proc/$SCANNER/smaps_rollup")
		R[$n,$name,pd]=$(awk -v a="$pd" -v n="$got" 'BEGIN {printf "%.2f", a / n}')
		R[$n,$name,pss]=$(awk -v a="$pss" -v n="$got" 'BEGIN {printf "%.2f", a / n}')
		R[$n,$name,pte]=$(awk -v a="$pte" -v n="$got" 'BEGIN {printf "%.2f", a / n}')
		R[$n,$name,all]=$(awk -v a="$((pd + pte))" -v n="$got" 'BEGIN {printf "%.2f", a / n}')
		R[$n,$name,scan]=$spd
		R[$n,$name,boot]=$((t1 - t0))
		R[$n,$name,got]=$got
		if [ "$n" = 500 ]; then
			c0=0; for p in $(sup_pids); do c0=$((c0 + $(awk '/ctxt_switches/ {s+=$2} END {print s+0}' /proc/$p/status))); done
			sleep "$IDLE"
			c1=0; for p in $(sup_pids); do c1=$((c1 + $(awk '/ctxt_switches/ {s+=$2} END {print s+0}' /proc/$p/status))); done
			R[$n,$name,wake]=$(awk -v a=$((c1 - c0)) -v t="$IDLE" 'BEGIN {printf "%.2f", a / t}')
			R[$n,$name,rst]=$(for i in $(seq "$REPS"); do
				sleep 1.1
				a=$(date +%s%N)
				"$bin/sv" -w 7 restart "$S/s1" >/dev/null 2>&1
				b=$(date +%s%N)
				echo $(((b - a) / 1000000))
			done | stats | cut -d' ' -f1)
		fi
		echo "$name n=$n: up $got, ${R[$n,$name,pd]} KiB dirty + ${R[$n,$name,pte]} KiB PTE per service, boot ${R[$n,$name,boot]} ms" >&2
		stop_all
	done
done

echo
echo "| per service | N | runsvdir + runsv | runsvdir -S | runit |"
echo "|---|---|---|---|---|"
for n in $NS; do
	for k in pd:"private dirty, KiB" pss:"Pss, KiB" pte:"page tables, KiB" all:"dirty + page tables, KiB" scan:"the scanner's own private dirty, KiB (total)" boot:"boot of N, ms" got:"services up"; do
		echo "| ${k#*:} | $n | ${R[$n,runsv,${k%%:*}]} | ${R[$n,S,${k%%:*}]} | ${R[$n,runit,${k%%:*}]} |"
	done
done
if [[ " $NS " == *" 500 "* ]]; then
	echo "| idle wakeups of the supervisors, per s | 500 | ${R[500,runsv,wake]} | ${R[500,S,wake]} | ${R[500,runit,wake]} |"
	echo "| sv -w 7 restart, median ms | 500 | ${R[500,runsv,rst]} | ${R[500,S,rst]} | ${R[500,runit,rst]} |"
fi
