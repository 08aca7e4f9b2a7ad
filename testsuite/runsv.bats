#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# testsuite/runsv.bats - subject: applets/runsv.c, docs/runsv.8
load helpers

setup() {
	require_applet runsv
	setup_svdir
}

# a service that records the signals it gets in $SV/NAME/sigs
sigsvc() {
	mksvc "$1" 'for s in HUP ALRM INT QUIT USR1 USR2 TERM CONT; do trap "echo $s >>sigs" $s; done
echo $$ >>starts
while :; do sleep 0.05; done'
}

@test "runsv: status record byte by byte through start, pause, TERM, down" {
	mksvc a 'trap "" TERM; echo $$ >pid.own; exec sleep 100'
	start_runsv a
	wait_for 5 file_has "$SV/a/pid.own" ""
	wait_stat "$SV/a" run
	pid=$(cat "$SV/a/pid.own")
	[ "$(status_pid "$SV/a")" = "$pid" ]
	[ "$(cat "$SV/a/supervise/pid")" = "$pid" ]
	b=($(status_bytes "$SV/a"))
	[ "${#b[@]}" = 20 ]
	[ "${b[0]}" = 40 ] && [ "${b[16]}" = 00 ] && [ "${b[17]}" = 75 ] && [ "${b[18]}" = 00 ] && [ "${b[19]}" = 01 ]
	send "$SV/a" p
	wait_stat "$SV/a" "run, paused"
	[ "$(status_byte "$SV/a" 16)" = 1 ]
	wait_for 5 grep -q '^State:.*T' /proc/$pid/status
	send "$SV/a" c
	wait_stat "$SV/a" run
	[ "$(status_byte "$SV/a" 16)" = 0 ]
	# sleep ignores TERM (set by the shell before exec): got TERM stays
	send "$SV/a" d
	wait_stat "$SV/a" "run, got TERM, want down"
	b=($(status_bytes "$SV/a"))
	[ "${b[17]}" = 64 ] && [ "${b[18]}" = 01 ] && [ "${b[19]}" = 01 ]
	send "$SV/a" k
	wait_stat "$SV/a" down
	b=($(status_bytes "$SV/a"))
	[ "$(status_pid "$SV/a")" = 0 ] && [ "${b[17]}" = 64 ] && [ "${b[18]}" = 00 ] && [ "${b[19]}" = 00 ]
	[ ! -s "$SV/a/supervise/pid" ]
	[ "$(stat -c %a "$SV/a/supervise")" = 700 ]
	[ "$(stat -c %a "$SV/a/supervise/status")" = 644 ]
	[ -p "$SV/a/supervise/control" ] && [ -p "$SV/a/supervise/ok" ]
	[ "$(stat -c %a "$SV/a/supervise/control")" = 600 ]
}

@test "runsv: each control byte delivers its signal" {
	sigsvc a
	start_runsv a
	wait_for 5 file_has "$SV/a/starts" ""
	for x in h:HUP a:ALRM i:INT q:QUIT 1:USR1 2:USR2; do
		send "$SV/a" "${x%%:*}"
		wait_for 5 file_has "$SV/a/sigs" "${x#*:}"
	done
	pid=$(status_pid "$SV/a")
	send "$SV/a" t
	wait_for 5 file_has "$SV/a/sigs" TERM
	! grep -q CONT "$SV/a/sigs"   # t with want up: TERM only
	send "$SV/a" k
	wait_pid_change "$SV/a" "$pid"
	[ "$(lines "$SV/a/starts")" = 2 ]
}

@test "runsv: d sends TERM then CONT; u starts again; o runs once" {
	sigsvc a
	start_runsv a
	wait_for 5 file_has "$SV/a/starts" ""
	send "$SV/a" d
	wait_for 5 file_has "$SV/a/sigs" CONT
	run cat "$SV/a/sigs"
	[ "${lines[0]}" = TERM ] && [ "${lines[1]}" = CONT ]
	send "$SV/a" k
	wait_stat "$SV/a" down
	send "$SV/a" u
	wait_for 5 eval '[ $(lines "$SV/a/starts") = 2 ]'
	wait_stat "$SV/a" run
	mksvc b 'echo x >>starts; exit 0'
	touch "$SV/b/down"
	start_runsv b
	wait_stat "$SV/b" down
	send "$SV/b" o
	wait_for 5 file_has "$SV/b/starts" x
	wait_stat "$SV/b" down
	[ "$(lines "$SV/b/starts")" = 1 ]
	[ "$(status_byte "$SV/b" 17)" = 100 ]   # 'd'
}

@test "runsv: a down file keeps the service down until u" {
	mksvc a 'echo x >>starts; exec sleep 100'
	touch "$SV/a/down"
	start_runsv a
	wait_for 5 test -p "$SV/a/supervise/ok"
	wait_stat "$SV/a" down
	[ ! -e "$SV/a/starts" ]
	run -0 svok "$SV/a"
	send "$SV/a" u
	wait_for 5 file_has "$SV/a/starts" x
	wait_stat "$SV/a" run
}

@test "runsv: finish gets the exit code and the signal, state finish shown" {
	mksvc a 'read n <n 2>/dev/null || n=0; echo $((n+1)) >n; [ $n = 0 ] && exit 3; exec sleep 100'
	printf '#!/bin/sh\necho "$1 $2" >>fin\n[ -e hold ] && sleep 100\nexit 0\n' >"$SV/a/finish"
	chmod +x "$SV/a/finish"
	start_runsv a
	wait_for 5 file_has "$SV/a/fin" "3 0"
	wait_stat "$SV/a" run
	touch "$SV/a/hold"
	send "$SV/a" k
	wait_for 5 file_has "$SV/a/fin" "-1 9"
	wait_stat "$SV/a" finish
	[ "$(status_byte "$SV/a" 19)" = 2 ]
	# k kills finish too, and finish runs only once per run
	send "$SV/a" k
	wait_stat "$SV/a" run
	[ "$(lines "$SV/a/fin")" = 2 ]
}

@test "runsv: throttle: an exiting run starts about once a second; d is obeyed at once" {
	mksvc a 'echo x >>starts; exit 1'
	start_runsv a
	wait_for 5 eval '[ $(lines "$SV/a/starts") -ge 3 ]'
	t0=$(date +%s%N)
	wait_for 5 eval '[ $(lines "$SV/a/starts") -ge 5 ]'
	t1=$(date +%s%N)
	ms=$(((t1 - t0) / 1000000))
	# two more starts take about two seconds, never much less
	[ "$ms" -ge 1700 ] && [ "$ms" -le 3500 ]
	n=$(lines "$SV/a/starts")
	t0=$(date +%s%N)
	send "$SV/a" d
	wait_for 1 eval '[ "$(status_byte "$SV/a" 17)" = 100 ]'
	[ $((($(date +%s%N) - t0) / 1000000)) -lt 500 ]
	wait_stat "$SV/a" down
	sleep_until=$(($(date +%s) + 2))
	wait_for 5 eval '[ $(date +%s) -ge '$sleep_until' ]'
	[ "$(lines "$SV/a/starts")" -le $((n + 1)) ]
}

@test "runsv: log/: the service's stdout reaches the logger, no line lost through restarts of either side" {
	mksvc a 'read n <count 2>/dev/null || n=0; i=0
while [ $i -lt 100 ]; do n=$((n+1)); i=$((i+1)); echo "line $n"; done
echo $n >count; exec sleep 100' log 'exec cat >>out'
	start_runsv a
	for k in 1 2 3; do
		wait_for 10 eval '[ $(lines "$SV/a/log/out") = $((k * 100)) ]'
		send "$SV/a/log" k     # logger killed while idle
		send "$SV/a" k         # service restarts, writes into the pipe
	done
	wait_for 10 eval '[ $(lines "$SV/a/log/out") = 400 ]'
	run -0 diff <(seq 1 400 | sed 's/^/line /') "$SV/a/log/out"
	[ -p "$SV/a/log/supervise/control" ]
}

@test "runsv: x stops the service, lets the logger drain to EOF, then exits 0" {
	mksvc a 'echo one; echo two; exec sleep 100' log 'cat >>out; echo EOF >>out'
	start_runsv a
	wait_for 5 file_has "$SV/a/log/out" two
	send "$SV/a" x
	wait_gone 5 "$RUNSV_PID"
	run -0 wait "$RUNSV_PID"
	run cat "$SV/a/log/out"
	[ "$output" = "one"$'\n'"two"$'\n'"EOF" ]
	run -100 svok "$SV/a"
}

@test "runsv: SIGTERM acts as x; SIGHUP and SIGINT do not kill runsv" {
	mksvc a 'echo $$ >>starts; exec sleep 100'
	start_runsv a
	wait_for 5 file_has "$SV/a/starts" ""
	pid=$(status_pid "$SV/a")
	# (runsvdir -S: HUP and INT are the scanner's "stop all", runsvdir.8)
	in_S || kill -HUP "$RUNSV_PID"
	in_S || kill -INT "$RUNSV_PID"
	kill -QUIT "$RUNSV_PID"
	send "$SV/a" p   # a command after the signals is still obeyed
	wait_stat "$SV/a" "run, paused"
	run -0 svok "$SV/a"
	[ "$(status_pid "$SV/a")" = "$pid" ]
	kill -TERM "$RUNSV_PID"
	wait_gone 5 "$RUNSV_PID"
	wait_gone 5 "$pid"
}

@test "runsv: a second runsv on the same directory exits 111, the first goes on" {
	mksvc a 'exec sleep 100'
	start_runsv a
	wait_stat "$SV/a" run
	pid=$(status_pid "$SV/a")
	run -111 timeout 5 runsv "$SV/a"
	[ "$output" = "runsv $SV/a: fatal: unable to lock supervise/lock: temporary failure" ]
	[ "$(status_pid "$SV/a")" = "$pid" ]
	run -0 svok "$SV/a"
}

@test "runsv: garbage on the control fifo is ignored" {
	mksvc a 'exec sleep 100'
	start_runsv a
	wait_stat "$SV/a" run
	pid=$(status_pid "$SV/a")
	before=$(status_bytes "$SV/a")
	send "$SV/a" 'zZ\000\377\n UD'
	send "$SV/a" p   # processed after the garbage
	wait_stat "$SV/a" "run, paused"
	send "$SV/a" c
	wait_stat "$SV/a" run
	[ "$(status_pid "$SV/a")" = "$pid" ]
	kill -0 "$RUNSV_PID"
}

@test "runsv: a missing or non-executable run is a warning and a retry, not a death" {
	mkdir "$SV/a"
	bg sh -c 'exec runsv "$1" 2>"$2"' - "$SV/a" "$BATS_TEST_TMPDIR/err"
	wait_for 5 eval '[ $(grep -c "unable to start ./run: file does not exist" "$BATS_TEST_TMPDIR/err") -ge 2 ]'
	kill -0 "$BG_PID"
	grep -q "^runsv $SV/a: warning: unable to start ./run: file does not exist$" "$BATS_TEST_TMPDIR/err"
	printf '#!/bin/sh\nexec sleep 100\n' >"$SV/a/run"
	wait_for 5 grep -q "unable to start ./run: access denied" "$BATS_TEST_TMPDIR/err"
	chmod +x "$SV/a/run"
	wait_stat "$SV/a" run
}

@test "runsv: an unusable supervise/ is a clear fatal error at start-up" {
	mksvc a 'exec sleep 100'
	touch "$SV/a/supervise"
	run -111 timeout 5 runsv "$SV/a"
	[ "$output" = "runsv $SV/a: fatal: unable to open ./supervise: not a directory" ]
	rm "$SV/a/supervise"
	ln -s "$BATS_TEST_TMPDIR/no/such/dir" "$SV/a/supervise"
	run -111 timeout 5 runsv "$SV/a"
	[ "$output" = "runsv $SV/a: fatal: unable to open ./supervise: file does not exist" ]
	run -1 runsv
	[ "$output" = "usage: runsv DIR" ]
	run -111 runsv "$SV/missing"
	[ "$output" = "runsv $SV/missing: fatal: unable to change to directory: file does not exist" ]
}

@test "runsv: supervise as a symlink: its target is created" {
	mksvc a 'exec sleep 100'
	ln -s "$BATS_TEST_TMPDIR/state.a" "$SV/a/supervise"
	start_runsv a
	wait_for 5 test -p "$BATS_TEST_TMPDIR/state.a/ok"
	wait_stat "$SV/a" run
	[ "$(stat -c %a "$BATS_TEST_TMPDIR/state.a")" = 700 ]
}

@test "runsv: control/X scripts replace the signal when they succeed" {
	sigsvc a
	mkdir "$SV/a/control"
	printf '#!/bin/sh\necho h >>control.log\nexit 0\n' >"$SV/a/control/h"
	printf '#!/bin/sh\necho a >>control.log\nexit 1\n' >"$SV/a/control/a"
	printf '#!/bin/sh\necho u >>control.log\n' >"$SV/a/control/u"
	chmod +x "$SV/a/control/"*
	start_runsv a
	wait_for 5 file_has "$SV/a/control.log" u
	wait_for 5 file_has "$SV/a/starts" ""
	send "$SV/a" h
	wait_for 5 file_has "$SV/a/control.log" h
	send "$SV/a" a
	wait_for 5 file_has "$SV/a/sigs" ALRM
	! grep -q HUP "$SV/a/sigs"
}

@test "runsv: an empty regular file log means no logger, silently" {
	mksvc a 'echo out; exec sleep 100'
	: >"$SV/a/log"
	bg sh -c 'exec runsv "$1" 2>"$2" >"$3"' - "$SV/a" "$BATS_TEST_TMPDIR/err" "$BATS_TEST_TMPDIR/out"
	wait_for 5 file_has "$BATS_TEST_TMPDIR/out" out
	[ ! -s "$BATS_TEST_TMPDIR/err" ]
}

@test "runsv: log x is ignored; the log service has its own status" {
	mksvc a 'exec sleep 100' log 'exec cat >/dev/null'
	start_runsv a
	wait_stat "$SV/a/log" run
	send "$SV/a/log" x
	send "$SV/a/log" p
	wait_stat "$SV/a/log" "run, paused"
	kill -0 "$RUNSV_PID"
	[ "$(status_byte "$SV/a/log" 17)" = 117 ]
}

@test "runsv: runit's sv drives svbox runsv (interop)" {
	[ -x /usr/bin/sv ] || skip "Debian's runit is not installed"
	mksvc a 'exec sleep 100' log 'exec cat >/dev/null'
	start_runsv a
	wait_stat "$SV/a" run
	wait_stat "$SV/a/log" run
	run -0 /usr/bin/sv status "$SV/a"
	[[ $output =~ ^run:\ $SV/a:\ \(pid\ [0-9]+\)\ [0-9]+s\;\ run:\ log:\ \(pid\ [0-9]+\)\ [0-9]+s$ ]]
	run -0 /usr/bin/sv -w 5 down "$SV/a"
	[[ $output =~ ^ok:\ down:\ $SV/a:\ [0-9]+s,\ normally\ up$ ]]
	run -0 /usr/bin/sv -w 5 up "$SV/a"
	[[ $output =~ ^ok:\ run:\ $SV/a:\ \(pid\ [0-9]+\)\ [0-9]+s$ ]]
	pid=$(status_pid "$SV/a")
	# runit's sv takes a run started in its own second as restarted
	wait_for 5 eval '/usr/bin/sv status "$SV/a" | grep -q ") [1-9][0-9]*s;"'
	run -0 /usr/bin/sv -w 5 restart "$SV/a"
	[[ $output =~ ^ok:\ run:\ $SV/a:\ \(pid\ [0-9]+\)\ [0-9]+s$ ]]
	[ "$(status_pid "$SV/a")" != "$pid" ]
	run -0 /usr/bin/sv -w 5 once "$SV/a"
	[[ $output =~ ^ok:\ run:\ $SV/a:\ \(pid\ [0-9]+\)\ [0-9]+s,\ want\ down$ ]]
	run -0 /usr/bin/sv -w 5 exit "$SV/a"
	[ "$output" = "ok: $SV/a: runsv not running" ]
	wait_gone 5 "$RUNSV_PID"
}

@test "runsv: throttle as runit's: a run shorter than 1 s starts again 1 s after it exited (#11.2)" {
	mksvc a 'date +%s%N >>starts; sleep 0.5; exit 1'
	start_runsv a
	wait_for 8 eval '[ $(lines "$SV/a/starts") -ge 3 ]'
	t1=$(sed -n 2p "$SV/a/starts") t2=$(sed -n 3p "$SV/a/starts")
	ms=$(((t2 - t1) / 1000000))
	# 0.5 s of run, then 1 s of throttle (svbox before the fix: 1.0 s)
	[ "$ms" -ge 1400 ] && [ "$ms" -le 2500 ]
}

@test "runsv: a run that lasted over a second is started again at once (#11.2)" {
	mksvc a 'date +%s%N >>starts; sleep 1.2; exit 1'
	start_runsv a
	wait_for 8 eval '[ $(lines "$SV/a/starts") -ge 2 ]'
	t1=$(sed -n 1p "$SV/a/starts") t2=$(sed -n 2p "$SV/a/starts")
	ms=$(((t2 - t1) / 1000000))
	[ "$ms" -ge 1150 ] && [ "$ms" -le 1700 ]
}

@test "runsv: ox on a down service starts it once, stops it, exits (#11.3)" {
	mksvc a 'exec sleep 100'
	# finish runs only after a run: it counts the starts
	printf '#!/bin/sh\necho "$1 $2" >>fin\n' >"$SV/a/finish"
	chmod +x "$SV/a/finish"
	touch "$SV/a/down"
	start_runsv a
	wait_stat "$SV/a" down
	send "$SV/a" ox
	wait_gone 5 "$RUNSV_PID"
	[ "$(lines "$SV/a/fin")" = 1 ]
}

@test "runsv: o sent to the log service runs it once, then it stays down (#11.4)" {
	mksvc a 'exec sleep 100' log 'echo x >>starts; exit 0'
	touch "$SV/a/log/down"
	start_runsv a
	wait_stat "$SV/a/log" down
	send "$SV/a/log" o
	wait_for 5 file_has "$SV/a/log/starts" x
	wait_stat "$SV/a/log" down
	past_throttle "$SV/a/log"
	past_throttle "$SV/a/log"
	[ "$(lines "$SV/a/log/starts")" = 1 ]
	wait_stat "$SV/a/log" down
}

# nproc_env: $SV usable by nobody (RLIMIT_NPROC binds only a non-root user)
nproc_env() {
	[ "$(id -u)" = 0 ] || skip "needs root to switch to nobody"
	command -v setpriv >/dev/null && command -v prlimit >/dev/null ||
		skip "setpriv and prlimit are not installed"
	local d=$SV
	while [ "$d" != / ]; do chmod o+x "$d"; d=$(dirname "$d"); done
	chown -R 65534:65534 "$SV"
}

@test "runsv: a failed fork is retried on a deadline; once survives it; finish too (#19.1, #11.5)" {
	mksvc a 'echo x >>starts; exec sleep 100'
	mksvc b 'exec sleep 100'
	printf '#!/bin/sh\necho f >>fin\n' >"$SV/b/finish"
	chmod +x "$SV/b/finish"
	touch "$SV/a/down"
	nproc_env
	# a limit L on both runsv; nobody's processes held at L+1, so that
	# after b's run exits there are still L and no fork can succeed
	c=$(pgrep -u 65534 | wc -l)
	L=$((c + 6))
	bg setpriv --reuid=65534 --regid=65534 --clear-groups prlimit --nproc="$L" runsv "$SV/a"
	A=$BG_PID
	bg setpriv --reuid=65534 --regid=65534 --clear-groups prlimit --nproc="$L" runsv "$SV/b"
	B=$BG_PID
	wait_stat "$SV/a" down
	wait_stat "$SV/b" run
	bg setpriv --reuid=65534 --regid=65534 --clear-groups sh -c \
		'sleep 100 & sleep 100 & sleep 100 & exec sleep 100'
	H=$BG_PID
	wait_for 5 eval '[ "$(pgrep -u 65534 | wc -l)" -ge '$((L + 1))' ]'
	# a once-start whose fork fails is not lost
	send "$SV/a" o
	# x: TERM, then finish cannot be forked: runsv must not hang
	send "$SV/b" x
	wait_stat "$SV/b" "finish, want exit"
	[ ! -e "$SV/a/starts" ]
	kill -KILL -- "-$H"
	wait_for 5 file_has "$SV/a/starts" x
	wait_stat "$SV/a" "run, want down"
	wait_gone 5 "$B"
	[ "$(cat "$SV/b/fin")" = f ]
	kill "$A"
}

@test "runsv: fifos left by others are not trusted; a file as ok is refused (#19.6)" {
	mksvc a 'exec sleep 100'
	mkdir -m 0777 "$SV/a/supervise"
	mkfifo -m 0666 "$SV/a/supervise/control"
	mkfifo -m 0666 "$SV/a/supervise/ok"
	chown 65534 "$SV/a/supervise/ok"
	start_runsv a
	wait_stat "$SV/a" run
	[ "$(stat -c '%a %u' "$SV/a/supervise/control")" = "600 0" ]
	[ "$(stat -c '%a %u' "$SV/a/supervise/ok")" = "600 0" ]
	mksvc b 'exec sleep 100'
	mkdir "$SV/b/supervise"
	touch "$SV/b/supervise/ok"
	run -111 timeout 5 runsv "$SV/b"
	[ "$output" = "runsv $SV/b: fatal: unable to open supervise/ok: not a fifo" ]
	rm "$SV/b/supervise/ok"
	rm "$SV/b/supervise/control"
	ln -s ../run "$SV/b/supervise/control"
	run -111 timeout 5 runsv "$SV/b"
	[ "$output" = "runsv $SV/b: fatal: unable to open supervise/control: not a fifo" ]
}

@test "runsv: a stderr without reader never kills runsv (#11.9)" {
	mksvc a 'exec sleep 100'
	echo junk >"$SV/a/log"
	# stderr: a pipe whose reader has exited; runsv warns about ./log
	bg bash -c 'exec 2> >(exit 0); sleep 0.3; exec runsv "$1"' - "$SV/a"
	wait_stat "$SV/a" run
	kill -0 "$BG_PID"
	send "$SV/a" d
	wait_stat "$SV/a" down
	kill -0 "$BG_PID"
}

# --- service policy (#13): files beyond runit's; docs/runsv.8 "Policy files"

# info_key DIR KEY: the value of KEY in DIR/supervise/info
info_key() { tr ' ' '\n' <"$1/supervise/info" | sed -n "s/^$2=//p"; }

@test "runsv policy: without the files, status, stat and pid are runit's bytes through the same commands" {
	[ -x /usr/bin/runsv ] || skip "Debian's runit is not installed"
	in_S && skip "compares runsv with runsv"
	for d in mine theirs; do
		mksvc $d 'trap "" TERM; echo $$ >pid.own; exec sleep 100'
	done
	start_runsv mine
	bg /usr/bin/runsv "$SV/theirs"
	for d in mine theirs; do wait_stat "$SV/$d" run; done
	# each step: the stat text it leads to, then the same bytes 16..19
	# and a pid file that agrees with the status
	for step in 'p:run, paused' 'c:run' 'd:run, got TERM, want down' \
		'k:down' 'u:run' 'o:run, want down' 'x:run, got TERM, want exit'; do
		c=${step%%:*}
		for d in mine theirs; do send "$SV/$d" $c; done
		for d in mine theirs; do wait_stat "$SV/$d" "${step#*:}"; done
		m=($(status_bytes "$SV/mine")) t=($(status_bytes "$SV/theirs"))
		[ "${m[*]:16}" = "${t[*]:16}" ] || { echo "after $c: ${m[*]} vs ${t[*]}"; false; }
		for d in mine theirs; do
			p=$(status_pid "$SV/$d")
			[ "$p" = 0 ] && [ ! -s "$SV/$d/supervise/pid" ] || [ "$(cat "$SV/$d/supervise/pid")" = "$p" ]
		done
	done
	for d in mine theirs; do send "$SV/$d" k; done
}

@test "runsv policy: notification-fd: ready at the first newline; closed before one: up, never ready" {
	require_config POLICY
	mksvc a 'echo $$ >pid.own; while [ ! -e go ]; do sleep 0.02; done; printf "almost" >&5; sleep 0.2; echo >&5; exec sleep 100'
	echo 5 >"$SV/a/notification-fd"
	start_runsv a
	wait_for 5 file_has "$SV/a/pid.own" ""
	wait_for 5 eval '[ "$(info_key "$SV/a" ready)" = no ]'
	[ "$(info_key "$SV/a" ready_at)" = 0 ]
	[ "$(info_key "$SV/a" pid)" = "$(cat "$SV/a/pid.own")" ]
	touch "$SV/a/go"
	wait_for 5 eval '[ "$(info_key "$SV/a" ready)" = yes ]'
	[ "$(info_key "$SV/a" ready_at)" != 0 ]
	# the same ./run, and its status bytes untouched by the readiness
	[ "$(status_pid "$SV/a")" = "$(cat "$SV/a/pid.own")" ]
	[ "$(cat "$SV/a/supervise/stat")" = run ]
	# fd closed without a newline: stays up, never ready
	mksvc b 'exec 5>&-; echo $$ >pid.own; exec sleep 100'
	echo 5 >"$SV/b/notification-fd"
	start_runsv b
	wait_for 5 file_has "$SV/b/pid.own" ""
	wait_stat "$SV/b" run
	sleep 0.3 # nothing may change: negative check
	[ "$(info_key "$SV/b" ready)" = no ]
	[ "$(status_pid "$SV/b")" = "$(cat "$SV/b/pid.own")" ]
}

@test "runsv policy: the supervisor runs ./check at growing intervals until it passes; a hung check is killed" {
	require_config POLICY
	mksvc a 'exec sleep 100'
	printf '#!/bin/sh\ndate +%%s%%N >>checks\n[ -e ok ]\n' >"$SV/a/check"
	chmod +x "$SV/a/check"
	start_runsv a
	wait_for 5 eval '[ $(lines "$SV/a/checks") -ge 5 ]'
	[ "$(info_key "$SV/a" ready)" = no ]
	# the gaps grow: the 4th is longer than the 1st
	mapfile -t c <"$SV/a/checks"
	[ $(((c[4] - c[3]) / 1000000)) -gt $(((c[1] - c[0]) / 1000000)) ]
	touch "$SV/a/ok"
	wait_for 5 eval '[ "$(info_key "$SV/a" ready)" = yes ]'
	n=$(lines "$SV/a/checks")
	sleep 0.3 # ready: no more checks (negative check)
	[ "$(lines "$SV/a/checks")" = "$n" ]
	# a check that hangs is killed at its deadline (5 s)
	mksvc b 'exec sleep 100'
	printf '#!/bin/sh\necho $$ >>hung\nexec sleep 100\n' >"$SV/b/check"
	chmod +x "$SV/b/check"
	start_runsv b
	wait_for 5 file_has "$SV/b/hung" ""
	pid=$(head -n 1 "$SV/b/hung")
	wait_gone 8 "$pid"
	[ "$(info_key "$SV/b" ready)" = no ]
}

@test "runsv policy: timeout-kill: a service ignoring TERM gets KILL after the timeout, not before" {
	require_config POLICY
	mksvc a 'trap "" TERM; echo $$ >pid.own; while :; do sleep 0.05; done'
	echo 500 >"$SV/a/timeout-kill"
	start_runsv a
	wait_for 5 file_has "$SV/a/pid.own" ""
	t0=$(now_ms)
	send "$SV/a" d
	wait_for 5 eval '[ "$(cat "$SV/a/supervise/stat")" = down ]'
	ms=$(($(now_ms) - t0))
	echo "killed after $ms ms"
	[ "$ms" -ge 500 ] && [ "$ms" -lt 1000 ]
	[ "$(info_key "$SV/a" last)" = signal:KILL ]
	# without the file (runit): TERM only, it keeps running
	rm "$SV/a/timeout-kill"
	send "$SV/a" u
	wait_for 5 eval '[ "$(status_pid "$SV/a")" != 0 ]'
	pid=$(status_pid "$SV/a")
	send "$SV/a" d
	wait_stat "$SV/a" "run, got TERM, want down"
	sleep 0.7 # past the old timeout (negative check)
	kill -0 "$pid"
	send "$SV/a" k
}

@test "runsv policy: down-signal replaces TERM on d, x and t" {
	require_config POLICY
	mksvc a 'trap "echo HUP >>sigs; exit 0" HUP; trap "echo TERM >>sigs" TERM; echo $$ >>starts; while :; do sleep 0.05; done'
	echo SIGHUP >"$SV/a/down-signal"
	start_runsv a
	wait_for 5 file_has "$SV/a/starts" ""
	send "$SV/a" t
	wait_for 5 eval '[ $(lines "$SV/a/starts") -ge 2 ]'
	send "$SV/a" d
	wait_stat "$SV/a" down
	[ "$(cat "$SV/a/sigs")" = "$(printf 'HUP\nHUP')" ]
	echo hup >"$SV/a/down-signal" # any case, no SIG: still HUP
	send "$SV/a" u
	wait_for 5 eval '[ $(lines "$SV/a/starts") -ge 3 ]'
	send "$SV/a" x
	wait_gone 5 "$RUNSV_PID"
	[ "$(grep -c HUP "$SV/a/sigs")" = 3 ] && ! grep -q TERM "$SV/a/sigs"
}

@test "runsv policy: ./run leads a process group; the stop reaches a forked child; nosetsid keeps runit's" {
	require_config POLICY_PGRP
	mksvc a 'sleep 100 & echo $! >child; echo $$ >pid.own; trap "exit 0" TERM; wait'
	start_runsv a
	wait_for 5 file_has "$SV/a/child" ""
	pid=$(cat "$SV/a/pid.own") child=$(cat "$SV/a/child")
	[ "$(ps -o pgid= -p "$pid" | tr -d ' ')" = "$pid" ]
	[ "$(ps -o pgid= -p "$child" | tr -d ' ')" = "$pid" ]
	send "$SV/a" d
	wait_stat "$SV/a" down
	wait_gone 5 "$child"
	# nosetsid: ./run in the supervisor's group, the child is left
	mksvc b 'sleep 100 & echo $! >child; echo $$ >pid.own; trap "exit 0" TERM; wait'
	touch "$SV/b/nosetsid"
	start_runsv b
	wait_for 5 file_has "$SV/b/child" ""
	pid=$(cat "$SV/b/pid.own") child=$(cat "$SV/b/child")
	[ "$(ps -o pgid= -p "$pid" | tr -d ' ')" != "$pid" ]
	send "$SV/b" d
	wait_stat "$SV/b" down
	kill -0 "$child"
	kill "$child"
}

@test "runsv policy: timeout-kill reaches the group a ./run left behind" {
	require_config POLICY_PGRP
	mksvc a 'sh -c "trap \"\" TERM; echo \$\$ >child; exec sleep 100" & trap "exit 0" TERM; wait'
	echo 300 >"$SV/a/timeout-kill"
	start_runsv a
	wait_for 5 file_has "$SV/a/child" ""
	child=$(cat "$SV/a/child")
	send "$SV/a" d
	wait_stat "$SV/a" down
	wait_gone 3 "$child"
}

@test "runsv policy: a crash loop backs off 1 s, 2 s, then fails; sv up starts it again" {
	require_config POLICY
	mksvc a 'date +%s%N >>starts; exit 3'
	echo 60000 >"$SV/a/backoff"
	echo 3 >"$SV/a/max-failures"
	start_runsv a
	wait_for 8 eval '[ "$(info_key "$SV/a" hold)" = failed ]'
	mapfile -t s <"$SV/a/starts"
	[ "${#s[@]}" = 3 ]
	g1=$(((s[1] - s[0]) / 1000000)) g2=$(((s[2] - s[1]) / 1000000))
	echo "gaps $g1 $g2"
	[ "$g1" -ge 950 ] && [ "$g1" -lt 1500 ] && [ "$g2" -ge 1950 ] && [ "$g2" -lt 2500 ]
	[ "$(info_key "$SV/a" fails)" = 3 ] && [ "$(info_key "$SV/a" last)" = exit:3 ]
	# failed: wanted up (byte 17 'u'), not started again
	[ "$(cat "$SV/a/supervise/stat")" = down ] && [ "$(status_byte "$SV/a" 17)" = 117 ]
	sleep 0.5 # negative check
	[ "$(lines "$SV/a/starts")" = 3 ]
	send "$SV/a" u
	wait_for 3 eval '[ $(lines "$SV/a/starts") -ge 4 ]'
	[ "$(info_key "$SV/a" hold)" != failed ]
}

@test "runsv policy: restart on-failure and never" {
	require_config POLICY
	mksvc a 'echo x >>starts; [ -e fail ] && exit 1; exit 0'
	echo on-failure >"$SV/a/restart"
	touch "$SV/a/fail"
	start_runsv a
	wait_for 5 eval '[ $(lines "$SV/a/starts") -ge 2 ]'
	rm "$SV/a/fail"
	# a clean exit: down and wanted down (byte 17 'd')
	wait_for 5 eval '[ "$(status_byte "$SV/a" 17)" = 100 ] && [ "$(cat "$SV/a/supervise/stat")" = down ]'
	n=$(lines "$SV/a/starts")
	sleep 1.3 # past the throttle: no restart (negative check)
	[ "$(lines "$SV/a/starts")" = "$n" ]
	[ "$(info_key "$SV/a" last)" = exit:0 ]
	echo never >"$SV/a/restart"
	touch "$SV/a/fail"
	send "$SV/a" u
	wait_for 5 eval '[ $(lines "$SV/a/starts") -gt '"$n"' ]'
	wait_for 5 eval '[ "$(status_byte "$SV/a" 17)" = 100 ] && [ "$(cat "$SV/a/supervise/stat")" = down ]'
	[ "$(info_key "$SV/a" last)" = exit:1 ]
	sleep 1.3 # past the throttle again: one start only (negative check)
	[ "$(lines "$SV/a/starts")" = $((n + 1)) ]
}

@test "runsv policy: garbage in every file: one warning each, runit's behaviour, the supervisor lives" {
	require_config POLICY
	mksvc a 'trap "echo TERM >>sigs; exit 0" TERM; echo $$ >>starts; while :; do sleep 0.05; done'
	echo abc >"$SV/a/notification-fd"
	echo -5 >"$SV/a/timeout-kill"
	echo SIGNOPE >"$SV/a/down-signal"
	echo sometimes >"$SV/a/restart"
	echo 99999999999999999999 >"$SV/a/backoff"
	echo x3 >"$SV/a/max-failures"
	echo 'exit 0' >"$SV/a/check" # not executable
	mkdir "$SV/a/log" "$SV/a/log/restart" # a directory, not a file
	printf '#!/bin/sh\nexec cat >/dev/null\n' >"$SV/a/log/run"
	chmod +x "$SV/a/log/run"
	if in_S; then
		mkdir "$BATS_TEST_TMPDIR/scan" && ln -s "$SV/a" "$BATS_TEST_TMPDIR/scan/a"
		bg sh -c 'exec runsvdir -S -x "$0" 2>"$1"' "$BATS_TEST_TMPDIR/scan" "$SV/a.err"
	else
		bg sh -c 'exec runsv "$0" 2>"$1"' "$SV/a" "$SV/a.err"
	fi
	RUNSV_PID=$BG_PID
	wait_for 5 file_has "$SV/a/starts" ""
	send "$SV/a" t
	wait_for 5 eval '[ $(lines "$SV/a/starts") -ge 2 ]'
	send "$SV/a" t
	wait_for 5 eval '[ $(lines "$SV/a/starts") -ge 3 ]'
	cat "$SV/a.err"
	for f in notification-fd timeout-kill down-signal restart backoff max-failures check log/restart; do
		[ "$(grep -c "warning: \(a: \)\?$f: .*, ignored" "$SV/a.err")" = 1 ]
	done
	[ "$(grep -c TERM "$SV/a/sigs")" = 2 ]
	[ "$(info_key "$SV/a" ready)" = - ]
	grep -q "log/restart: is a directory, ignored" "$SV/a.err"
	send "$SV/a/log" t
	wait_for 5 eval '[ "$(info_key "$SV/a/log" restarts)" = 1 ]'
	[ "$(grep -c "log/restart: " "$SV/a.err")" = 1 ]
	kill -0 "$RUNSV_PID"
}

@test "runsv policy: the files in log/ apply to the log service" {
	require_config POLICY
	mksvc a 'exec sleep 100' log 'trap "" TERM; echo >&3; exec cat >/dev/null'
	echo 3 >"$SV/a/log/notification-fd"
	echo 300 >"$SV/a/log/timeout-kill"
	start_runsv a
	wait_for 5 eval '[ "$(info_key "$SV/a/log" ready)" = yes ]'
	[ "$(info_key "$SV/a" ready)" = - ]
	send "$SV/a/log" d
	wait_stat "$SV/a/log" down
	[ "$(info_key "$SV/a/log" last)" = signal:KILL ]
}

# --- the default logger (#14.3): no log entry at all, a template given

# deflog_tpl: a template whose run appends to $SV/../NAME.log
deflog_tpl() {
	TPL=$BATS_TEST_TMPDIR/tpl
	mkdir -p "$TPL"
	printf '#!/bin/sh\necho "$1 $(pwd)" >>"%s/args"\nexec cat >>"%s/$1.log"\n' "$BATS_TEST_TMPDIR" "$BATS_TEST_TMPDIR" >"$TPL/run"
	chmod +x "$TPL/run"
}

@test "runsv: a service without log gets TPL/run NAME as its logger; state in supervise/log/" {
	has DEFAULT_LOG || skip "the default logger is not configured"
	in_S && skip "runsvdir -S passes the template itself (runsvdir.bats)"
	deflog_tpl
	mksvc a 'for i in 1 2 3; do echo line $i; done; env | grep -c RUNSV_DEFAULT_LOG; exec sleep 100'
	bg env RUNSV_DEFAULT_LOG="$TPL" runsv "$SV/a"
	wait_for 5 eval '[ $(lines "$BATS_TEST_TMPDIR/a.log") -ge 4 ]'
	[ "$(cat "$BATS_TEST_TMPDIR/a.log")" = "$(printf 'line 1\nline 2\nline 3\n0')" ]
	[ "$(cat "$BATS_TEST_TMPDIR/args")" = "a $SV/a" ]
	wait_stat "$SV/a/supervise/log" run
	run -0 sv status "$SV/a"
	[[ $output =~ ^run:\ $SV/a:\ \(pid\ [0-9]+\)\ [0-9]+s\;\ run:\ log:\ \(pid\ [0-9]+\)\ [0-9]+s$ ]]
	if [ -x /usr/bin/sv ]; then
		run -0 /usr/bin/sv status "$SV/a/supervise/log"
		[[ $output =~ ^run:\ $SV/a/supervise/log:\ \(pid\ [0-9]+\) ]]
	fi
	# x: the service stops, the default logger drains and exits
	sv x "$SV/a"
	wait_gone 5 "$BG_PID"
	[ "$(cat "$SV/a/supervise/log/supervise/stat")" = down ]
}

@test "runsv: an empty log file or a log/ keeps the template out; no template changes nothing" {
	has DEFAULT_LOG || skip "the default logger is not configured"
	in_S && skip "runsv only"
	deflog_tpl
	mksvc a 'echo a; exec sleep 100'
	: >"$SV/a/log"
	mksvc b 'echo b; exec sleep 100' log 'exec cat >>../../b.own'
	mksvc c 'echo c; exec sleep 100'
	bg env RUNSV_DEFAULT_LOG="$TPL" runsv "$SV/a"
	bg env RUNSV_DEFAULT_LOG="$TPL" runsv "$SV/b"
	bg env RUNSV_DEFAULT_LOG="$BATS_TEST_TMPDIR/none" runsv "$SV/c"
	wait_for 5 file_has "$SV/b.own" b
	wait_stat "$SV/a" run
	wait_stat "$SV/c" run
	[ ! -e "$SV/a/supervise/log" ] && [ ! -e "$SV/b/supervise/log" ] && [ ! -e "$SV/c/supervise/log" ]
	[ ! -e "$BATS_TEST_TMPDIR/args" ]
}

@test "runsv: a log/ added to a running service is its logger from its next start" {
	mksvc a 'echo "start $$"; exec sleep 100'
	start_runsv a
	wait_stat "$SV/a" run
	mkdir "$SV/a/log"
	printf '#!/bin/sh\nexec cat >>../../a.log\n' >"$SV/a/log/run"
	chmod +x "$SV/a/log/run"
	past_throttle "$SV/a"
	send "$SV/a" t
	wait_for 5 file_has "$SV/a.log" "start"
	wait_stat "$SV/a/log" run
	run -0 sv status "$SV/a"
	[[ $output =~ \;\ run:\ log:\ \(pid\ [0-9]+\) ]]
	# and x drains it as any logger
	sv x "$SV/a"
	wait_gone 5 "$RUNSV_PID"
	[ "$(cat "$SV/a/log/supervise/stat")" = down ]
}

@test "runsv: a link planted as supervise/status.new is replaced, never written through (#17)" {
	mksvc a 'exec sleep 100'
	mkdir -p "$SV/a/supervise"
	echo victim >"$BATS_TEST_TMPDIR/victim"
	ln "$BATS_TEST_TMPDIR/victim" "$SV/a/supervise/status.new"
	ln -s "$BATS_TEST_TMPDIR/victim2" "$SV/a/supervise/stat.new"
	start_runsv a
	wait_stat "$SV/a" run
	[ "$(cat "$BATS_TEST_TMPDIR/victim")" = victim ]
	[ ! -e "$BATS_TEST_TMPDIR/victim2" ]
	[ "$(stat -c %s "$SV/a/supervise/status")" = 20 ]
	[ "$(cat "$SV/a/supervise/stat")" = run ]
}

# --- #15: read-only service directories, state in the run directory -----

@test "runsv: a read-only service directory keeps its state in the run directory; every client finds it (#15)" {
	mksvc a 'echo $$ >>"$0.starts" 2>/dev/null; exec sleep 100' log 'exec cat >/dev/null'
	ro_tree
	! touch "$RO/a/x" 2>/dev/null
	# supervise/ cannot be made here: the state goes to the run directory
	bg runsv "$RO/a"
	pid=$BG_PID
	st=$SVRUNDIR/$(esc "$RO/a")
	wait_for 5 test -p "$st/ok"
	[ ! -e "$RO/a/supervise" ]
	[ "$(stat -c %a "$st")" = 700 ]
	[ -p "$SVRUNDIR/$(esc "$RO/a/log")/ok" ]
	wait_for 5 eval 'sv status "$RO/a" | grep -q "^run: $RO/a: (pid [0-9]*) [0-9]*s; run: log: (pid [0-9]*)"'
	[ "$(od -An -tx1 -j 19 -N1 "$st/status" | tr -d ' ')" = 01 ]
	run -0 svok "$RO/a"
	sv down "$RO/a"
	wait_for 5 eval 'sv status "$RO/a" | grep -q "^down: $RO/a: "'
	run -0 sv -w 5 up "$RO/a"
	[[ "$output" == "ok: run: $RO/a: "* ]]
	if has SVSTAT; then
		run -0 svstat "$RO/a"
		[[ "$output" == "$RO/a: up (pid "* ]]
	fi
	# runit's sv cannot see it (COMPATIBILITY)
	if [ -x /usr/bin/sv ]; then
		run -1 /usr/bin/sv status "$RO/a"
		[ "$output" = "warning: $RO/a: unable to open supervise/ok: file does not exist" ]
	fi
	sv x "$RO/a"
	wait_gone 5 "$pid"
}

@test "runsv: the run directory: no symlink followed, nothing another user made is used (#15)" {
	mksvc a 'exec sleep 100'
	ro_tree
	st=$SVRUNDIR/$(esc "$RO/a")
	mkdir -p "$SVRUNDIR"
	# a symlink planted under the state's name
	mkdir "$BATS_TEST_TMPDIR/victim"
	ln -s "$BATS_TEST_TMPDIR/victim" "$st"
	run -111 timeout -s KILL 5 runsv "$RO/a"
	[[ "$output" == "runsv $RO/a: fatal: unable to make the state in the run directory: "* ]]
	[ -z "$(ls "$BATS_TEST_TMPDIR/victim")" ]
	# a directory another user made
	rm "$st"
	mkdir "$st"
	chown 65534 "$st"
	run -111 timeout -s KILL 5 runsv "$RO/a"
	[[ "$output" == "runsv $RO/a: fatal: unable to make the state in the run directory: "* ]]
	[ -z "$(ls "$st")" ]
	# a run directory that is a symlink itself
	rm -rf "$st" "$SVRUNDIR"
	ln -s "$BATS_TEST_TMPDIR/victim" "$SVRUNDIR"
	run -111 timeout -s KILL 5 runsv "$RO/a"
	[ -z "$(ls "$BATS_TEST_TMPDIR/victim")" ]
}

@test "runsv: a read-only service directory without a run directory fails as in runit (#15)" {
	mksvc a 'exec sleep 100'
	ro_tree
	export SVRUNDIR=$RO/nothing-writable
	run -111 timeout -s KILL 5 runsv "$RO/a"
	[[ "$output" == "runsv $RO/a: fatal: unable to make the state in the run directory: "* ]]
}

@test "runsv: control-group lets its members control and read the service, and no one else (#15)" {
	[ "$(id -u)" = 0 ] || skip "needs root"
	require_config CONTROL_GROUP
	mksvc a 'exec sleep 100'
	echo 4242 >"$SV/a/control-group"
	start_runsv a
	wait_stat "$SV/a" run
	[ "$(stat -c '%a %g' "$SV/a/supervise")" = "750 4242" ]
	[ "$(stat -c '%a %g' "$SV/a/supervise/control")" = "620 4242" ]
	[ "$(stat -c '%a %g' "$SV/a/supervise/ok")" = "620 4242" ]
	run -0 as_user 65534 4242 sv down "$SV/a"
	wait_stat "$SV/a" down
	run -0 as_user 65534 4242 sv status "$SV/a"
	[[ "$output" == "down: $SV/a: "* ]]
	run -0 as_user 65534 4242 sv -w 5 up "$SV/a"
	[[ "$output" == "ok: run: $SV/a: "* ]]
	# not a member: runit's words
	run -1 as_user 65534 "" sv down "$SV/a"
	[ "$output" = "warning: $SV/a: unable to open supervise/ok: access denied" ]
	wait_stat "$SV/a" run
	# a member cannot put anything into the state directory, so the root
	# supervisor never writes through something a member made
	run -2 as_user 65534 4242 sh -c "echo x >'$SV/a/supervise/x'"
	run -1 as_user 65534 4242 ln -s /etc "$SV/a/supervise/y"
	[ ! -e "$SV/a/supervise/x" ] && [ ! -e "$SV/a/supervise/y" ]
	# without the file the fifos are runit's again at the next start
	rm "$SV/a/control-group"
	sv x "$SV/a"
	wait_gone 5 "$RUNSV_PID"
	start_runsv a
	wait_stat "$SV/a" run
	[ "$(stat -c %a "$SV/a/supervise/control")" = 600 ]
	[ "$(stat -c %a "$SV/a/supervise/ok")" = 600 ]
	run -1 as_user 65534 4242 sv down "$SV/a"
}

@test "runsv: control-group naming no group: a warning, runit's modes (#15)" {
	require_config CONTROL_GROUP
	mksvc a 'exec sleep 100'
	echo no-such-group-here >"$SV/a/control-group"
	start_runsv a
	wait_stat "$SV/a" run
	[ "$(stat -c %a "$SV/a/supervise/ok")" = 600 ]
}

# --- #16: takeover after a supervisor's death --------------------------

# numbered: a service writing numbered lines to a logger that appends them
# to $BATS_TEST_TMPDIR/out; each start noted in NAME.starts, log.starts
numbered() {
	mksvc a 'echo $$ >>'"$BATS_TEST_TMPDIR"'/a.starts
i=0; while :; do i=$((i+1)); echo $i; sleep 0.005; done' log 'echo $$ >>'"$BATS_TEST_TMPDIR"'/log.starts
exec cat >>'"$BATS_TEST_TMPDIR"'/out'
	printf '#!/bin/sh\necho "$@" >>%s/finish.args\n' "$BATS_TEST_TMPDIR" >"$SV/a/finish"
	chmod +x "$SV/a/finish"
}
# in_order FILE: lines 1, 2, 3 ... each once, none missing
in_order() { awk '$1 != NR { print "line " NR ": " $1; exit 1 } END { if (NR < 10) exit 1 }' "$1"; }

@test "runsv: kill -9 of runsv: the next one adopts the running service and logger, no duplicate, no line lost (#16)" {
	require_config TAKEOVER
	numbered
	for round in 1 2 3; do
		start_runsv a
		wait_for 10 eval '[ "$(lines "$BATS_TEST_TMPDIR/out")" -ge $((round * 60)) ]'
		# a different moment each round
		kill -9 "$RUNSV_PID"
		wait_gone 5 "$RUNSV_PID"
	done
	start_runsv a
	wait_stat "$SV/a" run
	n=$(lines "$BATS_TEST_TMPDIR/out")
	wait_for 10 eval '[ "$(lines "$BATS_TEST_TMPDIR/out")" -gt '"$n"' ]'
	# one service and one logger all along, the pid in the status theirs
	[ "$(lines "$BATS_TEST_TMPDIR/a.starts")" = 1 ]
	[ "$(lines "$BATS_TEST_TMPDIR/log.starts")" = 1 ]
	[ "$(status_pid "$SV/a")" = "$(cat "$BATS_TEST_TMPDIR/a.starts")" ]
	[ "$(cat "$SV/a/log/supervise/pid")" = "$(cat "$BATS_TEST_TMPDIR/log.starts")" ]
	run -0 sv status "$SV/a"
	[[ "$output" == "run: $SV/a: (pid $(cat "$BATS_TEST_TMPDIR/a.starts")) "*"; run: log: (pid $(cat "$BATS_TEST_TMPDIR/log.starts")) "* ]]
	# commands reach it; its exit status cannot be known: finish gets -1 0
	run -0 sv -w 5 down "$SV/a"
	wait_for 5 file_has "$BATS_TEST_TMPDIR/finish.args" "-1 0"
	! alive "$(cat "$BATS_TEST_TMPDIR/a.starts")"
	sv x "$SV/a"
	wait_gone 5 "$RUNSV_PID"
	run -0 in_order "$BATS_TEST_TMPDIR/out"
}

@test "runsv: an adopted service that exits is restarted as usual; one that died unsupervised starts at once (#16)" {
	require_config TAKEOVER
	mksvc a 'echo $$ >>'"$BATS_TEST_TMPDIR"'/a.starts; exec sleep 100'
	start_runsv a
	wait_for 5 file_has "$BATS_TEST_TMPDIR/a.starts" ""
	kill -9 "$RUNSV_PID"
	wait_gone 5 "$RUNSV_PID"
	start_runsv a
	wait_stat "$SV/a" run
	[ "$(lines "$BATS_TEST_TMPDIR/a.starts")" = 1 ]
	# its exit is noticed at once (a pidfd), and policy as usual: again
	kill -TERM "$(cat "$BATS_TEST_TMPDIR/a.starts")"
	wait_for 5 eval '[ "$(lines "$BATS_TEST_TMPDIR/a.starts")" = 2 ]'
	# died while nobody supervised it: started as soon as one is back
	kill -9 "$RUNSV_PID"
	wait_gone 5 "$RUNSV_PID"
	kill -TERM "$(tail -n 1 "$BATS_TEST_TMPDIR/a.starts")"
	start_runsv a
	wait_for 5 eval '[ "$(lines "$BATS_TEST_TMPDIR/a.starts")" = 3 ]'
}

@test "runsv: a pid that is not the recorded process is never adopted (#16)" {
	require_config TAKEOVER
	mksvc a 'echo $$ >>'"$BATS_TEST_TMPDIR"'/a.starts; exec sleep 100'
	start_runsv a
	wait_for 5 file_has "$BATS_TEST_TMPDIR/a.starts" ""
	sv x "$SV/a"
	wait_gone 5 "$RUNSV_PID"
	# an unrelated process now has the pid the state names (as a reused
	# pid would): status says it runs, ident has the old start time
	bg sleep 100
	other=$BG_PID
	printf '\x40\x00\x00\x00\x6b\x02\x6f\x91\x02\xe2\x6d\x1c' >"$BATS_TEST_TMPDIR/rec"
	printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $((other & 255)) $((other >> 8 & 255)) $((other >> 16 & 255)) $((other >> 24)))" >>"$BATS_TEST_TMPDIR/rec"
	printf '\x00\x75\x00\x01' >>"$BATS_TEST_TMPDIR/rec"
	cp "$BATS_TEST_TMPDIR/rec" "$SV/a/supervise/status"
	read -r _ start boot <"$SV/a/supervise/ident"
	# a tick before the old start: the old ./run, runsv's exit and this
	# sleep can all fall in one 10 ms tick, and then the sleep would be
	# the very process the ident names
	echo "$other $((start - 1)) $boot" >"$SV/a/supervise/ident"
	start_runsv a
	wait_for 5 eval '[ "$(lines "$BATS_TEST_TMPDIR/a.starts")" = 2 ]'
	[ "$(status_pid "$SV/a")" = "$(tail -n 1 "$BATS_TEST_TMPDIR/a.starts")" ]
	sv down "$SV/a"
	wait_stat "$SV/a" down
	kill -0 "$other"
}

@test "runsv: kill -9 of the logger during a takeover: its lines wait in the pipe for the next one (#16)" {
	require_config TAKEOVER
	require_applet svlogd
	mkdir -p "$BATS_TEST_TMPDIR/logdir"
	mksvc a 'echo $$ >>'"$BATS_TEST_TMPDIR"'/a.starts
i=0; while :; do i=$((i+1)); echo $i; sleep 0.005; done' log 'echo $$ >>'"$BATS_TEST_TMPDIR"'/log.starts
exec svlogd '"$BATS_TEST_TMPDIR"'/logdir'
	start_runsv a
	wait_for 10 eval '[ "$(lines "$BATS_TEST_TMPDIR/logdir/current")" -ge 50 ]'
	kill -9 "$RUNSV_PID"
	wait_gone 5 "$RUNSV_PID"
	start_runsv a
	wait_stat "$SV/a" run
	kill -9 "$(cat "$BATS_TEST_TMPDIR/log.starts")"
	# the logger is started again on the same pipe; the service never
	# noticed (one start)
	wait_for 10 eval '[ "$(lines "$BATS_TEST_TMPDIR/log.starts")" = 2 ]'
	wait_for 10 eval '[ "$(lines "$BATS_TEST_TMPDIR/logdir/current")" -gt 50 ]'
	[ "$(lines "$BATS_TEST_TMPDIR/a.starts")" = 1 ]
	sv x "$SV/a"
	wait_gone 10 "$RUNSV_PID"
	# every number, in order; only a line in transit at the kill may be
	# cut (svlogd.8) and a batch may come twice
	# (the killed logger's current was set aside as a .u file; read one
	# by one, not joined: the kill can cut its last write short, and the
	# line without its newline is written again whole by the next one)
	run -0 awk '{ if ($1 > m + 2 || ($1 == m + 2 && gaps++)) { print "gap after " m; exit 1 } if ($1 > m) m = $1 }' $(ls -d "$BATS_TEST_TMPDIR"/logdir/@* | sort) "$BATS_TEST_TMPDIR/logdir/current"
}

@test "runsv: a really reused pid (ns_last_pid in a pid namespace) is never adopted (#16)" {
	require_config TAKEOVER
	[ "$(id -u)" = 0 ] || skip "a pid namespace needs root"
	mksvc a 'echo $$ >>'"$BATS_TEST_TMPDIR"'/a.starts; exec sleep 100'
	# bash as the namespace's init: it reaps the orphans, so a pid frees
	cat >"$BATS_TEST_TMPDIR/ns.sh" <<'EOF'
runsv "$1" & r=$!
for i in $(seq 250); do [ -s "$2" ] && break; sleep 0.02; done
p=$(cat "$2")
kill -9 "$r"
kill -9 "$p"
for i in $(seq 250); do [ -e "/proc/$p" ] || break; sleep 0.02; done
# a later clock tick than the old one's start (the start time counts
# in ticks of 10 ms: runsv.8, TAKEOVER)
sleep 0.05
echo $((p - 1)) >/proc/sys/kernel/ns_last_pid
sleep 100 & o=$!
[ "$o" = "$p" ] || { echo "pid not reused: $o, not $p"; exit 3; }
runsv "$1" & r=$!
for i in $(seq 500); do [ "$(wc -l <"$2")" = 2 ] && break; sleep 0.02; done
[ "$(wc -l <"$2")" = 2 ] || { echo "not started anew"; cat "$1/supervise/ident" "/proc/$o/stat"; sv status "$1"; exit 4; }
kill -0 "$o" || { echo "the other process was hit"; exit 5; }
sv x "$1"
wait "$r"
kill "$o"
EOF
	# 3: the pid was not reused, 4: adopted, not started anew, 5: the
	# unrelated process was signalled
	run -0 timeout -s KILL 40 unshare --pid --fork --mount-proc bash "$BATS_TEST_TMPDIR/ns.sh" "$SV/a" "$BATS_TEST_TMPDIR/a.starts"
	echo "$output" >&2
}

@test "runsv: a cgroup per service: every process of it there, timeout-kill ends a daemon that left its group (#16)" {
	cg_tree
	mksvc a 'trap "" TERM; setsid sh -c "echo \$\$ >'"$BATS_TEST_TMPDIR"'/escaped; exec sleep 100" & echo $$ >'"$BATS_TEST_TMPDIR"'/a.pid; exec sleep 100'
	echo 300 >"$SV/a/timeout-kill"
	start_runsv a
	wait_for 5 file_has "$BATS_TEST_TMPDIR/escaped" ""
	wait_for 5 file_has "$BATS_TEST_TMPDIR/a.pid" ""
	# both in the service's cgroup ($SVCGROUP/NAME as the run directory
	# names state), the escaped one in a session of its own
	cgdir=$CG/$(esc "$SV/a")
	grep -qx "$(cat "$BATS_TEST_TMPDIR/a.pid")" "$cgdir/cgroup.procs"
	grep -qx "$(cat "$BATS_TEST_TMPDIR/escaped")" "$cgdir/cgroup.procs"
	[ "$(ps -o sid= -p "$(cat "$BATS_TEST_TMPDIR/escaped")" | tr -d ' ')" = "$(cat "$BATS_TEST_TMPDIR/escaped")" ]
	# down: TERM is ignored; at timeout-kill the whole cgroup goes
	sv down "$SV/a"
	wait_stat "$SV/a" down
	wait_for 5 eval '! alive "$(cat "$BATS_TEST_TMPDIR/escaped")"'
	[ -z "$(cat "$cgdir/cgroup.procs")" ]
}
