#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# testsuite/svok.bats - subject: applets/svok.c, docs/svok.8
# applets: svok svup
load helpers

setup() {
	require_applet svok
	setup_svdir
}

# A supervise/ directory whose ok fifo has no reader.
fake_supervise() {
	mkdir -p "$SV/$1/supervise"
	mkfifo "$SV/$1/supervise/ok"
}

# write a 20-byte status record: PID STATE
fake_status() {
	local pid=$2 st=$3
	printf '\x40\0\0\0\x60\0\0\0\0\0\0\0'"$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $((pid & 255)) $((pid >> 8 & 255)) $((pid >> 16 & 255)) $((pid >> 24 & 255)))"'\0u\0'"$(printf '\\x%02x' "$st")" >"$SV/$1/supervise/status"
}

@test "svok: 100 at once when supervise/ok has no reader (never blocks)" {
	fake_supervise a
	run -100 timeout 5 svok "$SV/a"
	[ -z "$output" ]
}

@test "svok: 0 while a reader holds supervise/ok, 100 after it closes" {
	fake_supervise a
	exec 7<>"$SV/a/supervise/ok"
	run -0 svok "$SV/a"
	exec 7>&-
	run -100 svok "$SV/a"
}

@test "svok: 100 for a directory that was never supervised" {
	mkdir "$SV/a"
	run -100 svok "$SV/a"
	[ -z "$output" ]
}

@test "svok: 111 and a fatal message for a missing directory" {
	run -111 svok "$SV/missing"
	[ "$output" = "svok: fatal: unable to chdir to $SV/missing: file does not exist" ]
}

@test "svok: 111 for a file where the directory should be" {
	touch "$SV/file"
	run -111 svok "$SV/file"
	[ "$output" = "svok: fatal: unable to chdir to $SV/file: not a directory" ]
}

@test "svok: a bare name is looked up in \$SVDIR, ./name and a/b in the cwd" {
	fake_supervise a
	exec 7<>"$SV/a/supervise/ok"
	run -0 svok a
	cd "$BATS_TEST_TMPDIR"
	run -0 svok sv/a
	run -111 svok ./a
	cd "$SV"
	run -0 svok ./a
	run -0 svok a/
	SVDIR=/nonexistent run -111 svok a
	exec 7>&-
}

@test "svok: several operands: 0 only if every one is supervised" {
	fake_supervise a
	fake_supervise b
	exec 7<>"$SV/a/supervise/ok"
	run -0 svok "$SV/a" "$SV/a"
	run -100 svok "$SV/a" "$SV/b"
	exec 7>&-
}

@test "svok: usage on stderr with 100; --help on stdout with 0" {
	run -100 --separate-stderr svok
	[ "$stderr" = "usage: svok [-u] DIR..." ]
	run -100 --separate-stderr svok -z "$SV"
	[ "$stderr" = $'svok: illegal option -- z\nusage: svok [-u] DIR...' ]
	run -0 --separate-stderr svok --help
	[ "$output" = "usage: svok [-u] DIR..." ]
}

@test "svok: -u and svup: 0 only when the service runs" {
	fake_supervise a
	exec 7<>"$SV/a/supervise/ok"
	fake_status a 1234 1
	run -0 svok -u "$SV/a"
	run -0 svup "$SV/a"
	fake_status a 0 0
	run -100 svok -u "$SV/a"
	run -100 svup a
	fake_status a 1234 2
	run -100 svup a
	printf 'short' >"$SV/a/supervise/status"
	run -111 svup a
	[ "$output" = "svup: fatal: unable to read a/supervise/status: bad format" ]
	exec 7>&-
	run -100 svup a
}

@test "svok: a symlink named svok runs the applet" {
	fake_supervise a
	ln -s "$SVBOX" "$BATS_TEST_TMPDIR/svok"
	run -100 "$BATS_TEST_TMPDIR/svok" "$SV/a"
	run -0 "$SVBOX" svok --help
	[ "$output" = "usage: svok [-u] DIR..." ]
}

@test "svok: svbox lists applets, rejects unknown ones with 127 (#11.19)" {
	run -0 "$SVBOX" --list
	[[ $output == *svok* ]]
	run -127 "$SVBOX" no-such-applet
	[[ ${lines[0]} == "svbox: warning: unknown applet: no-such-applet" ]]
}

@test "svok: svbox --install makes one symlink per applet" {
	require_config INSTALLER
	d=$BATS_TEST_TMPDIR/inst
	mkdir "$d"
	run -0 "$SVBOX" --install "$d"
	[ -L "$d/svok" ]
	[ "$(readlink -f "$d/svok")" = "$(readlink -f "$SVBOX")" ]
	[ "$(ls "$d" | wc -l)" = "$("$SVBOX" --list | wc -l)" ]
	rm "$d/svup" && touch "$d/svup"
	run -111 "$SVBOX" --install "$d"
	[[ $output == *"unable to install $d/svup: exists and is not a symlink"* ]]
}

@test "svok: a regular file as supervise/ok is refused, not taken for a supervisor (#19.6)" {
	mkdir -p "$SV/a/supervise"
	touch "$SV/a/supervise/ok"
	run -111 svok "$SV/a"
	[ "$output" = "svok: fatal: unable to open $SV/a/supervise/ok: not a fifo" ]
}

@test "svok: svup checks the log service too; -l the main only, -L the log only (#11.6)" {
	fake_supervise a
	mkdir -p "$SV/a/log"
	fake_supervise a/log
	exec 7<>"$SV/a/supervise/ok"
	exec 8<>"$SV/a/log/supervise/ok"
	fake_status a 1234 1
	fake_status a/log 0 0
	run -100 svup "$SV/a"
	run -0 svup -l "$SV/a"
	run -100 svup -L "$SV/a"
	fake_status a/log 1235 1
	run -0 svup "$SV/a"
	run -0 svup -L "$SV/a"
	fake_status a 0 0
	run -100 svup "$SV/a"
	run -100 svup -l "$SV/a"
	run -0 svup -L "$SV/a"
	exec 8>&-
	run -100 svup -L "$SV/a"
	# no log/: -L looks at the service itself
	fake_supervise b
	exec 8<>"$SV/b/supervise/ok"
	fake_status b 1234 1
	run -0 svup -L "$SV/b"
	run -100 svup -x "$SV/b"
	[ "${lines[0]}" = "svup: illegal option -- x" ]
	[ "${lines[1]}" = "usage: svup [-lL] DIR..." ]
	exec 7>&- 8>&-
}

@test "svok: -u and svup: with readiness (notification-fd), up means ready" {
	require_config POLICY
	require_applet runsv svup
	mksvc a 'while [ ! -e go ]; do sleep 0.02; done; echo >&4; exec sleep 100'
	echo 4 >"$SV/a/notification-fd"
	start_runsv a
	wait_stat "$SV/a" run
	run -100 svok -u "$SV/a"
	run -100 svup "$SV/a"
	touch "$SV/a/go"
	wait_for 5 svok -u "$SV/a"
	run -0 svup "$SV/a"
	run -0 svok "$SV/a"
}
