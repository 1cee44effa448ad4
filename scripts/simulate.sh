#!/usr/bin/env bash
# Deterministic simulation of a raftkv cluster (see kv-server/src/test/java/io/raftkv/server/sim).
#
#   scripts/simulate.sh [--seeds N] [--seed S] [--nodes K] [--scenario NAME] [--verbose] [--list-scenarios]
#
# --seeds N runs N random schedules (seeds 1..N, or S..S+N-1 with --seed S) on all cores and prints
# "seeds=N failures=F", plus a line and a replay command per failing seed. --seed S alone replays one
# seed and prints its report. Without --nodes, seeds cycle through 3, 5 and 7 nodes. Exits non-zero
# on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/jdk.sh

classpath_file="$PWD/kv-server/target/sim-classpath.txt"
./mvnw -B -q -pl kv-server test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >&2

exec "$JAVA_HOME/bin/java" -XX:+UseParallelGC \
    -cp "kv-server/target/test-classes:kv-server/target/classes:$(cat "$classpath_file")" \
    io.raftkv.server.sim.SimulatorMain "$@"
