#!/usr/bin/env bash
# SPDX-License-Identifier: 0BSD
# check.sh - run the C unit tests, the tree checks and the bats suite
# (TAP), then print "N passed, M failed, K skipped". Exit 1 on any failure.
# Environment: SVBOX (binary under test), UNITS (unit test binaries),
# BATS_FILES (default testsuite/*.bats).
set -u
cd "$(dirname "$0")/.."
pass=0 fail=0 skip=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

tally() { # NAME CMD...: run CMD, echo its TAP and count it
	local name=$1 rc before=$fail line
	shift
	"$@" >"$out" 2>&1
	rc=$?
	while IFS= read -r line; do
		printf '%s\n' "$line"
		case $line in
		"not ok"*) fail=$((fail + 1)) ;;
		"ok "*"# skip"* | "ok "*"# SKIP"*) skip=$((skip + 1)) ;;
		"ok "*) pass=$((pass + 1)) ;;
		esac
	done <"$out"
	if [ "$rc" -ne 0 ] && [ "$fail" -eq "$before" ]; then
		echo "not ok - $name exited with status $rc"
		fail=$((fail + 1))
	fi
}

for u in ${UNITS:-}; do
	echo "# unit: $u"
	tally "$u" "$u"
done
echo "# tree checks"
tally check-tree scripts/check-tree.sh
if ! command -v bats >/dev/null; then
	echo "not ok - bats is not installed (apt-get install bats)"
	fail=$((fail + 1))
else
	echo "# bats"
	# shellcheck disable=SC2086
	tally bats bats --tap ${BATS_FILES:-testsuite/*.bats}
	# runsv's behaviour once more with the engine inside runsvdir -S
	case " ${BATS_FILES:-testsuite/runsv.bats} " in
	*" testsuite/runsv.bats "*)
		if grep -q '^CONFIG_RUNSVDIR_INPROC=y' "${CONFIG:-configs/defconfig}"; then
			echo "# bats: testsuite/runsv.bats under runsvdir -S (RUNSV_MODE=S)"
			tally "runsv.bats -S" env RUNSV_MODE=S bats --tap testsuite/runsv.bats
		fi ;;
	esac
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
