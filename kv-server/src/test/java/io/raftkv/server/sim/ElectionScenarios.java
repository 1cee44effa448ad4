package io.raftkv.server.sim;

import io.raftkv.server.raft.Role;

import java.util.ArrayList;
import java.util.List;

import static io.raftkv.server.sim.EventQueue.MS;
import static io.raftkv.server.sim.EventQueue.SECOND;
import static io.raftkv.server.sim.Scenarios.awaitStableLeader;
import static io.raftkv.server.sim.Scenarios.expect;
import static io.raftkv.server.sim.Scenarios.othersThan;

/** Scenarios about who leads: elections, crashes, partitions, transfers. */
final class ElectionScenarios {
    private ElectionScenarios() {
    }

    /** A fresh cluster elects one leader quickly, and keeps it while nothing goes wrong. */
    static boolean initialElection(Cluster c) {
        c.start();
        String leader = awaitStableLeader(c, 2 * SECOND);
        long term = c.node(leader).term();
        c.runFor(2 * SECOND);
        expect(leader.equals(c.stableLeader()) && c.node(leader).term() == term,
                "leadership moved on a healthy network: " + leader + "@" + term + " became " + c.stableLeader()
                        + "@" + c.node(c.leader()).term());
        c.startClients();
        c.runFor(SECOND);
        return Liveness.healAndCheck(c, null);
    }

    /** The leader crashes: another is elected in a later term; the old one rejoins as a follower. */
    static boolean reElectionAfterLeaderCrash(Cluster c) {
        c.start();
        c.startClients();
        for (int round = 0; round < 3; round++) {
            String old = awaitStableLeader(c, 3 * SECOND);
            long oldTerm = c.node(old).term();
            c.runFor(300 * MS);
            c.crash(old);
            expect(c.runUntil(() -> c.stableLeader() != null && !c.stableLeader().equals(old), Liveness.LEADER_DEADLINE),
                    "no new leader after " + old + " crashed");
            String next = c.stableLeader();
            expect(c.node(next).term() > oldTerm, "new leader " + next + " is not in a later term than " + oldTerm);
            c.restart(old);
            c.runFor(SECOND);
            expect(c.node(old).role() == Role.FOLLOWER, "restarted old leader " + old + " is " + c.node(old).role());
        }
        return Liveness.healAndCheck(c, null);
    }

    /** A minority never elects a leader: cut off by a partition, or left alone by crashes. */
    static boolean noLeaderInMinority(Cluster c) {
        c.start();
        c.startClients();
        String leader = awaitStableLeader(c, 3 * SECOND);
        int minoritySize = (c.memberIds().size() - 1) / 2;
        List<String> minority = new ArrayList<>(List.of(leader));
        minority.addAll(othersThan(c, leader).subList(0, minoritySize - 1));
        List<String> majority = othersThan(c, minority.toArray(String[]::new));
        c.network.partition(List.of(minority, majority));
        // The cut-off leader steps down once CheckQuorum notices; give it a few election timeouts.
        c.runFor(3 * c.params.maxElectionTimeout());
        expect(!c.runUntil(() -> Scenarios.anyLeaderAmong(c, minority), 3 * SECOND),
                "a node of the minority " + minority + " became leader:\n" + c.describe());
        expect(Scenarios.anyLeaderAmong(c, majority), "the majority " + majority + " has no leader");
        c.network.heal();
        awaitStableLeader(c, Liveness.LEADER_DEADLINE);
        // Now crash a majority: the survivors must not elect anyone.
        List<String> crashed = othersThan(c).subList(0, c.memberIds().size() - minoritySize);
        crashed.forEach(c::crash);
        List<String> survivors = othersThan(c, crashed.toArray(String[]::new));
        c.runFor(3 * c.params.maxElectionTimeout());    // a surviving leader steps down by CheckQuorum
        expect(!c.runUntil(() -> Scenarios.anyLeaderAmong(c, survivors), 3 * SECOND),
                "survivors " + survivors + " elected a leader without a majority");
        return Liveness.healAndCheck(c, null);
    }

    /**
     * The leader is cut off from everyone: while it is, it must neither acknowledge a write nor
     * answer a read, although (without CheckQuorum) it still believes it leads.
     */
    static boolean partitionedOldLeader(Cluster c) {
        c.start();
        c.startClients();
        String old = awaitStableLeader(c, 3 * SECOND);
        c.runFor(300 * MS);
        List<String> others = othersThan(c, old);
        c.network.isolate(old, others);
        c.trace.record(old, "isolated", null);
        DirectRequests direct = new DirectRequests(c);
        long end = c.clock.now() + 2 * SECOND;
        int i = 0;
        while (c.clock.now() < end) {
            direct.write(old, "old-leader", "v" + i++);
            direct.read(old, "k0");
            c.runFor(40 * MS);
        }
        for (DirectRequests.Handle h : direct.all()) {
            expect(!h.done(), "the partitioned old leader " + old + " answered a request sent at "
                    + h.sentAt / MS + " ms: " + h.answer);
        }
        expect(Scenarios.anyLeaderAmong(c, others), "the majority elected no leader");
        c.network.heal();
        return Liveness.healAndCheck(c, null);
    }

    /** Leadership moves to a chosen follower on request, several times, under client load. */
    static boolean leadershipTransfer(Cluster c) {
        c.start();
        c.startClients();
        for (int round = 0; round < 3; round++) {
            String leader = awaitStableLeader(c, 3 * SECOND);
            List<String> followers = othersThan(c, leader);
            String target = followers.get(c.random().nextInt(followers.size()));
            c.node(leader).admin("transfer to " + target, r -> r.transferLeadership(target));
            expect(c.runUntil(() -> target.equals(c.stableLeader()), 2 * SECOND),
                    "leadership did not move from " + leader + " to " + target + ":\n" + c.describe());
            c.runFor(300 * MS);
        }
        return Liveness.healAndCheck(c, null);
    }

    /**
     * One-way link failures must not livelock the cluster: a follower that cannot hear the leader,
     * a leader that cannot hear anyone, a follower that cannot be heard. Clients must keep getting
     * answers every second.
     */
    static boolean asymmetricPartitionNoLivelock(Cluster c) {
        c.start();
        c.startClients();
        String leader = awaitStableLeader(c, 3 * SECOND);
        String deaf = othersThan(c, leader).getFirst();
        c.network.cutOneWay(leader, deaf);
        requireProgress(c, "follower " + deaf + " cannot hear leader " + leader);
        c.network.heal();

        leader = awaitStableLeader(c, Liveness.LEADER_DEADLINE);
        for (String o : othersThan(c, leader)) {
            c.network.cutOneWay(o, leader);
        }
        requireProgress(c, "leader " + leader + " cannot hear anyone");
        c.network.heal();

        leader = awaitStableLeader(c, Liveness.LEADER_DEADLINE);
        String mute = othersThan(c, leader).getLast();
        for (String o : othersThan(c, mute)) {
            c.network.cutOneWay(mute, o);
        }
        requireProgress(c, "nobody hears follower " + mute);
        return Liveness.healAndCheck(c, null);
    }

    /** After a second of grace for one election, each further second must answer some client. */
    private static void requireProgress(Cluster c, String situation) {
        c.trace.record(null, "asymmetric", situation);
        c.runFor(SECOND);
        for (int window = 0; window < 3; window++) {
            long before = Scenarios.completedOperations(c);
            c.runFor(SECOND);
            expect(Scenarios.completedOperations(c) > before, "no client got an answer for a second while "
                    + situation + ":\n" + c.describe());
        }
    }
}
