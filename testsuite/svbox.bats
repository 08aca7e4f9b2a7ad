#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# testsuite/svbox.bats - subject: main.c (the dispatcher), libsv/opt.c's
# messages, docs/svbox.8
load helpers

@test "svbox: --version prints the tree's version; applets' -V say it too (#11.17)" {
	run -0 "$SVBOX" --version
	[[ $output =~ ^svbox\ [0-9]+\.[0-9]+\.[0-9]+ ]]
	v=${output#svbox }
	[ "$v" != "" ]
	grep -q "^$(cat "$BATS_TEST_DIRNAME/../VERSION")" <<<"$v"
	if "$SVBOX" --list | grep -qx sv; then
		run -100 "$SVBOX" sv -V
		[ "${lines[0]}" = "sv: svbox $v" ]
	fi
}

@test "svbox: an unknown applet exits 127, as busybox and the shell do (#11.19)" {
	run -127 "$SVBOX" no-such-applet
	[ "${lines[0]}" = "svbox: warning: unknown applet: no-such-applet" ]
	ln -s "$SVBOX" "$BATS_TEST_TMPDIR/nosuch"
	run -0 "$BATS_TEST_TMPDIR/nosuch" --list
}

@test "svbox: a bad option is named, as runit names it (#11.19)" {
	require_applet sv
	run -100 sv -Z status x
	[ "${lines[0]}" = "sv: illegal option -- Z" ]
	[ "${lines[1]}" = "usage: sv [-v] [-w SEC] [-l|-m] COMMAND SERVICE..." ]
	run -100 sv -w
	[ "${lines[0]}" = "sv: option requires an argument -- w" ]
	if "$SVBOX" --list | grep -qx svlogd; then
		run -111 svlogd -Z x
		[ "${lines[0]}" = "svlogd: illegal option -- Z" ]
	fi
}
