#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# testsuite/runsvdir.bats - subject: applets/runsvdir.c, docs/runsvdir.8
load helpers

setup() {
	require_applet runsvdir runsv
	setup_svdir
}

# inotify and the grace rule are Kconfig features (has: helpers.bash)

# svc NAME: a service under $SV recording its starts in $SV/NAME.starts
svc() {
	mkdir -p "$BATS_TEST_TMPDIR/src/$1"
	printf '#!/bin/sh\necho $$ >>"%s/%s.starts"\nexec sleep 100\n' "$SV" "$1" >"$BATS_TEST_TMPDIR/src/$1/run"
	chmod +x "$BATS_TEST_TMPDIR/src/$1/run"
	mv "$BATS_TEST_TMPDIR/src/$1" "$SV/$1"
}
started() { [ -s "$SV/$1.starts" ]; }

@test "runsvdir: one runsv per service directory; dotdirs and files ignored" {
	svc a
	svc b
	svc .hidden
	touch "$SV/file"
	ln -s /nonexistent "$SV/dangling"
	start_runsvdir "$SV"
	wait_for 5 started a
	wait_for 5 started b
	wait_for 5 runsv_of a
	wait_for 5 runsv_of b
	[ "$(pgrep -P "$RUNSVDIR_PID" | wc -l)" = 2 ]
	! started .hidden
	# (said in the same scan, maybe after a and b have started)
	wait_for 5 grep -q "warning: unable to stat dangling: file does not exist" "$BATS_TEST_TMPDIR/runsvdir.err"
}

@test "runsvdir: a renamed directory keeps its runsv; removal and dot-renaming stop it" {
	svc a
	svc b
	start_runsvdir "$SV"
	wait_for 5 runsv_of a
	wait_for 5 runsv_of b
	pa=$(runsv_of a)
	mv "$SV/a" "$SV/a2"
	has INOTIFY || kill -ALRM "$RUNSVDIR_PID"
	mv "$SV/b" "$SV/.b"
	has INOTIFY || kill -ALRM "$RUNSVDIR_PID"
	wait_gone 5 "$(cat "$SV/b.starts")"
	wait_for 5 eval '! pgrep -P $RUNSVDIR_PID -f "^runsv b$"'
	kill -0 "$pa"
	[ "$(runsv_of a)" = "$pa" ]
	[ "$(lines "$SV/a.starts")" = 1 ]
	sp=$(cat "$SV/a.starts")
	rm -rf "$SV/a2"
	has INOTIFY || kill -ALRM "$RUNSVDIR_PID"
	wait_gone 5 "$pa"
	wait_gone 5 "$sp"
}

@test "runsvdir: a directory renamed into place starts promptly" {
	has INOTIFY || skip "inotify is not configured"
	start_runsvdir "$SV"
	wait_for 5 test -d /proc/$RUNSVDIR_PID
	svc a
	# event driven: far below runit's 1-5 s
	wait_for 1 started a
}

@test "runsvdir: a directory made in place starts only once run is there, without an error storm" {
	has RUNSVDIR_GRACE || skip "the grace feature is not configured"
	start_runsvdir "$SV"
	wait_for 5 sig_blocked "$RUNSVDIR_PID" 14
	mkdir "$SV/a"
	has INOTIFY || kill -ALRM "$RUNSVDIR_PID"
	mkdir "$SV/a/log"
	printf '#!/bin/sh\necho $$ >>"%s/a.starts"\nexec sleep 100\n' "$SV" >"$SV/a/run"
	chmod +x "$SV/a/run"
	# log/ exists but log/run does not: still not started
	t0=$(now_ms)
	wait_for 5 eval '[ $(now_ms) -gt $((t0 + 1500)) ]'
	! started a
	! runsv_of a
	printf '#!/bin/sh\nexec cat >/dev/null\n' >"$SV/a/log/run"
	chmod +x "$SV/a/log/run"
	wait_for 5 started a
	wait_stat "$SV/a/log" run
	! grep -q "unable to start" "$BATS_TEST_TMPDIR/runsvdir.err"
}

@test "runsvdir: symlinked service directories, and a directory replaced under its symlink" {
	mkdir -p "$BATS_TEST_TMPDIR/real"
	svc x
	mv "$SV/x" "$BATS_TEST_TMPDIR/real/x"
	ln -s "$BATS_TEST_TMPDIR/real/x" "$SV/x"
	start_runsvdir "$SV"
	wait_for 5 started x
	old=$(runsv_of x)
	has INOTIFY || skip "replacing under a symlink is noticed with inotify"
	sx=$(cat "$SV/x.starts")
	rm -rf "$BATS_TEST_TMPDIR/real/x"
	wait_gone 5 "$old"
	mkdir "$BATS_TEST_TMPDIR/real/.x"
	printf '#!/bin/sh\necho new >>"%s/x.new"\nexec sleep 100\n' "$SV" >"$BATS_TEST_TMPDIR/real/.x/run"
	chmod +x "$BATS_TEST_TMPDIR/real/.x/run"
	mv "$BATS_TEST_TMPDIR/real/.x" "$BATS_TEST_TMPDIR/real/x"
	wait_for 5 file_has "$SV/x.new" new
	wait_gone 5 "$sx"
}

@test "runsvdir: -P puts each runsv in a session of its own" {
	svc a
	start_runsvdir -P "$SV"
	wait_for 5 runsv_of a
	p=$(runsv_of a)
	[ "$(ps -o sid= -p "$p" | tr -d ' ')" = "$p" ]
	[ "$(ps -o sid= -p "$RUNSVDIR_PID" | tr -d ' ')" != "$p" ]
}

@test "runsvdir: SIGHUP sends TERM to every runsv and exits 111; SIGTERM exits 0 and leaves them" {
	svc a
	start_runsvdir -P "$SV"
	wait_for 5 started a
	p=$(runsv_of a)
	kill -HUP "$RUNSVDIR_PID"
	wait_gone 5 "$RUNSVDIR_PID"
	run -111 wait "$RUNSVDIR_PID"
	wait_gone 5 "$p"
	rm -rf "$SV/a"
	svc b
	start_runsvdir -P "$SV"
	wait_for 5 started b
	p=$(runsv_of b)
	kill -TERM "$RUNSVDIR_PID"
	wait_gone 5 "$RUNSVDIR_PID"
	run -0 wait "$RUNSVDIR_PID"
	kill -0 "$p"
	kill -TERM "$p"
	wait_gone 5 "$p"
}

@test "runsvdir: the LOG argument shows recent stderr in the process title" {
	has RUNSVDIR_LOG || skip "the LOG feature is not configured"
	mkdir -p "$BATS_TEST_TMPDIR/src/a"
	printf '#!/bin/sh\necho "MARK from a" >&2\nexec sleep 100\n' >"$BATS_TEST_TMPDIR/src/a/run"
	chmod +x "$BATS_TEST_TMPDIR/src/a/run"
	mv "$BATS_TEST_TMPDIR/src/a" "$SV/a"
	log="log: $(printf '%040d' 0 | tr 0 .)"
	start_runsvdir "$SV" "$log"
	wait_for 5 eval 'tr "\0\n" " ." </proc/$RUNSVDIR_PID/cmdline | grep -q "MARK from a"'
	title=$(tr '\0' ' ' </proc/$RUNSVDIR_PID/cmdline)
	[[ $title == *"log: "*"MARK from a"* ]]
	# the title keeps its length: the LOG argument scrolls in place
	n=$(wc -c </proc/$RUNSVDIR_PID/cmdline)
	[ "$n" = $((9 + ${#SV} + 1 + ${#log} + 1)) ]
}

@test "runsvdir: a runsv killed with -9 is restarted" {
	svc a
	start_runsvdir "$SV"
	wait_for 5 runsv_of a
	wait_stat "$SV/a" run
	p=$(runsv_of a)
	s=$(cat "$SV/a.starts")
	kill -9 "$p"
	kill "$s"   # the orphaned service: a new runsv starts a new one
	wait_for 5 eval '[ -n "$(runsv_of a)" ] && [ "$(runsv_of a)" != '"$p"' ]'
	wait_for 5 eval '[ $(lines "$SV/a.starts") = 2 ]'
}

@test "runsvdir: a missing scan directory is retried until it appears" {
	start_runsvdir "$SV/later"
	wait_for 5 grep -q "runsvdir $SV/later: warning: unable to open directory $SV/later: file does not exist" "$BATS_TEST_TMPDIR/runsvdir.err"
	kill -0 "$RUNSVDIR_PID"
	mkdir "$BATS_TEST_TMPDIR/later"
	mkdir -p "$BATS_TEST_TMPDIR/later/a"
	printf '#!/bin/sh\necho $$ >>"%s/a.starts"\nexec sleep 100\n' "$SV" >"$BATS_TEST_TMPDIR/later/a/run"
	chmod +x "$BATS_TEST_TMPDIR/later/a/run"
	mv "$BATS_TEST_TMPDIR/later" "$SV/later"
	kill -ALRM "$RUNSVDIR_PID"
	wait_for 8 started a
}

@test "runsvdir: 1000+ entries, files among them ignored" {
	for i in $(seq 1200); do : >"$SV/f$i"; done
	svc a
	svc b
	start_runsvdir "$SV"
	wait_for 10 started a
	wait_for 10 started b
	[ "$(pgrep -P "$RUNSVDIR_PID" | wc -l)" = 2 ]
}

@test "runsvdir: SIGALRM forces a rescan; usage exits 1" {
	start_runsvdir "$SV"
	# a signal sent before runsvdir blocked it would kill it
	wait_for 5 sig_blocked "$RUNSVDIR_PID" 14
	svc a
	kill -ALRM "$RUNSVDIR_PID"
	wait_for 2 started a
	run -1 runsvdir
	[ "$output" = "usage: runsvdir [-PSCcO] [-T MS] [-l TPL] DIR [LOG]" ]
}

@test "runsvdir: a bad option is named; -T needs a number of milliseconds (#18)" {
	run -1 runsvdir -Z "$SV"
	[ "${lines[0]}" = "runsvdir: illegal option -- Z" ]
	[ "${lines[1]}" = "usage: runsvdir [-PSCcO] [-T MS] [-l TPL] DIR [LOG]" ]
	has RUNSVDIR_CONTAINER || skip "container mode is not configured"
	run -1 runsvdir -C -T
	[ "${lines[0]}" = "runsvdir: option requires an argument -- T" ]
	run -1 runsvdir -C -T 5s "$SV"
	[ "${#lines[@]}" = 1 ]
	[ "${lines[0]}" = "usage: runsvdir [-PSCcO] [-T MS] [-l TPL] DIR [LOG]" ]
}

@test "runsvdir: the demo runs its tree and stops it cleanly" {
	require_applet sv svlogd
	cp -r "$BATS_TEST_DIRNAME/../examples/demo" "$BATS_TEST_TMPDIR/demo"
	D=$BATS_TEST_TMPDIR/demo
	# whatever a demo run left in the sources is not part of the tree
	rm -rf "$D"/*/supervise "$D"/*/log/supervise "$D"/*/log/main
	bg env DEMO_DIR="$D" "$BATS_TEST_DIRNAME/../scripts/demo.sh" "$SVBOX"
	demo=$BG_PID
	wait_for 10 file_has "$D/clock/log/main/current" "clock: tick 2"
	grep -Eq '^[0-9-]{10}_[0-9:.]{14} clock: tick 1$' "$D/clock/log/main/current"
	run -0 sv status "$D/manual"
	[[ $output =~ ^down:\ $D/manual:\ [0-9]+s$ ]]
	run -0 sv -w 5 up "$D/manual"
	wait_for 10 eval 'sv status "$D/crashy" | grep -q "^run: "'
	kill -TERM "$demo"
	wait_gone 15 "$demo"
	run -0 wait "$demo"
	for d in clock clock/log crashy manual; do run -100 svok "$D/$d"; done
	# nothing of the demo is left running
	! ls -l /proc/[0-9]*/cwd 2>/dev/null | grep -q "$D"
}

# mkrun NAME 'shell code': a complete service renamed into $SV
mkrun() {
	mkdir -p "$BATS_TEST_TMPDIR/src/$1"
	printf '#!/bin/sh\n%s\n' "$2" >"$BATS_TEST_TMPDIR/src/$1/run"
	chmod +x "$BATS_TEST_TMPDIR/src/$1/run"
	mv "$BATS_TEST_TMPDIR/src/$1" "$SV/$1"
}

@test "runsvdir: with LOG, services get a blocking stderr (#11.8)" {
	has RUNSVDIR_LOG || skip "the LOG feature is not configured"
	# the flags of the service's fd 2, and a write larger than the pipe
	mkrun a 'awk "/^flags/ {print \$2}" /proc/self/fdinfo/2 >"$0.flags"
if head -c 400000 /dev/zero >&2; then echo ok; else echo fail; fi >"$0.result"; exec sleep 100'
	start_runsvdir "$SV" "log: $(printf '%040d' 0 | tr 0 .)"
	wait_for 10 test -s "$SV/a/run.result"
	[ "$(cat "$SV/a/run.result")" = ok ]
	# O_NONBLOCK (04000) is not set
	[ $((0$(cat "$SV/a/run.flags") & 04000)) = 0 ]
}

@test "runsvdir: with LOG and fds 1-2 closed, runsv still gets the pipe as stderr (#11.13)" {
	has RUNSVDIR_LOG || skip "the LOG feature is not configured"
	mkrun a 'echo "MARK from a" >&2; exec sleep 100'
	log="log: $(printf '%040d' 0 | tr 0 .)"
	bg sh -c 'exec runsvdir "$1" "$2" >&- 2>&-' - "$SV" "$log"
	RUNSVDIR_PID=$BG_PID
	wait_for 10 eval 'tr "\0\n" " ." </proc/$RUNSVDIR_PID/cmdline | grep -q "MARK from a"'
}

@test "runsvdir: a directory waiting for its run says why, once (#11.11)" {
	has RUNSVDIR_GRACE || skip "without the grace rule runsv itself says it"
	mkdir -p "$BATS_TEST_TMPDIR/src/a"
	printf '#!/bin/sh\nexec sleep 100\n' >"$BATS_TEST_TMPDIR/src/a/run"
	mv "$BATS_TEST_TMPDIR/src/a" "$SV/a"
	mkrun b 'exec sleep 100'
	mkdir "$SV/b/log"
	start_runsvdir "$SV"
	err=$BATS_TEST_TMPDIR/runsvdir.err
	wait_for 10 file_has "$err" "a: not started until a/run is ready: it is not executable"
	wait_for 10 file_has "$err" "b: not started until b/log/run is ready: it does not exist"
	chmod +x "$SV/a/run"
	wait_for 12 eval 'sv status "$SV/a" | grep -q "^run: "'
	[ "$(grep -c 'a: not started' "$err")" = 1 ]
	[ "$(grep -c 'b: not started' "$err")" = 1 ]
	[ "$(grep -c "^runsvdir $SV: warning: a: not started until a/run is ready: it is not executable\$" "$err")" = 1 ]
}

@test "runsvdir: a waiting directory costs no wakeups of its own (#11.12)" {
	has RUNSVDIR_GRACE || skip "without the grace rule nothing waits"
	mkdir -p "$SV/a"
	printf '#!/bin/sh\nexec sleep 100\n' >"$SV/a/run"
	start_runsvdir "$SV"
	wait_for 10 file_has "$BATS_TEST_TMPDIR/runsvdir.err" "a: not started"
	# past any start-up grace; then count runsvdir's wakeups for 3 s
	wait_for 10 eval '[ $(($(date +%s) - $(stat -c %Y "$SV/a"))) -ge 3 ]'
	c0=$(awk '/^voluntary_ctxt_switches/ {print $2}' /proc/$RUNSVDIR_PID/status)
	t_end=$(($(date +%s%N) / 1000000 + 3000))
	wait_for 5 eval '[ $(($(date +%s%N) / 1000000)) -ge '$t_end' ]'
	c1=$(awk '/^voluntary_ctxt_switches/ {print $2}' /proc/$RUNSVDIR_PID/status)
	# inotify: none; polling: at most the 5 s poll of DIR (once a second
	# before the fix: 3 or more)
	[ $((c1 - c0)) -le 1 ]
}

@test "runsvdir: polling: a directory added in the same second as the last scan starts (#11.10)" {
	svc a
	start_runsvdir "$SV"
	wait_for 12 started a
	m=$(stat -c '%Y %y' "$SV")
	sec=${m%% *}
	ns=$(echo "$m" | sed 's/.*\.\([0-9]*\) .*/\1/')
	svc b
	# DIR's mtime back into the second the scan saw, a different nanosecond
	touch -d "@$sec.$(printf '%09d' $(((10#$ns + 1) % 1000000000)))" "$SV"
	wait_for 15 started b
}

@test "runsvdir: removing a symlinked service's target in DIR's parent is noticed (#19.5)" {
	has INOTIFY || skip "removal under a symlink is noticed with inotify"
	svc x
	# the target lives beside DIR, in DIR's parent
	mv "$SV/x" "$BATS_TEST_TMPDIR/x"
	ln -s ../x "$SV/x"
	start_runsvdir "$SV"
	wait_for 5 started x
	old=$(runsv_of x)
	rm -rf "$BATS_TEST_TMPDIR/x"
	wait_gone 5 "$old"
}

@test "runsvdir: a service still held by a runsv it did not start is said once, not retried every second (#19.7)" {
	svc a
	svc b
	# a runsv left behind by a runsvdir that was killed
	start_runsv a
	orphan=$RUNSV_PID
	wait_for 5 started a
	start_runsvdir "$SV"
	wait_for 5 started b
	err=$BATS_TEST_TMPDIR/runsvdir.err
	wait_for 5 file_has "$err" "a: supervised by a runsv not started here; waiting for it to exit"
	# 3 s: no runsv of runsvdir's for a, no lock failures, one message
	t_end=$(($(date +%s%N) / 1000000 + 3000))
	wait_for 5 eval '[ $(($(date +%s%N) / 1000000)) -ge '$t_end' ]'
	[ -z "$(runsv_of a)" ]
	! grep -q "unable to lock" "$err"
	[ "$(grep -c "a: supervised by" "$err")" = 1 ]
	[ "$(lines "$SV/a.starts")" = 1 ]
	# the orphan goes: runsvdir takes the service over within its backoff
	sv -w 5 x "$SV/a"
	wait_gone 5 "$orphan"
	wait_for 12 eval '[ -n "$(runsv_of a)" ]'
	wait_for 5 eval '[ "$(lines "$SV/a.starts")" = 2 ]'
}

@test "runsvdir: after a LOG runsvdir exits, unlogged services do not die of SIGPIPE (#11.9)" {
	has RUNSVDIR_LOG || skip "the LOG feature is not configured"
	mkrun a 'while :; do echo "tick from a" >&2; sleep 0.05; done'
	start_runsvdir "$SV" "log: $(printf '%040d' 0 | tr 0 .)"
	wait_for 5 eval 'tr "\0\n" " ." </proc/$RUNSVDIR_PID/cmdline | grep -q "tick from a"'
	r=$(runsv_of a)
	pid=$(status_pid "$SV/a")
	kill -TERM "$RUNSVDIR_PID"
	wait_gone 5 "$RUNSVDIR_PID"
	# 2 s of ticks, more than the pipe holds without a reader
	t_end=$(($(date +%s%N) / 1000000 + 2000))
	wait_for 5 eval '[ $(($(date +%s%N) / 1000000)) -ge '$t_end' ]'
	kill -0 "$r"
	[ "$(status_pid "$SV/a")" = "$pid" ]
	kill -0 "$pid"
	kill -TERM "$r"
	wait_gone 5 "$r"
}

# -S: the engines inside runsvdir (Kconfig RUNSVDIR_INPROC)
need_S() { has RUNSVDIR_INPROC || skip "runsvdir -S is not configured"; }

@test "runsvdir -S: 1000 services in one process, no runsv; TERM stops them all and exits 0" {
	need_S
	for i in $(seq 1000); do
		mkdir -p "$BATS_TEST_TMPDIR/src/s$i"
		printf '#!/bin/sh\nexec sleep 3600\n' >"$BATS_TEST_TMPDIR/src/s$i/run"
		chmod +x "$BATS_TEST_TMPDIR/src/s$i/run"
	done
	mv "$BATS_TEST_TMPDIR"/src/s* "$SV/"
	start_runsvdir -S "$SV"
	wait_for 60 eval '[ "$(cat "$SV"/s*/supervise/stat 2>/dev/null | grep -c "^run$")" = 1000 ]'
	[ -z "$(pgrep -P "$RUNSVDIR_PID" -x runsv)" ]
	[ "$(pgrep -P "$RUNSVDIR_PID" | wc -l)" = 1000 ]
	run -0 sv status "$SV/s500"
	[[ $output =~ ^run:\ $SV/s500:\ \(pid\ [0-9]+\)\ [0-9]+s$ ]]
	kill -TERM "$RUNSVDIR_PID"
	wait_gone 30 "$RUNSVDIR_PID"
	run -0 wait "$RUNSVDIR_PID"
	# no process of the tree is left
	! ls -l /proc/[0-9]*/cwd 2>/dev/null | grep -q " $SV/"
	[ "$(cat "$SV"/s*/supervise/stat | grep -c '^down$')" = 1000 ]
}

@test "runsvdir -S: a control/t that takes 5 s stalls nothing else" {
	need_S
	mkrun a 'exec sleep 100'
	mkdir "$BATS_TEST_TMPDIR/ctl"
	printf '#!/bin/sh\nsleep 5\nexit 1\n' >"$BATS_TEST_TMPDIR/ctl/t"
	chmod +x "$BATS_TEST_TMPDIR/ctl/t"
	mv "$BATS_TEST_TMPDIR/ctl" "$SV/a/control"
	mkrun b 'exec sleep 100'
	start_runsvdir -S "$SV"
	wait_stat "$SV/a" run
	wait_stat "$SV/b" run
	send "$SV/a" t
	t0=$(now_ms)
	run -0 sv -w 3 restart "$SV/b"
	[[ $output =~ ^ok:\ run:\ $SV/b: ]]
	run -0 sv -w 3 down "$SV/b"
	[ $(($(now_ms) - t0)) -lt 4000 ]
	# a's TERM comes once its control/t has said no (exit 1)
	pid=$(status_pid "$SV/a")
	kill -0 "$pid"
	wait_gone 10 "$pid"
}

@test "runsvdir -S: a service removed while its finish runs is stopped, then forgotten" {
	need_S
	mkrun a 'exec sleep 100'
	printf '#!/bin/sh\necho begin >>"$0.log"\nsleep 2\necho end >>"$0.log"\n' >"$SV/a/finish"
	chmod +x "$SV/a/finish"
	mkrun b 'exec sleep 100'
	start_runsvdir -S "$SV"
	wait_stat "$SV/a" run
	send "$SV/a" k
	wait_for 5 file_has "$SV/a/finish.log" begin
	mv "$SV/a" "$SV/.a"
	wait_for 10 file_has "$SV/.a/finish.log" end
	wait_for 5 eval '! svok "$SV/.a"'
	[ "$(cat "$SV/.a/supervise/stat")" = down ]
	kill -0 "$RUNSVDIR_PID"
	run -0 sv status "$SV/b"
}

@test "runsvdir -S: runit's own sv drives it (interop)" {
	need_S
	[ -x /usr/bin/sv ] || skip "Debian's runit is not installed"
	mkrun a 'exec sleep 100'
	mkdir "$SV/a/log"
	printf '#!/bin/sh\nexec cat >/dev/null\n' >"$SV/a/log/run"
	chmod +x "$SV/a/log/run"
	start_runsvdir -S "$SV"
	wait_stat "$SV/a" run
	wait_stat "$SV/a/log" run
	run -0 /usr/bin/sv status "$SV/a"
	[[ $output =~ ^run:\ $SV/a:\ \(pid\ [0-9]+\)\ [0-9]+s\;\ run:\ log:\ \(pid\ [0-9]+\)\ [0-9]+s$ ]]
	run -0 /usr/bin/sv -w 5 down "$SV/a"
	[[ $output =~ ^ok:\ down:\ $SV/a:\ [0-9]+s,\ normally\ up$ ]]
	run -0 /usr/bin/sv -w 5 up "$SV/a"
	[[ $output =~ ^ok:\ run:\ $SV/a:\ \(pid\ [0-9]+\)\ [0-9]+s$ ]]
}

@test "runsvdir -S: out of file descriptors: a clear message, the others run, retried later" {
	need_S
	for i in 1 2 3 4 5 6; do
		mkrun "s$i" 'exec sleep 100'
		mkdir "$SV/s$i/log"
		printf '#!/bin/sh\nexec cat >/dev/null\n' >"$SV/s$i/log/run"
		chmod +x "$SV/s$i/log/run"
	done
	# 9 fds per logged service and a few of runsvdir's own: room for 3
	bg sh -c 'exec prlimit --nofile=34:34 runsvdir -S "$1" 2>>"$2"' - "$SV" "$BATS_TEST_TMPDIR/runsvdir.err"
	RUNSVDIR_PID=$BG_PID
	err=$BATS_TEST_TMPDIR/runsvdir.err
	wait_for 10 grep -q "not started: .*: out of file descriptors" "$err"
	wait_for 10 eval '[ "$(cat "$SV"/s*/supervise/stat 2>/dev/null | grep -c "^run$")" -ge 2 ]'
	up=$(cat "$SV"/s*/supervise/stat 2>/dev/null | grep -c '^run$' || true)
	[ "$up" -ge 2 ] && [ "$up" -le 5 ]
	kill -0 "$RUNSVDIR_PID"
	# the ones that run are controlled as usual
	for i in 1 2 3 4 5 6; do
		if [ "$(cat "$SV/s$i/supervise/stat" 2>/dev/null)" = run ]; then
			run -0 sv -w 5 restart "$SV/s$i"
			break
		fi
	done
	# one removed frees its fds: a waiting one is started at its retry
	mv "$SV/s$i" "$SV/.s$i"
	wait_for 20 eval '[ "$(cat "$SV"/s*/supervise/stat 2>/dev/null | grep -c "^run$")" -ge '"$up"' ]'
}

@test "runsvdir -S: HUP stops every service and exits 111; -x exits 0 once all exited" {
	need_S
	mkrun a 'exec sleep 100'
	mkrun b 'exec sleep 100'
	start_runsvdir -S "$SV"
	wait_stat "$SV/a" run
	wait_stat "$SV/b" run
	pa=$(status_pid "$SV/a")
	kill -HUP "$RUNSVDIR_PID"
	wait_gone 10 "$RUNSVDIR_PID"
	run -111 wait "$RUNSVDIR_PID"
	wait_gone 5 "$pa"
	# -x: the scanner ends once every service was told x and exited
	start_runsvdir -S -x "$SV"
	wait_stat "$SV/a" run
	wait_stat "$SV/b" run
	sv x "$SV/a" "$SV/b"
	wait_gone 10 "$RUNSVDIR_PID"
	run -0 wait "$RUNSVDIR_PID"
	mkdir "$BATS_TEST_TMPDIR/empty"
	run -0 timeout 5 runsvdir -S -x "$BATS_TEST_TMPDIR/empty"
}

# --- container mode and a clean stop of the tree (#14.1)

need_C() {
	has RUNSVDIR_CONTAINER || skip "container mode is not configured"
	[ "$(id -u)" = 0 ] || skip "pid namespaces need root here"
	unshare --pid --fork --mount-proc true 2>/dev/null || skip "no pid namespaces here"
}

# in_ns ARGS...: runsvdir ARGS as PID 1 of a new pid namespace (its exit
# code in $BATS_TEST_TMPDIR/rc, stderr in runsvdir.err). Sets NS_INIT (the
# namespace's init as this namespace sees it) and NS_PID (unshare).
in_ns() {
	bg sh -c 'unshare --pid --fork --mount-proc runsvdir "$@" 2>>"$0.err"; echo $? >"$0.rc"' \
		"$BATS_TEST_TMPDIR/runsvdir" "$@"
	NS_PID=$BG_PID
	wait_for 5 eval 'pgrep -f "^unshare --pid --fork --mount-proc runsvdir" -P "$NS_PID"'
	local u
	u=$(pgrep -f "^unshare --pid --fork --mount-proc runsvdir" -P "$NS_PID")
	wait_for 5 eval 'pgrep -P "$u"'
	NS_INIT=$(pgrep -P "$u")
}
ns_rc() { wait_for "$1" test -s "$BATS_TEST_TMPDIR/runsvdir.rc" && cat "$BATS_TEST_TMPDIR/runsvdir.rc"; }

@test "runsvdir -C: docker stop: a 2 s TERM handler finishes, its logger drains, exit 0; orphans reaped" {
	need_C
	mkrun slow 'trap "sleep 2; echo done >>../../slow.out; exit 0" TERM; while :; do sleep 0.1; done'
	mkdir -p "$BATS_TEST_TMPDIR/src/orph"
	printf '#!/bin/sh\n(sleep 0.3 &)\n(sleep 0.3 &)\necho line\nexec sleep 100\n' >"$BATS_TEST_TMPDIR/src/orph/run"
	mkdir "$BATS_TEST_TMPDIR/src/orph/log"
	printf '#!/bin/sh\nexec cat >>../../../orph.log\n' >"$BATS_TEST_TMPDIR/src/orph/log/run"
	chmod +x "$BATS_TEST_TMPDIR/src/orph/run" "$BATS_TEST_TMPDIR/src/orph/log/run"
	mv "$BATS_TEST_TMPDIR/src/orph" "$SV/orph"
	in_ns "$SV"
	wait_stat "$SV/slow" run
	wait_stat "$SV/orph" run
	wait_for 5 file_has "$BATS_TEST_TMPDIR/orph.log" line
	# the orphaned sleeps end after 0.3 s: reaped by PID 1, no zombie
	sleep 1 # negative check: zombies would stay
	for p in $(pgrep -P "$NS_INIT"); do
		[ "$(ps -o stat= -p "$p" | cut -c1)" != Z ] || { ps -o pid,stat,cmd -p "$p"; false; }
	done
	t0=$(now_ms)
	kill -TERM "$NS_INIT"
	[ "$(ns_rc 10)" = 0 ]
	ms=$(($(now_ms) - t0))
	echo "stopped in $ms ms"
	[ "$ms" -ge 1900 ] && [ "$ms" -lt 6000 ]
	[ "$(cat "$BATS_TEST_TMPDIR/slow.out")" = done ]
	[ "$(cat "$SV/slow/supervise/stat")" = down ]
}

@test "runsvdir -C: a service ignoring TERM is killed at -T, with its group; exit 111" {
	need_C
	# not PID 1 here (a subreaper): what it leaves alive would outlive
	# it, so the child's end shows the group KILL (in a namespace the
	# kernel kills everything when its init exits)
	mkrun deaf 'trap "" TERM; sleep 100 & echo $! >../../child; exec sleep 100'
	mkrun fine 'exec sleep 100'
	bg sh -c 'runsvdir -C -T 1000 "$1" 2>"$0.err"; echo $? >"$0.rc"' "$BATS_TEST_TMPDIR/runsvdir" "$SV"
	wait_for 5 file_has "$BATS_TEST_TMPDIR/child" ""
	wait_stat "$SV/fine" run
	child=$(cat "$BATS_TEST_TMPDIR/child")
	t0=$(now_ms)
	kill -TERM "$(pgrep -f "^runsvdir -C -T 1000 $SV\$")"
	[ "$(ns_rc 10)" = 111 ]
	ms=$(($(now_ms) - t0))
	echo "stopped in $ms ms"
	[ "$ms" -ge 1000 ] && [ "$ms" -lt 4000 ]
	wait_gone 3 "$child" # (a zombie until init reaps it)
}

@test "runsvdir -C -S: the same stop in one process, with -T and a service's own timeout-kill" {
	need_C
	need_S
	has POLICY || skip "the policy is not configured"
	mkrun slow 'trap "sleep 1; echo done >>../../slow.out; exit 0" TERM; while :; do sleep 0.1; done'
	mkrun deaf 'trap "" TERM; exec sleep 100'
	mkrun deaf2 'trap "" TERM; exec sleep 100'
	echo 300 >"$SV/deaf2/timeout-kill"
	in_ns -S -T 2500 "$SV"
	for s in slow deaf deaf2; do wait_stat "$SV/$s" run; done
	t0=$(now_ms)
	kill -TERM "$NS_INIT"
	# deaf2 goes at its own 300 ms, deaf at the 2.5 s limit
	wait_for 3 eval '[ "$(cat "$SV/deaf2/supervise/stat")" = down ]'
	[ $(($(now_ms) - t0)) -lt 2000 ]
	[ "$(ns_rc 10)" = 111 ]
	[ "$(cat "$BATS_TEST_TMPDIR/slow.out")" = done ]
}

@test "runsvdir -C: the container's main service ends it with its exit code; others are stopped" {
	need_C
	has POLICY || skip "the policy is not configured"
	for mode in "" -S; do
		[ -n "$mode" ] && ! has RUNSVDIR_INPROC && continue
		rm -rf "$SV" && mkdir -p "$SV" "$BATS_TEST_TMPDIR/rc.d"
		rm -f "$BATS_TEST_TMPDIR/runsvdir.rc"
		mkrun app 'sleep 0.5; exit 7'
		touch "$SV/app/container-main"
		mkrun side 'exec sleep 100'
		in_ns $mode "$SV"
		[ "$(ns_rc 10)" = 7 ]
		[ "$(cat "$SV/side/supervise/stat")" = down ]
	done
}

@test "runsvdir -C: an empty directory ends the container (0); the environment reaches run unchanged" {
	need_C
	mkdir "$BATS_TEST_TMPDIR/empty"
	run -0 timeout 5 unshare --pid --fork --mount-proc runsvdir "$BATS_TEST_TMPDIR/empty"
	# (PWD is each shell's own: sh sets it)
	mkrun e 'env | grep -v ^PWD= | sort >../../env.run; exec sleep 100'
	bg env -i PATH="$PATH" SVCGROUP="$SVCGROUP" FOO='a b' BAR=1 sh -c 'env | grep -v ^PWD= | sort >"$1/env.given"; exec unshare --pid --fork --mount-proc runsvdir "$0"' "$SV" "$BATS_TEST_TMPDIR"
	wait_for 5 test -s "$BATS_TEST_TMPDIR/env.run"
	diff "$BATS_TEST_TMPDIR/env.given" "$BATS_TEST_TMPDIR/env.run"
}

@test "runsvdir: Ctrl-C (INT) on a foreground runsvdir stops the whole tree; no runsv is left" {
	has RUNSVDIR_CONTAINER || skip "not configured"
	mkrun a 'echo $$ >../../a.pid; exec sleep 100'
	mkrun b 'exec sleep 100'
	start_runsvdir "$SV"
	wait_for 5 file_has "$BATS_TEST_TMPDIR/a.pid" ""
	wait_stat "$SV/b" run
	ra=$(pgrep -P "$RUNSVDIR_PID" | head -n 2)
	kill -INT "$RUNSVDIR_PID"
	wait_gone 10 "$RUNSVDIR_PID"
	for p in $ra $(cat "$BATS_TEST_TMPDIR/a.pid"); do wait_gone 5 "$p"; done
	[ "$(cat "$SV/a/supervise/stat")" = down ]
	# TERM without -C is runit's: runsvdir exits, the runsvs stay
	start_runsvdir -c "$SV"
	wait_stat "$SV/a" run
	kill -TERM "$RUNSVDIR_PID"
	wait_gone 5 "$RUNSVDIR_PID"
	sv status "$SV/a" | grep -q '^run:'
}

@test "runsvdir -l TPL: every service without log gets the default logger (runsv and -S); run scripts never see it" {
	has DEFAULT_LOG || skip "the default logger is not configured"
	TPL=$BATS_TEST_TMPDIR/tpl
	mkdir -p "$TPL"
	printf '#!/bin/sh\nexec cat >>"%s/$1.log"\n' "$BATS_TEST_TMPDIR" >"$TPL/run"
	chmod +x "$TPL/run"
	for mode in "" -S; do
		[ -n "$mode" ] && ! has RUNSVDIR_INPROC && continue
		rm -rf "$SV" "$BATS_TEST_TMPDIR"/*.log && mkdir -p "$SV"
		mkrun a 'echo "a: $(env | grep -c RUNSV_DEFAULT_LOG)"; exec sleep 100'
		mkrun b 'echo "b: $(env | grep -c RUNSV_DEFAULT_LOG)"; exec sleep 100'
		start_runsvdir $mode -l "$TPL" "$SV"
		wait_for 5 file_has "$BATS_TEST_TMPDIR/a.log" "a: 0"
		wait_for 5 file_has "$BATS_TEST_TMPDIR/b.log" "b: 0"
		run -0 sv status "$SV/a"
		[[ $output =~ \;\ run:\ log:\ \(pid\ [0-9]+\) ]]
		kill -HUP "$RUNSVDIR_PID"
		wait_gone 10 "$RUNSVDIR_PID"
		wait_for 5 eval '[ "$(cat "$SV/a/supervise/log/supervise/stat")" = down ]'
	done
}

@test "runsvdir -O (a container's default): every unlogged line on stdout as NAME: line, none lost; logged services keep theirs" {
	has RUNSVDIR_CONTAINER || skip "not configured"
	for mode in "" -S; do
		[ -n "$mode" ] && ! has RUNSVDIR_INPROC && continue
		rm -rf "$SV" && mkdir -p "$SV"
		out=$BATS_TEST_TMPDIR/out$mode
		mkrun a 'i=0; while [ $i -lt 500 ]; do i=$((i+1)); echo "line $i"; done; printf "no newline"; exec sleep 100'
		mkrun b 'echo "from b"; echo "b again" >&1; exec sleep 100'
		mksvc c 'echo "c to its log"; exec sleep 100' log 'exec cat >>../../c.log'
		bg sh -c 'exec runsvdir "$@" >"$0"' "$out" -O $mode "$SV"
		wait_for 5 eval '[ "$(grep -c "^a: line" "'"$out"'")" = 500 ]'
		wait_for 5 file_has "$out" "b: b again"
		wait_for 5 file_has "$SV/c.log" "c to its log"
		[ "$(grep "^a: " "$out" | head -n 500)" = "$(seq 500 | sed 's/^/a: line /')" ]
		grep -qx "b: from b" "$out"
		! grep -q "c to its log" "$out"
		# the last partial line comes out when the service is done
		sv x "$SV/a"
		wait_for 5 file_has "$out" "a: no newline"
		kill -HUP "$BG_PID"
		wait_gone 10 "$BG_PID"
	done
}

@test "runsvdir -O: a kept line start too long to keep goes out with the piece after it, one line (#18)" {
	has RUNSVDIR_CONTAINER || skip "not configured"
	# three writes: 100 bytes, 100 more (no newline: more than the 118
	# a start may wait with), then the newline
	mkrun a 'x=$(printf "%0100d" 0); printf "%s" "$x"; sleep 0.2; printf "%s" "$x"; sleep 0.2; echo; exec sleep 100'
	out=$BATS_TEST_TMPDIR/out
	bg sh -c 'exec runsvdir "$@" >"$0"' "$out" -O -S "$SV"
	wait_for 5 eval 'grep -q "^a: 0\{200\}$" "$out"'
	! grep -q "^a: 0\{100\}$" "$out"
	kill -HUP "$BG_PID"
	wait_gone 10 "$BG_PID"
}

@test "runsvdir: a read-only scan directory: each service's state in the run directory, with and without -S (#15)" {
	mkdir -p "$SV/a" "$SV/b"
	for s in a b; do
		printf '#!/bin/sh\nexec sleep 100\n' >"$SV/$s/run"
		chmod +x "$SV/$s/run"
	done
	ro_tree
	for mode in "" -S; do
		start_runsvdir $mode "$RO"
		for s in a b; do
			wait_for 10 eval 'sv status "$RO/$s" | grep -q "^run: $RO/$s: "'
			[ -p "$SVRUNDIR/$(esc "$RO/$s")/ok" ]
		done
		[ ! -e "$RO/a/supervise" ]
		run -0 sv -w 5 restart "$RO/a"
		kill -TERM "$RUNSVDIR_PID"
		wait_gone 10 "$RUNSVDIR_PID"
		sv x "$RO/a" "$RO/b" 2>/dev/null || true
		wait_for 10 eval '! svok "$RO/a" && ! svok "$RO/b"'
	done
}

@test "runsvdir: a user's own tree: runsvdir, -S and sv as a non-root user, nothing set up (#15)" {
	[ "$(id -u)" = 0 ] || skip "needs root to become another user"
	U=$BATS_TEST_TMPDIR/user
	mkdir -p "$U/service/a"
	printf '#!/bin/sh\nexec sleep 100\n' >"$U/service/a/run"
	chmod +x "$U/service/a/run"
	chown -R 65534:65534 "$U"
	as_user 65534 "" true
	for mode in "" -S; do
		bg setpriv --reuid 65534 --regid 65534 --clear-groups -- runsvdir $mode "$U/service"
		echo "$BG_PID" >>"$BATS_TEST_TMPDIR/.scanners"
		wait_for 10 eval 'as_user 65534 "" sv status "$U/service/a" | grep -q "^run: "'
		[ "$(stat -c %u "$U/service/a/supervise")" = 65534 ]
		run -0 as_user 65534 "" sv -w 5 restart "$U/service/a"
		[[ "$output" == "ok: run: $U/service/a: "* ]]
		kill -TERM "$BG_PID"
		wait_gone 10 "$BG_PID"
		as_user 65534 "" sv x "$U/service/a" 2>/dev/null || true
		wait_for 10 eval '! svok "$U/service/a"'
	done
}

@test "runsvdir: kill -9 of runsvdir, a new one: its runsvs recognised, no duplicate, one message each (#16)" {
	svc a
	svc b
	start_runsvdir "$SV"
	wait_for 10 eval 'started a && started b'
	kill -9 "$RUNSVDIR_PID"
	wait_gone 5 "$RUNSVDIR_PID"
	: >"$BATS_TEST_TMPDIR/runsvdir.err"
	start_runsvdir "$SV"
	wait_for 10 eval '[ "$(grep -c "supervised by a runsv not started here" "$BATS_TEST_TMPDIR/runsvdir.err")" = 2 ]'
	elapse 2500
	# no more messages, no spin, no second instance
	[ "$(wc -l <"$BATS_TEST_TMPDIR/runsvdir.err")" = 2 ]
	[ "$(lines "$SV/a.starts")" = 1 ] && [ "$(lines "$SV/b.starts")" = 1 ]
	run -0 sv status "$SV/a" "$SV/b"
}

@test "runsvdir -S: kill -9 with 50 services, a new one adopts every one of them (#16)" {
	require_config TAKEOVER
	for i in $(seq 1 50); do svc "s$i"; done
	start_runsvdir -S "$SV"
	all50() { local i; for i in $(seq 1 50); do started "s$i" || return 1; done; }
	wait_for 20 all50
	kill -9 "$RUNSVDIR_PID"
	wait_gone 5 "$RUNSVDIR_PID"
	start_runsvdir -S "$SV"
	wait_for 20 eval '[ "$(sv status "$SV"/s* | grep -c "^run: ")" = 50 ]'
	for i in $(seq 1 50); do
		[ "$(lines "$SV/s$i.starts")" = 1 ]
		[ "$(status_pid "$SV/s$i")" = "$(cat "$SV/s$i.starts")" ]
	done
	run -0 sv -w 10 down "$SV/s1"
	! alive "$(cat "$SV/s1.starts")"
}
