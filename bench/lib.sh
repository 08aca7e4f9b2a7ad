# SPDX-License-Identifier: 0BSD
# bench/lib.sh - what every bench script shares: a private temporary
# directory $T (made here as /tmp/svbox-NAME.XXXXXX), every process whose
# cwd is in it stopped by pid at the end (and any tmpfs mounted at
# $T/mnt-* unmounted), clocks, waits, medians. Sourced: . bench/lib.sh NAME
T=$(mktemp -d "/tmp/svbox-$1.XXXXXX")
# no cgroups in the machine's hierarchy from a bench
export SVCGROUP=/nonexistent/svbox-bench
mine() { # pids whose cwd is under $T
	local p
	for p in /proc/[0-9]*; do
		case $(readlink "$p/cwd" 2>/dev/null) in "$T" | "$T"/*) echo "${p#/proc/}" ;; esac
	done
}
stop_all() {
	local sig p i m
	for sig in TERM KILL; do
		for p in $(mine); do kill -"$sig" "$p" 2>/dev/null; done
		for i in $(seq 200); do [ -z "$(mine)" ] && break; sleep 0.05; done
	done
	for m in "$T"/mnt-*; do mountpoint -q "$m" 2>/dev/null && umount "$m"; done
}
trap 'stop_all; rm -rf "$T"' EXIT
trap 'exit 130' INT TERM

# the Debian peers installed, the static svbox built: $SVBOX
static_svbox() {
	scripts/deps.sh >/dev/null || exit 1
	make -s CC=musl-gcc STATIC=1 BUILD=build/bench-static >/dev/null || exit 1
	SVBOX=$PWD/build/bench-static/svbox
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }
now_us() { echo $(($(date +%s%N) / 1000)); }
wait_until() { # SECS CMD...
	local end=$(($(now_ms) + $1 * 1000)); shift
	until "$@" 2>/dev/null; do [ "$(now_ms)" -gt "$end" ] && return 1; sleep 0.01; done
}
# stdin numbers -> "median min max"
stats() { sort -n | awk '{a[NR]=$1} END {if (!NR) {print "- - -"; exit}
	m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
	printf "%g %g %g\n", m, a[1], a[NR]}'; }
