#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# testsuite/runit.bats - subject: applets/runit.c, docs/runit.8,
# docs/runit-init.8, docs/runsvchdir.8, docs/utmpset.8
# applets: runit runit-init runsvchdir utmpset
# runit runs only as process no 1 of a pid namespace made here, with its
# stage scripts in the test's directory (RUNIT_DIR); reboot(2) there ends
# the namespace's init with a signal (INT: halt, HUP: reboot).
load helpers

setup() {
	require_applet runit runit-init
	setup_svdir
	E=$BATS_TEST_TMPDIR/etc
	mkdir -p "$E"
}

need_ns() {
	[ "$(id -u)" = 0 ] || skip "pid namespaces need root here"
	unshare --pid --fork --mount-proc true 2>/dev/null || skip "no pid namespaces here"
}

# stage N 'shell code': RUNIT_DIR/N
stage() {
	printf '#!/bin/sh\n%s\n' "$2" >"$E/$1"
	chmod +x "$E/$1"
}

# boot: runit as process no 1 of a new pid namespace; its exit status
# (128 + the signal that ended it) in $BATS_TEST_TMPDIR/rc, its stderr
# in $BATS_TEST_TMPDIR/console. Sets NS_INIT.
boot() {
	bg sh -c 'RUNIT_DIR="$1" unshare --pid --fork --mount-proc runit 2>"$0/console"; echo $? >"$0/rc"' \
		"$BATS_TEST_TMPDIR" "$E"
}
# ns_init: NS_INIT, the namespace's init as seen from here
ns_init() {
	local u
	wait_for 5 eval 'pgrep -f "^unshare --pid --fork --mount-proc runit" -P "$BG_PID"'
	u=$(pgrep -f "^unshare --pid --fork --mount-proc runit" -P "$BG_PID")
	wait_for 5 eval 'pgrep -P "$u"'
	NS_INIT=$(pgrep -P "$u")
}
rc() { wait_for "$1" test -s "$BATS_TEST_TMPDIR/rc" && cat "$BATS_TEST_TMPDIR/rc"; }
out() { cat "$BATS_TEST_TMPDIR/out" 2>/dev/null | tr '\n' ' '; }

@test "runit: only as process no 1 (111 and a message otherwise)" {
	run -111 runit
	[ "$output" = "runit: fatal: must be run as process no 1" ]
	run -100 runit-init 5
	[ "${lines[0]}" = "usage: runit-init 0|6" ]
	run -100 runit-init
}

@test "runit: stages 1, 2, 3 in order with their output; runit-init 0 halts, 6 reboots" {
	need_ns
	O=$BATS_TEST_TMPDIR/out
	stage 1 "echo one >>$O"
	stage 2 "echo two >>$O; while [ ! -e $BATS_TEST_TMPDIR/go ]; do sleep 0.02; done; runit-init \$(cat $BATS_TEST_TMPDIR/how); exec sleep 100"
	stage 3 "echo three >>$O"
	for how in 0:130 6:129; do
		rm -f "$O" "$BATS_TEST_TMPDIR/rc" "$BATS_TEST_TMPDIR/go"
		echo "${how%:*}" >"$BATS_TEST_TMPDIR/how"
		boot
		wait_for 5 eval '[ "$(out)" = "one two " ]'
		touch "$BATS_TEST_TMPDIR/go"
		[ "$(rc 10)" = "${how#*:}" ]
		[ "$(out)" = "one two three " ]
		[ "$(stat -c %a "$E/stopit")" = 100 ]
		if [ "${how%:*}" = 6 ]; then
			[ "$(stat -c %a "$E/reboot")" = 100 ]
		else
			[ ! -e "$E/reboot" ] || [ "$(stat -c %a "$E/reboot")" = 0 ]
		fi
		grep -q "runit: sending KILL to all processes" "$BATS_TEST_TMPDIR/console"
	done
}

@test "runit: stage 1 exiting 100 skips stage 2" {
	need_ns
	O=$BATS_TEST_TMPDIR/out
	stage 1 "echo one >>$O; exit 100"
	stage 2 "echo two >>$O; exec sleep 100"
	stage 3 "echo three >>$O"
	boot
	[ "$(rc 10)" = 130 ]
	[ "$(out)" = "one three " ]
}

@test "runit: a crashed stage 2 is restarted; one that returns 0 leads to stage 3" {
	need_ns
	O=$BATS_TEST_TMPDIR/out
	stage 1 ":"
	stage 2 "echo two >>$O; [ \$(grep -c two $O) -ge 3 ] && exit 0; kill -KILL \$\$"
	stage 3 "echo three >>$O"
	boot
	[ "$(rc 10)" = 130 ]
	[ "$(out)" = "two two two three " ]
	grep -q "stage 2 crashed: restarting it" "$BATS_TEST_TMPDIR/console"
}

@test "runit: Ctrl-Alt-Del (INT) runs ctrlaltdel, then acts on stopit; orphans are reaped" {
	need_ns
	O=$BATS_TEST_TMPDIR/out
	stage 1 ":"
	# stage 2 leaves orphans: they end at once and must not stay zombies
	stage 2 "(sleep 0.1 &); (sleep 0.1 &); echo two >>$O; exec sleep 100"
	stage 3 "echo three >>$O"
	stage ctrlaltdel "echo cad >>$O; : >$E/stopit; chmod 100 $E/stopit; : >$E/reboot; chmod 100 $E/reboot"
	boot
	ns_init
	wait_for 5 eval '[ "$(out)" = "two " ]'
	sleep 0.5 # negative check: zombies would stay
	! ps -o stat= --ppid "$NS_INIT" | grep -q Z
	kill -INT "$NS_INIT"
	[ "$(rc 10)" = 129 ]
	[ "$(out)" = "two cad three " ]
}

@test "runit: CONT without an executable stopit changes nothing" {
	need_ns
	O=$BATS_TEST_TMPDIR/out
	stage 1 ":"
	stage 2 "echo two >>$O; exec sleep 100"
	stage 3 "echo three >>$O"
	boot
	ns_init
	wait_for 5 eval '[ "$(out)" = "two " ]'
	: >"$E/stopit"
	kill -CONT "$NS_INIT"
	sleep 0.5 # negative check
	[ "$(out)" = "two " ]
	chmod 100 "$E/stopit"
	kill -CONT "$NS_INIT"
	[ "$(rc 10)" = 130 ]
	[ "$(out)" = "two three " ]
}

@test "runsvchdir: current points at DIR, previous at the old one; bad input" {
	require_applet runsvchdir
	mkdir -p "$E/runsvdir/default" "$E/runsvdir/single"
	ln -s default "$E/runsvdir/current"
	export RUNIT_DIR=$E
	run -0 runsvchdir single
	[ "$(readlink "$E/runsvdir/current")" = single ]
	[ "$(readlink "$E/runsvdir/previous")" = default ]
	run -0 runsvchdir default
	[ "$(readlink "$E/runsvdir/current")" = default ]
	[ "$(readlink "$E/runsvdir/previous")" = single ]
	run -111 runsvchdir nosuch
	[ "$output" = "runsvchdir: fatal: unable to stat nosuch: file does not exist" ]
	[ "$(readlink "$E/runsvdir/current")" = default ]
	touch "$E/runsvdir/afile"
	run -111 runsvchdir afile
	[ "$output" = "runsvchdir: fatal: unable to use afile: not a directory" ]
	run -100 runsvchdir current
	run -100 runsvchdir
	RUNIT_DIR=$BATS_TEST_TMPDIR/none run -111 runsvchdir single
	[[ $output =~ ^runsvchdir:\ fatal:\ unable\ to\ change\ to\ directory ]]
}

# one glibc utmp record (384 bytes): TYPE PID LINE USER
urec() {
	printf "\\x$(printf %02x "$1")\\x00\\x00\\x00"
	printf "\\x$(printf %02x $(($2 & 255)))\\x$(printf %02x $(($2 >> 8 & 255)))\\x00\\x00"
	printf '%s' "$3"; head -c $((32 - ${#3})) /dev/zero
	printf '%s' "${3: -4}"
	printf '%s' "$4"; head -c $((32 - ${#4})) /dev/zero
	printf 'somehost'; head -c 248 /dev/zero
	head -c 52 /dev/zero
}

@test "utmpset: a logout record for LINE in utmp, and with -w in wtmp" {
	require_applet utmpset
	[ "$(id -u)" = 0 ] || skip "mount namespaces need root here"
	unshare --mount true 2>/dev/null || skip "no mount namespaces here"
	u=$BATS_TEST_TMPDIR/utmp w=$BATS_TEST_TMPDIR/wtmp
	{ urec 7 4242 tty1 root; urec 7 4343 tty2 bob; } >"$u"
	: >"$w"
	[ "$(stat -c %s "$u")" = 768 ]
	# utmp and wtmp at their fixed paths, in a private mount namespace
	run -0 unshare --mount sh -c 'mount --bind "$1" /var/run/utmp 2>/dev/null ||
		{ mount -t tmpfs none /run && : >/run/utmp && mount --bind "$1" /run/utmp; } &&
		mount --bind "$2" /var/log/wtmp && utmpset -w tty2' - "$u" "$w"
	# tty2: DEAD_PROCESS (8), user and host cleared; tty1 untouched
	[ "$(od -An -tu2 -j 384 -N2 "$u" | tr -d ' ')" = 8 ]
	[ -z "$(head -c $((384 + 44 + 288)) "$u" | tail -c 288 | tr -d '\0')" ]
	[ "$(od -An -tu2 -N2 "$u" | tr -d ' ')" = 7 ]
	[ "$(head -c 48 "$u" | tail -c 4)" = root ]
	[ "$(stat -c %s "$w")" = 384 ]
	[ "$(od -An -tu2 -N2 "$w" | tr -d ' ')" = 8 ]
	run -100 utmpset
	run -100 utmpset -x tty1
}
