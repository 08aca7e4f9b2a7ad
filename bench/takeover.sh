#!/usr/bin/env bash
# SPDX-License-Identifier: 0BSD
# bench/takeover.sh - kill -9 of a service's supervisor under runsvdir,
# svbox and Debian's runit side by side in one run (#16). One service
# writes numbered lines ("PID N", a line every 2 ms) to svlogd; KILLS
# times, kill -9 of its runsv, then measured:
#   control: ms from the kill to a supervisor holding the service again
#            (supervise/ok has a reader), median (min-max);
#   instances: how many ./run processes ran in all (target 1);
#   lost:    numbered lines of any instance missing from the log (gaps
#            in its numbers; the line in transit at a kill counts).
# svbox: a static musl build of defconfig. Only a temporary directory it
# makes; everything it starts is stopped by pid at the end.
# Environment: KILLS (default 5).
set -uo pipefail
cd "$(dirname "$0")/.."
KILLS=${KILLS:-5}
. bench/lib.sh takeover
static_svbox

# held DIR: a supervisor holds DIR (svbox's svok reads either's state)
held() { "$SVBOX" svok "$1"; }

run_suite() { # SUITE BINDIR -> "ctl1 ctl2 ... | instances | lost"
	local s=$1 bin=$2 D=$T/$1 k t0 t1 ctl=() old new
	mkdir -p "$D/sv/a/log" "$D/log"
	printf '#!/bin/sh\necho $$ >>%s/starts\ni=0\nwhile :; do i=$((i+1)); echo "$$ $i"; sleep 0.002; done\n' "$D" >"$D/sv/a/run"
	printf '#!/bin/sh\nexec %s/svlogd %s/log\n' "$bin" "$D" >"$D/sv/a/log/run"
	chmod +x "$D/sv/a/run" "$D/sv/a/log/run"
	( cd "$D" && exec setsid "$bin/runsvdir" "$D/sv" </dev/null >/dev/null 2>&1 ) &
	wait_until 10 held "$D/sv/a" || { echo "$s: not supervised" >&2; return 1; }
	wait_until 10 test -s "$D/log/current"
	for k in $(seq "$KILLS"); do
		old=$(pgrep -f "^runsv a\$" -P "$(pgrep -f "runsvdir $D/sv\$")" 2>/dev/null | head -n 1)
		[ -n "$old" ] || old=$(pgrep -f "runsv a$" | while read -r p; do
			[ "$(readlink "/proc/$p/cwd")" = "$D/sv" ] && echo "$p"; done | head -n 1)
		t0=$(now_us)
		kill -9 "$old"
		while kill -0 "$old" 2>/dev/null && ! grep -q '^State:.*Z' "/proc/$old/status" 2>/dev/null; do sleep 0.001; done
		wait_until 20 held "$D/sv/a" || { ctl+=(timeout); continue; }
		t1=$(now_us)
		ctl+=($(((t1 - t0) / 1000)))
		sleep 0.5 # lines flow between kills
	done
	inst=$(wc -l <"$D/starts")
	"$SVBOX" sv -w 10 down "$D/sv/a" >/dev/null 2>&1
	sleep 1 # the logger drains
	stop_all
	cat $(ls -d "$D"/log/@* 2>/dev/null | sort) "$D/log/current" >"$D/all"
	# per instance (the pid before each number): gaps in its numbers
	lost=$(awk '{ if ($2 > m[$1] + 1) lost += $2 - m[$1] - 1; if ($2 > m[$1]) m[$1] = $2 }
		END { print lost + 0 }' "$D/all")
	echo "${ctl[*]} | $inst | $lost"
}

declare -A BIN
BIN[svbox]=$T/bin-svbox
mkdir -p "${BIN[svbox]}"
"$SVBOX" --install "${BIN[svbox]}" >/dev/null
SUITES=svbox
if [ -x /usr/bin/runsvdir ]; then
	BIN[runit]=$T/bin-runit
	mkdir -p "${BIN[runit]}"
	for a in runsvdir runsv sv svlogd; do ln -s "/usr/bin/$a" "${BIN[runit]}/$a"; done
	SUITES="svbox runit"
fi
printf '| measurement (%s kills of runsv) | unit | %s |\n|---|---|%s\n' "$KILLS" "${SUITES// / | }" "$(for s in $SUITES; do printf -- '---|'; done)"
declare -A C I L
for s in $SUITES; do
	r=$(run_suite "$s" "${BIN[$s]}")
	C[$s]=$(echo "${r%% |*}" | tr ' ' '\n' | grep -v timeout | stats | awk '{printf "%s (%s-%s)", $1, $2, $3}')
	n=$(echo "${r%% |*}" | tr ' ' '\n' | grep -c timeout)
	[ "$n" -gt 0 ] && C[$s]="${C[$s]}, $n never"
	r=${r#* | }
	I[$s]=${r%% |*}
	L[$s]=${r#* | }
done
row() { printf '| %s | %s |' "$1" "$2"; shift 2; for s in $SUITES; do printf ' %s |' "$1"; shift; done; echo; }
row "kill -9 of runsv to the service under control again" ms $(for s in $SUITES; do printf '%s\n' "${C[$s]// /_}"; done)
row "./run instances that ran (target 1)" count $(for s in $SUITES; do echo "${I[$s]}"; done)
row "numbered lines lost" lines $(for s in $SUITES; do echo "${L[$s]}"; done)
