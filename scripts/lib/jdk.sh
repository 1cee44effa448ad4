# Sourced by .ci/run and scripts/*.sh: exports JAVA_HOME (and PATH) for a JDK >= 21.
# The machine's default java may be older; a newer JDK is usually installed beside it.

java_major() { "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}'; }

pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
    return
  fi
  if command -v javac >/dev/null && [ "$(java_major "$(command -v java)")" -ge 21 ]; then
    JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    return
  fi
  local best="" best_major=0 home major
  for home in /usr/lib/jvm/* /opt/java/* /opt/*jdk*; do
    [ -x "$home/bin/javac" ] || continue
    major=$(java_major "$home/bin/java")
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best=$home; best_major=$major; fi
  done
  if [ -z "$best" ]; then
    echo "No JDK >= 21 found; installing Debian's openjdk-21-jdk-headless" >&2
    apt-get update -q && apt-get install -y -q openjdk-21-jdk-headless
    best=/usr/lib/jvm/java-21-openjdk-amd64
  fi
  JAVA_HOME=$best
}

pick_jdk
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
