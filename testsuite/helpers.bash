# SPDX-License-Identifier: 0BSD
# helpers.bash - shared by every testsuite/*.bats file.
# Private service trees live under $BATS_TEST_TMPDIR; every supervisor a
# test starts runs in a process group of its own, which teardown stops.
bats_require_minimum_version 1.5.0

SVBOX=${SVBOX:-$BATS_TEST_DIRNAME/../build/svbox}
# absolute: the applets' symlinks point at it from another directory (a
# relative one left them dangling, and PATH's runsv was tested instead)
case $SVBOX in /*) ;; *) SVBOX=$PWD/$SVBOX ;; esac
# No cgroups in the machine's own hierarchy: a cgroup test makes its own
# sub-cgroup, points SVCGROUP there and removes it (cg_tree)
export SVCGROUP=/nonexistent/svbox-tests

# Put symlinks for every built applet first in PATH (once per file).
sv_bin() {
	local bin=$BATS_FILE_TMPDIR/bin a
	if [ ! -d "$bin" ]; then
		mkdir -p "$bin"
		for a in $("$SVBOX" --list); do ln -s "$SVBOX" "$bin/$a"; done
	fi
	case :$PATH: in *":$bin:"*) ;; *) PATH=$bin:$PATH ;; esac
}

# Skip the test unless every named applet is built.
require_applet() {
	local a
	for a; do
		"$SVBOX" --list | grep -qx "$a" || skip "$a is not configured"
	done
	sv_bin
}

# has SYMBOL: the configuration under test has CONFIG_SYMBOL=y.
has() { grep -q "^CONFIG_$1=y" "${CONFIG:-$BATS_TEST_DIRNAME/../configs/defconfig}"; }

# Skip the test unless CONFIG_SYMBOL is on.
require_config() { has "$1" || skip "CONFIG_$1 is off"; }

# A private service directory tree: $SV.
setup_svdir() {
	SV=$BATS_TEST_TMPDIR/sv
	mkdir -p "$SV"
	export SVDIR=$SV
}

# mksvc NAME 'shell code' [log 'shell code']: NAME/run (and NAME/log/run).
mksvc() {
	local d=$SV/$1
	mkdir -p "$d"
	printf '#!/bin/sh\n%s\n' "$2" >"$d/run.new"
	chmod +x "$d/run.new"
	mv "$d/run.new" "$d/run"
	if [ "${3:-}" = log ]; then
		mkdir -p "$d/log"
		printf '#!/bin/sh\n%s\n' "$4" >"$d/log/run"
		chmod +x "$d/log/run"
	fi
}

# bg CMD...: run CMD in the background as the leader of a new process
# group; remembered for teardown. Sets BG_PID.
bg() {
	setsid "$@" 3>&- </dev/null &
	BG_PID=$!
	echo "$BG_PID" >>"$BATS_TEST_TMPDIR/.groups"
}

# start_runsv NAME [runsv binary]: supervise $SV/NAME. Sets RUNSV_PID.
# With RUNSV_MODE=S (scripts/check.sh runs runsv.bats so a second time)
# the supervisor is "runsvdir -S -x" over a directory holding only a
# symlink to $SV/NAME: the same engine inside the scanner, which exits as
# runsv does once the service has exited.
start_runsv() {
	if [ "${RUNSV_MODE:-}" = S ] && [ -z "${2:-}" ]; then
		local scan=$BATS_TEST_TMPDIR/scan-$1
		mkdir -p "$scan"
		ln -sfn "$SV/$1" "$scan/$1"
		bg runsvdir -S -x "$scan"
	else
		bg "${2:-runsv}" "$SV/$1"
	fi
	RUNSV_PID=$BG_PID
}
# in_S: the test runs its supervisor as runsvdir -S (start_runsv)
in_S() { [ "${RUNSV_MODE:-}" = S ]; }

# wait_for SECS CMD...: poll CMD (every 20 ms) until it succeeds; fail
# with a message after SECS seconds.
wait_for() {
	local secs=$1 end
	shift
	end=$(($(date +%s%N) / 1000000 + secs * 1000))
	until "$@" >/dev/null 2>&1; do
		if [ "$(($(date +%s%N) / 1000000))" -gt "$end" ]; then
			echo "wait_for: timed out after ${secs}s: $*" >&2
			return 1
		fi
		sleep 0.02
	done
}

# wait_output SECS ERE CMD...: run CMD until its output matches ERE (at
# most SECS seconds) and leave that output in $output, so a state that
# moves on by itself is checked as it was seen, not as it is a moment later.
wait_output() {
	local secs=$1 re=$2 end
	shift 2
	end=$(($(date +%s%N) / 1000000 + secs * 1000))
	until output=$("$@" 2>&1) && [[ $output =~ $re ]]; do
		if [ "$(($(date +%s%N) / 1000000))" -gt "$end" ]; then
			echo "wait_output: timed out after ${secs}s: $*: last output: $output" >&2
			return 1
		fi
		sleep 0.02
	done
}

# alive PID: PID runs (a zombie, exited and waiting for a parent that is
# not ours to make reap it, does not)
alive() { [ -e "/proc/$1" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }

# elapse MS: let MS milliseconds pass (for tests that count what must
# not happen in a window)
elapse() {
	local t_end=$(($(date +%s%N) / 1000000 + $1))
	wait_for $(($1 / 1000 + 2)) eval '[ $(($(date +%s%N) / 1000000)) -ge '$t_end' ]'
}

# sig_blocked PID SIGNUM: PID blocks signal SIGNUM (a daemon that reads
# its signals from a signalfd blocks them once set up; one sent before
# that would meet the default action)
sig_blocked() {
	local m
	m=$(sed -n 's/^SigBlk:[[:space:]]*//p' "/proc/$1/status" 2>/dev/null) || return 1
	[ -n "$m" ] && (((16#$m >> ($2 - 1)) & 1))
}

# wait_gone SECS PID: wait until PID no longer exists.
wait_gone() { wait_for "$1" eval "! kill -0 $2 2>/dev/null"; }

# file_has FILE TEXT: FILE exists and contains TEXT (fixed string).
file_has() { [ -f "$1" ] && grep -qF -- "$2" "$1"; }

# lines FILE: number of lines in FILE (0 when missing).
lines() { if [ -f "$1" ]; then wc -l <"$1" | tr -d ' '; else echo 0; fi; }

# status_bytes DIR: supervise/status of DIR as hex bytes, one line.
status_bytes() { od -An -tx1 -v "$1/supervise/status" | tr -s ' \n' '  ' | sed 's/^ //;s/ $//'; }

# status_field DIR OFFSET: one byte of supervise/status, decimal.
status_byte() { od -An -tu1 -j "$2" -N1 "$1/supervise/status" | tr -d ' '; }

# status_pid DIR: the little-endian pid of supervise/status.
status_pid() { od -An -tu4 -j 12 -N4 --endian=little "$1/supervise/status" | tr -d ' '; }

# start_runsvdir [-P] DIR [LOG]: runsvdir in the background, its stderr in
# $BATS_TEST_TMPDIR/runsvdir.err. Sets RUNSVDIR_PID.
start_runsvdir() {
	bg sh -c 'exec runsvdir "$@" 2>>"$0"' "$BATS_TEST_TMPDIR/runsvdir.err" "$@"
	RUNSVDIR_PID=$BG_PID
	echo "$BG_PID" >>"$BATS_TEST_TMPDIR/.scanners"
}

# runsv_of NAME: pid of the runsv that runsvdir started for NAME.
runsv_of() { pgrep -P "$RUNSVDIR_PID" -f "^runsv $1\$"; }

teardown() { sv_teardown; }

# sv_teardown: what teardown does; a file with a teardown of its own calls it.
sv_teardown() {
	local g p
	if [ -f "$BATS_TEST_TMPDIR/.scanners" ]; then
		# runsv started with -P have sessions of their own
		while read -r p; do
			pgrep -P "$p" >>"$BATS_TEST_TMPDIR/.groups"
		done <"$BATS_TEST_TMPDIR/.scanners"
	fi
	[ -f "$BATS_TEST_TMPDIR/.groups" ] || { sweep; unmount_all; cg_cleanup; return 0; }
	while read -r g; do
		kill -TERM -- "-$g" 2>/dev/null || continue
		for _ in $(seq 150); do
			kill -0 -- "-$g" 2>/dev/null || break
			sleep 0.02
		done
		kill -KILL -- "-$g" 2>/dev/null || true
	done <"$BATS_TEST_TMPDIR/.groups"
	rm -f "$BATS_TEST_TMPDIR/.groups"
	sweep
	unmount_all
	cg_cleanup
}

# the mounts a test made (listed in .mounts), last first
unmount_all() {
	local m
	[ -f "$BATS_TEST_TMPDIR/.mounts" ] || return 0
	tac "$BATS_TEST_TMPDIR/.mounts" | while read -r m; do
		mountpoint -q "$m" && umount "$m"
	done
	rm -f "$BATS_TEST_TMPDIR/.mounts"
	return 0
}

# ro_tree: $SV bind-mounted read-only at $RO, a tmpfs run directory at
# $RUN, SVRUNDIR=$RUN/supervise; undone by teardown (root only)
ro_tree() {
	[ "$(id -u)" = 0 ] || skip "bind mounts need root"
	require_config SV_RUNDIR
	RO=$BATS_TEST_TMPDIR/ro RUN=$BATS_TEST_TMPDIR/run
	mkdir -p "$RO" "$RUN"
	mount --bind "$SV" "$RO" || skip "cannot bind-mount here"
	echo "$RO" >>"$BATS_TEST_TMPDIR/.mounts"
	mount -o remount,bind,ro "$RO"
	mount -t tmpfs -o size=1m,mode=0755 tmpfs "$RUN"
	echo "$RUN" >>"$BATS_TEST_TMPDIR/.mounts"
	export SVRUNDIR=$RUN/supervise
}
# esc PATH: the run directory's name for PATH (docs/runsv.8)
esc() { printf '%s' "$1" | sed 's/%/%25/g; s|/|%2f|g'; }

# Last resort: processes this test started that outlived their group
# (a runsv whose runsvdir is gone) still have their cwd in the test's
# directory. TERM them, then KILL.
sweep() {
	local p left
	cd / || return 0   # a test may have left this shell in there
	for sig in TERM KILL; do
		left=
		for p in /proc/[0-9]*; do
			case $(readlink "$p/cwd" 2>/dev/null) in
			"$BATS_TEST_TMPDIR"/*)
				[ "${p#/proc/}" = "$$" ] || [ "${p#/proc/}" = "$BASHPID" ] ||
					{ kill "-$sig" "${p#/proc/}" 2>/dev/null && left=1; } ;;
			esac
		done
		[ -z "$left" ] && return 0
		for _ in $(seq 100); do
			left=
			for p in /proc/[0-9]*; do
				case $(readlink "$p/cwd" 2>/dev/null) in
				"$BATS_TEST_TMPDIR"/*) left=1; break ;;
				esac
			done
			[ -z "$left" ] && return 0
			sleep 0.02
		done
	done
}

# send DIR BYTES: write command bytes to DIR/supervise/control (printf
# escapes allowed); fails instead of blocking when nobody reads it.
send() { timeout 5 sh -c 'printf "$2" >"$1/supervise/control"' - "$1" "$2"; }

# wait_stat DIR TEXT: wait until DIR/supervise/stat reads TEXT.
# A supervisor writes pid, stat, then status (runit's order): a state of
# run* counts once status has the pid too, so that status_pid right after
# reads the new pid, never the 0 of the moment before.
wait_stat() {
	wait_for 5 eval "[ \"\$(cat '$1/supervise/stat' 2>/dev/null)\" = '$2' ] &&
		case '$2' in run*) _wsp=\$(status_pid '$1'); [ -n \"\$_wsp\" ] && [ \"\$_wsp\" != 0 ] ;; esac"
}

# wait_pid_change DIR OLDPID: wait for a new non-zero pid in DIR.
wait_pid_change() { wait_for "${3:-5}" eval "p=\$(status_pid '$1'); [ \"\$p\" != 0 ] && [ \"\$p\" != '$2' ]"; }

# now_ms: monotonic-enough milliseconds for bounded timing checks.
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# past_throttle DIR: wait until DIR's ./run started more than 1.1 s ago
# (runsv starts ./run at most once a second).
past_throttle() {
	local t0
	t0=$(stat -c '%.3Y' "$1/supervise/pid" | tr -d .)
	wait_for 3 eval "[ \$(now_ms) -gt $((t0 + 1100)) ]"
}

# as_user UID [GROUPS] CMD...: CMD as uid/gid UID with only GROUPS (a
# comma list, "" for none) as supplementary groups; the test's
# directories opened for it to pass through (root only)
as_user() {
	local u=$1 g=$2 d
	shift 2
	command -v setpriv >/dev/null || skip "setpriv (util-linux) missing"
	d=$BATS_TEST_TMPDIR
	while [ "$d" != / ] && [ "${d#"$BATS_RUN_TMPDIR"}" != "$d" ]; do
		chmod o+x "$d"
		d=$(dirname "$d")
	done
	chmod o+x "$BATS_RUN_TMPDIR" "$BATS_FILE_TMPDIR" "$BATS_FILE_TMPDIR/bin" 2>/dev/null || true
	if [ -n "$g" ]; then
		setpriv --reuid "$u" --regid "$u" --groups "$g" -- "$@"
	else
		setpriv --reuid "$u" --regid "$u" --clear-groups -- "$@"
	fi
}

# cg_tree: a cgroup of the test's own in the cgroup2 mount, SVCGROUP in it;
# teardown kills what is left in it and removes it (root, cgroup2 only)
cg_tree() {
	local m
	[ "$(id -u)" = 0 ] || skip "cgroups need root"
	require_config CGROUP
	m=$(awk '$0 ~ / - cgroup2 / { print $5; exit }' /proc/self/mountinfo)
	[ -n "$m" ] || skip "no cgroup2 mounted"
	CG=$m/svbox-test-$$-$BATS_TEST_NUMBER
	mkdir "$CG" 2>/dev/null || skip "cgroup2 not writable here"
	echo "$CG" >"$BATS_TEST_TMPDIR/.cgroup"
	export SVCGROUP=$CG
}
# what cg_tree made: emptied and removed, deepest first
cg_cleanup() {
	local top d
	[ -f "$BATS_TEST_TMPDIR/.cgroup" ] || return 0
	top=$(cat "$BATS_TEST_TMPDIR/.cgroup")
	find "$top" -depth -type d | while read -r d; do
		[ -e "$d/cgroup.kill" ] && echo 1 >"$d/cgroup.kill" 2>/dev/null
		for _ in $(seq 100); do rmdir "$d" 2>/dev/null && break; sleep 0.02; done
	done
	rm -f "$BATS_TEST_TMPDIR/.cgroup"
	return 0
}
