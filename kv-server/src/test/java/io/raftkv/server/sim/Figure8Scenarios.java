package io.raftkv.server.sim;

import io.raftkv.server.raft.Role;
import io.raftkv.server.raft.message.AppendRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import static io.raftkv.server.sim.EventQueue.MS;
import static io.raftkv.server.sim.EventQueue.SECOND;
import static io.raftkv.server.sim.Scenarios.awaitStableLeader;
import static io.raftkv.server.sim.Scenarios.majority;
import static io.raftkv.server.sim.Scenarios.othersThan;

/** Raft's Figure 8: an entry of an earlier term must not be committed by counting its replicas. */
final class Figure8Scenarios {
    private Figure8Scenarios() {
    }

    static boolean figure8(Cluster c) {
        return figure8(c, false);
    }

    static boolean figure8Unreliable(Cluster c) {
        return figure8(c, true);
    }

    /**
     * Raft Figure 8, as the MIT 6.824 test drives it: 1,000 rounds of proposing on whoever leads,
     * waiting a little (rarely up to half an election timeout), crashing that leader and restarting
     * nodes to keep a majority up. Logs fill with entries of many terms, some on a majority without
     * being committable; an entry of an earlier term committed by counting replicas is then
     * overwritten, which the invariants see.
     */
    private static boolean figure8(Cluster c, boolean unreliable) {
        if (unreliable) {
            c.network.setConditions(SimNetwork.Conditions.unreliable());
        }
        c.start();
        DirectRequests direct = new DirectRequests(c);
        RandomGenerator r = c.random();
        List<String> ids = c.memberIds();
        int up = ids.size();
        for (int round = 0; round < 1000; round++) {
            String leader = null;
            for (String id : ids) {
                SimNode n = c.node(id);
                if (n.up() && n.role() == Role.LEADER) {
                    direct.write(id, "fig8", "r" + round);
                    leader = id;
                }
            }
            long wait = r.nextInt(1000) < 100 ? r.nextLong(c.params.maxElectionTimeout() / 4) : r.nextLong(13 * MS);
            c.runFor(wait);
            if (leader != null && c.node(leader).up()) {
                c.crash(leader);
                up--;
            }
            if (up < majority(c)) {
                String s = ids.get(r.nextInt(ids.size()));
                if (!c.node(s).up()) {
                    c.restart(s);
                    up++;
                }
            }
        }
        c.network.setConditions(SimNetwork.Conditions.RELIABLE);
        ids.forEach(c::restart);
        direct.commitOne("fig8", ids.size(), 10 * SECOND);
        return Liveness.healAndCheck(c, null);
    }

    /**
     * Figure 8 step by step, with a precise adversary. With f = (n - 1) / 2, the nodes form a
     * minority A = {S1, ...} of f nodes, S5, and the f middle nodes M. S1 (leading in term a) gets
     * entry X at index j onto A only; S5 wins term b with the votes of M (who cannot reach each
     * other, so nobody else can win) but is cut off before its no-op at j leaves it; a node of A
     * wins term c with M and replicates X to M, while the network loses every append of an entry
     * of a later term that M would accept. X now sits on a majority without being committable.
     * Finally S5 comes back with M: its (j, b) beats M's (j, a), it wins and overwrites X. A leader
     * that committed X by counting (and applied it) is caught then by the leader-completeness check.
     */
    static boolean figure8Exact(Cluster c) {
        c.start();
        DirectRequests direct = new DirectRequests(c);
        String s1 = awaitStableLeader(c, 3 * SECOND);
        List<String> rest = othersThan(c, s1);
        int f = (c.memberIds().size() - 1) / 2;
        List<String> groupA = new ArrayList<>(List.of(s1));
        groupA.addAll(rest.subList(0, f - 1));
        String s5 = rest.getLast();
        List<String> middle = othersThan(c, groupA.toArray(String[]::new));
        middle.remove(s5);
        List<String> all = c.memberIds();

        // Term a: X reaches A only.
        c.network.partition(List.of(groupA, othersThan(c, groupA.toArray(String[]::new))));
        long termA = c.node(s1).term();
        direct.write(s1, "fig8", "X");
        c.runFor(20 * MS);

        // Term b: S5 is the only possible winner (the middle nodes cannot reach each other) and is
        // cut off the moment it wins, before its no-op at j reaches anyone.
        c.network.heal();
        groupA.forEach(a -> c.network.isolate(a, all));
        for (String m : middle) {
            for (String o : middle) {
                if (!m.equals(o)) {
                    c.network.cutOneWay(m, o);
                }
            }
        }
        if (!c.runUntil(() -> c.node(s5).role() == Role.LEADER, 10 * SECOND)) {
            return Liveness.healAndCheck(c, null);     // the setup did not happen; nothing to test
        }
        c.network.isolate(s5, all);

        // Term c: a node of A leads with M; entries of terms after a never reach M.
        c.network.heal();
        c.network.isolate(s5, all);
        // (A probe that M will reject still goes through, so the leader backs up and sends X alone.)
        c.network.lose(m -> m instanceof AppendRequest a && middle.contains(a.to())
                && a.entries().stream().anyMatch(e -> e.term() > termA)
                && c.node(a.to()).storage().termAt(a.prevLogIndex()) == a.prevLogTerm());
        long j = c.node(s1).storage().lastIndex();
        c.runUntil(() -> Scenarios.anyLeaderAmong(c, groupA) && middle.stream()
                .allMatch(m -> c.node(m).storage().lastIndex() >= j), 5 * SECOND);
        c.runFor(200 * MS);

        // Term d: S5 returns with M only, and wins with its (j, b) over their (j, a).
        c.network.lose(m -> false);
        c.network.heal();
        groupA.forEach(a -> c.network.isolate(a, all));
        c.runUntil(() -> c.node(s5).role() == Role.LEADER, 10 * SECOND);
        c.runFor(200 * MS);
        c.network.heal();
        return Liveness.healAndCheck(c, null);
    }
}
