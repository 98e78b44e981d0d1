#!/usr/bin/env bash
# Runs every test of every module (unit, API, multi-process integration) with a JDK 21+, after installing
# the Debian packages the compute sandbox needs (scripts/install-deps.sh).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
dcloud_find_jdk
. "$root/scripts/install-deps.sh"
dcloud_install_deps
command -v mvn >/dev/null 2>&1 || { echo "tests need Maven: apt-get install maven" >&2; exit 1; }
cd "$root"
exec mvn -B -ntp install "$@"
