package io.raftkv.server.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import static io.raftkv.server.sim.EventQueue.MS;
import static io.raftkv.server.sim.EventQueue.SECOND;
import static io.raftkv.server.sim.Scenarios.awaitStableLeader;
import static io.raftkv.server.sim.Scenarios.expect;
import static io.raftkv.server.sim.Scenarios.majority;
import static io.raftkv.server.sim.Scenarios.othersThan;

/** Scenarios about the log: conflicting entries, snapshots, stale candidates, churn. */
final class LogScenarios {
    private LogScenarios() {
    }

    /**
     * The MIT 6.824 churn test: clients keep working while nodes crash, restart, lose and regain
     * their links every few milliseconds over a lossy, duplicating, reordering network.
     */
    static boolean unreliableChurn(Cluster c) {
        c.network.setConditions(SimNetwork.Conditions.unreliable());
        c.start();
        c.startClients();
        RandomGenerator r = c.random();
        List<String> ids = c.memberIds();
        long end = c.clock.now() + 5 * SECOND;
        while (c.clock.now() < end) {
            c.runFor(r.nextLong(60 * MS));
            String n = ids.get(r.nextInt(ids.size()));
            int dice = r.nextInt(100);
            if (dice < 10) {
                c.crash(n);
            } else if (dice < 40) {
                c.restart(n);
            } else if (dice < 55) {
                c.network.isolate(n, ids);
            } else if (dice < 85) {
                c.network.reconnect(n);
            }
        }
        return Liveness.healAndCheck(c, null);
    }

    /**
     * MIT 6.824's TestBackup: a leader cut off with a minority takes 50 entries it cannot commit;
     * the majority commits 50 of its own; then its leader is cut off with a minority and takes 50
     * more; the first minority plus one up-to-date node form a majority and commit 50 over the
     * conflicting ones. Followers must back up quickly across long conflicting runs.
     */
    static boolean backup(Cluster c) {
        c.start();
        DirectRequests direct = new DirectRequests(c);
        String leader1 = awaitStableLeader(c, 3 * SECOND);
        int f = (c.memberIds().size() - 1) / 2;
        List<String> groupA = new ArrayList<>(List.of(leader1));
        groupA.addAll(othersThan(c, leader1).subList(0, f - 1));
        List<String> groupB = othersThan(c, groupA.toArray(String[]::new));
        c.network.partition(List.of(groupA, groupB));
        for (int i = 0; i < 50; i++) {
            direct.write(leader1, "backup", "a" + i);
        }
        c.runFor(100 * MS);
        expect(c.runUntil(() -> Scenarios.anyLeaderAmong(c, groupB), Liveness.LEADER_DEADLINE), "majority elected no leader");
        for (int i = 0; i < 50; i++) {
            direct.commitOne("backup", groupB.size(), 5 * SECOND);
        }
        String leader2 = c.leader();
        expect(groupB.contains(leader2), "leader " + leader2 + " is not in the majority " + groupB);
        String other = othersThan(c, groupA.toArray(String[]::new)).stream().filter(id -> !id.equals(leader2))
                .findFirst().orElseThrow();
        List<String> groupB2 = new ArrayList<>(groupB);
        groupB2.remove(other);
        List<String> groupA2 = new ArrayList<>(groupA);
        groupA2.add(other);
        c.network.heal();
        c.network.partition(List.of(groupA2, groupB2));
        for (int i = 0; i < 50; i++) {
            direct.write(leader2, "backup", "b" + i);
        }
        c.runFor(100 * MS);
        expect(c.runUntil(() -> Scenarios.anyLeaderAmong(c, groupA2), Liveness.LEADER_DEADLINE),
                "new majority " + groupA2 + " elected no leader");
        for (int i = 0; i < 50; i++) {
            direct.commitOne("backup", groupA2.size(), 5 * SECOND);
        }
        c.network.heal();
        direct.commitOne("backup", c.memberIds().size(), 10 * SECOND);
        return Liveness.healAndCheck(c, null);
    }

    /**
     * Followers fall behind (one cut off, one crashed) while the leader compacts its log past them;
     * once back they must be brought up to date by InstallSnapshot.
     */
    static boolean snapshotToLaggingFollower(Cluster c) {
        c.start();
        c.startClients();
        DirectRequests direct = new DirectRequests(c);
        String leader = awaitStableLeader(c, 3 * SECOND);
        List<String> followers = othersThan(c, leader);
        String cutOff = followers.getFirst();
        String crashed = followers.size() >= 4 ? followers.get(1) : null;
        c.network.isolate(cutOff, c.memberIds());
        if (crashed != null) {
            c.crash(crashed);
        }
        for (int i = 0; i < 60; i++) {
            direct.commitOne("snap", majority(c), 5 * SECOND);
        }
        String now = c.leader();
        expect(c.node(now).storage().snapshot().index() > c.node(cutOff).storage().lastIndex(),
                "the leader did not compact past the lagging follower:\n" + c.describe());
        int before = c.node(cutOff).snapshotsInstalled();
        c.network.heal();
        if (crashed != null) {
            c.restart(crashed);
        }
        expect(c.runUntil(() -> c.node(cutOff).applied() >= c.node(now).applied(), 5 * SECOND),
                "lagging follower " + cutOff + " did not catch up:\n" + c.describe());
        expect(c.node(cutOff).snapshotsInstalled() > before, cutOff + " caught up without a snapshot");
        return Liveness.healAndCheck(c, null);
    }

    /**
     * A follower misses committed entries while cut off (without PreVote its term runs ahead), then
     * comes back as everyone else restarts. Voters must refuse it while its log lacks committed
     * entries; the invariants catch a leader that lacks them.
     */
    static boolean staleLogCandidate(Cluster c) {
        c.start();
        DirectRequests direct = new DirectRequests(c);
        String leader = awaitStableLeader(c, 3 * SECOND);
        String stale = othersThan(c, leader).getFirst();
        c.network.isolate(stale, c.memberIds());
        for (int i = 0; i < 20; i++) {
            direct.commitOne("stale", majority(c), 5 * SECOND);
        }
        List<String> others = othersThan(c, stale);
        others.forEach(c::crash);
        c.network.heal();
        c.runFor(c.random().nextLong(c.params.maxElectionTimeout()));
        others.forEach(c::restart);
        awaitStableLeader(c, Liveness.LEADER_DEADLINE);
        c.startClients();
        c.runFor(SECOND);
        return Liveness.healAndCheck(c, null);
    }
}
