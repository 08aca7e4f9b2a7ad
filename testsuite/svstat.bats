#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# testsuite/svstat.bats - subject: applets/svstat.c, docs/svstat.8
load helpers

setup() {
	require_applet svstat runsv
	setup_svdir
}

@test "svstat: daemontools format from runit's record, with a log line" {
	mksvc a 'exec sleep 100' log 'exec cat >/dev/null'
	mksvc b 'exec sleep 100'
	touch "$SV/b/down"
	start_runsv a
	start_runsv b
	wait_stat "$SV/a" run
	wait_stat "$SV/a/log" run
	wait_stat "$SV/b" down
	run -0 svstat a b
	[[ ${lines[0]} =~ ^a:\ up\ \(pid\ [0-9]+\)\ [0-9]+\ seconds$ ]]
	[[ ${lines[1]} =~ ^a/log:\ up\ \(pid\ [0-9]+\)\ [0-9]+\ seconds$ ]]
	[[ ${lines[2]} =~ ^b:\ down\ [0-9]+\ seconds$ ]]
	run -0 svstat -l a
	[ "${#lines[@]}" = 1 ]
	run -0 svstat -L a b
	[[ ${lines[0]} =~ ^a/log:\ up ]]
	[ "${lines[1]}" = "b: no log service" ]
	send "$SV/b" o
	wait_stat "$SV/b" "run, want down"
	run -0 svstat b
	[[ $output =~ ^b:\ up\ \(pid\ [0-9]+\)\ [0-9]+\ seconds,\ normally\ down,\ want\ down$ ]]
	send "$SV/a" p
	wait_stat "$SV/a" "run, paused"
	send "$SV/a" d
	wait_stat "$SV/a" "down, paused"
	run -0 svstat -l a
	[[ $output =~ ^a:\ down\ [0-9]+\ seconds,\ normally\ up$ ]]
	send "$SV/a" xu
}

@test "svstat: errors in daemontools' words, exit 0" {
	mksvc a 'exec sleep 100'
	mkdir "$SV/a/supervise"
	mkfifo "$SV/a/supervise/ok"
	touch "$SV/file"
	run -0 svstat a missing file "$SV"
	[ "${lines[0]}" = "a: supervise not running" ]
	[ "${lines[1]}" = "missing: unable to chdir: file does not exist" ]
	[ "${lines[2]}" = "file: unable to chdir: not a directory" ]
	[ "${lines[3]}" = "$SV: unable to open supervise/ok: file does not exist" ]
	exec 7<>"$SV/a/supervise/ok"
	run -0 svstat a
	[ "$output" = "a: unable to open supervise/status: file does not exist" ]
	printf '0123456789' >"$SV/a/supervise/status"
	run -0 svstat a
	[ "$output" = "a: unable to read supervise/status: bad format" ]
	# daemontools' 18-byte record is accepted
	printf '\x40\0\0\0\0\0\0\0\0\0\0\0\x39\x30\0\0\0u' >"$SV/a/supervise/status"
	run -0 svstat a
	[[ $output =~ ^a:\ up\ \(pid\ 12345\)\ [0-9]+\ seconds$ ]]
	exec 7>&-
	run -0 svstat
	[ -z "$output" ]
	run -100 svstat -x a
}

@test "svstat: the same lines as daemontools' svstat (interop)" {
	[ -x /usr/bin/svstat ] || skip "Debian's daemontools is not installed"
	mksvc a 'exec sleep 100'
	mksvc b 'exec sleep 100'
	touch "$SV/b/down"
	start_runsv a
	start_runsv b
	wait_stat "$SV/a" run
	wait_stat "$SV/b" down
	cd "$SV"
	# (the two run at different moments: a second may tick between them;
	# it cannot do so three times in a row)
	same() { local i; for i in 1 2 3; do diff <(/usr/bin/svstat "$@") <(svstat -l "$@") && return 0; done; return 1; }
	same ./a ./b ./missing
	send a p
	wait_stat a "run, paused"
	send b o
	wait_stat b "run, want down"
	same ./a ./b
}

@test "svstat: a 255-character name prints whole (#11.1)" {
	name=$(printf 'n%.0s' $(seq 255))
	mksvc "$name" 'exec sleep 100'
	start_runsv "$name"
	wait_stat "$SV/$name" run
	run -0 svstat "$SV/$name"
	[[ $output =~ ^$SV/$name:\ up\ \(pid\ [0-9]+\)\ [0-9]+\ seconds$ ]]
}
