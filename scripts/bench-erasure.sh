#!/usr/bin/env bash
# Reed–Solomon benchmark: scripts/bench-erasure.sh [DATA_MIB]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
dcloud_find_jdk
cd "$root"
mvn -q -B -ntp -DskipTests -pl dcloud-bench -am package
exec "$JAVA_HOME/bin/java" -Xmx4g --add-modules jdk.incubator.vector -cp "dcloud-bench/target/classes:dcloud-bench/target/lib/*" dcloud.bench.ErasureBench "$@"
