#!/bin/sh
# SPDX-License-Identifier: 0BSD
# size.sh - size of the static musl svbox for defconfig and tiny_defconfig:
# file bytes and text/data/bss. Builds into build/size-*.
set -eu
cd "$(dirname "$0")/.."
command -v musl-gcc >/dev/null || { echo "size.sh: musl-gcc missing (apt-get install musl-tools)"; exit 1; }
printf '%-16s %10s %10s %8s %8s\n' config bytes text data bss
for c in defconfig tiny_defconfig; do
	b=build/size-${c%_defconfig}
	make -s CC=musl-gcc STATIC=1 BUILD="$b" CONFIG="configs/$c" >/dev/null
	set -- $(size "$b/svbox" | tail -n 1)
	printf '%-16s %10s %10s %8s %8s\n' "$c" "$(wc -c <"$b/svbox")" "$1" "$2" "$3"
done
