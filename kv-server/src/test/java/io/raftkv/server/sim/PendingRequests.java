package io.raftkv.server.sim;

import io.raftkv.server.lincheck.KvOutput;
import io.raftkv.server.raft.ReadState;
import io.raftkv.server.raft.message.Entry;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A node's side of the client protocol: writes it proposed, waiting for their index to be applied,
 * and reads it asked a read index for, waiting for the index and then for the state machine to
 * reach it. Lost with the node on a crash (its clients time out and retry elsewhere).
 */
final class PendingRequests {
    private record Proposal(KvCommand command, Consumer<NodeReply> reply) {
    }

    private record PendingRead(String key, Consumer<NodeReply> reply, long appliedAtCall) {
    }

    private final String node;
    private final Cluster cluster;
    private final Map<Long, Proposal> proposals = new HashMap<>();
    private final Map<Long, PendingRead> reads = new HashMap<>();
    /** Confirmed read indexes waiting for the state machine to catch up, by read id. */
    private final TreeMap<Long, Long> readsAwaitingApply = new TreeMap<>();

    PendingRequests(String node, Cluster cluster) {
        this.node = node;
        this.cluster = cluster;
    }

    void clear() {
        proposals.clear();
        reads.clear();
        readsAwaitingApply.clear();
    }

    void proposed(long index, KvCommand command, Consumer<NodeReply> reply) {
        Proposal old = proposals.put(index, new Proposal(command, reply));
        if (old != null) {
            // This node lost that entry, but another node may still hold it and commit it later.
            old.reply.accept(new NodeReply.Retry("entry " + index + " overwritten here", true));
        }
    }

    /** A read asked while {@code appliedAtCall} was applied somewhere in the cluster. */
    void readAsked(long readId, String key, Consumer<NodeReply> reply, long appliedAtCall) {
        reads.put(readId, new PendingRead(key, reply, appliedAtCall));
    }

    /** Entry {@code e} was applied with {@code outcome}: answer the write proposed at its index, if any. */
    void applied(Entry e, KvStateMachine.Outcome outcome) {
        Proposal p = proposals.remove(e.index());
        if (p == null) {
            return;
        }
        boolean same = outcome != KvStateMachine.Outcome.NONE && outcome != KvStateMachine.Outcome.STALE
                && sameCommand(KvCommand.decode(e.data()), p.command);
        if (!same) {
            // The entry committed at this index is another: the proposal can never take effect.
            p.reply.accept(new NodeReply.Retry("entry " + e.index() + " holds another command", false));
            return;
        }
        cluster.trace.record(node, "ack", p.command + " at " + e.index() + ": " + outcome);
        cluster.invariants.observeAcknowledged(e.index());
        KvOutput output = outcome == KvStateMachine.Outcome.OK ? KvOutput.ok() : KvOutput.failed();
        p.reply.accept(new NodeReply.Done(output, e.index()));
    }

    private static boolean sameCommand(KvCommand a, KvCommand b) {
        return a.client() == b.client() && a.seq() == b.seq();
    }

    /** The state machine jumped to a snapshot: what was proposed up to it may or may not be in it. */
    void snapshotInstalled(long index) {
        for (Iterator<Map.Entry<Long, Proposal>> it = proposals.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Proposal> p = it.next();
            Proposal proposal = p.getValue();
            if (p.getKey() <= index) {
                it.remove();
                proposal.reply.accept(new NodeReply.Retry("outcome inside a snapshot", true));
            }
        }
    }

    void readConfirmed(ReadState rs) {
        PendingRead read = reads.get(rs.requestId());
        if (read == null || readsAwaitingApply.containsKey(rs.requestId())) {
            // Already answered or confirmed: a duplicated request can be answered twice, even
            // refused by a leader that has since stepped down.
            return;
        }
        cluster.trace.record(node, "readState", rs);
        cluster.invariants.observeReadIndex(node, rs.requestId(), rs.index(), read.appliedAtCall);
        if (rs.refused()) {
            reads.remove(rs.requestId());
            read.reply.accept(new NodeReply.Retry("read refused", false));
        } else {
            readsAwaitingApply.put(rs.requestId(), rs.index());
        }
    }

    /** Answers the confirmed reads whose index the state machine has reached. */
    void serveReads(KvStateMachine stateMachine) {
        for (Iterator<Map.Entry<Long, Long>> it = readsAwaitingApply.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Long> r = it.next();
            // Read the entry before removing it: TreeMap's iterator may reuse the removed node.
            long readId = r.getKey();
            long index = r.getValue();
            if (index <= stateMachine.applied()) {
                it.remove();
                PendingRead read = reads.remove(readId);
                String value = stateMachine.get(read.key);
                cluster.trace.record(node, "read", read.key + "=" + value + " at " + stateMachine.applied());
                read.reply.accept(new NodeReply.Done(KvOutput.value(value), index));
            }
        }
    }
}
