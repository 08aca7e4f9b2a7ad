#!/usr/bin/env bash
# SPDX-License-Identifier: 0BSD
# check-flags.sh - a packager's build keeps its hardening: with Debian's
# dpkg-buildflags (or the same flags spelled out) the binary has stack
# protection, _FORTIFY_SOURCE's checked calls, RELRO and BIND_NOW, so
# CPPFLAGS is read and the distro's flags come after svbox's own; and a
# DESTDIR install takes the applet list from the build, not from running
# the binary. Prints TAP and "N passed, M failed, 0 skipped".
set -u
cd "$(dirname "$0")/.."
b=$(mktemp -d /tmp/svbox-flags.XXXXXX)
trap 'rm -rf "$b"' EXIT
if command -v dpkg-buildflags >/dev/null; then
	export DEB_BUILD_MAINT_OPTIONS=hardening=+all
	CPPFLAGS=$(dpkg-buildflags --get CPPFLAGS)
	CFLAGS=$(dpkg-buildflags --get CFLAGS)
	LDFLAGS=$(dpkg-buildflags --get LDFLAGS)
else
	CPPFLAGS='-Wdate-time -D_FORTIFY_SOURCE=2'
	CFLAGS='-g -O2 -fstack-protector-strong -Wformat -Werror=format-security'
	LDFLAGS='-Wl,-z,relro -Wl,-z,now'
fi
n=0 fail=0
t() { # OK? DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=$((fail + 1)); fi
}
make -s BUILD="$b/build" CPPFLAGS="$CPPFLAGS" CFLAGS="$CFLAGS" LDFLAGS="$LDFLAGS" >"$b/log" 2>&1
t $? "flags: builds with CPPFLAGS='$CPPFLAGS' CFLAGS='$CFLAGS' LDFLAGS='$LDFLAGS'$(sed 's/^/ # /' "$b/log" | head -5)"
syms=$(nm -D "$b/build/svbox" 2>/dev/null; nm "$b/build/svbox" 2>/dev/null)
grep -q '__stack_chk_fail' <<<"$syms"
t $? "flags: -fstack-protector-strong wins over svbox's -fno-stack-protector"
grep -Eq '__[a-z]+_chk' <<<"$(grep -v __stack_chk <<<"$syms")"
t $? "flags: _FORTIFY_SOURCE from CPPFLAGS reaches the compiler (checked calls)"
readelf -lW "$b/build/svbox" | grep -q GNU_RELRO
t $? "flags: -z relro from LDFLAGS"
readelf -dW "$b/build/svbox" | grep -Eq 'BIND_NOW|FLAGS.*NOW'
t $? "flags: -z now from LDFLAGS"
"$b/build/svbox" --list | grep -qx runsv
t $? "flags: the hardened binary runs"
# the static build with the stack protector: libsv/start.c steps aside
# (the canary is read through the thread pointer libc's start-up sets)
if command -v musl-gcc >/dev/null && [ "$(uname -m)" = x86_64 ]; then
	make -s BUILD="$b/static" CC=musl-gcc STATIC=1 \
		CFLAGS="-Os -fstack-protector-strong" >"$b/log" 2>&1 &&
		"$b/static/svbox" sv status "$b/none" 2>&1 |
		grep -q 'unable to change to service directory: file does not exist' &&
		objdump -d "$b/static/svbox" | grep -q '%fs:0x28' &&
		objdump -d "$b/static/svbox" | grep -Eq "mov +\\\$0x9e,%eax"
	t $? "flags: a static build with -fstack-protector-strong keeps libc's start-up and runs"
fi
# libsv/sys.c and start.c replace libc's functions only with musl: a
# glibc build with SV_RAWSYS (make STATIC=1 with glibc's gcc) keeps
# glibc's own (the test for glibc must follow a libc header)
if cc -dM -E -include stdio.h -x c /dev/null 2>/dev/null | grep -q __GLIBC__; then
	defs='' rc=0
	for f in sys start; do
		cc -std=c99 -D_GNU_SOURCE -DSV_RAWSYS -I. -c "libsv/$f.c" \
			-o "$b/$f.o" >"$b/log" 2>&1 || { rc=1; defs="$defs $f.c: does not compile"; }
		[ -f "$b/$f.o" ] && defs=$defs$(nm --defined-only "$b/$f.o" | grep -v ' [aAnN] ')
	done
	[ "$rc" = 0 ] && [ -z "$defs" ]
	t $? "flags: with glibc, libsv/sys.c and start.c define nothing${defs:+ # $(head -c 200 <<<"$defs")}"
fi
# an install that must not run the binary (a cross build): a binary
# that cannot execute here still installs every applet
printf '#!/nonexistent/interpreter\n' >"$b/fake"
chmod +x "$b/fake"
cp "$b/build/svbox" "$b/real"
cp "$b/fake" "$b/build/svbox"
touch -r "$b/real" "$b/build/svbox"
make -s BUILD="$b/build" CPPFLAGS="$CPPFLAGS" CFLAGS="$CFLAGS" LDFLAGS="$LDFLAGS" \
	install DESTDIR="$b/root" PREFIX=/usr >"$b/log" 2>&1
rc=$?
want=$("$b/real" --list | sort)
got=$(find "$b/root/usr/bin" -type l -printf '%f\n' | sort)
[ "$rc" = 0 ] && [ "$want" = "$got" ] && [ -n "$got" ]
t $? "flags: install takes the applets from the build, not from running it (rc $rc)"
echo "1..$n"
echo "$((n - fail)) passed, $fail failed, 0 skipped"
[ "$fail" = 0 ]
