package io.raftkv.server.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Random faults for the random schedules: crashes and restarts (preferably of the leader),
 * symmetric and asymmetric partitions, stop-the-world pauses, bouts of an unreliable network,
 * leadership transfers and, once per run at most, replacing a member. Each fault undoes itself
 * after a random while, and {@link Cluster#heal()} undoes them all at the end.
 */
final class FaultInjector {
    private final Cluster cluster;
    private final RandomGenerator random;
    private final SimNetwork.Conditions baseline;
    private MembershipChange membership;
    private int nextNodeNumber;

    FaultInjector(Cluster cluster) {
        this.cluster = cluster;
        this.random = cluster.random();
        this.baseline = switch (random.nextInt(3)) {
            case 0 -> SimNetwork.Conditions.RELIABLE;
            case 1 -> new SimNetwork.Conditions(0.02, 0.02, 0.02, 200, 3 * EventQueue.MS, 100 * EventQueue.MS);
            default -> SimNetwork.Conditions.unreliable();
        };
        cluster.network.setConditions(baseline);
        this.nextNodeNumber = cluster.params.nodes() + 1;
    }

    MembershipChange membership() {
        return membership;
    }

    /** Injects faults at random intervals until {@code until} (virtual time). */
    void run(long until) {
        while (cluster.clock.now() < until) {
            cluster.runFor(Math.min(until - cluster.clock.now(), 50 * EventQueue.MS + random.nextLong(350 * EventQueue.MS)));
            if (cluster.clock.now() < until) {
                inject();
            }
        }
    }

    private void inject() {
        int dice = random.nextInt(100);
        if (dice < 20) {
            crash();
        } else if (dice < 38) {
            partition();
        } else if (dice < 48) {
            asymmetric();
        } else if (dice < 58) {
            pause();
        } else if (dice < 72) {
            badNetwork();
        } else if (dice < 80) {
            transfer();
        } else if (dice < 83 && membership == null) {
            replaceMember();
        }
    }

    private String leaderOrRandom(double leaderBias) {
        String leader = cluster.leader();
        List<String> members = cluster.memberIds();
        if (leader != null && random.nextDouble() < leaderBias) {
            return leader;
        }
        return members.get(random.nextInt(members.size()));
    }

    private void crash() {
        int down = 0;
        for (String id : cluster.memberIds()) {
            down += cluster.node(id).up() ? 0 : 1;
        }
        if (down > (cluster.memberIds().size() - 1) / 2) {
            return;
        }
        String victim = leaderOrRandom(0.5);
        cluster.crash(victim);
        cluster.clock.after(50 * EventQueue.MS + random.nextLong(2 * EventQueue.SECOND), () -> cluster.restart(victim));
    }

    private void partition() {
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (String id : cluster.allIds()) {
            (random.nextBoolean() ? a : b).add(id);
        }
        cluster.trace.record(null, "partition", a + " | " + b);
        cluster.network.partition(List.of(a, b));
        healLater(100 * EventQueue.MS + random.nextLong(2 * EventQueue.SECOND));
    }

    private void asymmetric() {
        String node = leaderOrRandom(0.6);
        boolean outbound = random.nextBoolean();
        boolean all = random.nextBoolean();
        for (String other : cluster.allIds()) {
            if (!other.equals(node) && (all || random.nextBoolean())) {
                if (outbound) {
                    cluster.network.cutOneWay(node, other);
                } else {
                    cluster.network.cutOneWay(other, node);
                }
            }
        }
        cluster.trace.record(node, "asymmetric partition", cluster.network.describeCuts());
        healLater(100 * EventQueue.MS + random.nextLong(1500 * EventQueue.MS));
    }

    private void healLater(long delay) {
        cluster.clock.after(delay, () -> {
            cluster.trace.record(null, "links healed", null);
            cluster.network.heal();
        });
    }

    private void pause() {
        String node = leaderOrRandom(0.7);
        cluster.pause(node, 20 * EventQueue.MS + random.nextLong(800 * EventQueue.MS));
    }

    private void badNetwork() {
        cluster.trace.record(null, "network unreliable", null);
        cluster.network.setConditions(SimNetwork.Conditions.unreliable());
        cluster.clock.after(300 * EventQueue.MS + random.nextLong(3 * EventQueue.SECOND), () -> {
            cluster.trace.record(null, "network back to baseline", null);
            cluster.network.setConditions(baseline);
        });
    }

    private void transfer() {
        String leader = cluster.leader();
        if (leader == null) {
            return;
        }
        List<String> members = cluster.memberIds();
        String to = members.get(random.nextInt(members.size()));
        if (!to.equals(leader)) {
            cluster.node(leader).admin("transfer to " + to, r -> r.transferLeadership(to));
        }
    }

    private void replaceMember() {
        String leaving = leaderOrRandom(0.4);
        membership = new MembershipChange(cluster, "n" + nextNodeNumber++, leaving);
        membership.start();
    }
}
