#!/usr/bin/env bash
# SPDX-License-Identifier: 0BSD
# size-check.sh - the static musl builds of defconfig and tiny_defconfig
# against bench/budget: the file size of each, and the writable segment of
# each within one page. Prints the sizes (as bench/size.sh); over budget,
# it prints the 15 symbols that grew most against the build of the commit
# the budget was measured at, and exits 1. Builds into build/size-* (and
# the old commit in a temporary worktree under /tmp).
set -uo pipefail
cd "$(dirname "$0")/.."
bench/size.sh || exit 1
budget() { awk -v k="$1" '!/^#/ && $1 == k { print $2 " " $3 }' bench/budget; }

. bench/elf.sh

# unstripped static link of a build directory's objects: symbol sizes
symbols() { # BUILDDIR OUT
	svbox_elf "$1" "$2.elf" &&
		nm --size-sort -S "$2.elf" | while read -r _ sz _ name; do
			echo "$name $((16#$sz))"
		done | sort >"$2"
}

# top growth of the build in build/size-C against the budget's commit
growth() { # CONFIG COMMIT
	local tmp wt
	tmp=$(mktemp -d)
	wt=$tmp/wt
	if ! git worktree add -q --detach "$wt" "$2" 2>/dev/null; then
		echo "size-check: unable to check out $2 to compare"
		rm -rf "$tmp"
		return
	fi
	make -s -C "$wt" CC=musl-gcc STATIC=1 BUILD=build/old CONFIG="configs/$1" >/dev/null 2>&1 &&
		symbols "$wt/build/old" "$tmp/old" && symbols "build/size-${1%_defconfig}" "$tmp/new" &&
		{
			echo "size-check: $1: the symbols that grew most since $2 (bytes: growth old new):"
			join -a1 -a2 -e0 -o 0,1.2,2.2 "$tmp/old" "$tmp/new" |
				awk '{ d = $3 - $2; if (d > 0) print d, $1, $2, $3 }' |
				sort -rn | head -n 15 | sed 's/^/  /'
		}
	git worktree remove --force "$wt" 2>/dev/null
	rm -rf "$tmp"
}

rc=0
for c in defconfig tiny_defconfig; do
	b=build/size-${c%_defconfig}
	set -- $(budget "$c")
	have=$(wc -c <"$b/svbox")
	if [ -z "${1:-}" ]; then
		echo "size-check: $c has no budget in bench/budget"
		rc=1
	elif [ "$have" -gt "$1" ]; then
		echo "size-check: $c is $have bytes, over its budget of $1 (bench/budget)"
		growth "$c" "$2"
		rc=1
	else
		echo "size-check: $c $have bytes, budget $1: ok"
	fi
	set -- $(budget rw-page)
	rw=$(($(readelf -lW "$b/svbox" | awk '$1 == "LOAD" && $7 == "RW" { print $6 }')))
	if [ "$rw" -gt "$1" ]; then
		echo "size-check: $c: the writable segment is $rw bytes, over one page ($1); the largest data:"
		symbols "$b" "/tmp/size-check.$$" &&
			nm --size-sort -S "/tmp/size-check.$$.elf" | awk '$3 ~ /^[bBdD]$/' | tail -n 10 | sed 's/^/  /'
		rm -f "/tmp/size-check.$$" "/tmp/size-check.$$.elf"
		rc=1
	else
		echo "size-check: $c writable segment $rw bytes: one page"
	fi
done
exit $rc
