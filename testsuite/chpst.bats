#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# testsuite/chpst.bats - subject: applets/chpst.c, docs/chpst.8
# applets: chpst envdir envuidgid setuidgid softlimit setlock pgrphack
load helpers

setup() {
	require_applet chpst
	T=$BATS_TEST_TMPDIR
}

root() { [ "$(id -u)" = 0 ] || skip "needs root"; }

@test "chpst: -u user drops to the user with its groups, HOME, USER, LOGNAME" {
	root
	run -0 chpst -u nobody id
	[ "$output" = "$(id nobody)" ]
	run -0 chpst -u nobody sh -c 'echo "$HOME $USER $LOGNAME"'
	[ "$output" = "$(getent passwd nobody | cut -d: -f6) nobody nobody" ]
}

@test "chpst: -u user takes its groups from /etc/group, long lines and all, a broken entry is no user (#18)" {
	root
	# the account files of a private mount namespace: the static build
	# reads them itself, the glibc one through NSS; both agree
	printf 'root:x:0:0:root:/root:/bin/sh\nsvt:x:4321:4300:t:/home/svt:/bin/sh\nbad:x:zz:1::/:/bin/sh\n' >"$T/passwd"
	{
		printf 'root:x:0:\nsvtg:x:4300:\ng1:x:5001:svt\ng2:x:5002:ann,svt,bob\n'
		printf 'g3:x:5003:svtx,xsvt,sv\nbig:x:5004:'
		for i in $(seq 90); do printf 'member%d,' "$i"; done
		printf 'svt\nlast:x:5005:ann,svt'
	} >"$T/group"
	cat >"$T/in-ns" <<-EOF
	mount --bind "$T/passwd" /etc/passwd && mount --bind "$T/group" /etc/group || exit 99
	exec "\$@"
	EOF
	unshare --mount true 2>/dev/null || skip "no mount namespaces here"
	run -0 unshare --mount sh "$T/in-ns" chpst -u svt sh -c 'id -u; id -G; echo "$HOME $USER"'
	[ "$output" = "$(printf '4321\n4300 5001 5002 5004 5005\n/home/svt svt')" ]
	run -0 unshare --mount sh "$T/in-ns" chpst -u svt:g3 id -G
	[ "$output" = "5003" ]
	run -111 unshare --mount sh "$T/in-ns" chpst -u bad true
	[ "$output" = "chpst: fatal: unknown user/group: bad" ]
	run -111 unshare --mount sh "$T/in-ns" chpst -u svt:nosuch true
	[ "$output" = "chpst: fatal: unknown user/group: nosuch" ]
}

@test "chpst: -u user:group:group sets exactly those groups (runit)" {
	root
	g=$(id -gn nobody)
	run -0 chpst -u "nobody:$g:daemon" id
	[ "$output" = "uid=65534(nobody) gid=$(id -g nobody)($g) groups=$(id -g nobody)($g),1(daemon)" ]
	run -0 chpst -u :65534:65534:1:2 id -G
	[ "$output" = "65534 1 2" ]
	run -0 chpst -u "nobody:$g" sh -c 'echo "${USER:-none}"'
	[ "$output" = "${USER:-none}" ]
	run -0 chpst -U nobody sh -c 'echo "$UID $GID"'
	[ "$output" = "65534 $(id -g nobody)" ]
}

@test "chpst: -e envdir sets, unsets, first line only, NUL as newline; PATH lookup unchanged" {
	mkdir "$T/env"
	printf 'hello  \t\nsecond' >"$T/env/A"
	printf 'a\0b' >"$T/env/NUL"
	printf '\n' >"$T/env/NL"
	: >"$T/env/GONE"
	printf '/nonexistent' >"$T/env/PATH"
	mkdir "$T/env/sub"
	GONE=x run -0 chpst -e "$T/env" env
	has() { printf '%s\n' "$output" | grep -qx -- "$1"; }
	has A=hello
	[[ $output == *$'\nNUL=a\nb\n'* ]] || [[ $output == *$'NUL=a\nb'* ]]
	has NL=
	has PATH=/nonexistent
	! has 'GONE=.*'
	run -0 envdir "$T/env" sh -c 'echo "$A"' 2>/dev/null || true
	run -111 envdir "$T/env" env
	[[ $output == "envdir: fatal: unable to read $T/env/sub: is a directory" ]]
	rmdir "$T/env/sub"
	run -0 envdir "$T/env" env
	has A=hello
	run -111 chpst -e "$T/missing" true
	[ "$output" = "chpst: fatal: unable to open directory: $T/missing: file does not exist" ]
}

@test "chpst: limits show in /proc/self/limits; softlimit too" {
	run -0 chpst -o 17 -f 100000 -c 0 cat /proc/self/limits
	[[ $output =~ Max\ open\ files\ +17\  ]]
	[[ $output =~ Max\ file\ size\ +100000\  ]]
	[[ $output =~ Max\ core\ file\ size\ +0\  ]]
	run -0 softlimit -o 33 -d 50000000 cat /proc/self/limits
	[[ $output =~ Max\ open\ files\ +33\  ]]
	[[ $output =~ Max\ data\ size\ +50000000\  ]]
	hard=$(ulimit -Hn)
	run -0 softlimit -o = sh -c 'ulimit -Sn'
	[ "$output" = "$hard" ]
	run -100 chpst -o 12x true
	run -100 softlimit -o x true
}

@test "chpst: -n changes the nice level; -P a new session; pgrphack too" {
	run -0 chpst -n 7 nice
	[ "$output" = $(($(nice) + 7)) ]
	run -0 chpst -P sh -c 'ps -o sid= -p $$'
	[ "$(echo $output)" != "$(ps -o sid= -p $$ | tr -d ' ')" ]
	run -0 pgrphack sh -c 'echo $(( $(ps -o sid= -p $$) == $$ ))'
	[ "$output" = 1 ]
}

@test "chpst: -l waits for and -L fails on a held lock; setlock -n/-N daemontools style" {
	exec 9>"$T/lock"
	flock 9
	run -111 timeout 5 chpst -L "$T/lock" true
	[ "$output" = "chpst: fatal: unable to lock: $T/lock: temporary failure" ]
	run -124 timeout 0.5 chpst -l "$T/lock" true
	run -111 timeout 5 setlock -n "$T/lock" true
	[ "$output" = "setlock: fatal: unable to lock $T/lock: temporary failure" ]
	run -124 timeout 0.5 setlock "$T/lock" true
	run -124 timeout 0.5 setlock -N "$T/lock" true
	run -0 timeout 5 setlock -nx "$T/lock" false
	exec 9>&-
	run -0 chpst -L "$T/lock" echo locked
	[ "$output" = locked ]
	run -0 setlock -n "$T/lock" echo locked
	run -100 chpst -l a -L b true
}

@test "chpst: -0 -1 -2 close descriptors" {
	run -0 chpst -0 sh -c '[ -e /proc/$$/fd/0 ] && echo open || echo closed'
	[ "$output" = closed ]
	run -0 sh -c '[ -e /proc/$$/fd/0 ] && echo open || echo closed'
	[ "$output" = open ]
	run -1 chpst -1 sh -c 'echo x'
	chpst -2 sh -c 'echo y >&2' 2>"$T/err" || true
	[ ! -s "$T/err" ]
}

@test "chpst: -/ chroots (static binary), -C changes directory, -b sets argv0" {
	root
	file -L "$SVBOX" | grep -q 'statically linked' || skip "needs a static svbox (make static)"
	mkdir -p "$T/jail/bin" "$T/jail/w"
	cp "$SVBOX" "$T/jail/bin/svbox"
	ln -s svbox "$T/jail/bin/svok"
	run -100 chpst -/ "$T/jail" /bin/svok
	run -0 chpst -/ "$T/jail" /bin/svbox --list
	[[ $output == *chpst* ]]
	mkdir "$T/jail/w/x"
	run -100 chpst -/ "$T/jail" -C /w /bin/svbox svok ./x
	run -111 chpst -/ "$T/jail" /bin/svbox svok ./x
	[ "$output" = "svok: fatal: unable to chdir to ./x: file does not exist" ]
	run -0 chpst -b custom sh -c 'echo $0'
	[ "$output" = custom ]
}

@test "chpst: envuidgid and setuidgid" {
	root
	run -0 envuidgid nobody sh -c 'echo "$UID $GID"'
	[ "$output" = "65534 $(id -g nobody)" ]
	run -0 setuidgid nobody id -u
	[ "$output" = 65534 ]
	run -111 setuidgid nobody:daemon true
	[ "$output" = "setuidgid: fatal: unknown account: nobody:daemon" ]
}

@test "chpst: bad input: unknown user, unrunnable program, usage; nothing executed" {
	run -111 chpst -u no-such-user-x touch "$T/ran"
	[ "$output" = "chpst: fatal: unknown user/group: no-such-user-x" ]
	run -111 chpst -u nobody:no-such-group-x touch "$T/ran"
	[ "$output" = "chpst: fatal: unknown user/group: no-such-group-x" ]
	run -111 chpst -u :12x:1 touch "$T/ran"
	[ ! -e "$T/ran" ]
	run -111 chpst /nonexistent/prog
	[ "$output" = "chpst: fatal: unable to run: /nonexistent/prog: file does not exist" ]
	run -111 chpst no-such-program-x
	run -100 --separate-stderr chpst
	[[ $stderr == "usage: chpst [-vP012] "* ]]
	run -100 chpst -Z true
	run -100 envdir
	run -100 setlock x
	run -100 softlimit -z 1 true
	run -100 pgrphack
	run -0 envuidgid --help
	[ "$output" = "usage: envuidgid ACCOUNT PROG [ARG...]" ]
}

@test "setlock: -x keeps quiet about the lock only; a PROG that cannot run is 111 (#11.7)" {
	T=$BATS_TEST_TMPDIR
	run -111 setlock -x "$T/lock" "$T/no-such-prog"
	[ "$output" = "setlock: fatal: unable to run: $T/no-such-prog: file does not exist" ]
	run -0 setlock -x "$T/lock" true
}
