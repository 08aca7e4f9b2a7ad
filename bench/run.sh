#!/usr/bin/env bash
# SPDX-License-Identifier: 0BSD
# bench/run.sh - measure svbox side by side with Debian's runit,
# busybox-static, daemontools and s6 in one run, and print one table:
# median (min-max) per row and svbox's ratio to the best peer.
# Only temporary directories it makes; every process it starts is stopped
# by pid (processes whose cwd is in its directory); never system dirs.
#
# Environment: REPS (default 20: latencies), REPS_RESTART (50), IDLE (30 s),
# LINES (1000000), BIG (500: services for memory/boot/status), OUT (the
# table is also written there, default bench/results.txt), SECTIONS (which
# parts: "size mem lat log", default all; MEMN: service counts, "50 $BIG").
set -uo pipefail
cd "$(dirname "$0")/.."
top=$PWD
SECTIONS=${SECTIONS:-size mem lat log}
want() { case " $SECTIONS " in *" $1 "*) return 0 ;; esac; return 1; }
REPS=${REPS:-20} REPS_RESTART=${REPS_RESTART:-50} IDLE=${IDLE:-30}
LINES=${LINES:-1000000} BIG=${BIG:-500} OUT=${OUT:-$top/bench/results.txt}

scripts/deps.sh >/dev/null || exit 1
command -v valgrind >/dev/null || { apt-get install -y -qq valgrind >/dev/null 2>&1 || true; }
make -s CC=musl-gcc STATIC=1 BUILD=build/bench >/dev/null || exit 1
make -s CC=musl-gcc STATIC=1 BUILD=build/bench-tiny CONFIG=configs/tiny_defconfig >/dev/null || exit 1
sync # a freshly written binary's page cache is dirty: it would count as private dirty
SVBOX=$top/build/bench/svbox

. bench/lib.sh bench

SUITES="svbox runit busybox daemontools s6"
# Debian's busybox-static carries svc and svok but no runsvdir, runsv, sv,
# svlogd or chpst: it appears in the size row only
RUN="svbox runit daemontools s6"
declare -A BIN
for s in $SUITES; do BIN[$s]=$T/bin-$s; mkdir -p "${BIN[$s]}"; done
"$SVBOX" --install "${BIN[svbox]}" >/dev/null
for a in runsvdir runsv sv svlogd chpst; do ln -s "/usr/bin/$a" "${BIN[runit]}/$a"; done
for a in runsvdir runsv sv svlogd chpst; do ln -s /bin/busybox "${BIN[busybox]}/$a"; done
for a in svscan supervise svc svok svstat multilog; do ln -s "/usr/bin/$a" "${BIN[daemontools]}/$a"; done
for a in s6-svscan s6-supervise s6-svc s6-svok s6-svstat s6-log s6-svscanctl; do ln -s "/usr/bin/$a" "${BIN[s6]}/$a"; done
ENVP="PATH=%s:/usr/bin:/bin"


ROWS=()
row() { ROWS+=("$*"); printf '%s\n' "$*" >&2; }   # NAME|UNIT|suite=val ...

# a service directory: run writes "PID NANOSECONDS" into $mark/NAME (the
# date costs each suite the same), then sleeps
mksvc() { # DIR NAME MARKDIR [LOGGERCMD]
	local d=$1/$2
	mkdir -p "$d"
	printf '#!/bin/sh\necho "$$ $(date +%%s%%N)" >%s/%s.new\nmv %s/%s.new %s/%s\nexec sleep 3600\n' "$3" "$2" "$3" "$2" "$3" "$2" >"$d/run"
	chmod +x "$d/run"
	if [ -n "${4:-}" ]; then
		mkdir -p "$d/log/main"
		printf '#!/bin/sh\nexec %s\n' "$4" >"$d/log/run"
		chmod +x "$d/log/run"
	fi
}
logger_of() {
	case $1 in
	svbox | runit | busybox) echo "svlogd ./main" ;;
	daemontools) echo "multilog ./main" ;;
	s6) echo "s6-log ./main" ;;
	esac
}
scanner_of() {
	case $1 in
	svbox | runit | busybox) echo runsvdir ;;
	daemontools) echo svscan ;;
	s6) echo s6-svscan ;;
	esac
}
SCANNER=
start_scan() { # SUITE DIR
	( cd "$T" && exec env -i "$(printf "$ENVP" "${BIN[$1]}")" SVCGROUP="$SVCGROUP" setsid "$(scanner_of "$1")" "$2" </dev/null >/dev/null 2>&1 ) &
	SCANNER=$!
}
count() { ls "$1" 2>/dev/null | grep -vc '\.new$'; }
# the suite's own processes (supervisors, loggers), not the services
suite_pids() {
	local p
	for p in $(mine); do
		[ "$p" = "$SCANNER" ] && continue
		case $(cat "/proc/$p/comm" 2>/dev/null) in sleep | sh) continue ;; esac
		echo "$p"
	done
}
ready() { # MARKDIR N [LOG]: N services up, and N loggers when LOG
	[ "$(count "$1")" -ge "$2" ] || return 1
	[ -z "${3:-}" ] && return 0
	[ "$(suite_pids | wc -l)" -ge "$(($2 * ${4:-2}))" ]
}

if want size; then
echo "== sizes" >&2
sz() { local t=0 f; for f; do t=$((t + $(stat -L -c %s "$f"))); done; echo "$t"; }
row "binary size, static defconfig (all applets)|bytes|svbox=$(stat -c %s "$SVBOX")"
row "binary size, static tiny_defconfig|bytes|svbox=$(stat -c %s build/bench-tiny/svbox)"
row "files for runsvdir runsv sv svlogd chpst or equivalents (busybox: whole binary, svc+svok only)|bytes|svbox=$(stat -c %s "$SVBOX") runit=$(sz /usr/bin/{runsvdir,runsv,sv,svlogd,chpst}) busybox=$(sz /bin/busybox) daemontools=$(sz /usr/bin/{svscan,supervise,svc,svok,svstat,multilog,envdir,setuidgid,softlimit,setlock}) s6=$(sz /usr/bin/{s6-svscan,s6-supervise,s6-svc,s6-svok,s6-svstat,s6-log} $(ls /usr/lib/x86_64-linux-gnu/libs6.so.* /usr/lib/x86_64-linux-gnu/libskarnet.so.* 2>/dev/null | head -2))"

fi

if want mem; then
echo "== memory, wakeups, boot" >&2
for n in ${MEMN:-50 $BIG}; do
	for log in ${MEMLOG:-nolog log}; do
		[ "$log" = nolog ] && log=
		pd=() ps=() bt=() wk=()
		for s in $RUN; do
			S=$T/m-$s-$n$log; M=$T/mark-$s-$n$log; mkdir -p "$S" "$M"
			for i in $(seq "$n"); do mksvc "$S" "s$i" "$M" ${log:+"$(logger_of "$s")"}; done
			t0=$(now_ms)
			start_scan "$s" "$S"
			per=2; [ "$s" = svbox ] || [ "$s" = runit ] || [ "$s" = busybox ] || per=3
			[ -z "$log" ] && per=1
			if ! wait_until 120 ready "$M" "$n" "$log" "$per"; then
				echo "$s: not all $n services came up" >&2
			fi
			t1=$(now_ms)
			sleep 2
			tot_pd=0 tot_pss=0
			for p in $(suite_pids); do
				set -- $(awk '/^Pss:/ {a=$2} /^Private_Dirty:/ {b=$2} END {print a+0, b+0}' "/proc/$p/smaps_rollup" 2>/dev/null)
				tot_pss=$((tot_pss + ${1:-0})) tot_pd=$((tot_pd + ${2:-0}))
			done
			pd+=("$s=$(awk -v a="$tot_pd" -v n="$n" 'BEGIN {printf "%.1f", a / n}')")
			ps+=("$s=$(awk -v a="$tot_pss" -v n="$n" 'BEGIN {printf "%.1f", a / n}')")
			if [ "$n" = "$BIG" ] && [ -z "$log" ]; then
				bt+=("$s=$((t1 - t0))")
				pids="$SCANNER $(suite_pids)"
				c0=0; for p in $pids; do c0=$((c0 + $(awk '/ctxt_switches/ {s+=$2} END {print s+0}' /proc/$p/status 2>/dev/null || echo 0))); done
				sleep "$IDLE"
				c1=0; for p in $pids; do c1=$((c1 + $(awk '/ctxt_switches/ {s+=$2} END {print s+0}' /proc/$p/status 2>/dev/null || echo 0))); done
				wk+=("$s=$(awk -v a=$((c1 - c0)) -v t="$IDLE" 'BEGIN {printf "%.2f", a / t}')")
			fi
			stop_all
		done
		row "private dirty per supervised service, $n services${log:+ with log}|KiB|${pd[*]}"
		row "Pss per supervised service, $n services${log:+ with log}|KiB|${ps[*]}"
		[ ${#bt[@]} -gt 0 ] && row "boot: scanner start to all $n run scripts running|ms|${bt[*]}"
		[ ${#wk[@]} -gt 0 ] && row "wakeups of the whole idle tree, $n services, ${IDLE}s|per s|${wk[*]}"
	done
done

fi

if want lat; then
echo "== pick-up latency, restart, kill -9, status" >&2
pick=() rst=() k9=() st=()
for s in $RUN; do
	S=$T/l-$s; M=$T/lmark-$s; mkdir -p "$S" "$M"
	start_scan "$s" "$S"
	sleep 1
	reps=$REPS
	case $s in runit | busybox | daemontools) [ "$REPS" -gt 10 ] && reps=10 ;; esac
	vals=$(for i in $(seq "$reps"); do
		mksvc "$T" ".new$i" "$M"
		t0=$(now_us)
		mv "$T/.new$i" "$S/p$i"
		[ "$s" = s6 ] && "${BIN[s6]}/s6-svscanctl" -a "$S"
		wait_until 15 test -s "$M/.new$i" || { echo "$s: p$i not started" >&2; continue; }
		t1=$(($(cut -d' ' -f2 "$M/.new$i") / 1000))
		echo $(((t1 - t0) / 1000))
	done | stats)
	pick+=("$s=${vals// /:}")
	# restart round trip, for the suites whose client waits
	case $s in
	svbox | runit | busybox) cmd=("${BIN[$s]}/sv" -w 7 restart "$S/p1") ;;
	s6) cmd=("${BIN[s6]}/s6-svc" -r -wr "$S/p1") ;;
	*) cmd=() ;;
	esac
	if [ ${#cmd[@]} -gt 0 ]; then
		vals=$(for i in $(seq "$REPS_RESTART"); do
			sleep 1.1   # past the 1-second restart throttle
			t0=$(now_us); "${cmd[@]}" >/dev/null 2>&1; t1=$(now_us)
			echo $(((t1 - t0) / 1000))
		done | stats)
		rst+=("$s=${vals// /:}")
	fi
	vals=$(for i in $(seq 10); do
		sleep 1.1
		old=$(cut -d' ' -f1 "$M/.new1"); rm -f "$M/.new1"
		t0=$(now_us); kill -9 "$old"
		wait_until 10 test -s "$M/.new1" || continue
		t1=$(($(cut -d' ' -f2 "$M/.new1") / 1000))
		echo $(((t1 - t0) / 1000))
	done | stats)
	k9+=("$s=${vals// /:}")
	stop_all
	# status of $BIG services
	S=$T/st-$s; M=$T/stmark-$s; mkdir -p "$S" "$M"
	for i in $(seq "$BIG"); do mksvc "$S" "s$i" "$M"; done
	start_scan "$s" "$S"
	wait_until 120 ready "$M" "$BIG"
	sleep 1
	case $s in
	svbox | runit | busybox) cmd=("${BIN[$s]}/sv" status "$S"/*) ;;
	daemontools) cmd=("${BIN[daemontools]}/svstat" "$S"/*) ;;
	s6) cmd=(sh -c 'for d; do s6-svstat "$d"; done' - "$S"/*) ;;
	esac
	vals=$(for i in $(seq 10); do
		t0=$(now_us); PATH=${BIN[$s]}:$PATH "${cmd[@]}" >/dev/null 2>&1; t1=$(now_us)
		echo $(((t1 - t0) / 1000))
	done | stats)
	st+=("$s=${vals// /:}")
	stop_all
done
row "pick-up: rename of a new service dir to its run executing (s6 with svscanctl -a)|ms|${pick[*]}"
row "restart round trip: sv -w 7 restart (s6: s6-svc -r -wr)|ms|${rst[*]}"
row "kill -9 of a service to its run again|ms|${k9[*]}"
row "status of $BIG services (sv status; svstat; s6-svstat per dir)|ms|${st[*]}"

fi

if want log; then
echo "== loggers" >&2
L=$T/lines; mkdir -p "$L"
awk -v n="$LINES" 'BEGIN {for (i = 1; i <= n; i++) printf "%08d %s\n", i, "the quick brown fox jumps over the lazy dog, line of a hundred bytes for the logger bench xx"}' >"$L/in"
mb=$(awk -v b="$(stat -c %s "$L/in")" 'BEGIN {printf "%.1f", b / 1048576}')
logcmd() { # SUITE DIR
	case $1 in
	svbox | runit | busybox) echo "${BIN[$1]}/svlogd -tt $2" ;;
	daemontools) echo "${BIN[daemontools]}/multilog t s1000000 n10 $2" ;;
	s6) echo "${BIN[s6]}/s6-log t s1000000 n10 $2" ;;
	cat) echo "cat" ;;
	esac
}
thr_f=() thr_p=() lost=() ipl=()
for s in $RUN cat; do
	for mode in file pipe; do
		vals=$(for i in 1 2 3; do
			D=$L/$s-$mode-$i; mkdir -p "$D"; printf 's1000000\nn10\n' >"$D/config"
			c=$(logcmd "$s" "$D")
			t0=$(now_us)
			if [ "$s" = cat ]; then
				if [ $mode = file ]; then cat <"$L/in" >"$D/current"; else cat "$L/in" | cat >"$D/current"; fi
			elif [ $mode = file ]; then (cd "$T" && $c <"$L/in"); else cat "$L/in" | (cd "$T" && $c); fi
			t1=$(now_us)
			rm -rf "$D"
			awk -v b="$(stat -c %s "$L/in")" -v us=$((t1 - t0)) 'BEGIN {printf "%.0f\n", b / 1048576 / (us / 1e6)}'
		done | stats)
		if [ $mode = file ]; then thr_f+=("$s=${vals// /:}"); else thr_p+=("$s=${vals// /:}"); fi
	done
	[ "$s" = cat ] && continue
	# every line kept (large n): count lines over all files
	D=$L/$s-count; mkdir -p "$D"; printf 's1000000\nn1000\n' >"$D/config"
	c=$(logcmd "$s" "$D"); c=${c/n10/n1000}
	cat "$L/in" | (cd "$T" && $c)
	got=$(cat "$D"/@* "$D"/current 2>/dev/null | wc -l)
	lost+=("$s=$((LINES - got))")
	rm -rf "$D"
	if command -v valgrind >/dev/null; then
		head -n 100000 "$L/in" >"$L/in100k"
		D=$L/$s-cg; mkdir -p "$D"; printf 's1000000\nn10\n' >"$D/config"
		c=$(logcmd "$s" "$D")
		(cd "$T" && valgrind --tool=callgrind --callgrind-out-file="$L/cg.$s" $c <"$L/in100k") >/dev/null 2>"$L/cg.$s.err"
		ir=$(sed -n 's/^==[0-9]*== Collected : //p' "$L/cg.$s.err")
		[ -n "$ir" ] && ipl+=("$s=$((ir / 100000))")
		rm -rf "$D"
	fi
done
# memory of one logger (what a router pays per logged service): private
# dirty once it has written a few lines and waits (idle), and at the end of
# 300,000 lines through a pipe: private dirty and VmHWM (RSS; a static
# binary's text is mapped whole by the kernel's fault-around, and shared)
logmem() { # SUITE -> "idle peak_private peak_rss" in KiB
	local D=$L/$1-mem c p i
	mkdir -p "$D/log"; mkfifo "$D/in"; printf 's1000000\nn10\n' >"$D/log/config"
	c=$(logcmd "$1" "$D/log")
	(cd "$T" && exec $c) <"$D/in" & p=$!
	exec 9>"$D/in"
	printf 'one\ntwo\nthree\n' >&9
	for i in $(seq 250); do grep -q three "$D/log/current" 2>/dev/null && break; sleep 0.02; done
	local idle=$(awk '/^Private_Dirty:/ {print $2}' "/proc/$p/smaps_rollup")
	head -n 300000 "$L/in" >&9
	for i in $(seq 1500); do tail -c 200 "$D/log/current" 2>/dev/null | grep -q '00300000 the' && break; sleep 0.02; done
	local pd=$(awk '/^Private_Dirty:/ {print $2}' "/proc/$p/smaps_rollup")
	local hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$p/status")
	exec 9>&-
	wait "$p"
	rm -rf "$D"
	echo "$idle $pd $hwm"
}
memi=() memp=() memh=()
for s in $RUN; do
	vals=$(for i in 1 2 3; do logmem "$s"; done)
	v=$(awk '{print $1}' <<<"$vals" | stats); memi+=("$s=${v// /:}")
	v=$(awk '{print $2}' <<<"$vals" | stats); memp+=("$s=${v// /:}")
	v=$(awk '{print $3}' <<<"$vals" | stats); memh+=("$s=${v// /:}")
done
row "logger throughput, ${mb} MiB of 100-byte lines from a file, -tt / t|MB/s|${thr_f[*]}"
row "logger throughput, the same through a pipe|MB/s|${thr_p[*]}"
row "logger: lines lost of $LINES (large n)|lines|${lost[*]}"
[ ${#ipl[@]} -gt 0 ] && row "logger: instructions per line (callgrind, 100,000 lines)|instr|${ipl[*]}"
row "logger memory: private dirty, idle after 3 lines|KiB|${memi[*]}"
row "logger memory: private dirty after 300,000 lines through a pipe|KiB|${memp[*]}"
row "logger memory: peak RSS (VmHWM), text included|KiB|${memh[*]}"
fi

# the table (bench/table.sh): median (min-max), svbox / best peer
{
	echo "svbox bench, $(date -u +%Y-%m-%d), $(nproc) cores, kernel $(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
	echo
	printf '%s\n' "${ROWS[@]}" | bench/table.sh
} | tee "$OUT"
