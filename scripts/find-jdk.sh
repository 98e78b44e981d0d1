# Sourced by ./dcloud and .ci/run: exports JAVA_HOME pointing at a JDK 21 or newer.
# Order: an existing JAVA_HOME that is new enough, `java` on PATH, then every JDK under /usr/lib/jvm
# (newest first). Prints a clear error and fails when none is found.
# The version comes from the JDK's `release` file when it has one (every JDK since 9 does): starting
# a JVM only to ask it costs about 0.1 s on every command.
dcloud_java_major() {
  local version=""
  [ -r "$1/release" ] && version=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9.]*\).*/\1/p' "$1/release")
  if [ -z "$version" ]; then
    version=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
  fi
  echo "${version%%.*}"
}
dcloud_find_jdk() {
  local candidate major
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${candidate%/}"); done
  for candidate in "${candidates[@]}"; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(dcloud_java_major "$candidate")
    if [ -n "$major" ] && [ "${major%%.*}" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "dcloud: no JDK 21 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm)." >&2
  echo "dcloud: install one, e.g. 'apt-get install openjdk-21-jdk-headless', or set JAVA_HOME." >&2
  return 1
}
