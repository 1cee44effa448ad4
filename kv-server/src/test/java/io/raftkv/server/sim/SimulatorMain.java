package io.raftkv.server.sim;

import io.raftkv.server.raft.RaftConfig.BrokenRule;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * Command line: {@code scripts/simulate.sh [--seeds N] [--seed S] [--nodes K] [--scenario NAME] [--verbose]}.
 *
 * <p>{@code --seeds N} runs the random schedules of seeds 1..N (S..S+N-1 with {@code --seed S}), on
 * all cores, and prints one summary line {@code seeds=N failures=F}, preceded by a line per failing
 * seed with the command that replays it. {@code --seed S} alone replays one seed and prints its
 * whole report (the failure, the cluster's state and the last events); {@code --verbose} also
 * prints every event as it happens. Without {@code --nodes}, seeds cycle through 3, 5 and 7 nodes.
 * {@code --scenario NAME} runs a named scenario instead of a random schedule; {@code --break RULE}
 * switches off one of the core's safety rules (to see the simulator catch it). Exits 1 on any failure.
 */
public final class SimulatorMain {
    private SimulatorMain() {
    }

    public static void main(String[] args) {
        Long seed = null;
        Long seeds = null;
        Integer nodes = null;
        String scenario = null;
        boolean verbose = false;
        Set<BrokenRule> broken = EnumSet.noneOf(BrokenRule.class);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Long.parseLong(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--scenario" -> scenario = args[++i];
                case "--verbose" -> verbose = true;
                case "--break" -> broken.add(BrokenRule.valueOf(args[++i]));
                case "--list-scenarios" -> {
                    Scenarios.names().forEach(System.out::println);
                    return;
                }
                default -> {
                    System.err.println("usage: simulate.sh [--seeds N] [--seed S] [--nodes K] [--scenario NAME] [--verbose]"
                            + " [--break RULE] [--list-scenarios]");
                    System.exit(2);
                }
            }
        }
        if (nodes != null && nodes < 1) {
            System.err.println("--nodes must be positive");
            System.exit(2);
        }
        boolean single = seeds == null && seed != null;
        long first = seed != null ? seed : 1;
        long count = seeds != null ? seeds : 1;
        Integer fixedNodes = nodes;
        String name = scenario;
        boolean print = verbose && single;
        long started = System.nanoTime();
        List<SimulationResult> results = LongStream.range(first, first + count).parallel()
                .mapToObj(s -> runOne(name, s, fixedNodes, print, broken))
                .toList();
        long failures = results.stream().filter(r -> !r.ok()).count();
        long inconclusive = results.stream().filter(SimulationResult::inconclusive).count();
        if (single) {
            System.out.print(results.getFirst().report());
        } else {
            for (SimulationResult r : results) {
                if (!r.ok()) {
                    System.out.println(r.summaryLine());
                } else if (r.inconclusive()) {
                    System.err.println("linearizability check timed out: " + r.replayCommand());
                }
            }
        }
        System.out.printf("seeds=%d failures=%d%n", count, failures);
        System.err.printf("%.1f s%s%n", (System.nanoTime() - started) / 1e9,
                inconclusive > 0 ? ", " + inconclusive + " seeds where the linearizability checker timed out" : "");
        System.exit(failures == 0 ? 0 : 1);
    }

    static SimulationResult runOne(String scenario, long seed, Integer nodes, boolean verbose, Set<BrokenRule> broken) {
        int k = nodes != null ? nodes : Simulation.defaultNodes(seed);
        return scenario == null
                ? Simulation.random(seed, k, verbose, broken)
                : Scenarios.run(scenario, SimParams.defaults(seed, k).withBrokenRules(broken), verbose);
    }
}
