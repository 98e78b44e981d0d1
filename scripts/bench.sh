#!/usr/bin/env bash
# Benchmarks (not tests): scripts/bench.sh ledger [VALIDATORS] [TXS] [CLIENTS] [BATCH]
#                         scripts/bench.sh market [PROVIDERS] [OFFERINGS] [QUERIES]
#                         scripts/bench.sh erasure [DATA_MIB]
#                         scripts/bench.sh proofs [CONTRACTS] [PIECE_MIB] [ROUNDS]   (ledger cost of storage proofs, one per tx vs batched)
#                         scripts/bench.sh storage [SIZE_MIB]   (8-node devnet, put/get vs raw disk write / (N/K))
#                         scripts/bench.sh floor [SIZE_MIB] [ROUNDS]   (CPU floor of any 4-of-8 put and get on this machine)
#                         scripts/bench.sh wasm [RUNS]          (wasm job start latency vs Chicory parse/instantiate)
#                         scripts/bench.sh router [CONNECTIONS] [BULK_MIB] [ROUNDS] [STREAMS]   (ingress router vs direct TLS and a C splice relay)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
dcloud_find_jdk
what="${1:-}"
if [ "$what" = storage ]; then
  exec "$root/scripts/bench-storage.sh" "${@:2}"
fi
case "$what" in
  ledger) main=dcloud.bench.LedgerBench; opts="-Xmx2g" ;;
  market) main=dcloud.bench.MarketBench; opts="-Xmx3g" ;;
  proofs) main=dcloud.bench.ProofBench; opts="-Xmx3g" ;;
  erasure) main=dcloud.bench.ErasureBench; opts="-Xmx4g --add-modules jdk.incubator.vector" ;;
  floor) main=dcloud.bench.StorageFloorBench; opts="-Xmx1g --add-modules jdk.incubator.vector" ;;
  wasm) main=dcloud.bench.WasmStartBench; opts="-Xmx1g" ;;
  router)
    # RouterBench reaches dcloud-compute by reflection (dcloud-bench does not depend on it): build both, run with both.
    cd "$root"
    mvn -q -B -ntp -DskipTests -pl dcloud-compute,dcloud-bench -am package
    # The reference relay (a minimal C splice relay, the floor for any user-space relay) needs a C compiler; without one its row is skipped.
    relay="dcloud-bench/target/splice_relay"
    if command -v cc >/dev/null 2>&1; then cc -O2 -pthread -o "$relay" dcloud-bench/src/main/c/splice_relay.c; else relay=""; fi
    exec "$JAVA_HOME/bin/java" -Xmx1g -Ddcloud.bench.relay="$relay" -cp "dcloud-bench/target/classes:dcloud-compute/target/classes:dcloud-bench/target/lib/*" \
      dcloud.bench.RouterBench "${@:2}" ;;
  *) echo "usage: scripts/bench.sh ledger|market|erasure|proofs|storage|floor|router|wasm [ARGS...]" >&2; exit 2 ;;
esac
shift
cd "$root"
mvn -q -B -ntp -DskipTests -pl dcloud-bench -am package
exec "$JAVA_HOME/bin/java" $opts -cp "dcloud-bench/target/classes:dcloud-bench/target/lib/*" "$main" "$@"
