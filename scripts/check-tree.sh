#!/usr/bin/env bash
# SPDX-License-Identifier: 0BSD
# check-tree.sh - every enabled applet has its man page and its bats file,
# man pages are lint-clean (mandoc -T lint) and each SYNOPSIS repeats the
# operands of the applet's APPLET() line. Prints TAP.
set -u
cd "$(dirname "$0")/.."
n=0
t() { # OK? DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
for a in $("$SVBOX" --list); do
	page=docs/$a.8
	[ -f "$page" ] && [ ! -L "$page" ]
	t $? "tree: $a has $page (a file, or a .so page)"
	[ -f "testsuite/$a.bats" ] || grep -qs "^# applets:.* $a\( \|$\)" testsuite/*.bats
	t $? "tree: $a has a bats file"
	# (runit-init is APPLET(runit_init, ...): C names have '_' for '-')
	usage=$(sed -n "s/^APPLET(${a//-/_}, \"\(.*\)\")$/\1/p" applets/*.c)
	src=$page
	# a .so page (envdir.8: ".so man8/chpst.8") is read through its target
	so=$(sed -n '1s/^\.so man8\///p' "$page" 2>/dev/null)
	[ -n "$so" ] && src=docs/$so
	if [ -f "$page" ] && command -v mandoc >/dev/null; then
		syn=$(mandoc -T utf8 "$src" 2>/dev/null | col -b 2>/dev/null |
			sed -n '/^SYNOPSIS/,/^[A-Z]/p' | tr -s ' \n' '  ')
		case "$syn" in
		*"$a $usage"*) t 0 "tree: $page SYNOPSIS matches APPLET($a)" ;;
		*) t 1 "tree: $page SYNOPSIS shows '$a $usage' (got:$syn)" ;;
		esac
	fi
done
if command -v mandoc >/dev/null; then
	for page in docs/*.8; do
		grep -q '^\.so ' "$page" && continue
		msgs=$(mandoc -T lint -W warning "$page" 2>&1)
		[ -z "$msgs" ]
		t $? "tree: mandoc -T lint $page${msgs:+: $msgs}"
	done
fi
echo "1..$n"
