#!/usr/bin/env bash
# End-to-end storage benchmark: a fresh devnet (1 validator, 8 storage nodes, all on this machine),
# two puts and a get of one SIZE_MIB file (default 1024) at 4-of-8: the first put meets node processes
# that have served nothing yet (their JIT compiles on it), the second meets them as a running network
# would; every CLI command is a fresh JVM either way. Compared with the raw disk write speed of the
# same file system measured in the same run, divided by the expansion N/K = 2. The disk is measured
# twice, through the page cache (dd conv=fsync) and straight to the device (dd oflag=direct
# conv=fsync); the faster one is the baseline. Both files are kept until the end: deleting them
# would hand the put freshly freed memory, which on a VM is cheaper than memory it never touched.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
size_mib="${1:-1024}"
work="$(mktemp -d "${TMPDIR:-/tmp}/dcloud-bench-storage.XXXXXX")"
home="$work/home"
dcloud() { "$root/dcloud" --home "$home" "$@"; }
cleanup() { dcloud devnet down >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
head -c "$((size_mib * 1024 * 1024))" /dev/urandom > "$work/data"
sync
now_ns() { date +%s%N; }
start=$(now_ns)
dd if="$work/data" of="$work/raw-buffered" bs=4M conv=fsync status=none
buffered_ns=$(( $(now_ns) - start ))
start=$(now_ns)
dd if="$work/data" of="$work/raw-direct" bs=4M oflag=direct conv=fsync status=none
direct_ns=$(( $(now_ns) - start ))
dcloud devnet up --storage-nodes 8 --base-port 7950 >/dev/null 2>&1
dcloud user register --name bench >/dev/null
# The launcher keeps a class-data archive per storage command, written by its first run after a
# build (that run pays about 1.5 s to write it). A 1 MiB put and get write them here first, in a
# directory of this run, so the timed commands start as they do for anyone who has run them before.
export DCLOUD_CDS_DIR="$work/cds"
head -c 1048576 /dev/urandom > "$work/small"
dcloud storage put "$work/small" --name small --no-backup --spares 0 >/dev/null
dcloud storage get small "$work/small.out" >/dev/null
start=$(now_ns)
dcloud storage put "$work/data" --name first --no-backup --spares 0 >/dev/null
first_ns=$(( $(now_ns) - start ))
start=$(now_ns)
dcloud storage put "$work/data" --name data --no-backup --spares 0 >/dev/null
put_ns=$(( $(now_ns) - start ))
start=$(now_ns)
dcloud storage get data "$work/out" >/dev/null
get_ns=$(( $(now_ns) - start ))
cmp -s "$work/data" "$work/out" || { echo "get returned different bytes" >&2; exit 1; }
awk -v mib="$size_mib" -v buffered="$buffered_ns" -v direct="$direct_ns" -v first="$first_ns" -v put="$put_ns" -v get="$get_ns" -v cores="$(nproc)" 'BEGIN {
  first /= 1e9; put /= 1e9; get /= 1e9;
  mb = mib * 1048576 / 1e6; buffered_mbs = mb / (buffered / 1e9); direct_mbs = mb / (direct / 1e9);
  disk_mbs = buffered_mbs > direct_mbs ? buffered_mbs : direct_mbs; baseline = disk_mbs / 2;
  printf "file %d MiB, 4-of-8 on 8 local storage nodes, %s cores\n", mib, cores;
  printf "raw disk write: %.0f MB/s through the page cache (dd conv=fsync), %.0f MB/s direct (dd oflag=direct conv=fsync)\n", buffered_mbs, direct_mbs;
  printf "baseline = the faster / (N/K = 2) = %.0f MB/s (page-cache figure / 2 = %.0f MB/s)\n", baseline, buffered_mbs / 2;
  printf "first put (nodes fresh): %.1f s = %.1f MB/s, ratio to baseline %.2f (to the page-cache figure / 2: %.2f)\n", first, mb / first, mb / first / baseline, mb / first / (buffered_mbs / 2);
  printf "put (nodes running): %.1f s = %.1f MB/s, ratio to baseline %.2f (to the page-cache figure / 2: %.2f)\n", put, mb / put, mb / put / baseline, mb / put / (buffered_mbs / 2);
  printf "get: %.1f s = %.1f MB/s, ratio to baseline %.2f (to the page-cache figure / 2: %.2f)\n", get, mb / get, mb / get / baseline, mb / get / (buffered_mbs / 2);
}'
