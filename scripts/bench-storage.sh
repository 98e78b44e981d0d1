#!/usr/bin/env bash
# End-to-end storage benchmark: a fresh devnet (1 validator, 8 storage nodes, all on this machine),
# put and get of one SIZE_MIB file (default 1024) at 4-of-8, against the raw disk write speed of the
# same file system measured in the same run (dd with fsync), divided by the expansion N/K = 2.
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
dd if="$work/data" of="$work/raw" bs=4M conv=fsync status=none
disk_ns=$(( $(now_ns) - start ))
rm -f "$work/raw"
dcloud devnet up --storage-nodes 8 --base-port 7950 >/dev/null 2>&1
dcloud user register --name bench >/dev/null
start=$(now_ns)
dcloud storage put "$work/data" --name data --no-backup --spares 0 >/dev/null
put_ns=$(( $(now_ns) - start ))
start=$(now_ns)
dcloud storage get data "$work/out" >/dev/null
get_ns=$(( $(now_ns) - start ))
cmp -s "$work/data" "$work/out" || { echo "get returned different bytes" >&2; exit 1; }
awk -v mib="$size_mib" -v disk="$disk_ns" -v put="$put_ns" -v get="$get_ns" -v cores="$(nproc)" 'BEGIN {
  disk /= 1e9; put /= 1e9; get /= 1e9;
  mb = mib * 1048576 / 1e6; disk_mbs = mb / disk; baseline = disk_mbs / 2;
  printf "file %d MiB, 4-of-8 on 8 local storage nodes, %s cores\n", mib, cores;
  printf "raw disk write (dd, fsync): %.0f MB/s; baseline = raw / (N/K = 2) = %.0f MB/s\n", disk_mbs, baseline;
  printf "put: %.1f s = %.1f MB/s, ratio to baseline %.2f\n", put, mb / put, mb / put / baseline;
  printf "get: %.1f s = %.1f MB/s, ratio to baseline %.2f\n", get, mb / get, mb / get / baseline;
}'
