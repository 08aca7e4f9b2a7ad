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

@test "svbox: a build without --install says so; --help offers it only where built (#18)" {
	run -0 "$SVBOX" --help
	if has INSTALLER; then
		[[ ${lines[0]} == *"| --install DIR |"* ]]
		skip "CONFIG_INSTALLER is on (svok.bats tests --install)"
	fi
	[[ ${lines[0]} != *--install* ]]
	run -100 "$SVBOX" --install "$BATS_TEST_TMPDIR"
	[ "$output" = "svbox: fatal: unable to install: not in this build (CONFIG_INSTALLER)" ]
	[ -z "$(ls "$BATS_TEST_TMPDIR")" ]
}

@test "svbox: a static build reads the thread pointer only where it sets it (#18)" {
	# libsv/start.c replaces musl's start-up, which sets the thread
	# pointer; a libc function linked in that reads it (errno, the stack
	# protector's canary) would then crash on its first call
	command -v objdump >/dev/null || skip "no objdump"
	readelf -lW "$SVBOX" | grep -q 'INTERP' && skip "a dynamic build"
	objdump -d --no-show-raw-insn "$SVBOX" >"$BATS_TEST_TMPDIR/dis"
	case $(uname -m) in
	x86_64)
		read_tp='%fs:'
		set_tp='mov +\$0x9e,%eax' ;; # arch_prctl
	aarch64)
		read_tp='mrs.*tpidr_el0'
		set_tp='msr +tpidr_el0' ;;
	*) skip "not x86_64 or aarch64" ;;
	esac
	if grep -Eq "$read_tp" "$BATS_TEST_TMPDIR/dis"; then
		grep -Eq "$set_tp" "$BATS_TEST_TMPDIR/dis"
	fi
	# and it runs: an applet's failure path sets errno
	run -1 "$SVBOX" sv status "$BATS_TEST_TMPDIR/none"
	[ "$output" = "fail: $BATS_TEST_TMPDIR/none: unable to change to service directory: file does not exist" ]
}
