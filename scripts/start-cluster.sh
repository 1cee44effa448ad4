#!/usr/bin/env bash
# Starts a local raftkv cluster in the background and waits until every node knows the leader.
#
#   scripts/start-cluster.sh [--nodes 3|5] [--storage bdb|postgres|dual] [--pg-url URL]
#
# Node N serves HTTP on 127.0.0.1:808N and Raft on 127.0.0.1:900N, keeps its Berkeley DB JE data in
# data/node-N, logs to data/logs/node-N.log and has its pid in data/pids/node-N.pid (see
# config/multi-node-cluster.yaml and config/five-node-cluster.yaml). Builds kv-server/target/kv-server.jar
# first if it is missing or older than any source file or pom. Refuses to start if the cluster already
# runs or a port is taken. A node restarted on its existing data dir resumes from disk and catches up.
# Waits up to START_WAIT_SECONDS (default 30) for every node to know the leader. JAVA_OPTS (default:
# -Xmx1g) goes to every node's JVM. Stop with scripts/stop-cluster.sh.
#
# --storage postgres or dual keeps each node's state in PostgreSQL (schema kv_node_N; see
# docs/operations.md): on the server --pg-url names (a JDBC URL; user and password from
# KV_STORAGE_POSTGRES_USER / _PASSWORD), or else on a local PostgreSQL this script starts with its
# data in data/postgres, on a free loopback port (stop-cluster.sh stops it too).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/jdk.sh

readonly JAR=kv-server/target/kv-server.jar
readonly LOGS=data/logs PIDS=data/pids
readonly START_WAIT_SECONDS=${START_WAIT_SECONDS:-30}

die() {
  echo "start-cluster: $*" >&2
  exit 1
}

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

nodes=3 storage=bdb pg_url=
while [ $# -gt 0 ]; do
  case $1 in
    --nodes) [ $# -ge 2 ] || die "--nodes needs a value (3 or 5)"; nodes=$2; shift 2 ;;
    --nodes=*) nodes=${1#--nodes=}; shift ;;
    --storage) [ $# -ge 2 ] || die "--storage needs a value (bdb, postgres or dual)"; storage=$2; shift 2 ;;
    --storage=*) storage=${1#--storage=}; shift ;;
    --pg-url) [ $# -ge 2 ] || die "--pg-url needs a JDBC URL"; pg_url=$2; shift 2 ;;
    --pg-url=*) pg_url=${1#--pg-url=}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "start-cluster: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
case $nodes in
  3) config=config/multi-node-cluster.yaml ;;
  5) config=config/five-node-cluster.yaml ;;
  *) die "--nodes must be 3 or 5, not '$nodes'" ;;
esac

case $storage in
  bdb) [ -z "$pg_url" ] || die "--pg-url needs --storage postgres or dual" ;;
  postgres|dual) ;;
  *) die "--storage must be bdb, postgres or dual, not '$storage'" ;;
esac

http_port() { echo $((8080 + $1)); }
raft_port() { echo $((9000 + $1)); }

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A pid file whose process still runs kv-server.jar; stale files (a crashed or killed node) are removed.
running_pid() {
  local file=$PIDS/$1.pid pid
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  if ps -p "$pid" -o args= 2>/dev/null | grep -q 'kv-server\.jar'; then
    echo "$pid"
  else
    rm -f "$file"
    return 1
  fi
}

refuse_if_running() {
  local file node pid
  for file in "$PIDS"/*.pid; do
    [ -e "$file" ] || continue
    node=$(basename "$file" .pid)
    if pid=$(running_pid "$node"); then
      die "the cluster already runs ($node is pid $pid); stop it first with scripts/stop-cluster.sh"
    fi
  done
}

refuse_if_ports_taken() {
  local i port
  for i in $(seq 1 "$nodes"); do
    for port in "$(http_port "$i")" "$(raft_port "$i")"; do
      if port_in_use "$port"; then
        die "port $port (node-$i) is already in use by another process; free it or stop that process"
      fi
    done
  done
}

build_if_stale() {
  if [ -f "$JAR" ] && [ -d kv-server/target/libs ] \
      && [ -z "$(find pom.xml kv-proto kv-server/pom.xml kv-server/src/main -newer "$JAR" -type f \
                   -not -path '*/target/*' -print -quit)" ]; then
    return
  fi
  echo "Building $JAR ..."
  ./mvnw -B -q -DskipTests package -pl kv-server -am
}

# A local PostgreSQL for --storage without --pg-url: the test suite's embedded one (real PostgreSQL
# binaries from Maven Central), kept running by a small JVM whose pid stop-cluster.sh also stops.
start_local_postgres() {
  local classpath_file=$PWD/kv-server/target/test-classpath.txt deadline
  echo "Starting a local PostgreSQL (data in data/postgres) ..."
  ./mvnw -B -q -DskipTests test-compile dependency:build-classpath -pl kv-server -am \
      -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"
  mkdir -p "$LOGS" "$PIDS"
  nohup "$JAVA_HOME/bin/java" -cp "kv-server/target/test-classes:kv-server/target/classes:$(cat "$classpath_file")" \
      io.raftkv.server.storage.postgres.LocalPostgres --data-dir data/postgres \
      > "$LOGS/postgres.log" 2>&1 < /dev/null &
  echo $! > "$PIDS/postgres.pid"
  deadline=$((SECONDS + 120))
  until grep -q '^ready ' "$LOGS/postgres.log" 2>/dev/null; do
    kill -0 "$(cat "$PIDS/postgres.pid")" 2>/dev/null || { tail -n 20 "$LOGS/postgres.log" >&2; die "PostgreSQL did not start"; }
    [ "$SECONDS" -lt "$deadline" ] || die "PostgreSQL did not start within 120 s; see $LOGS/postgres.log"
    sleep 0.5
  done
  pg_url=$(sed -n 's/^ready //p' "$LOGS/postgres.log" | head -n 1)
}

start_nodes() {
  local i opts
  # Protobuf's use of sun.misc.Unsafe makes JDK 24+ print warnings on every start; JDK 23 added the switch.
  read -r -a opts <<< "${JAVA_OPTS:--Xmx1g}"
  if [ "$(java_major "$JAVA_HOME/bin/java")" -ge 23 ]; then
    opts+=(--sun-misc-unsafe-memory-access=allow)
  fi
  mkdir -p "$LOGS" "$PIDS"
  for i in $(seq 1 "$nodes"); do
    # env, not plain assignments: the URL's is there only when there is a URL.
    env KV_STORAGE_BACKEND="$storage" ${pg_url:+KV_STORAGE_POSTGRES_URL="$pg_url"} \
        nohup "$JAVA_HOME/bin/java" "${opts[@]}" -XX:+ExitOnOutOfMemoryError -jar "$JAR" \
        --config "$config" --node "node-$i" > "$LOGS/node-$i.log" 2>&1 < /dev/null &
    echo $! > "$PIDS/node-$i.pid"
  done
}

fail_with_logs() {
  local i
  echo "start-cluster: $*" >&2
  for i in $(seq 1 "$nodes"); do
    echo "---- tail of $LOGS/node-$i.log" >&2
    tail -n 15 "$LOGS/node-$i.log" >&2 || true
  done
  scripts/stop-cluster.sh >&2 || true
  exit 1
}

# Waits until every node answers GET /api/v1/cluster/leader with a 200, so a request to any node works
# at once; prints the leader's id and URL from the last answer.
wait_for_leader() {
  local deadline=$((SECONDS + START_WAIT_SECONDS)) i body
  local -a ready=()
  while [ "$SECONDS" -lt "$deadline" ]; do
    for i in $(seq 1 "$nodes"); do
      [ -z "${ready[i]:-}" ] || continue
      running_pid "node-$i" > /dev/null || fail_with_logs "node-$i exited during start-up"
      if body=$(curl -fsS --max-time 1 "http://127.0.0.1:$(http_port "$i")/api/v1/cluster/leader" 2>/dev/null); then
        ready[i]=$body
      fi
    done
    if [ "${#ready[@]}" -eq "$nodes" ]; then
      sed -n 's/.*"id":"\([^"]*\)","http":"\([^"]*\)".*/\1 (\2)/p' <<< "$body"
      return
    fi
    sleep 0.5
  done
  fail_with_logs "not every node knew a leader within ${START_WAIT_SECONDS} s"
}

command -v curl > /dev/null || die "curl is needed to check the cluster; install it (apt-get install curl)"
refuse_if_running
refuse_if_ports_taken
build_if_stale
if [ "$storage" != bdb ] && [ -z "$pg_url" ]; then
  start_local_postgres
fi
start_nodes
echo "Started $nodes nodes; waiting until each knows the leader ..."
leader=$(wait_for_leader)

echo
echo "raftkv cluster is up ($nodes nodes, config $config, storage $storage${pg_url:+ on $pg_url})"
for i in $(seq 1 "$nodes"); do
  echo "  node-$i  http://127.0.0.1:$(http_port "$i")  raft 127.0.0.1:$(raft_port "$i")  pid $(cat "$PIDS/node-$i.pid")  log $LOGS/node-$i.log"
done
echo "Leader: $leader"
echo
echo "Try:"
echo "  curl -X PUT http://localhost:8081/api/v1/kv/test -d value"
echo "  curl http://localhost:8082/api/v1/kv/test"
echo "Stop with scripts/stop-cluster.sh (--clean also deletes ./data)."
