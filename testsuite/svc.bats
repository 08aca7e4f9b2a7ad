#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# testsuite/svc.bats - subject: applets/svc.c, docs/svc.8
load helpers

setup() {
	require_applet svc
	setup_svdir
}

# a fake supervisor: DIR/supervise/control read by the test on fd 8
fake() {
	mkdir -p "$SV/$1/supervise"
	mkfifo "$SV/$1/supervise/control" "$SV/$1/supervise/ok"
}
got() { timeout 2 dd bs=64 count=1 status=none <&8; }

@test "svc: one write per DIR, letters in first-appearance order, deduplicated" {
	fake a
	exec 8<>"$SV/a/supervise/control"
	run -0 svc -xdutd a
	[ "$(got)" = xdut ]
	run -0 svc -k -t -h "$SV/a"
	[ "$(got)" = kth ]
	run -0 svc -udopchaitkxq12 a
	[ "$(got)" = udopchaitkxq12 ]
	exec 8>&-
}

@test "svc: no supervisor: a warning, exit 1, never blocks, other DIRs still served" {
	fake a
	fake b
	exec 8<>"$SV/b/supervise/control"
	run -1 --separate-stderr timeout 5 svc -u a b missing
	[ "${stderr_lines[0]}" = "svc: warning: unable to control a: supervise not running" ]
	[ "${stderr_lines[1]}" = "svc: warning: unable to chdir to missing: file does not exist" ]
	[ "$(got)" = u ]
	mkdir "$SV/c"
	run -1 svc -u c
	[ "$output" = "svc: warning: unable to control c: file does not exist" ]
	exec 8>&-
}

@test "svc: name resolution by the proposal's rule" {
	fake a
	exec 8<>"$SV/a/supervise/control"
	run -0 svc -h a
	[ "$(got)" = h ]
	cd "$BATS_TEST_TMPDIR"
	run -0 svc -a sv/a
	[ "$(got)" = a ]
	run -1 svc -a ./a
	cd "$SV"
	run -0 svc -i ./a
	[ "$(got)" = i ]
	exec 8>&-
}

@test "svc: usage: 100 for an unknown letter, 0 with nothing to do" {
	run -100 --separate-stderr svc -z a
	[ "$stderr" = $'svc: illegal option -- z\nusage: svc [-udopchaitkxq12] DIR...' ]
	run -100 svc -w a
	run -0 svc
	run -0 svc -u
}

@test "svc: controls a real runsv: -d, -u, -x" {
	require_applet runsv
	mksvc a 'exec sleep 100'
	start_runsv a
	wait_stat "$SV/a" run
	run -0 svc -d a
	wait_stat "$SV/a" down
	run -0 svc -u a
	wait_stat "$SV/a" run
	run -0 svc -dx a
	wait_gone 5 "$RUNSV_PID"
	run -1 svc -u a
}
