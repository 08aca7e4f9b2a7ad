#!/usr/bin/env bash
# SPDX-License-Identifier: 0BSD
# busybox-size.sh - busybox built from Debian's source package with only
# its runit applets, static with musl like svbox's static build, beside
# svbox's two configurations: file bytes, text/data/bss, top symbols.
# Everything of busybox stays under a temporary directory (or $BBSRC, an
# unpacked busybox source tree to copy from); nothing of it is kept.
#   bench/busybox-size.sh [TOP]     TOP: symbols listed per build (15)
set -euo pipefail
cd "$(dirname "$0")/.."
top=${1:-15}
command -v musl-gcc >/dev/null || { echo "busybox-size.sh: musl-gcc missing (apt-get install musl-tools)"; exit 1; }
tmp=$(mktemp -d /tmp/svbox-bb.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

if [ -z "${BBSRC:-}" ]; then
	# Debian's source package, through a sources list of our own: the
	# system's apt configuration is left as it is
	mkdir -p "$tmp/lists/partial"
	suite=$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release)
	echo "deb-src http://deb.debian.org/debian ${suite:-bookworm} main" >"$tmp/src.list"
	apt=(-o Dir::Etc::SourceList="$tmp/src.list" -o Dir::Etc::SourceParts=/nonexistent
		-o Dir::State::Lists="$tmp/lists" -o Debug::NoDropPrivs=1)
	apt-get -qq "${apt[@]}" update >/dev/null
	(cd "$tmp" && apt-get -qq "${apt[@]}" source busybox >/dev/null 2>&1)
	for BBSRC in "$tmp"/busybox-*/; do break; done
fi

# NAME APPLET...: a build with exactly these applets, static, musl
build() {
	local name=$1 d=$tmp/$1 o
	shift
	cp -a "$BBSRC" "$d"
	make -s -C "$d" allnoconfig >/dev/null 2>&1
	for o in STATIC BUSYBOX SHOW_USAGE FEATURE_COMPRESS_USAGE FEATURE_INSTALLER "$@"; do
		sed -i "s/^# CONFIG_$o is not set/CONFIG_$o=y/" "$d/.config"
	done
	# allnoconfig's choices would add a shell
	sed -i 's/^CONFIG_SH_IS_ASH=y/# CONFIG_SH_IS_ASH is not set/; s/^# CONFIG_SH_IS_NONE is not set/CONFIG_SH_IS_NONE=y/; s/^CONFIG_ASH=y/# CONFIG_ASH is not set/' "$d/.config"
	{ yes "" || true; } | make -s -C "$d" oldconfig >/dev/null 2>&1
	make -s -C "$d" -j"$(nproc)" CC=musl-gcc HOSTCC=gcc busybox >"$d.log" 2>&1 ||
		{ tail -n 20 "$d.log"; exit 1; }
	echo "$name: $("$d/busybox" --list | tr '\n' ' ')" >&2
}
build bb-tiny RUNSV RUNSVDIR FEATURE_RUNSVDIR_LOG SV SVLOGD
build bb-all RUNSV RUNSVDIR FEATURE_RUNSVDIR_LOG SV SVLOGD SVC SVOK CHPST SETUIDGID ENVUIDGID ENVDIR SOFTLIMIT

bench/size.sh >/dev/null
printf '%-40s %10s %10s %8s %8s\n' build bytes text data bss
row() { # NAME FILE
	# shellcheck disable=SC2046 # size's fields, split on purpose
	set -- "$1" "$2" $(size "$2" | tail -n 1)
	printf '%-40s %10s %10s %8s %8s\n' "$1" "$(wc -c <"$2")" "$3" "$4" "$5"
}
row "svbox defconfig (static musl)" build/size-defconfig/svbox
row "svbox tiny_defconfig (static musl)" build/size-tiny/svbox
row "busybox runsv runsvdir sv svlogd" "$tmp/bb-tiny/busybox"
row "busybox + svc svok chpst and the rest" "$tmp/bb-all/busybox"

# the largest symbols of each (unstripped links)
. bench/elf.sh
syms() { nm --size-sort -S "$1" | tail -n "$top" | tac | while read -r _ sz _ name; do printf '  %6d %s\n' $((16#$sz)) "$name"; done; }
for c in defconfig tiny; do
	b=build/size-$c
	svbox_elf "$b" "$tmp/$c.elf"
	echo "top $top symbols, svbox $c (unstripped):"
	syms "$tmp/$c.elf"
done
for b in bb-tiny bb-all; do
	echo "top $top symbols, $b (unstripped):"
	syms "$tmp/$b/busybox_unstripped"
done
