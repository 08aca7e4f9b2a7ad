#!/bin/sh
# SPDX-License-Identifier: 0BSD
# deps.sh - install what building and testing svbox needs on Debian.
# Needed to build: make, a C compiler. To test: bats, mandoc, col.
# For static builds: musl-tools; for make fuzz: clang. For interop tests and
# benchmarks: runit, daemontools, busybox-static, s6 (their binaries only;
# nothing is started). tzdata: zone files for the time-zone tests.
set -eu
pkgs="make gcc libc6-dev bats mandoc bsdextrautils file procps util-linux
musl-tools kconfig-frontends-nox runit daemontools busybox-static s6 clang
tzdata"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
echo "deps.sh: installing:$missing"
$sudo apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
