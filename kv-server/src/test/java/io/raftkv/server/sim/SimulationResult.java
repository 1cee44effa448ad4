package io.raftkv.server.sim;

import io.raftkv.server.raft.RaftConfig.BrokenRule;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The outcome of one seeded run.
 *
 * @param failure      what went wrong, or null when the run passed
 * @param inconclusive the linearizability checker gave up (a timeout, not a counterexample)
 * @param digest       a hash of every event and of the client history: equal for equal runs
 * @param traceTail    the last events before the end (or the failure)
 */
record SimulationResult(String schedule, long seed, int nodes, Set<BrokenRule> brokenRules, String failure, boolean inconclusive, long digest,
                        long events, long virtualMicros, int operations, int unknownOperations, String state,
                        List<String> traceTail) {

    boolean ok() {
        return failure == null;
    }

    /** The one command that replays this run. */
    String replayCommand() {
        return "scripts/simulate.sh --seed " + seed + " --nodes " + nodes
                + ("random".equals(schedule) ? "" : " --scenario " + schedule)
                + brokenRules.stream().map(r -> " --break " + r).sorted().collect(Collectors.joining());
    }

    /** One line for the summary. */
    String summaryLine() {
        return (ok() ? "ok  " : "FAIL") + " seed=" + seed + " nodes=" + nodes
                + (ok() ? "" : " " + failure.lines().findFirst().orElse("") + "\n     replay: " + replayCommand());
    }

    /** The full story of a failure: what broke, how to replay it, the cluster's state and the trace tail. */
    String report() {
        StringBuilder sb = new StringBuilder();
        sb.append(ok() ? "PASSED" : "FAILED").append(" schedule=").append(schedule).append(" seed=").append(seed)
                .append(" nodes=").append(nodes).append('\n');
        if (!ok()) {
            sb.append(failure).append('\n');
        }
        sb.append("replay: ").append(replayCommand()).append('\n');
        sb.append(String.format("virtual time %.3f s, %d events, %d client operations (%d with unknown outcome), digest %016x%n",
                virtualMicros / 1e6, events, operations, unknownOperations, digest));
        if (inconclusive) {
            sb.append("the linearizability checker timed out\n");
        }
        if (state != null) {
            sb.append(state).append('\n');
        }
        if (!ok() && traceTail != null) {
            sb.append("last events:\n");
            traceTail.forEach(l -> sb.append("  ").append(l).append('\n'));
        }
        return sb.toString();
    }
}
