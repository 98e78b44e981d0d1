#!/usr/bin/env bash
# Installs the Debian packages the compute role and its tests use, when any is missing:
# bubblewrap (the process sandbox), iproute2 (network namespaces), util-linux (setpriv),
# openssl (test certificates), python3 (test services) and tar (bundles).
# Without root it only says what is missing; the compute role then runs wasm jobs only.
dcloud_install_deps() {
  local missing=()
  command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
  command -v ip >/dev/null 2>&1 || missing+=(iproute2)
  command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  [ -x /usr/bin/python3 ] || missing+=(python3)
  command -v tar >/dev/null 2>&1 || missing+=(tar)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "dcloud: missing packages for process workloads: ${missing[*]} (install them as root with apt-get)" >&2
    return 0
  fi
  echo "dcloud: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "${missing[@]}" >/dev/null; }
}
