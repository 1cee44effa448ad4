package io.raftkv.server.sim;

import io.raftkv.server.raft.RaftConfig.BrokenRule;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One seeded run: a cluster, a schedule (random faults, or a named scenario) and the final
 * liveness and linearizability checks. Single-threaded and deterministic: the same seed gives the
 * same events and the same history, byte for byte.
 */
final class Simulation {
    /** How long random faults go on, in virtual time, before everything heals. */
    static final long CHAOS = 20 * EventQueue.SECOND;

    /** What a schedule does to a cluster; returns whether the linearizability check was inconclusive. */
    @FunctionalInterface
    interface Schedule {
        boolean run(Cluster cluster);
    }

    private Simulation() {
    }

    /** The node count for a seed when none is given: random schedules cycle through 3, 5 and 7. */
    static int defaultNodes(long seed) {
        return 3 + 2 * (int) Math.floorMod(seed, 3L);
    }

    /** A random schedule: clients, random faults for {@link #CHAOS}, then heal and check. */
    static SimulationResult random(long seed, int nodes, boolean verbose) {
        return random(seed, nodes, verbose, Set.of());
    }

    static SimulationResult random(long seed, int nodes, boolean verbose, Set<BrokenRule> broken) {
        SimParams params = SimParams.randomized(seed, nodes, new SplittableRandom(seed ^ 0x5DEECE66DL))
                .withBrokenRules(broken);
        return run("random", params, verbose, cluster -> {
            cluster.start();
            cluster.startClients();
            FaultInjector faults = new FaultInjector(cluster);
            faults.run(CHAOS);
            return Liveness.healAndCheck(cluster, faults.membership());
        });
    }

    static SimulationResult run(String name, SimParams params, boolean verbose, Schedule schedule) {
        Cluster cluster = new Cluster(params);
        cluster.trace.verbose(verbose);
        String failure = null;
        boolean inconclusive = false;
        try {
            inconclusive = schedule.run(cluster);
        } catch (InvariantViolation v) {
            failure = v.getMessage();
        } catch (RuntimeException | StackOverflowError e) {
            StringWriter stack = new StringWriter();
            e.printStackTrace(new PrintWriter(stack));
            failure = "exception: " + stack.toString().lines().limit(12).reduce((a, b) -> a + "\n" + b).orElse("");
        }
        cluster.trace.absorb(cluster.historyOps().toString());
        return new SimulationResult(name, params.seed(), params.nodes(), params.brokenRules(), failure, inconclusive,
                cluster.trace.digest(), cluster.trace.events(), cluster.clock.now(), cluster.historyOps().size(),
                (int) cluster.historyOps().stream().filter(op -> op.unknown()).count(), cluster.describe(),
                cluster.trace.tail());
    }
}
