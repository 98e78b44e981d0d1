#!/usr/bin/env bash
# Runs every test of every module (unit, API, multi-process integration) with a JDK 21+.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
dcloud_find_jdk
command -v mvn >/dev/null 2>&1 || { echo "tests need Maven: apt-get install maven" >&2; exit 1; }
cd "$root"
exec mvn -B -ntp install "$@"
