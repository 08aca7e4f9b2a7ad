# SPDX-License-Identifier: 0BSD
# bench/elf.sh - sourced by size-check.sh and busybox-size.sh.
# svbox_elf BUILDDIR OUT: the objects of a static musl build linked again
# into OUT unstripped, for nm: as the Makefile links them, with
# libsv/start.c's entry point where the objects carry it (-nostartfiles;
# a build with libc's start-up links without).
svbox_elf() {
	local objs=("$1"/main.o "$1"/applets/*.o "$1"/libsv/*.o)
	musl-gcc -static -no-pie -nostartfiles -Wl,--gc-sections -flto \
		-flto-partition=one -o "$2" "${objs[@]}" 2>/dev/null ||
		musl-gcc -static -no-pie -Wl,--gc-sections -flto \
			-flto-partition=one -o "$2" "${objs[@]}"
}
