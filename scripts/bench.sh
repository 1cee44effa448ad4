#!/usr/bin/env bash
# The standard benchmark suite on this machine (the numbers behind docs/benchmarks.md).
#
#   scripts/bench.sh [--duration 30s] [--warmup 5s] [--prime 90s] [--tries 20] [--transport raw|jdk|sdk]
#                    [--storage bdb|postgres|dual]
#
# Builds kv-server and the load generator (io.raftkv.it.bench.LoadGenerator, in integration-tests'
# test scope), starts a 3-node cluster with scripts/start-cluster.sh (which refuses if one already
# runs), warms it up with --prime of 64-client PUTs (not reported: the nodes' JIT needs it), and
# runs, with 128-byte values on 10,000 keys (30 s of unreported GETs warm the read path before run 3):
#   1. 64 clients PUT, spread over all nodes (two thirds of them forwarded by a follower)
#   2. 64 clients PUT, all to the leader
#   3. 64 clients linearizable GET, spread over all nodes
#   4. 1 client PUT to the leader      5. 1 client PUT through a follower (the cost of forwarding)
# then stops the cluster (scripts/stop-cluster.sh; ./data is kept) and runs
#   6. failover: on a cluster of its own, kill -9 the leader --tries times and time until a write
#      through a survivor is acknowledged.
# --transport sdk sends through one KvClient (the Java SDK) over the run's nodes instead of raw
# sockets; it routes writes to the leader itself, so runs 1 and 5 then measure that, not forwarding.
# --storage runs 1-5 on that backend (start-cluster.sh --storage; PostgreSQL is a local one);
# the failover run always uses Berkeley DB JE. Each run prints its report; the RESULT lines are repeated at the end. The load generator takes
# more options than these (see its --help); run it by hand with the classpath this script writes to
# integration-tests/target/bench-classpath.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/jdk.sh

readonly TARGETS=http://127.0.0.1:8081,http://127.0.0.1:8082,http://127.0.0.1:8083
readonly CLASSPATH_FILE=$PWD/integration-tests/target/bench-classpath.txt

duration=30s warmup=5s prime=90s tries=20 transport=raw storage=bdb
while [ $# -gt 0 ]; do
  case $1 in
    --duration|--warmup|--prime|--tries|--transport|--storage)
      [ $# -ge 2 ] || { echo "bench: $1 needs a value" >&2; exit 2; }
      declare "${1#--}=$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

echo "Building the load generator ..."
# With -am every module writes the classpath file in turn; integration-tests comes last, so its own stays.
./mvnw -B -q -DskipTests -pl integration-tests -am package dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$CLASSPATH_FILE"
classpath="integration-tests/target/test-classes:$(cat "$CLASSPATH_FILE")"

reports=$(mktemp)
load_generator() {
  "$JAVA_HOME/bin/java" -Xmx1g -XX:+UseSerialGC -cp "$classpath" io.raftkv.it.bench.LoadGenerator "$@"
}
# Load that is not reported: the nodes' JIT needs it (see below). warm_up OP THROUGH DURATION
warm_up() {
  load_generator --targets "$TARGETS" --value-bytes 128 --keys 10000 --duration "$3" --warmup 0s \
      --transport "$transport" --op "$1" --clients 64 --through "$2" > /dev/null
}
generate() {
  load_generator "$@" | tee -a "$reports"
}

cluster_started=false
stop_cluster() {
  if $cluster_started; then
    scripts/stop-cluster.sh
    cluster_started=false
  fi
}
trap 'stop_cluster; rm -f "$reports"' EXIT

scripts/start-cluster.sh --storage "$storage"
cluster_started=true

common=(--targets "$TARGETS" --value-bytes 128 --keys 10000 --duration "$duration" --warmup "$warmup"
        --transport "$transport")
# The nodes' JIT needs a minute or two of load: a 64-client PUT run right after start was up to 45%
# slower than the third one on the same cluster. This run warms them up and is not reported.
echo "Warming the cluster up: $prime of 64-client PUTs, not reported ..."
warm_up put leader "$prime"
echo; generate "${common[@]}" --op put --clients 64 --through any
echo; generate "${common[@]}" --op put --clients 64 --through leader
# The PUT warm-up leaves the read path cold: the first GET run after it was always its cluster's
# slowest (p99 10-13 ms, then 6-7 ms). 30 s of GETs first, not reported either.
warm_up get any 30s
echo; generate "${common[@]}" --op get --clients 64 --through any --consistency linearizable
echo; generate "${common[@]}" --op put --clients 1 --through leader
echo; generate "${common[@]}" --op put --clients 1 --through follower
stop_cluster

echo; generate --op failover --tries "$tries" --nodes 3

echo
echo "Summary ($(nproc) cores, JDK $(java_major "$JAVA_HOME/bin/java")):"
grep '^RESULT' "$reports"
