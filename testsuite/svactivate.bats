#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# testsuite/svactivate.bats - subject: applets/svactivate.c, libsv/state.c,
# docs/svactivate.8
# applets: svactivate svdeactivate
load helpers

setup() {
	require_applet svactivate svdeactivate
	setup_svdir
	SRC=$BATS_TEST_TMPDIR/rc
	mkdir -p "$SRC"
	export SVSRC=$SRC
}

# pkg NAME [BODY]: a packaged service in $SRC, only its run script
pkg() {
	mkdir -p "$SRC/$1"
	printf '#!/bin/sh\n%s\n' "${2:-exec sleep 100}" >"$SRC/$1/run"
	chmod +x "$SRC/$1/run"
}

@test "svactivate: copies the service in, adds the default logger, waits until it is supervised; svdeactivate takes it out" {
	pkg a 'echo $$ >>'"$BATS_TEST_TMPDIR"'/a.starts; exec sleep 100'
	mkdir -p "$SRC/.log"
	printf '#!/bin/sh\necho "$1" >%s/logger.name\nexec cat >/dev/null\n' "$BATS_TEST_TMPDIR" >"$SRC/.log/run"
	chmod +x "$SRC/.log/run"
	start_runsvdir "$SV"
	run -0 svactivate a
	[ "$output" = "a: copied
a: supervised" ]
	[ -d "$SV/a" ] && [ ! -L "$SV/a" ]
	run -0 svok "$SV/a"
	wait_for 5 file_has "$BATS_TEST_TMPDIR/logger.name" a
	wait_for 5 eval 'sv status a | grep -q "^run: a: (pid [0-9]*) [0-9]*s; run: log: "'
	# no dot directory left behind, the source untouched
	[ -z "$(ls -A "$SV" | grep '^\.')" ]
	[ ! -e "$SRC/a/supervise" ] && [ ! -e "$SRC/a/log" ]
	# runit's sv reads a copy as its own
	if [ -x /usr/bin/sv ]; then
		run -0 /usr/bin/sv status "$SV/a"
		[[ "$output" == "run: $SV/a: (pid "* ]]
	fi
	# idempotent
	run -0 svactivate a
	[ "$output" = "a: already active
a: supervised" ]
	[ "$(lines "$BATS_TEST_TMPDIR/a.starts")" = 1 ]
	pid=$(cat "$BATS_TEST_TMPDIR/a.starts")
	run -0 svdeactivate a
	[ "$output" = "a: removed" ]
	[ ! -e "$SV/a" ]
	[ -z "$(ls -A "$SV")" ]
	! kill -0 "$pid" 2>/dev/null
	run -0 svdeactivate a
	[ "$output" = "a: not active" ]
}

@test "svactivate: an empty log file or an existing log/ is left alone; -L adds no logger" {
	pkg a
	pkg b
	pkg c
	: >"$SRC/a/log"
	mkdir -p "$SRC/b/log" "$SRC/.log"
	printf '#!/bin/sh\nexec cat >/dev/null\n' >"$SRC/b/log/run"
	cp "$SRC/b/log/run" "$SRC/.log/run"
	chmod +x "$SRC/b/log/run" "$SRC/.log/run"
	run -0 svactivate -t 0 a b
	[ -f "$SV/a/log" ] && [ ! -s "$SV/a/log" ]
	cmp "$SRC/b/log/run" "$SV/b/log/run"
	run -0 svactivate -t 0 -L c
	[ ! -e "$SV/c/log" ]
}

@test "svactivate: -s links instead; -a activates every service of the source" {
	pkg a
	pkg b
	pkg .hidden
	start_runsvdir "$SV"
	run -0 svactivate -s a
	[ "$output" = "a: linked
a: supervised" ]
	[ "$(readlink "$SV/a")" = "$SRC/a" ]
	run -0 svactivate -a
	[ "$output" = "a: already active
a: supervised
b: copied
b: supervised" ] || [ "$output" = "b: copied
b: supervised
a: already active
a: supervised" ]
	[ ! -e "$SV/.hidden" ]
	run -0 svdeactivate a b
	[ ! -e "$SV/a" ] && [ ! -e "$SV/b" ]
	[ -f "$SRC/a/run" ]
}

@test "svactivate: bad input: no run, a run that cannot run, log/ without log/run, bad names, usage" {
	mkdir -p "$SRC/norun" "$SRC/noexec" "$SRC/nolog/log"
	printf '#!/bin/sh\n' >"$SRC/noexec/run"
	pkg nolog
	run -111 svactivate -t 0 norun
	[ "$output" = "svactivate: warning: unable to activate norun: $SRC/norun/run is not an executable file" ]
	run -111 svactivate -t 0 noexec
	[ "$output" = "svactivate: warning: unable to activate noexec: $SRC/noexec/run is not an executable file" ]
	run -111 svactivate -t 0 nolog
	[ "$output" = "svactivate: warning: unable to activate nolog: $SRC/nolog/log/run is not an executable file" ]
	run -111 svactivate -t 0 missing
	[ "$output" = "svactivate: warning: unable to activate missing: unable to open $SRC/missing: file does not exist" ]
	run -111 svactivate -t 0 a/b
	[ "$output" = "svactivate: warning: unable to activate a/b: not a service name" ]
	run -111 svactivate -t 0 .a
	[ "$output" = "svactivate: warning: unable to activate .a: not a service name" ]
	run -111 svdeactivate ../x
	[ "$output" = "svdeactivate: warning: unable to deactivate ../x: not a service name" ]
	[ -z "$(ls -A "$SV")" ]
	run -100 svactivate
	run -100 svactivate -x a
	run -100 svdeactivate -s a
	run -100 svdeactivate
}

@test "svactivate: without a supervisor it times out with 99, the service left in place" {
	pkg a
	run -99 svactivate -t 1 a
	[ "${lines[0]}" = "a: copied" ]
	[ "${lines[1]}" = "svactivate: warning: a: not supervised after 1 seconds" ]
	[ -x "$SV/a/run" ]
}

@test "svactivate: a live directory on another file system: built inside it, renamed in one step" {
	[ "$(id -u)" = 0 ] || skip "mounting a tmpfs needs root"
	mount -t tmpfs -o size=1m tmpfs "$SV" || skip "cannot mount tmpfs here"
	echo "$SV" >>"$BATS_TEST_TMPDIR/.mounts"
	pkg a
	mkdir -p "$SRC/a/data"
	echo x >"$SRC/a/data/file"
	ln -s data/file "$SRC/a/link"
	start_runsvdir "$SV"
	run -0 svactivate a
	cmp "$SRC/a/data/file" "$SV/a/data/file"
	[ "$(readlink "$SV/a/link")" = data/file ]
	[ "$(stat -c %d "$SV/a")" != "$(stat -c %d "$SRC/a")" ]
}

@test "svactivate: an interrupted activation is never started; the next one cleans up after it" {
	pkg a
	start_runsvdir "$SV"
	# what a kill -9 in the middle of a copy leaves: a half-made dot
	# directory of a process that is gone
	mkdir -p "$SV/.a.new.999999/log"
	printf '#!/bin/sh\necho started >%s/half\n' "$BATS_TEST_TMPDIR" >"$SV/.a.new.999999/run"
	chmod +x "$SV/.a.new.999999/run"
	run -0 svactivate a
	[ ! -e "$SV/.a.new.999999" ]
	[ ! -e "$BATS_TEST_TMPDIR/half" ]
	# and a real kill -9 while copying a large tree
	pkg b
	mkdir -p "$SRC/b/data"
	for i in $(seq 1 300); do echo "$i" >"$SRC/b/data/f$i"; done
	bg svactivate -t 0 b
	kill -9 "$BG_PID" 2>/dev/null || true
	wait_gone 5 "$BG_PID"
	# whatever it got to: b is either whole or absent, never half
	if [ -e "$SV/b" ]; then [ "$(ls "$SV/b/data" | wc -l)" = 300 ]; fi
	run -0 svactivate b
	[ "$(ls "$SV/b/data" | wc -l)" = 300 ]
	[ -z "$(ls -A "$SV" | grep '^\.')" ]
}

@test "svactivate: concurrent activations of one name: one service, both succeed" {
	pkg a 'echo $$ >>'"$BATS_TEST_TMPDIR"'/a.starts; exec sleep 100'
	start_runsvdir "$SV"
	svactivate a >"$BATS_TEST_TMPDIR/o1" 2>&1 &
	p1=$!
	svactivate a >"$BATS_TEST_TMPDIR/o2" 2>&1 &
	p2=$!
	wait "$p1"
	wait "$p2"
	grep -qx 'a: supervised' "$BATS_TEST_TMPDIR/o1"
	grep -qx 'a: supervised' "$BATS_TEST_TMPDIR/o2"
	[ "$(cat "$BATS_TEST_TMPDIR/o1" "$BATS_TEST_TMPDIR/o2" | grep -c '^a: copied$')" = 1 ]
	[ "$(lines "$BATS_TEST_TMPDIR/a.starts")" = 1 ]
	[ -z "$(ls -A "$SV" | grep '^\.')" ]
}

@test "svactivate: works with runsvdir -S and with runit's runsvdir" {
	pkg a
	start_runsvdir -S "$SV"
	run -0 svactivate a
	[ "${lines[1]}" = "a: supervised" ]
	run -0 svdeactivate a
	kill -TERM "$RUNSVDIR_PID"
	wait_gone 10 "$RUNSVDIR_PID"
	[ -x /usr/bin/runsvdir ] || skip "Debian's runit is not installed"
	bg /usr/bin/runsvdir "$SV"
	echo "$BG_PID" >>"$BATS_TEST_TMPDIR/.scanners"
	run -0 svactivate -t 15 a
	[ "${lines[1]}" = "a: supervised" ]
	run -0 svdeactivate -t 15 a
	[ ! -e "$SV/a" ]
}

@test "svactivate: a read-only source linked in keeps its state in the run directory (#15)" {
	pkg a
	SV_REAL=$SV
	SV=$SRC ro_tree
	export SVDIR=$SV_REAL
	export SVSRC=$RO
	start_runsvdir "$SV_REAL"
	run -0 svactivate -s a
	[ "${lines[1]}" = "a: supervised" ]
	[ -p "$SVRUNDIR/$(esc "$RO/a")/ok" ]
	run -0 sv status "$SV_REAL/a"
	run -0 svdeactivate a
	[ ! -e "$SV_REAL/a" ]
}
