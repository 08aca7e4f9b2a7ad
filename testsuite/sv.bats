#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# testsuite/sv.bats - subject: applets/sv.c, docs/sv.8
load helpers

setup() {
	require_applet sv runsv
	setup_svdir
}

# a service with a logger, started and running
up_svc() {
	mksvc "$1" 'exec sleep 100' log 'exec cat >/dev/null'
	start_runsv "$1"
	wait_stat "$SV/$1" run
	wait_stat "$SV/$1/log" run
}

@test "sv: status lines byte for byte" {
	up_svc a
	mksvc b 'exec sleep 100'
	touch "$SV/b/down"
	start_runsv b
	wait_stat "$SV/b" down
	run -0 sv status a "$SV/b"
	[[ ${lines[0]} =~ ^run:\ a:\ \(pid\ [0-9]+\)\ [0-9]+s\;\ run:\ log:\ \(pid\ [0-9]+\)\ [0-9]+s$ ]]
	[[ ${lines[1]} =~ ^down:\ $SV/b:\ [0-9]+s$ ]]
	send "$SV/a" p
	wait_stat "$SV/a" "run, paused"
	run -0 sv s a
	[[ $output =~ ^run:\ a:\ \(pid\ [0-9]+\)\ [0-9]+s,\ paused\; ]]
	run -0 sv -v once b
	[[ $output =~ ^ok:\ run:\ b:\ \(pid\ [0-9]+\)\ [0-9]+s,\ normally\ down,\ want\ down$ ]]
}

@test "sv: up, down, start, stop, restart wait and report ok" {
	up_svc a
	run -0 sv -w 5 down a
	[[ $output =~ ^ok:\ down:\ a:\ [0-9]+s,\ normally\ up$ ]]
	run -0 sv status a
	[[ $output =~ ^down:\ a:\ [0-9]+s,\ normally\ up\;\ run:\ log: ]]
	run -0 sv start a
	[[ $output =~ ^ok:\ run:\ a:\ \(pid\ [0-9]+\)\ [0-9]+s$ ]]
	pid=$(status_pid "$SV/a")
	run -0 sv restart a
	# 0s, or 1s when a second boundary falls within sv's look (every
	# 100 ms without inotify)
	[[ $output =~ ^ok:\ run:\ a:\ \(pid\ [0-9]+\)\ [01]s$ ]]
	[ "$(status_pid "$SV/a")" != "$pid" ]
	run -0 sv stop a
	[[ $output =~ ^ok:\ down:\ a:\ [01]s,\ normally\ up$ ]]
	run -0 sv up a
	[ -z "$output" ]
	wait_stat "$SV/a" run
}

@test "sv: each command sends its bytes" {
	mksvc a 'exec sleep 100'
	mkdir -p "$SV/a/supervise"
	mkfifo "$SV/a/supervise/ok" "$SV/a/supervise/control"
	printf '\x40\0\0\0\0\0\0\0\0\0\0\0\x01\0\0\0\0d\0\1' >"$SV/a/supervise/status"
	exec 7<>"$SV/a/supervise/ok"
	exec 8<>"$SV/a/supervise/control"
	for c in up:u down:d once:o pause:p cont:c hup:h alarm:a interrupt:i quit:q 1:1 2:2 term:t kill:k exit:x; do
		run -0 sv "${c%%:*}" a
		run -0 timeout 2 dd bs=64 count=1 status=none <&8
		[ "$output" = "${c#*:}" ]
	done
	# the named commands wait: -w 0 makes them time out at once
	for c in restart:tcu try-restart:tc reload:h force-reload:tc; do
		want=${c#*:}
		run sv -w 0 "${c%%:*}" a
		run -0 timeout 2 dd bs=64 count=1 status=none <&8
		[ "${output:0:${#want}}" = "$want" ]
	done
	exec 7>&- 8>&-
}

@test "sv: a d is re-sent unless TERM is pending; a u to a service wanting up is skipped" {
	mkdir -p "$SV/a/supervise"
	mkfifo "$SV/a/supervise/ok" "$SV/a/supervise/control"
	exec 7<>"$SV/a/supervise/ok"
	exec 8<>"$SV/a/supervise/control"
	printf '\x40\0\0\0\0\0\0\0\0\0\0\0\x01\0\0\0\0u\0\1' >"$SV/a/supervise/status"
	run -0 sv up a
	run -0 sv down a
	run -0 timeout 2 dd bs=64 count=1 status=none <&8
	[ "$output" = d ]
	printf '\x40\0\0\0\0\0\0\0\0\0\0\0\x01\0\0\0\0d\1\1' >"$SV/a/supervise/status"
	run -0 sv down a
	run -0 sv up a
	run -0 timeout 2 dd bs=64 count=1 status=none <&8
	[ "$output" = u ]
	exec 7>&- 8>&-
}

@test "sv: timeout on a service that ignores TERM; force-stop kills" {
	mksvc a 'trap "" TERM; exec sleep 100'
	start_runsv a
	wait_stat "$SV/a" run
	t0=$(date +%s%N)
	run -1 sv -w 1 down a
	[[ $output =~ ^timeout:\ run:\ a:\ \(pid\ [0-9]+\)\ [0-9]+s,\ want\ down,\ got\ TERM$ ]]
	ms=$((($(date +%s%N) - t0) / 1000000))
	[ "$ms" -ge 1000 ] && [ "$ms" -lt 3000 ]
	run -1 sv -w 1 force-stop a
	[[ $output =~ ^kill:\ run:\ a:\ \(pid\ [0-9]+\)\ [0-9]+s,\ want\ down,\ got\ TERM$ ]]
	wait_stat "$SV/a" down
}

@test "sv: exit codes count failures; 100 for usage" {
	up_svc a
	run -2 sv status a "$SV/missing1" "$SV/missing2"
	[ "${lines[1]}" = "fail: $SV/missing1: unable to change to service directory: file does not exist" ]
	run -100 --separate-stderr sv
	[ "$stderr" = "usage: sv [-v] [-w SEC] [-l|-m] COMMAND SERVICE..." ]
	run -100 sv status
	run -100 sv frobnicate a
	run -100 sv -z status a
	run -0 sv --help
	[ "$output" = "usage: sv [-v] [-w SEC] [-l|-m] COMMAND SERVICE..." ]
}

@test "sv: no runsv: fail via ENXIO, exit is ok; never supervised: warning" {
	mksvc a 'exec sleep 100'
	mkdir -p "$SV/a/supervise"
	mkfifo "$SV/a/supervise/ok"
	run -1 timeout 5 sv status a
	[ "$output" = "fail: a: runsv not running" ]
	run -0 timeout 5 sv exit a
	[ "$output" = "ok: a: runsv not running" ]
	mksvc b 'exec sleep 100'
	run -1 sv status b
	[ "$output" = "warning: b: unable to open supervise/ok: file does not exist" ]
	touch "$SV/file"
	run -1 sv status file
	[ "$output" = "fail: file: unable to change to service directory: not a directory" ]
}

@test "sv: a truncated or corrupt status file: a clear message, no crash" {
	mkdir -p "$SV/a/supervise"
	mkfifo "$SV/a/supervise/ok"
	exec 7<>"$SV/a/supervise/ok"
	printf 'short' >"$SV/a/supervise/status"
	run -1 sv status a
	[ "$output" = "warning: a: unable to read supervise/status: bad format" ]
	head -c 20 /dev/urandom >"$SV/a/supervise/status"
	run sv status a
	[ "$status" -le 1 ]
	rm "$SV/a/supervise/status"
	run -1 sv status a
	[ "$output" = "warning: a: unable to open supervise/status: file does not exist" ]
	exec 7>&-
}

@test "sv: name resolution: SVDIR, ./x, /abs, x/ and x/log" {
	up_svc a
	run -0 sv status a
	[[ $output == "run: a: "* ]]
	cd "$SV"
	run -0 sv status ./a
	[[ $output == "run: ./a: "* ]]
	run -0 sv status a/
	[[ $output == "run: a/: "* ]]
	run -0 sv status "$SV/a"
	run -0 sv status a/log
	[[ $output == "run: a/log: "* ]]
	cd /
	run -1 sv status a/
	SVDIR=$SV/nonexistent run -1 sv status a
	run -0 sv -w 5 down "$SV/a/"
	[[ $output == "ok: down: $SV/a/: "* ]]
}

@test "sv: LSB mode through a symlink: 0/3/1 for status, 2 for usage" {
	mksvc a 'exec sleep 100'
	ln -s "$(command -v sv)" "$BATS_TEST_TMPDIR/a"   # /etc/init.d/a -> sv
	start_runsv a
	wait_stat "$SV/a" run
	run -0 "$BATS_TEST_TMPDIR/a" status
	[[ $output =~ ^run:\ a:\ \(pid ]]
	run -0 "$BATS_TEST_TMPDIR/a" stop
	[[ $output =~ ^ok:\ down:\ a: ]]
	run -3 "$BATS_TEST_TMPDIR/a" status
	run -2 --separate-stderr "$BATS_TEST_TMPDIR/a" frob
	[ "$stderr" = "usage: a [-w SEC] COMMAND" ]
	run -2 "$BATS_TEST_TMPDIR/a" stat
	run -0 "$BATS_TEST_TMPDIR/a" exit
	wait_gone 5 "$RUNSV_PID"
	run -1 "$BATS_TEST_TMPDIR/a" status
	ln -s "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"   # no service b
	run -4 "$BATS_TEST_TMPDIR/b" status
}

@test "sv: check runs ./check; -w waits for it" {
	mksvc a 'exec sleep 100'
	printf '#!/bin/sh\n[ -e ready ]\n' >"$SV/a/check"
	chmod +x "$SV/a/check"
	start_runsv a
	wait_stat "$SV/a" run
	run -1 sv -w 1 check a
	[[ $output =~ ^timeout:\ run:\ a: ]]
	(sleep 0.5; touch "$SV/a/ready") &
	run -0 sv -w 5 check a
	[[ $output =~ ^ok:\ run:\ a: ]]
}

@test "sv: -w restart returns within a fraction of a second (no 420 ms polls)" {
	mksvc a 'exec sleep 100'
	start_runsv a
	wait_stat "$SV/a" run
	past_throttle "$SV/a"
	t0=$(date +%s%N)
	run -0 sv -w 7 restart a
	ms=$((($(date +%s%N) - t0) / 1000000))
	[[ $output =~ ^ok:\ run:\ a: ]]
	[ "$ms" -lt 400 ]
}

@test "sv: -w start waits for a runsv that is not there yet" {
	mksvc a 'exec sleep 100'
	bg sh -c 'sleep 0.5; exec runsv "$1" >/dev/null 2>&1' - "$SV/a"
	run -0 sv -w 5 start a
	[[ $output =~ ^ok:\ run:\ a: ]]
	run -1 sv -w 1 start "$SV/none"
	run -1 sv start a2
}

@test "sv: svbox sv and runit's sv print the same lines (interop)" {
	[ -x /usr/bin/sv ] || skip "Debian's runit is not installed"
	up_svc a
	mksvc b 'exec sleep 100'
	touch "$SV/b/down"
	start_runsv b
	wait_stat "$SV/b" down
	# the two run one after the other: seconds may differ by one
	norm() { sed -E 's/ [0-9]+s/ Ns/g'; }
	cmp_sv() { diff <(/usr/bin/sv "$@" 2>&1 | norm; echo "rc=$?") <(sv "$@" 2>&1 | norm; echo "rc=$?"); }
	cmp_sv status a b "$SV/a" missing
	send "$SV/a" p
	wait_stat "$SV/a" "run, paused"
	cmp_sv status a
	sv -w 3 once b   # runit's sv may report before runsv has acted
	cmp_sv status b
	cmp_sv -w 3 force-stop b
	cmp_sv status a/log
	cmp_sv -w 3 down a
	cmp_sv status a
}

@test "sv: svbox sv drives runit's runsv (interop)" {
	[ -x /usr/bin/runsv ] || skip "Debian's runit is not installed"
	mksvc a 'exec sleep 100' log 'exec cat >/dev/null'
	start_runsv a /usr/bin/runsv
	wait_stat "$SV/a" run
	run -0 sv status a
	[[ $output =~ ^run:\ a:\ \(pid\ [0-9]+\)\ [0-9]+s\;\ run:\ log: ]]
	run -0 sv -w 5 down a
	[[ $output =~ ^ok:\ down:\ a: ]]
	run -0 sv -w 5 up a
	[[ $output =~ ^ok:\ run:\ a: ]]
	run -0 sv -w 5 exit a
	[ "$output" = "ok: a: runsv not running" ]
}

@test "sv: a 255-character name and a path over 255 characters print whole (#11.1)" {
	name=$(printf 'n%.0s' $(seq 255))
	mksvc "$name" 'exec sleep 100'
	start_runsv "$name"
	wait_stat "$SV/$name" run
	run -0 sv status "$name"
	[[ $output =~ ^run:\ $name:\ \(pid\ [0-9]+\)\ [0-9]+s$ ]]
	long=$SV/$(printf 'd%.0s' $(seq 200))/$(printf 'e%.0s' $(seq 100))
	run -1 sv status "$long"
	[ "$output" = "fail: $long: unable to change to service directory: file does not exist" ]
	run -0 sv -w 5 stop "$name"
	[[ $output =~ ^ok:\ down:\ $name:\ [0-9]+s,\ normally\ up$ ]]
}

@test "sv: a regular file as supervise/ok or control is not a supervisor (#19.6)" {
	mksvc a 'exec sleep 100'
	mkdir "$SV/a/supervise"
	touch "$SV/a/supervise/ok" "$SV/a/supervise/control"
	run -1 sv status a
	[ "$output" = "warning: a: unable to open supervise/ok: not a fifo" ]
	run -1 sv up a
	[ "$output" = "warning: a: unable to open supervise/ok: not a fifo" ]
	[ ! -s "$SV/a/supervise/control" ]
}

@test "sv: -w start says why when the status cannot be read, exits 1 (#19.2)" {
	mksvc a 'exec sleep 100'
	mkdir "$SV/a/supervise"
	mkfifo "$SV/a/supervise/ok" "$SV/a/supervise/control"
	: >"$SV/a/supervise/status"
	exec 7<>"$SV/a/supervise/ok"
	exec 8<>"$SV/a/supervise/control"
	run -1 sv -w 1 start a
	[ "$output" = "warning: a: unable to read supervise/status: bad format" ]
	run -1 sv -w 1 restart a
	[ "$output" = "warning: a: unable to read supervise/status: bad format" ]
	exec 7<&- 8<&-
	if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
		mksvc b 'exec sleep 100'
		start_runsv b
		wait_stat "$SV/b" run
		d=$SV
		while [ "$d" != / ]; do chmod o+x "$d"; d=$(dirname "$d"); done
		run -1 setpriv --reuid=65534 --regid=65534 --clear-groups sv -w 1 start "$SV/b"
		[ "$output" = "warning: $SV/b: unable to open supervise/ok: access denied" ]
	fi
}

@test "sv: -w with a huge SEC still waits for a check script (#11.14)" {
	mksvc a 'exec sleep 100'
	printf '#!/bin/sh\ntest -e ready\n' >"$SV/a/check"
	chmod +x "$SV/a/check"
	touch "$SV/a/down"
	start_runsv a
	wait_stat "$SV/a" down
	bg sh -c 'sv -w 2147484 start a >"$1"' - "$BATS_TEST_TMPDIR/out"
	W=$BG_PID
	wait_stat "$SV/a" run
	touch "$SV/a/ready"
	wait_gone 5 "$W"
	# with the policy the supervisor runs ./check, and the line says so
	r=; has POLICY && r=', ready'
	[[ $(cat "$BATS_TEST_TMPDIR/out") =~ ^ok:\ run:\ a:\ \(pid\ [0-9]+\)\ [0-9]+s,\ normally\ down$r$ ]]
}

# --- service policy (#13): readiness and supervise/info in sv's output

# readysvc NAME: a service that is ready (fd 3) once NAME/go exists
readysvc() {
	mksvc "$1" 'echo $$ >>starts; while [ ! -e go ]; do sleep 0.02; done; echo >&3; exec sleep 100'
	echo 3 >"$SV/$1/notification-fd"
}

@test "sv policy: -w start and restart wait for readiness and say so" {
	require_config POLICY
	readysvc a
	touch "$SV/a/down"
	start_runsv a
	wait_stat "$SV/a" down
	(sleep 0.5; touch "$SV/a/go") &
	t0=$(now_ms)
	run -0 sv -w 5 start a
	[ $(($(now_ms) - t0)) -ge 400 ]
	[[ $output =~ ^ok:\ run:\ a:\ \(pid\ [0-9]+\)\ [0-9]+s,\ normally\ down,\ ready$ ]]
	rm "$SV/a/go"
	# (a run shorter than a second restarts a second later: runit)
	run -1 sv -w 2 restart a
	[[ $output =~ ^timeout:\ run:\ a:\ \(pid\ [0-9]+\)\ [0-9]+s,\ normally\ down,\ not\ ready$ ]]
	touch "$SV/a/go"
	run -0 sv -w 5 restart a
	[[ $output =~ ,\ ready$ ]]
	[ "$(lines "$SV/a/starts")" = 3 ]
}

@test "sv policy: a check the supervisor runs is what -w waits for; sv check too" {
	require_config POLICY
	mksvc a 'exec sleep 100'
	printf '#!/bin/sh\necho x >>checks\n[ -e ok ]\n' >"$SV/a/check"
	chmod +x "$SV/a/check"
	start_runsv a
	wait_stat "$SV/a" run
	run -1 sv -w 1 check a
	[[ $output =~ ^timeout:\ run:\ a:\ .*,\ not\ ready$ ]]
	touch "$SV/a/ok"
	run -0 sv -w 5 check a
	[[ $output =~ ^ok:\ run:\ a:\ .*,\ ready$ ]]
}

@test "sv policy: status says failed and backoff; up starts a failed service again" {
	require_config POLICY
	mksvc a 'echo x >>starts; exit 1'
	echo 60000 >"$SV/a/backoff"
	echo 2 >"$SV/a/max-failures"
	start_runsv a
	wait_output 5 ', backoff [0-9]+s$' sv status a
	[[ $output =~ ^down:\ a:\ [0-9]+s,\ normally\ up,\ want\ up,\ backoff\ [01]s$ ]]
	wait_output 5 ', failed$' sv status a
	[[ $output =~ ^down:\ a:\ [0-9]+s,\ normally\ up,\ want\ up,\ failed$ ]]
	run -0 sv -l status a
	[ "${lines[1]}" = "  last exit: exit:1, ${lines[1]#*exit:1, }" ]
	[ "${lines[3]}" = "  quick deaths in a row: 2" ]
	[ "${lines[4]}" = "  failed: not started again until sv up" ]
	# want is already u: sv up still sends it, and it starts again
	n=$(lines "$SV/a/starts")
	run -0 sv up a
	wait_for 3 eval '[ $(lines "$SV/a/starts") -gt '"$n"' ]'
}

@test "sv policy: -m gives one parsable line per record for every state" {
	require_config POLICY
	readysvc a
	mkdir -p "$SV/a/log" && printf '#!/bin/sh\nexec cat >/dev/null\n' >"$SV/a/log/run" && chmod +x "$SV/a/log/run"
	touch "$SV/a/go"
	start_runsv a
	keys='^state=(run|down|finish) pid=[0-9]+ since=[0-9.]+ normally=(up|down) want=(up|down) paused=[01] term=[01] ready=(-|no|yes) ready_at=[0-9.]+ last=(-|exit:[0-9]+|signal:[A-Z0-9]+) last_at=[0-9.]+ restarts=[0-9]+ fails=[0-9]+ hold=(-|backoff|failed) until=[0-9.]+ service=a(/log)?$'
	check_m() {
		run -0 sv -m status a
		[ "${#lines[@]}" = 2 ]
		for l in "${lines[@]}"; do [[ $l =~ $keys ]] || { echo "bad: $l"; return 1; }; done
		[[ ${lines[0]} =~ $1 ]] || { echo "want $1: ${lines[0]}"; return 1; }
	}
	wait_for 5 eval 'sv -m status a | grep -q "ready=yes"'
	check_m ' ready=yes .* service=a$'
	[[ ${lines[1]} =~ ^state=run\ .*\ ready=-\ .*service=a/log$ ]]
	send "$SV/a" p
	wait_stat "$SV/a" "run, paused"
	check_m '^state=run .* paused=1 '
	send "$SV/a" cd
	wait_stat "$SV/a" down
	check_m '^state=down pid=0 .* want=down .* last=signal:TERM '
	printf '#!/bin/sh\nexec sleep 100\n' >"$SV/a/finish" && chmod +x "$SV/a/finish"
	rm "$SV/a/go"
	send "$SV/a" u
	wait_stat "$SV/a" run
	check_m '^state=run .* ready=no '
	send "$SV/a" d
	wait_stat "$SV/a" "finish, want down"
	check_m '^state=finish '
	send "$SV/a" k
	wait_stat "$SV/a" down
	# held by the restart policy: backoff, then failed
	mksvc b 'exit 2'
	echo 60000 >"$SV/b/backoff"
	echo 2 >"$SV/b/max-failures"
	start_runsv b
	wait_output 5 ' hold=backoff ' sv -m status b
	[[ $output =~ ^state=down\ pid=0\ .*\ last=exit:2\ .*\ fails=1\ hold=backoff\ until=[1-9][0-9]*\.[0-9]{9}\ service=b$ ]]
	wait_output 5 ' hold=failed ' sv -m status b
	[[ $output =~ ^state=down\ pid=0\ .*\ fails=2\ hold=failed\ until=0\ service=b$ ]]
}

@test "sv policy: runit's own sv reads every state of a policy service" {
	[ -x /usr/bin/sv ] || skip "Debian's runit is not installed"
	require_config POLICY
	readysvc a
	echo 200 >"$SV/a/timeout-kill"
	start_runsv a
	wait_stat "$SV/a" run
	run -0 /usr/bin/sv status "$SV/a"
	[[ $output =~ ^run:\ $SV/a:\ \(pid\ [0-9]+\)\ [0-9]+s$ ]]
	send "$SV/a" p
	wait_stat "$SV/a" "run, paused"
	run -0 /usr/bin/sv status "$SV/a"
	[[ $output =~ ^run:\ $SV/a:\ \(pid\ [0-9]+\)\ [0-9]+s,\ paused$ ]]
	send "$SV/a" c
	touch "$SV/a/go"
	run -0 /usr/bin/sv -w 5 down "$SV/a"
	[[ $output =~ ^ok:\ down:\ $SV/a:\ [0-9]+s,\ normally\ up$ ]]
	run -0 /usr/bin/sv -w 5 up "$SV/a"
	[[ $output =~ ^ok:\ run:\ $SV/a:\ \(pid\ [0-9]+\)\ [0-9]+s$ ]]
	mksvc b 'exit 1'
	echo 60000 >"$SV/b/backoff"
	echo 1 >"$SV/b/max-failures"
	start_runsv b
	wait_for 5 eval 'grep -q hold=failed "$SV/b/supervise/info"'
	run -0 /usr/bin/sv status "$SV/b"
	[[ $output =~ ^down:\ $SV/b:\ [0-9]+s,\ normally\ up,\ want\ up$ ]]
}
