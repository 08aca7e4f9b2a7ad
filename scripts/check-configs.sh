#!/usr/bin/env bash
# SPDX-License-Identifier: 0BSD
# check-configs.sh - configs/*config are complete: kconfig-conf --olddefconfig
# (kconfig-frontends-nox) changes no symbol in them.
set -eu
cd "$(dirname "$0")/.."
command -v kconfig-conf >/dev/null || { echo "check-configs: kconfig-conf missing (apt-get install kconfig-frontends-nox)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0
for c in configs/*config; do
	scripts/gen.sh "$c" build/gen >/dev/null
	cp "$c" "$tmp/.config"
	KCONFIG_CONFIG=$tmp/.config kconfig-conf --olddefconfig Kconfig >/dev/null
	if ! diff <(grep -v '^#' "$c" | grep . | sort) <(grep -v '^#' "$tmp/.config" | grep . | sort) >/dev/null 2>&1; then
		echo "check-configs: $c is not in step with Kconfig (make oldconfig):"
		diff <(grep -v '^#' "$c" | grep . | sort) <(grep -v '^#' "$tmp/.config" | grep . | sort) || true
		rc=1
	else
		echo "check-configs: $c ok"
	fi
done
# build/gen back to what a plain make uses (Kconfig sources its
# Kconfig.applets from there, so the loop above had to overwrite it)
scripts/gen.sh "$([ -f .config ] && echo .config || echo configs/defconfig)" build/gen >/dev/null
exit $rc
