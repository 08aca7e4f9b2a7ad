#!/bin/sh
# SPDX-License-Identifier: 0BSD
# singles.sh - build svbox once per applet with only that applet (and its
# features) enabled: proves every applet links alone and that applets do
# not depend on each other. Usage: make singles
set -eu
cd "$(dirname "$0")/.."
out=build/singles
mkdir -p "$out"
names=$(sed -n 's/^APPLET(\([a-z0-9_]*\),.*/\1/p' applets/*.c)
all=" $(echo $names | tr a-z A-Z) "
for a in $names; do
	A=$(echo "$a" | tr a-z A-Z)
	cfg=$out/$a.config
	# every applet off, then this one on (feature symbols keep their
	# defconfig values; code of disabled applets is dropped at link time)
	sed -e "s/^CONFIG_\([A-Z0-9_]*\)=y$/# CONFIG_\1 is not set/" configs/defconfig >"$cfg"
	for f in $(sed -n 's/^CONFIG_\([A-Z0-9_]*\)=y$/\1/p' configs/defconfig); do
		# (RUNIT_INIT is an applet of its own, not a feature of RUNIT)
		case "$all" in *" $f "*) continue ;; esac
		case $f in "$A" | "$A"_* | INOTIFY) echo "CONFIG_$f=y" >>"$cfg" ;; esac
	done
	echo "CONFIG_$A=y" >>"$cfg"
	make -s BUILD="$out/$a" CONFIG="$cfg" >/dev/null
	list=$("$out/$a/svbox" --list)
	[ "$list" = "$(echo "$a" | tr _ -)" ] || { echo "singles: $a: built applets: $list" >&2; exit 1; }
	printf '%-10s %8s bytes\n' "$a" "$(stat -c %s "$out/$a/svbox")"
done
