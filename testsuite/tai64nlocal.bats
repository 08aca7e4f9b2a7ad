#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# testsuite/tai64nlocal.bats - subject: applets/tai64nlocal.c, libsv/tai.c,
# docs/tai64nlocal.8
load helpers

setup() {
	require_applet tai64nlocal
}

@test "tai64nlocal: a label at a line's start becomes local time; the rest is kept" {
	run -0 env TZ=UTC0 tai64nlocal <<<'@400000006b0bc18325a3cf94 hello world'
	[ "$output" = "2026-11-29 06:08:57.631492500 hello world" ]
	run -0 env TZ=EST5 tai64nlocal <<<'@400000006b0bc18325a3cf94 hello'
	[ "$output" = "2026-11-29 01:08:57.631492500 hello" ]
	# a zone with rules: summer and winter offsets from the same TZ
	run -0 env TZ=CET-1CEST,M3.5.0,M10.5.0/3 tai64nlocal <<<'@400000006b0bc18325a3cf94 winter
@40000000686123460000000a summer'
	[ "${lines[0]}" = "2026-11-29 07:08:57.631492500 winter" ]
	[ "${lines[1]}" = "2025-06-29 13:27:56.000000010 summer" ]
}

@test "tai64nlocal: lines without a whole label pass unchanged, whatever their bytes" {
	printf 'plain\n@4000 short\n@zzzzzzzzzzzzzzzzzzzzzzzz x\n\n @400000006b0bc18325a3cf94 not at the start\n@' >"$BATS_TEST_TMPDIR/in"
	run -0 env TZ=UTC0 tai64nlocal <"$BATS_TEST_TMPDIR/in"
	cmp "$BATS_TEST_TMPDIR/in" <(printf '%s\n' "$output" | head -c "$(wc -c <"$BATS_TEST_TMPDIR/in")")
	# a label alone on a line, in capitals, and a last line without newline
	run -0 env TZ=UTC0 tai64nlocal < <(printf '@400000006b0bc18325a3cf94\n@400000006B0BC18325A3CF94 up')
	[ "$output" = "2026-11-29 06:08:57.631492500
2026-11-29 06:08:57.631492500 up" ]
}

@test "tai64nlocal: labels split across reads and 100,000 lines come out right" {
	# a label written in two pieces, with a pause between them
	run -0 env TZ=UTC0 sh -c '{ printf "@400000006b0b"; sleep 0.2; printf "c18325a3cf94 x\n"; } | tai64nlocal'
	[ "$output" = "2026-11-29 06:08:57.631492500 x" ]
	seq 1 100000 | sed 's/^/@400000006b0bc18325a3cf94 /' >"$BATS_TEST_TMPDIR/in"
	TZ=UTC0 tai64nlocal <"$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/out"
	run -0 diff <(seq 1 100000 | sed 's/^/2026-11-29 06:08:57.631492500 /') "$BATS_TEST_TMPDIR/out"
}

@test "tai64nlocal: reads what svlogd -t wrote" {
	require_applet svlogd
	mkdir "$BATS_TEST_TMPDIR/log"
	printf 'one\ntwo\n' | svlogd -t "$BATS_TEST_TMPDIR/log"
	TZ=UTC0 tai64nlocal <"$BATS_TEST_TMPDIR/log/current" >"$BATS_TEST_TMPDIR/out"
	grep -Eq '^20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{9} one$' "$BATS_TEST_TMPDIR/out"
	# the same second as date(1) says (or the next one)
	d=$(TZ=UTC0 date +%s)
	s=$(head -n 1 "$BATS_TEST_TMPDIR/out" | cut -c1-19)
	[ $((d - $(TZ=UTC0 date -d "$s" +%s))) -le 2 ]
}

@test "tai64nlocal: labels far beyond 2100 cost no more than others (a zone with rules)" {
	# 300 distinct labels up to 2^63 s: the year was searched for a
	# step at a time (0.5-1.8 s a label); each is one computation now
	awk 'BEGIN { for (i = 0; i < 300; i++) printf "@%x%015x00000000 x\n", 4 + i % 12, i * 7919 }' >"$BATS_TEST_TMPDIR/in"
	run -0 timeout 20 env TZ=CET-1CEST,M3.5.0,M10.5.0/3 tai64nlocal <"$BATS_TEST_TMPDIR/in"
	[ "${#lines[@]}" = 300 ]
}

@test "tai64nlocal: years before 1000 and past 9999 in as many digits as they have; before the year 0 and past 2^63 unchanged" {
	# 0000-01-01, 0001-01-01, 1000-01-01, 1843-03-31, 9999-12-31,
	# 10000-01-01, 36812-02-20, 3170843-11-07 (UTC), then 2^63 and more
	printf '%s x\n' @3ffffff1868b840a00000005 @3ffffff1886e090a00000005 \
		@3ffffff8df7d0c8a00000005 @3fffffff1194d80a00000005 \
		@4000003afff4418900000005 @4000003afff4418a00000005 \
		@400001000000000a00000005 @40005af3107a400a00000005 \
		@800000000000000000000005 @ffffffffffffffff00000005 >"$BATS_TEST_TMPDIR/in"
	run -0 env TZ=UTC0 tai64nlocal <"$BATS_TEST_TMPDIR/in"
	[ "$output" = "0-01-01 00:00:00.000000005 x
1-01-01 00:00:00.000000005 x
1000-01-01 00:00:00.000000005 x
1843-03-31 16:53:20.000000005 x
9999-12-31 23:59:59.000000005 x
10000-01-01 00:00:00.000000005 x
36812-02-20 00:36:16.000000005 x
3170843-11-07 09:46:40.000000005 x
@800000000000000000000005 x
@ffffffffffffffff00000005 x" ]
	# west of UTC the first moment is in the year -1: unchanged
	run -0 env TZ=EST5 tai64nlocal <"$BATS_TEST_TMPDIR/in"
	[ "${lines[0]}" = "@3ffffff1868b840a00000005 x" ]
	[ "${lines[1]}" = "0-12-31 19:00:00.000000005 x" ]
	[ "${lines[7]}" = "3170843-11-07 04:46:40.000000005 x" ]
	# daemontools' agrees where it prints a year of the calendar
	[ -x /usr/bin/tai64nlocal ] || skip "Debian's daemontools is not installed"
	head -n 8 "$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/in8"
	for tz in UTC0 Europe/Berlin; do
		[ "$tz" = UTC0 ] || [ -f "/usr/share/zoneinfo/$tz" ] || continue
		TZ=$tz /usr/bin/tai64nlocal <"$BATS_TEST_TMPDIR/in8" >"$BATS_TEST_TMPDIR/dt"
		TZ=$tz tai64nlocal <"$BATS_TEST_TMPDIR/in8" >"$BATS_TEST_TMPDIR/sv"
		cmp "$BATS_TEST_TMPDIR/dt" "$BATS_TEST_TMPDIR/sv"
	done
}

@test "tai64nlocal: usage 111; a write error 111" {
	run -111 tai64nlocal -x
	[ "${lines[1]}" = "usage: tai64nlocal " ] || [ "${lines[1]}" = "usage: tai64nlocal" ]
	run -111 sh -c 'echo x | tai64nlocal >/dev/full'
	[ "$output" = "tai64nlocal: fatal: unable to write output: out of disk space" ]
}

@test "tai64nlocal: the same lines as daemontools' tai64nlocal (interop)" {
	[ -x /usr/bin/tai64nlocal ] || skip "Debian's daemontools is not installed"
	# (daemontools' crashes on a malformed label: only whole ones here)
	printf '@400000006b0bc18325a3cf94 a\nplain\n@40000000686123460000000a b\n\n' >"$BATS_TEST_TMPDIR/in"
	for tz in UTC0 EST5 CET-1CEST,M3.5.0,M10.5.0/3; do
		TZ=$tz /usr/bin/tai64nlocal <"$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/dt"
		TZ=$tz tai64nlocal <"$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/sv"
		cmp "$BATS_TEST_TMPDIR/dt" "$BATS_TEST_TMPDIR/sv"
	done
}

@test "tai64nlocal: libsv/tz.c agrees with glibc's localtime on rules and zone files 1970-2100 (interop)" {
	[ -x /usr/bin/tai64nlocal ] || skip "Debian's daemontools is not installed"
	# 3,000 stamps spread over 1970-2100, a third of them near now
	awk 'BEGIN { srand(7); for (i = 0; i < 3000; i++) {
		s = i % 3 ? int(rand() * 4102444800) : 1500000000 + int(rand() * 700000000)
		printf "@4000%012x%08x x\n", s + 10, int(rand() * 999999999) } }' >"$BATS_TEST_TMPDIR/in"
	zones="UTC0 EST5 EST5EDT <+0330>-3:30 X+12:45 XYZ+12:45 <AB>1 NZST-12NZDT,M9.5.0,M4.1.0/3
		<-03>3<-02>,M3.5.0/-2,M10.5.0/-1 EST5EDT,0/0,J365/25 AAA0BBB,J60/0,300/-1:30"
	if [ -d /usr/share/zoneinfo/Europe ]; then
		zones="$zones Europe/Berlin :America/New_York Australia/Sydney Asia/Kolkata
			America/Sao_Paulo Africa/Casablanca Pacific/Chatham Asia/Tehran
			Europe/Dublin America/St_Johns Antarctica/Troll $(readlink -f /etc/localtime)"
	fi
	n=0
	for tz in $zones; do
		TZ=$tz /usr/bin/tai64nlocal <"$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/dt"
		TZ=$tz tai64nlocal <"$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/sv"
		cmp "$BATS_TEST_TMPDIR/dt" "$BATS_TEST_TMPDIR/sv" || { echo "differs: TZ=$tz"; return 1; }
		n=$((n + 1))
	done
	[ "$n" -ge 9 ]
	# TZ unset: /etc/localtime, as glibc reads it
	env -u TZ /usr/bin/tai64nlocal <"$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/dt"
	env -u TZ tai64nlocal <"$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/sv"
	cmp "$BATS_TEST_TMPDIR/dt" "$BATS_TEST_TMPDIR/sv"
}
