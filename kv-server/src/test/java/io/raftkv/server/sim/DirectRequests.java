package io.raftkv.server.sim;

import io.raftkv.server.lincheck.KvOutput;

import java.util.ArrayList;
import java.util.List;

/**
 * Requests a scenario sends straight to a chosen node, bypassing the clients' routing and
 * retries, to watch exactly what that node does with them (e.g. a partitioned leader). They use
 * keys the recorded clients never touch, so they stay out of the checked history; each write is
 * its own client session.
 */
final class DirectRequests {
    /** What became of one request; {@code answer} is null until the node answers. */
    static final class Handle {
        final String node;
        final long sentAt;
        NodeReply answer;
        long answeredAt;

        Handle(String node, long sentAt) {
            this.node = node;
            this.sentAt = sentAt;
        }

        boolean done() {
            return answer instanceof NodeReply.Done;
        }

        KvOutput output() {
            return answer instanceof NodeReply.Done d ? d.output() : null;
        }
    }

    private final Cluster cluster;
    private int nextClient = 100_000;
    private final List<Handle> all = new ArrayList<>();

    DirectRequests(Cluster cluster) {
        this.cluster = cluster;
    }

    Handle write(String node, String key, String value) {
        Handle h = new Handle(node, cluster.clock.now());
        all.add(h);
        KvCommand command = new KvCommand(nextClient++, 1, KvCommand.Kind.PUT, key, value, null);
        cluster.node(node).submitWrite(command, reply -> answered(h, reply));
        return h;
    }

    Handle read(String node, String key) {
        Handle h = new Handle(node, cluster.clock.now());
        all.add(h);
        cluster.node(node).submitRead(cluster.nextReadId(), key, reply -> answered(h, reply));
        return h;
    }

    private void answered(Handle h, NodeReply reply) {
        if (h.answer == null || !h.done()) {
            h.answer = reply;
            h.answeredAt = cluster.clock.now();
        }
    }

    List<Handle> all() {
        return all;
    }

    /**
     * Proposes one write at whichever node leads until {@code replicas} running nodes have applied
     * it (like the "one()" helper of the MIT 6.824 tests); fails the run after {@code timeout}.
     */
    void commitOne(String key, int replicas, long timeout) {
        long deadline = cluster.clock.now() + timeout;
        String value = "one." + nextClient;
        while (cluster.clock.now() < deadline) {
            String leader = cluster.leader();
            if (leader == null) {
                cluster.runFor(10 * EventQueue.MS);
                continue;
            }
            Handle h = write(leader, key, value);
            if (cluster.runUntil(() -> h.done() && appliedBy(h) >= replicas, 2 * EventQueue.SECOND)) {
                return;
            }
        }
        throw new InvariantViolation("liveness: a write did not reach " + replicas + " nodes within "
                + timeout / EventQueue.MS + " ms:\n" + cluster.describe());
    }

    /** How many running nodes have applied the write. */
    int appliedBy(Handle h) {
        long index = ((NodeReply.Done) h.answer).index();
        int n = 0;
        for (SimNode node : cluster.nodes()) {
            if (node.up() && node.applied() >= index) {
                n++;
            }
        }
        return n;
    }
}
