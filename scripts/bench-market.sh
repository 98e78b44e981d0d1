#!/usr/bin/env bash
# Matching-engine benchmark: scripts/bench-market.sh [PROVIDERS] [OFFERINGS] [QUERIES]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
dcloud_find_jdk
cd "$root"
mvn -q -B -ntp -DskipTests -pl dcloud-bench -am package
exec "$JAVA_HOME/bin/java" -Xmx3g -cp "dcloud-bench/target/classes:dcloud-bench/target/lib/*" dcloud.bench.MarketBench "$@"
