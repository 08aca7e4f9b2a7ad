#!/usr/bin/env bash
# SPDX-License-Identifier: 0BSD
# bench/faults.sh - the fault table: svbox and Debian's runit side by side
# under the same faults, counting lines lost, torn lines, duplicate
# daemons and supervisor deaths. Not part of the test suite (it measures,
# it does not assert). Root is needed for the full-disk row (a tmpfs of
# its own, unmounted at the end). Only a temporary directory it makes is
# used; every process it starts is stopped by pid at the end.
#
# Environment: RUNS (default 2: each row is run that many times, figures
# are per run, separated by "/"), SECS (default 2: seconds of full-speed
# logging before a fault).
set -uo pipefail
cd "$(dirname "$0")/.."
top=$PWD
RUNS=${RUNS:-2} SECS=${SECS:-2}
scripts/deps.sh >/dev/null || exit 1
make -s >/dev/null || exit 1
SVBOX=$top/build/svbox

. bench/lib.sh faults

declare -A BIN
BIN[svbox]=$T/bin-svbox
BIN[runit]=$T/bin-runit
mkdir -p "${BIN[svbox]}" "${BIN[runit]}"
"$SVBOX" --install "${BIN[svbox]}" >/dev/null
for a in runsvdir runsv sv svlogd; do ln -s "/usr/bin/$a" "${BIN[runit]}/$a"; done

pause() { local end=$(($(now_ms) + $1)); wait_until 60 eval '[ $(now_ms) -ge '$end' ]'; }
spid() { od -An -tu4 -j 12 -N4 --endian=little "$1/supervise/status" 2>/dev/null | tr -d ' '; }

# a service that writes numbered lines as fast as a shell loop can (a few
# hundred thousand a second here); its log directory keeps every file
mkcount() { # DIR LOGDIR
	mkdir -p "$1/log" "$2"
	printf 's1000000\nn10000\n' >"$2/config"
	printf '#!/bin/sh\ni=0\nwhile :; do i=$((i + 1)); echo $i; done\n' >"$1/run"
	printf '#!/bin/sh\nexec svlogd %s\n' "$2" >"$1/log/run"
	chmod +x "$1/run" "$1/log/run"
}
# "lost torn" of the numbers in LOGDIR: lost = numbers missing between the
# lowest and the highest kept (rotation deletes whole old files, so the
# window is whole unless lines were lost); torn = lines that are not a
# whole number
count() {
	cat "$1"/@* "$1/current" 2>/dev/null | awk '
		/^[0-9]+$/ { v = $1 + 0; if (!seen[v]++) n++
			if (v > max) max = v; if (!min || v < min) min = v; next }
		{ torn++ }
		END { printf "%d %d\n", n ? max - min + 1 - n : 0, torn }'
}
# stop the supervised service DIR and let the logger drain, then count
finish() { # SUITE DIR LOGDIR RUNSVPID
	PATH=${BIN[$1]}:$PATH sv -w 10 x "$2" >/dev/null 2>&1
	wait_until 10 eval '! kill -0 '"$4"
	count "$3"
}

# the runsv children of a scanner (svbox's run as /proc/self/exe: comm svbox)
runsvs() {
	local c
	for c in $(pgrep -P "$1"); do
		case $(cat "/proc/$c/comm" 2>/dev/null) in runsv | svbox) echo "$c" ;; esac
	done
}

ROWS=()
row() { ROWS+=("$1|$2|$3"); printf '%-34s %-6s %s\n' "$1" "$2" "$3" >&2; }

# supervise D (with its logger in L) under SUITE's runsv, let it log for
# MS ms: sets P (runsv) and LP (the logger)
logging() { # SUITE D L MS
	setsid env PATH="${BIN[$1]}:$PATH" runsv "$2" </dev/null >/dev/null 2>&1 &
	P=$!
	wait_until 5 test -s "$3/current"
	pause "$4"
	LP=$(spid "$2/log")
}

# kill -9 of the logger at a shell loop's speed
f_kill_logger() { # SUITE RUN -> "lost torn"
	local d=$T/$1-kl-$2 l=$T/$1-kl-$2.log
	mkcount "$d" "$l"
	logging "$1" "$d" "$l" $((SECS * 1000))
	kill -KILL "$LP"
	pause 1500
	finish "$1" "$d" "$l" "$P"
}

# kill -9 of the logger while seq writes as fast as the logger takes it
# (every file kept: 10 MB files, up to 1000 of them)
f_kill_logger_fast() {
	local d=$T/$1-klf-$2 l=$T/$1-klf-$2.log
	mkcount "$d" "$l"
	printf 's10000000\nn1000\n' >"$l/config"
	printf '#!/bin/sh\nexec seq 1 1000000000\n' >"$d/run"
	logging "$1" "$d" "$l" 1000
	kill -KILL "$LP"
	pause 1000
	finish "$1" "$d" "$l" "$P"
	rm -rf "$l"
}

# the logger stopped (SIGSTOP) for 2 s, then continued
f_stop_logger() {
	local d=$T/$1-sl-$2 l=$T/$1-sl-$2.log
	mkcount "$d" "$l"
	logging "$1" "$d" "$l" $((SECS * 1000))
	kill -STOP "$LP"
	pause 2000
	kill -CONT "$LP"
	pause 500
	finish "$1" "$d" "$l" "$P"
}

# kill -9 of runsv under runsvdir: how many instances of the service run
# 7 s later (runit's runsvdir looks every 5 s), and did runsv come back
f_kill_runsv() { # -> "instances supervisors"
	local s=$T/$1-kr-$2 d p rp inst sup tag=$((3500 + $2 + ${#1}))
	d=$s/a
	mkdir -p "$d"
	printf '#!/bin/sh\nexec sleep %s\n' "$tag" >"$d/run"
	chmod +x "$d/run"
	setsid env PATH="${BIN[$1]}:$PATH" runsvdir "$s" </dev/null >/dev/null 2>&1 &
	p=$!
	wait_until 10 eval '[ -n "$(spid '"$d"')" ] && [ "$(spid '"$d"')" != 0 ]'
	rp=$(runsvs "$p")
	kill -KILL "$rp"
	pause 7000
	inst=$(pgrep -xf "sleep $tag" | wc -l)
	sup=$(runsvs "$p" | wc -l)
	kill -HUP "$p"
	echo "$inst $sup"
}

# a full disk: the log directory on a 1 MiB tmpfs, grown to 16 MiB after
# 2 s of being full
f_full_disk() {
	local d=$T/$1-fd-$2 l p
	MNT=$T/mnt-$1-$2
	mkdir -p "$MNT"
	mount -t tmpfs -o size=1M tmpfs "$MNT" || { echo "- -"; return; }
	l=$MNT/log
	mkcount "$d" "$l"
	printf 's100000\nn10000\n' >"$l/config"
	setsid env PATH="${BIN[$1]}:$PATH" runsv "$d" </dev/null >/dev/null 2>&1 &
	p=$!
	wait_until 20 eval '[ "$(df --output=avail "$MNT" | tail -1)" -lt 64 ]'
	pause 2000
	mount -o remount,size=16M "$MNT"
	pause 1000
	finish "$1" "$d" "$l" "$p"
	umount "$MNT"
	MNT=
}

# runsvdir with 20 services and 12 file descriptors: services up after 5 s,
# supervisors alive, the scanner alive
f_fds() {
	local s=$T/$1-fds-$2 i p up sup alive
	for i in $(seq 20); do
		mkdir -p "$s/s$i"
		printf '#!/bin/sh\nexec sleep 3600\n' >"$s/s$i/run"
		chmod +x "$s/s$i/run"
	done
	setsid env PATH="${BIN[$1]}:$PATH" prlimit --nofile=12 runsvdir "$s" </dev/null >/dev/null 2>&1 &
	p=$!
	pause 5000
	up=0
	for i in $(seq 20); do
		[ "$(cat "$s/s$i/supervise/stat" 2>/dev/null)" = run ] && up=$((up + 1))
	done
	sup=$(runsvs "$p" | wc -l)
	alive=0
	kill -0 "$p" 2>/dev/null && alive=1
	kill -HUP "$p" 2>/dev/null
	echo "$up $sup $alive"
}

runs() { # FN SUITE: the function's answer per run, "a b / a b"
	local r out=
	for r in $(seq "$RUNS"); do out="$out${out:+ / }$("$1" "$2" "$r")"; done
	echo "$out"
}
for s in svbox runit; do
	row "kill -9 logger (lost torn)" "$s" "$(runs f_kill_logger "$s")"
	row "kill -9 logger, seq (lost torn)" "$s" "$(runs f_kill_logger_fast "$s")"
	row "SIGSTOP logger 2 s (lost torn)" "$s" "$(runs f_stop_logger "$s")"
	row "kill -9 runsv (instances runsv)" "$s" "$(runs f_kill_runsv "$s")"
	if [ "$(id -u)" = 0 ]; then
		row "full disk (lost torn)" "$s" "$(runs f_full_disk "$s")"
	fi
	row "nofile=12, 20 svcs (up runsv scanner)" "$s" "$(runs f_fds "$s")"
done
echo
echo "| fault (figures) | svbox | runit |"
echo "|---|---|---|"
for name in "kill -9 logger (lost torn)" "kill -9 logger, seq (lost torn)" \
	"SIGSTOP logger 2 s (lost torn)" \
	"kill -9 runsv (instances runsv)" "full disk (lost torn)" \
	"nofile=12, 20 svcs (up runsv scanner)"; do
	a= b=
	for r in "${ROWS[@]}"; do
		IFS='|' read -r n s v <<<"$r"
		[ "$n" = "$name" ] || continue
		[ "$s" = svbox ] && a=$v
		[ "$s" = runit ] && b=$v
	done
	[ -n "$a$b" ] && echo "| $name | $a | $b |"
done
