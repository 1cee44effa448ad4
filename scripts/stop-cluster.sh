#!/usr/bin/env bash
# Stops the local cluster that scripts/start-cluster.sh started.
#
#   scripts/stop-cluster.sh [--clean]
#
# Sends SIGTERM to every node (a graceful stop: a leader hands leadership to a follower first), waits
# up to 30 s for them to exit, then SIGKILLs any that have not. Only processes that still run
# kv-server.jar under a pid in data/pids are signalled. --clean then deletes ./data (every node's data
# and logs). A local PostgreSQL that start-cluster.sh started for --storage postgres|dual is stopped
# after the nodes. Doing nothing when nothing runs is not an error.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly PIDS=data/pids
readonly EXIT_WAIT_SECONDS=30

clean=false
case ${1:-} in
  "") ;;
  --clean) clean=true ;;
  -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  *) echo "stop-cluster: unknown argument '$1' (expected --clean)" >&2; exit 2 ;;
esac

is_node() {
  ps -p "$1" -o args= 2>/dev/null | grep -q 'kv-server\.jar'
}

pids=()
for file in "$PIDS"/*.pid; do
  [ -e "$file" ] || continue
  pid=$(cat "$file")
  if is_node "$pid"; then
    echo "Stopping $(basename "$file" .pid) (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    pids+=("$pid")
  fi
done

deadline=$((SECONDS + EXIT_WAIT_SECONDS))
for pid in "${pids[@]}"; do
  while is_node "$pid" && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 0.2
  done
  if is_node "$pid"; then
    echo "pid $pid did not exit within ${EXIT_WAIT_SECONDS} s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
done

# The local PostgreSQL that start-cluster.sh --storage postgres|dual started, after the nodes that use it.
if [ -f "$PIDS/postgres.pid" ]; then
  pid=$(cat "$PIDS/postgres.pid")
  if ps -p "$pid" -o args= 2>/dev/null | grep -q 'LocalPostgres'; then
    echo "Stopping the local PostgreSQL (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$((deadline + EXIT_WAIT_SECONDS))" ]; do
      sleep 0.2
    done
  fi
fi
rm -f "$PIDS"/*.pid
[ ${#pids[@]} -gt 0 ] || echo "No cluster is running."

if $clean; then
  rm -rf data
  echo "Removed ./data"
fi
