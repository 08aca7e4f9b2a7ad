#!/usr/bin/env bash
# SPDX-License-Identifier: 0BSD
# table.sh - rows "NAME|UNIT|suite=median[:min:max] ..." on stdin -> a
# markdown table: median (min-max) per suite, and svbox's ratio to the best
# peer (lower is better, except MB/s). Used by run.sh; also joins runs.
SUITES=${SUITES:-svbox runit busybox daemontools s6 cat}
printf '| %s | %s |' measurement unit
for s in $SUITES; do printf ' %s |' "$s"; done
printf ' svbox vs best peer |\n|---|---|'
for s in $SUITES; do printf -- '---|'; done
printf -- '---|\n'
while IFS='|' read -r name unit vals; do
	[ -n "$name" ] || continue
	printf '| %s | %s |' "$name" "$unit"
	best= sv= higher=0
	[ "$unit" = MB/s ] && higher=1
	for s in $SUITES; do
		v=$(tr ' ' '\n' <<<"$vals" | sed -n "s/^$s=//p")
		cell=${v:--} m=${v%%:*}
		if [[ $v == *:* ]]; then
			IFS=: read -r m lo hi <<<"$v"
			cell="$m ($lo-$hi)"
		fi
		printf ' %s |' "$cell"
		[ -z "$v" ] && continue
		if [ "$s" = svbox ]; then sv=$m; continue; fi
		[ "$s" = cat ] && continue
		if [ -z "$best" ] || awk -v a="$m" -v b="$best" -v h=$higher \
			'BEGIN {exit !(h ? a > b : a < b)}'; then best=$m; fi
	done
	if [ -n "$sv" ] && [ -n "$best" ] &&
		awk -v b="$best" 'BEGIN {exit !(b != 0)}'; then
		printf ' %s |\n' "$(awk -v a="$sv" -v b="$best" 'BEGIN {printf "%.2fx", a / b}')"
	else
		printf ' - |\n'
	fi
done
