#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# testsuite/svlogd.bats - subject: applets/svlogd.c, libsv/logdir.c, docs/svlogd.8
load helpers

setup() {
	require_applet svlogd
	L=$BATS_TEST_TMPDIR/log
	mkdir -p "$L"
}


# small_tmpfs SIZE [OPTIONS]: a tmpfs of SIZE in $M (root only), unmounted
# at teardown
small_tmpfs() {
	[ "$(id -u)" = 0 ] || skip "mounting a small tmpfs needs root"
	M=$BATS_TEST_TMPDIR/mnt
	mkdir "$M"
	mount -t tmpfs -o "size=$1${2:+,$2}" tmpfs "$M" 2>/dev/null || skip "cannot mount tmpfs here"
}

teardown() {
	sv_teardown
	if [ -n "${M:-}" ] && mountpoint -q "$M"; then umount "$M"; fi
}
all() { cat "$1"/@* "$1/current" 2>/dev/null; }

# paused_logger SIZE CONFIG WRITER STEP [OPTIONS]: svlogd (pid in $logger,
# stderr in err) with CONFIG on a tmpfs of SIZE, fed through a fifo by sh
# -c WRITER (the fifo is $1), which blocks while svlogd pauses; returns
# once svlogd says it pauses at STEP for lack of space
paused_logger() {
	small_tmpfs "$1" "${5:-}"
	printf '%s\n' "$2" >"$M/config"
	mkfifo "$BATS_TEST_TMPDIR/in"
	bg sh -c 'exec svlogd "$1" <"$2" 2>"$3"' - "$M" "$BATS_TEST_TMPDIR/in" "$BATS_TEST_TMPDIR/err"
	logger=$BG_PID
	bg sh -c "$3" - "$BATS_TEST_TMPDIR/in"
	wait_for 10 grep -q "^svlogd: pausing: unable to $4: $M: out of disk space$" "$BATS_TEST_TMPDIR/err"
}

@test "svlogd: lines go to current; -t, -tt, -ttt timestamps" {
	printf 'one\n\ntwo\n' | svlogd "$L"
	[ "$(cat "$L/current")" = $'one\n\ntwo' ]
	[ "$(stat -c %a "$L/current")" = 744 ]
	[ -f "$L/lock" ]
	rm "$L/current"
	printf 'x\n' | svlogd -t "$L"
	grep -Eq '^@4000000[0-9a-f]{17} x$' "$L/current"
	rm "$L/current"
	printf 'x\n' | svlogd -tt "$L"
	grep -Eq '^20[0-9]{2}-[01][0-9]-[0-3][0-9]_[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9]{5} x$' "$L/current"
	rm "$L/current"
	printf 'x\n' | svlogd -ttt "$L"
	grep -Eq '^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9]{5} x$' "$L/current"
	d=$(date -u +%Y-%m-%d)
	grep -q "^$d" "$L/current" || grep -q "^$(date -u -d '1 min ago' +%Y-%m-%d)" "$L/current"
}

@test "svlogd: the last line without newline is kept, with one added" {
	printf 'a\nb\npartial' | svlogd "$L"
	[ "$(cat "$L/current")" = $'a\nb\npartial' ]
	[ "$(tail -c 1 "$L/current" | od -An -c | tr -d ' ')" = '\n' ]
}

@test "svlogd: size rotation keeps at most n files named @TAI64N.s" {
	printf 's100\nn3\n' >"$L/config"
	seq 1 100 | sed 's/^/line /' | svlogd -l 30 "$L"
	run ls "$L"
	[ "$(ls "$L" | grep -c '^@[0-9a-f]\{24\}\.s$')" = 3 ]
	for f in "$L"/@*; do [ "$(stat -c %s "$f")" -le 100 ]; [ "$(stat -c %a "$f")" = 744 ]; done
	# the newest files are the ones kept
	[ "$(all "$L" | tail -n 1)" = "line 100" ]
}

@test "svlogd: no line lost with 200,000 lines through rotation" {
	printf 's100000\nn1000\n' >"$L/config"
	seq 1 200000 | svlogd -tt "$L"
	[ "$(ls "$L" | grep -c '^@')" -gt 10 ]
	run -0 diff <(seq 1 200000) <(cat "$L"/@*.s "$L/current" | cut -d' ' -f2-)
}

@test "svlogd: -r and -R replace bytes in the line" {
	printf '\ttab\001ctl\200hi ok\n' | svlogd -r _ "$L"
	[ "$(cat "$L/current")" = "_tab_ctl_hi ok" ]
	rm "$L/current"
	printf 'abcdef\n' | svlogd -R bd "$L"
	[ "$(cat "$L/current")" = "a_c_ef" ]
	rm "$L/current"
	printf 'abcdef\n' | svlogd -R bd -r x "$L"
	[ "$(cat "$L/current")" = "axcxef" ]
	run -111 svlogd -r ab "$L"
}

@test "svlogd: -l: long lines are written whole; stderr copies cut with ..." {
	printf 'e*\n' >"$L/config"
	long=$(printf '%0200d' 0)
	run -0 --separate-stderr svlogd -l 30 "$L" <<<"$long"
	[ "$(cat "$L/current")" = "$long" ]
	[ "$stderr" = "${long:0:30}..." ]
	# longer than the 128 KiB input buffer too
	big=$(head -c 200000 /dev/zero | tr '\0' y)
	printf '%s\nend\n' "$big" | svlogd "$L"
	[ "$(sed -n 2p "$L/current" | wc -c)" = 200001 ]
	[ "$(sed -n 3p "$L/current")" = end ]
	run -111 svlogd -l 2000 -b 1000 "$L"
}

@test "svlogd: patterns + - e E select lines and alerts" {
	printf -- '-*\n+a*\n-ab*\ne*warn*\n' >"$L/config"
	run -0 --separate-stderr svlogd "$L" <<<$'apple\nabc\nbanana\nawarn\nbwarn x'
	[ "$(cat "$L/current")" = $'apple\nawarn' ]
	[ "$stderr" = $'awarn\nbwarn x' ]
	printf -- '*: *: pid *\n' >/dev/null
	printf -- '-*\n+*: *: pid *\n' >"$L/config"
	rm "$L/current"
	svlogd "$L" <<<$'tcpsvd: info: pid 1977\nother'
	[ "$(cat "$L/current")" = "tcpsvd: info: pid 1977" ]
}

@test "svlogd: p prefixes lines; bad config lines are ignored" {
	has SVLOGD_PREFIX || skip "prefixes are not configured"
	printf 'pPFX: \nxgarbage\n# comment\n\ns 100\n' >"$L/config"
	svlogd -tt "$L" <<<'hello'
	grep -Eq '^[0-9-]{10}_[0-9:.]{14} PFX: hello$' "$L/current"
}

@test "svlogd: u sends lines by UDP, U only by UDP" {
	has SVLOGD_UDP || skip "UDP is not configured"
	command -v python3 >/dev/null || skip "python3 is needed to receive UDP"
	port=$((20000 + RANDOM % 20000))
	python3 -c 'import socket,sys
s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(("127.0.0.1",int(sys.argv[1]))); s.settimeout(5)
open(sys.argv[2],"w").close()
with open(sys.argv[2],"ab") as f:
    for i in range(2): f.write(s.recv(2000)); f.flush()' "$port" "$BATS_TEST_TMPDIR/udp" &
	wait_for 5 test -e "$BATS_TEST_TMPDIR/udp"
	printf 'u127.0.0.1:%s\n' "$port" >"$L/config"
	svlogd "$L" <<<'by udp and file'
	printf 'U127.0.0.1:%s\n' "$port" >"$L/config"
	svlogd "$L" <<<'by udp only'
	wait_for 5 file_has "$BATS_TEST_TMPDIR/udp" "by udp only"
	[ "$(cat "$BATS_TEST_TMPDIR/udp")" = $'by udp and file\nby udp only' ]
	[ "$(cat "$L/current")" = "by udp and file" ]
	printf 'u1.2.3:9\n' >"$L/config"
	run -0 --separate-stderr svlogd "$L" <<<'x'
	[ "$stderr" = "svlogd: warning: unable to scan ip address: 1.2.3:9" ]
}

@test "svlogd: an unclean stop leaves current aside as .u" {
	mkfifo "$BATS_TEST_TMPDIR/in"
	bg sh -c 'exec svlogd "$1" <"$2"' - "$L" "$BATS_TEST_TMPDIR/in"
	exec 7>"$BATS_TEST_TMPDIR/in"
	echo before >&7
	wait_for 5 file_has "$L/current" before
	[ "$(stat -c %a "$L/current")" = 644 ]
	kill -9 "$BG_PID"
	exec 7>&-
	echo after | svlogd "$L"
	[ "$(ls "$L" | grep -c '^@[0-9a-f]\{24\}\.u$')" = 1 ]
	[ "$(cat "$L"/@*.u)" = before ]
	[ "$(cat "$L/current")" = after ]
}

@test "svlogd: HUP rereads config; ALRM rotates; TERM ends at a line boundary" {
	mkfifo "$BATS_TEST_TMPDIR/in"
	bg sh -c 'exec svlogd "$1" <"$2"' - "$L" "$BATS_TEST_TMPDIR/in"
	exec 7>"$BATS_TEST_TMPDIR/in"
	echo one >&7
	wait_for 5 file_has "$L/current" one
	printf -- '-*\n+keep*\n' >"$L/config"
	kill -HUP "$BG_PID"
	wait_for 5 eval '[ "$(stat -c %a "$L/current")" = 644 ]'
	echo drop >&7
	echo keep this >&7
	wait_for 5 file_has "$L/current" "keep this"
	! grep -q drop "$L/current"
	kill -ALRM "$BG_PID"
	wait_for 5 eval 'ls "$L" | grep -q "^@.*\.s$"'
	printf 'keep half' >&7
	kill -TERM "$BG_PID"
	printf ' line\n' >&7
	wait_gone 5 "$BG_PID"
	# TERM ends at a line boundary: the line is logged whole, or left
	# whole in the pipe for the next logger; never cut, never lost
	exec 8<"$BATS_TEST_TMPDIR/in"
	exec 7>&-
	left=$(cat <&8)
	exec 8<&-
	if [ "$(tail -n 1 "$L/current")" = "keep half line" ]; then
		[ -z "$left" ]
	else
		[ "$left" = "keep half line" ]
		! grep -q half "$L/current"
	fi
	[ "$(stat -c %a "$L/current")" = 744 ]
}

@test "svlogd: t rotates by age" {
	printf 't1\n' >"$L/config"
	mkfifo "$BATS_TEST_TMPDIR/in"
	bg sh -c 'exec svlogd "$1" <"$2"' - "$L" "$BATS_TEST_TMPDIR/in"
	exec 7>"$BATS_TEST_TMPDIR/in"
	echo aging >&7
	wait_for 5 eval 'ls "$L" | grep -q "^@.*\.s$"'
	[ "$(cat "$L"/@*.s)" = aging ]
	exec 7>&-
}

@test "svlogd: the processor gets the rotated file on stdin; its output is the .s file" {
	require_config SVLOGD_PROCESSOR
	printf 's40\n!tr a-z A-Z; echo state >&5\n' >"$L/config"
	printf 'hello one\nhello two\nhello three\nhello four\n' | svlogd "$L"
	wait_for 5 eval '! ls "$L" | grep -q "\.u$"'
	run cat "$L"/@*.s
	[[ $output == *"HELLO ONE"* ]]
	[ "$(cat "$L/state")" = state ]
	! ls "$L" | grep -q '\.t$'
}

@test "svlogd: a build without processors says a ! line is not used and keeps rotated files as they are (#18)" {
	has SVLOGD_PROCESSOR && skip "CONFIG_SVLOGD_PROCESSOR is on"
	printf 's40\n!tr a-z A-Z\n' >"$L/config"
	run -0 --separate-stderr svlogd "$L" <<<$'hello one\nhello two\nhello three\nhello four'
	[ "$stderr" = "svlogd: warning: unable to run processor: $L: not in this build (CONFIG_SVLOGD_PROCESSOR)" ]
	run cat "$L"/@*.s
	[[ $output == *"hello one"* ]]
	! ls "$L" | grep -q '\.[ut]$'
	[ ! -e "$L/state" ]
}

@test "svlogd: several directories, each with its own config" {
	mkdir "$L/all" "$L/warn"
	printf -- '-*\n+*warn*\n' >"$L/warn/config"
	svlogd "$L/all" "$L/warn" <<<$'ok\na warning\nfine'
	[ "$(cat "$L/all/current")" = $'ok\na warning\nfine' ]
	[ "$(cat "$L/warn/current")" = "a warning" ]
	svlogd "$L/all" "$L/missing" <<<'still'
	[ "$(tail -n1 "$L/all/current")" = still ]
}

@test "svlogd: binary and NUL bytes pass through" {
	head -c 100000 /dev/urandom >"$BATS_TEST_TMPDIR/bin"
	printf '\n' >>"$BATS_TEST_TMPDIR/bin"
	svlogd -l 100 "$L" <"$BATS_TEST_TMPDIR/bin"
	cmp "$BATS_TEST_TMPDIR/bin" "$L/current"
}

@test "svlogd: a missing log directory: 111; a second svlogd: 111; usage: 111" {
	run -111 --separate-stderr svlogd "$L/missing" </dev/null
	[ "${stderr_lines[0]}" = "svlogd: warning: unable to open log directory: $L/missing: file does not exist" ]
	[ "${stderr_lines[1]}" = "svlogd: fatal: no functional log directories." ]
	mkfifo "$BATS_TEST_TMPDIR/in"
	bg sh -c 'exec svlogd "$1" <"$2"' - "$L" "$BATS_TEST_TMPDIR/in"
	exec 7>"$BATS_TEST_TMPDIR/in"
	wait_for 5 test -e "$L/lock"
	wait_for 5 eval 'svlogd "$L" </dev/null 2>&1 | grep -q "unable to lock directory: $L: temporary failure"'
	run -111 svlogd "$L" </dev/null
	exec 7>&-
	run -111 --separate-stderr svlogd
	[ "$stderr" = "usage: svlogd [-tttTv] [-r C] [-R CHARS] [-l LEN] [-b BUFLEN] DIR..." ]
	run -111 svlogd -x "$L"
}

@test "svlogd: a full disk: pauses, keeps every line, goes on when space returns" {
	small_tmpfs 256k
	printf 's100000\nn100\nN100\n' >"$M/config"
	seq 1 100000 >"$BATS_TEST_TMPDIR/in.txt"   # 588 KB
	bg sh -c 'exec svlogd "$1" <"$2" 2>"$3"' - "$M" "$BATS_TEST_TMPDIR/in.txt" "$BATS_TEST_TMPDIR/err"
	wait_for 10 grep -q "svlogd: pausing: unable to write to current: $M: out of disk space" "$BATS_TEST_TMPDIR/err"
	kill -0 "$BG_PID"
	mount -o remount,size=4m "$M"
	wait_gone 15 "$BG_PID"
	run -0 diff <(seq 1 100000) <(cat "$M"/@*.s "$M/current")
}

@test "svlogd: TERM is obeyed while paused on a full disk, and the loss is reported" {
	paused_logger 128k s0 'seq 1 40000 >"$1"' "write to current"
	kill -TERM "$logger"
	wait_gone 1 "$logger" # one more try at once, then out (#17; was 3 pauses)
	run -111 wait "$logger"
	grep -Eq "^svlogd: warning: exiting on TERM, unable to write [0-9]+ bytes to $M/current$" "$BATS_TEST_TMPDIR/err"
}

@test "svlogd: an unterminated last line of 128 KiB or more gets its newline too (#19.3)" {
	head -c 200000 /dev/zero | tr '\0' a | svlogd "$L"
	[ "$(tail -c 1 "$L/current" | od -An -c | tr -d ' ')" = '\n' ]
	[ "$(wc -c <"$L/current")" = 200001 ]
	# TERM on a long unterminated line: the same
	mkdir -p "$BATS_TEST_TMPDIR/log2"
	bg sh -c '{ head -c 300000 /dev/zero | tr "\0" b; exec sleep 100; } | exec svlogd "$1"' - "$BATS_TEST_TMPDIR/log2"
	wait_for 5 eval '[ "$(wc -c <"$BATS_TEST_TMPDIR/log2/current")" -ge 300000 ]'
	p=$(pgrep -g "$BG_PID" -x svlogd)
	kill -TERM "$p"
	wait_gone 5 "$p"
	[ "$(tail -c 1 "$BATS_TEST_TMPDIR/log2/current" | od -An -c | tr -d ' ')" = '\n' ]
	printf 'next\n' | svlogd "$L"
	[ "$(tail -n 1 "$L/current")" = next ]
	[ "$(wc -l <"$L/current")" = 2 ]
}

@test "svlogd: a fifo as config or current never hangs it; refused with a message (#19.4)" {
	mkfifo "$L/config"
	run -0 timeout -s KILL 5 svlogd "$L" <<<"x"
	[ "$output" = "svlogd: warning: unable to read config: $L: not a regular file, ignored" ]
	[ "$(cat "$L/current")" = x ]
	L2=$BATS_TEST_TMPDIR/log2
	mkdir "$L2"
	mkfifo "$L2/current"
	run -111 timeout -s KILL 5 svlogd "$L2" <<<"x"
	[ "${lines[0]}" = "svlogd: warning: unable to use $L2/current: not a regular file" ]
	[ "${lines[1]}" = "svlogd: fatal: no functional log directories." ]
	# a symlink planted as current is refused; its target is untouched
	L3=$BATS_TEST_TMPDIR/log3
	mkdir "$L3"
	ln -s "$BATS_TEST_TMPDIR/victim" "$L3/current"
	run -111 timeout -s KILL 5 svlogd "$L3" <<<"x"
	[ "${lines[0]}" = "svlogd: warning: unable to use $L3/current: not a regular file" ]
	[ ! -e "$BATS_TEST_TMPDIR/victim" ]
}

# --- #17: one loop, per-directory steps, no nested pause loops ---------

# cputicks PID: user + system clock ticks PID has used
cputicks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# paused_lines FILE: the pausing messages in FILE
paused_lines() { grep -c '^svlogd: pausing: ' "$1" || true; }

@test "svlogd: a full disk while a processor runs loses no line (#17)" {
	require_config SVLOGD_PROCESSOR
	small_tmpfs 200k
	# the processor's output is complete at once, and it is still running
	# when the disk fills: its .t must survive the disk-full cleanup
	printf 's30000\nn100\nN50\n!cat && exec sleep 0.2\n' >"$M/config"
	seq 1 60000 >"$BATS_TEST_TMPDIR/in.txt" # 349 KB
	mkfifo "$BATS_TEST_TMPDIR/in"
	bg sh -c 'exec svlogd "$1" <"$2" 2>"$3"' - "$M" "$BATS_TEST_TMPDIR/in" "$BATS_TEST_TMPDIR/err"
	logger=$BG_PID
	bg sh -c 'cat "$1" >"$2"' - "$BATS_TEST_TMPDIR/in.txt" "$BATS_TEST_TMPDIR/in"
	wait_for 20 grep -q "^svlogd: pausing: unable to write to current: $M: " "$BATS_TEST_TMPDIR/err"
	mount -o remount,size=8m "$M"
	wait_gone 30 "$logger"
	run -0 wait "$logger"
	# the message says why: errno survives the cleanup's directory scan
	grep -q "^svlogd: pausing: unable to write to current: $M: out of disk space$" "$BATS_TEST_TMPDIR/err"
	! grep -q 'Success' "$BATS_TEST_TMPDIR/err"
	# every line once, in order, in the old files (processed, or .u where
	# a processor failed on the full disk and was given up) and current
	[ -z "$(ls "$M" | grep -E '^@.*\.t$')" ]
	run -0 diff <(seq 1 60000) <(cat $(ls -d "$M"/@*.[su] | sort) "$M/current")
}

@test "svlogd: HUP, ALRM and CHLD while paused: no spin, one message a pause (#17)" {
	paused_logger 64k s0 'seq 1 40000 >"$1"' "write to current"
	t0=$(cputicks "$logger")
	kill -HUP "$logger"
	kill -ALRM "$logger"
	kill -CHLD "$logger"
	elapse 1500
	kill -0 "$logger"
	# a pause is 3 s: at most one more message in 1.5 s, and no CPU
	# (before: the pending signals woke poll at once, forever)
	[ "$(paused_lines "$BATS_TEST_TMPDIR/err")" -le 2 ]
	[ $(($(cputicks "$logger") - t0)) -le 10 ]
	# and every signal still acts once the disk has room: ALRM rotated
	mount -o remount,size=8m "$M"
	wait_for 10 eval 'ls "$M" | grep -q "^@.*\.s$"'
}

@test "svlogd: TERM while a new current cannot be created: exits within 1 s and says what it lost (#17)" {
	# room for the root, lock, config and current, not for a new current
	paused_logger 1m s2000 'seq 1 1000 >"$1"; exec sleep 100 >"$1"' "open current" nr_inodes=4
	kill -TERM "$logger"
	wait_gone 1 "$logger"
	run -111 wait "$logger"
	grep -Eq "^svlogd: warning: exiting on TERM, unable to write [0-9]+ bytes to $M/current$" "$BATS_TEST_TMPDIR/err"
	# what was written before is there, in order, in the rotated file
	cat "$M"/@*.s | head -n 1 | grep -qx 1
}

@test "svlogd: a huge t is no deadline in the past: no CPU while idle (#17)" {
	printf 't99999999999999999999\n' >"$L/config"
	mkfifo "$BATS_TEST_TMPDIR/in"
	bg sh -c 'exec svlogd "$1" <"$2"' - "$L" "$BATS_TEST_TMPDIR/in"
	logger=$BG_PID
	exec 8>"$BATS_TEST_TMPDIR/in"
	echo one >&8
	wait_for 5 file_has "$L/current" one
	t0=$(cputicks "$logger")
	elapse 1000
	[ $(($(cputicks "$logger") - t0)) -le 5 ]
	exec 8>&-
	wait_gone 5 "$logger"
	[ "$(cat "$L/current")" = one ]
}

@test "svlogd: a planted lock symlink or hard link is refused; the target is untouched (#17)" {
	echo victim >"$BATS_TEST_TMPDIR/victim"
	ln -s "$BATS_TEST_TMPDIR/victim" "$L/lock"
	run -111 timeout -s KILL 5 svlogd "$L" <<<"x"
	[ "${lines[0]}" = "svlogd: warning: unable to lock directory: $L: lock is a symlink" ]
	[ "$(cat "$BATS_TEST_TMPDIR/victim")" = victim ]
	rm -f "$L/lock"
	mkfifo "$L/lock"
	run -111 timeout -s KILL 5 svlogd "$L" <<<"x"
	[ "${lines[0]}" = "svlogd: warning: unable to lock directory: $L: lock is not a regular file" ]
	[ ! -e "$L/current" ]
}

@test "svlogd: the processor's newstate and output are created anew, never through a planted link (#17)" {
	require_config SVLOGD_PROCESSOR
	echo victim >"$BATS_TEST_TMPDIR/victim"
	ln "$BATS_TEST_TMPDIR/victim" "$L/newstate"
	printf 's100\n!cat; echo st >&5\n' >"$L/config"
	seq 1 40 | svlogd "$L"
	[ "$(cat "$BATS_TEST_TMPDIR/victim")" = victim ]
	[ "$(cat "$L/state")" = st ]
	run -0 diff <(seq 1 40) <(cat "$L"/@*.s "$L/current")
}

@test "svlogd: -T stamps ISO 8601 local time with the UTC offset (#17)" {
	require_config SVLOGD_LOCALTIME
	printf 'one\ntwo\n' | TZ=EST5 svlogd -T "$L"
	grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}-05:00 one$' "$L/current"
	[ "$(sed -n 2p "$L/current" | cut -d' ' -f2)" = two ]
	printf 'three\n' | TZ=CET-1 svlogd -T "$L"
	tail -n 1 "$L/current" | grep -Eq '^[0-9-]{10}T[0-9:]{8}\.[0-9]{6}\+01:00 three$'
	# the local hour is UTC's plus the offset
	utc=$(TZ=UTC0 date +%H)
	printf 'four\n' | TZ=CET-1 svlogd -T "$L"
	h=$(tail -n 1 "$L/current" | cut -c12-13)
	[ $(( (10#$utc + 1) % 24 )) = $((10#$h)) ] || [ $(( (10#$utc + 2) % 24 )) = $((10#$h)) ]
	# -t still means TAI64N
	printf 'five\n' | svlogd -t "$L"
	tail -n 1 "$L/current" | grep -Eq '^@[0-9a-f]{24} five$'
}

@test "svlogd: -T reads the zone again on HUP (a new /etc/localtime needs no restart)" {
	require_config SVLOGD_LOCALTIME
	[ -f /usr/share/zoneinfo/Etc/GMT-1 ] || skip "tzdata is not installed"
	cp /usr/share/zoneinfo/Etc/GMT-1 "$BATS_TEST_TMPDIR/zone"
	mkfifo "$BATS_TEST_TMPDIR/in"
	bg env TZ="$BATS_TEST_TMPDIR/zone" sh -c 'exec svlogd -T "$1" <"$2"' - "$L" "$BATS_TEST_TMPDIR/in"
	exec 7>"$BATS_TEST_TMPDIR/in"
	echo one >&7
	wait_for 5 file_has "$L/current" one
	grep -Eq '^[0-9-]{10}T[0-9:]{8}\.[0-9]{6}\+01:00 one$' "$L/current"
	# the zone changes under it (as a package update replaces a file)
	cp /usr/share/zoneinfo/Etc/GMT-5 "$BATS_TEST_TMPDIR/zone.new"
	mv "$BATS_TEST_TMPDIR/zone.new" "$BATS_TEST_TMPDIR/zone"
	echo two >&7
	wait_for 5 file_has "$L/current" two
	grep -Eq '\+01:00 two$' "$L/current"
	kill -HUP "$BG_PID"
	i=0
	until grep -q '+05:00 probe' "$L/current"; do
		i=$((i + 1))
		[ "$i" -lt 250 ] || { cat "$L/current"; return 1; }
		echo "probe $i" >&7
		sleep 0.02
	done
	# no line is stamped with the old zone after the first new one
	! sed -n '/+05:00 probe/,$p' "$L/current" | grep -q '+01:00'
	exec 7>&-
	wait_gone 5 "$BG_PID"
}

@test "svlogd: kill -9 while lines stream in: the next svlogd on the same pipe goes on, no whole line lost (#17)" {
	P=$BATS_TEST_TMPDIR/p
	N=2000000
	mkfifo "$P"
	printf 'n1000\n' >"$L/config"
	for round in 1 2 3; do
		rm -f "$L"/@* "$L/current"
		# the pipe outlives its loggers, as runsv's does
		exec 8<>"$P"
		bg sh -c 'exec 8>&-; exec svlogd "$1" <"$2"' - "$L" "$P"
		l1=$BG_PID
		bg sh -c 'exec 8>&-; seq 1 "$2" >"$1"' - "$P" "$N"
		w=$BG_PID
		# while it writes, at a different moment each round
		wait_for 20 eval '[ $(cat "$L"/current "$L"/@* 2>/dev/null | wc -l) -ge $((round * 300000)) ]'
		kill -9 "$l1"
		wait_gone 5 "$l1"
		bg sh -c 'exec 8>&-; exec svlogd "$1" <"$2"' - "$L" "$P"
		l2=$BG_PID
		# (it has the pipe open before the test lets go of it)
		wait_for 10 eval '[ "$(readlink /proc/$l2/fd/0)" = "$P" ]'
		wait_gone 60 "$w"
		exec 8>&-
		wait_gone 20 "$l2"
		# every number at least once, in order (a batch the first
		# logger wrote but had not taken from the pipe is there twice);
		# only the one line in transit at the kill, its start read and
		# its end not, may be missing (its end is there as a fragment).
		# The files one by one, not joined: the kill can cut the first
		# logger's last write short (a write to a file stops at a fatal
		# signal), and the .u file then ends in a line without its
		# newline, which the next logger writes again whole
		run awk -v n="$N" '{ if ($1 > m + 2 || ($1 == m + 2 && gaps++)) { print "gap after " m; exit 1 }
			if ($1 > m) m = $1 }
			END { if (m != n) { print "last " m; exit 1 } }' $(ls -d "$L"/@*.[su] 2>/dev/null | sort) "$L/current"
		# what went wrong, where: the files and where each starts and ends
		[ "$status" = 0 ] || { echo "round $round: $output"; for f in $(ls -d "$L"/@*.[su] | sort) "$L/current"; do echo "$f $(head -n 1 "$f") $(tail -n 1 "$f") $(wc -l <"$f")"; done; false; }
	done
}

