package io.raftkv.server.sim;

import io.raftkv.server.raft.Raft;
import io.raftkv.server.raft.RaftConfig;
import io.raftkv.server.raft.RaftException;
import io.raftkv.server.raft.ReadState;
import io.raftkv.server.raft.Ready;
import io.raftkv.server.raft.Role;
import io.raftkv.server.raft.message.AppendRequest;
import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.InstallSnapshot;
import io.raftkv.server.raft.message.Message;
import io.raftkv.server.raft.message.Snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Drives one Raft core the way a real node must (see {@link Ready}): send, persist (asynchronously:
 * the fsync completes later, and the node handles one Ready at a time), send what needs the disk,
 * apply, answer reads, advance. Also the node's crashes, restarts and pauses, and its side of the
 * client protocol. Every output of the core passes through {@link Invariants} on the way.
 */
final class SimNode {
    final String id;
    private final Cluster cluster;
    private final RaftConfig config;
    private final DurableStorage storage;
    private Raft raft;
    private KvStateMachine stateMachine;
    private boolean up;
    /** Bumped by every crash, so events of an earlier life are dropped. */
    private int incarnation;
    private long pausedUntil = -1;
    private final List<Runnable> deferred = new ArrayList<>();
    private boolean busy;
    private int snapshotsInstalled;
    private Role role;
    private long term;
    private final PendingRequests requests;

    SimNode(String id, Cluster cluster, RaftConfig config, DurableStorage storage) {
        this.id = id;
        this.cluster = cluster;
        this.config = config;
        this.storage = storage;
        this.requests = new PendingRequests(id, cluster);
    }

    boolean up() {
        return up;
    }

    boolean paused() {
        return pausedUntil > cluster.clock.now();
    }

    Raft raft() {
        return raft;
    }

    Role role() {
        return up ? role : null;
    }

    long term() {
        return term;
    }

    long applied() {
        return up ? stateMachine.applied() : -1;
    }

    String read(String key) {
        return stateMachine.get(key);
    }

    /** Snapshots received from a leader and installed, over all lives. */
    int snapshotsInstalled() {
        return snapshotsInstalled;
    }

    DurableStorage storage() {
        return storage;
    }

    /** Boots the node from whatever its disk holds (a bootstrap state the first time). */
    void start() {
        up = true;
        busy = false;
        var persisted = storage.recover();
        stateMachine = new KvStateMachine();
        stateMachine.restore(persisted.snapshot().data(), persisted.snapshot().index());
        raft = new Raft(config, persisted);
        role = null;
        cluster.trace.record(id, "start", "term=" + persisted.hardState().term() + " snapshot=" + persisted.snapshot().index()
                + " last=" + storage.lastIndex());
        scheduleTick(cluster.random(id).nextLong(cluster.params.tickInterval()) + 1);
        afterInput();
    }

    /** Power loss: the core, the state machine and un-synced writes are gone; clients time out. */
    void crash() {
        if (!up) {
            return;
        }
        up = false;
        incarnation++;
        storage.crash();
        raft = null;
        stateMachine = null;
        requests.clear();
        deferred.clear();
        pausedUntil = -1;
        cluster.trace.record(id, "crash", null);
    }

    /** A stop-the-world pause (GC, VM migration): nothing is handled until it ends, then all at once. */
    void pause(long duration) {
        if (!up || paused()) {
            return;
        }
        pausedUntil = cluster.clock.now() + duration;
        cluster.trace.record(id, "pause", duration / EventQueue.MS + " ms");
        int life = incarnation;
        cluster.clock.at(pausedUntil, () -> {
            if (life != incarnation) {
                return;
            }
            cluster.trace.record(id, "resume", null);
            List<Runnable> backlog = new ArrayList<>(deferred);
            deferred.clear();
            backlog.forEach(Runnable::run);
        });
    }

    /** Runs {@code action} now if the node is running, later if it is paused, never if it crashed since. */
    private void whenRunning(Runnable action) {
        if (!up) {
            return;
        }
        if (paused()) {
            deferred.add(action);
        } else {
            action.run();
        }
    }

    private void later(long delay, Runnable action) {
        int life = incarnation;
        cluster.clock.after(delay, () -> {
            if (life == incarnation) {
                whenRunning(action);
            }
        });
    }

    private void scheduleTick(long delay) {
        int life = incarnation;
        cluster.clock.after(delay, () -> {
            if (life != incarnation || !up) {
                return;
            }
            if (!paused()) {          // a paused node's clock does not fire; it resumes where it was
                raft.tick();
                afterInput();
            }
            scheduleTick(cluster.params.tickInterval());
        });
    }

    void deliver(Message m) {
        whenRunning(() -> {
            cluster.trace.record(id, "recv", m);
            raft.step(m);
            afterInput();
        });
    }

    void reportUnreachable(String peer) {
        later(0, () -> {
            if (role == Role.LEADER) {
                raft.reportUnreachable(peer);
                afterInput();
            }
        });
    }

    void submitWrite(KvCommand command, Consumer<NodeReply> reply) {
        whenRunning(() -> {
            try {
                long index = raft.propose(command.encode());
                cluster.trace.record(id, "propose", command + " at " + index);
                requests.proposed(index, command, reply);
            } catch (RaftException e) {
                reply.accept(refusal(e));
            }
            afterInput();
        });
    }

    void submitRead(long readId, String key, Consumer<NodeReply> reply) {
        whenRunning(() -> {
            try {
                raft.readIndex(readId);
                cluster.trace.record(id, "readIndex", readId + " " + key);
                requests.readAsked(readId, key, reply, cluster.invariants.maxApplied());
            } catch (RaftException e) {
                reply.accept(refusal(e));
            }
            afterInput();
        });
    }

    private static NodeReply refusal(RaftException e) {
        return e.reason() == RaftException.Reason.NOT_LEADER
                ? new NodeReply.Redirect(e.leaderHint())
                : new NodeReply.Retry(e.reason().name(), false);
    }

    /** Runs an administrative call on the core (leadership transfer, membership change). */
    void admin(String what, Consumer<Raft> call) {
        whenRunning(() -> {
            try {
                call.accept(raft);
                cluster.trace.record(id, what, null);
            } catch (RaftException e) {
                cluster.trace.record(id, what + " refused", e.reason());
            }
            afterInput();
        });
    }

    void proposeConfChange(ConfChange change) {
        admin("conf change " + change.type() + " " + change.nodeId(), r -> r.proposeConfChange(change));
    }

    private void afterInput() {
        observeRole();
        pump();
    }

    private void observeRole() {
        Role r = raft.role();
        long t = raft.term();
        if (r != role || t != term) {
            cluster.trace.record(id, "role", r + " term " + t);
            role = r;
            term = t;
        }
        cluster.invariants.observeRole(id, r, t);
    }

    /** Takes Readies while the previous one is done; a Ready that must be synced waits for its fsync. */
    private void pump() {
        while (up && !busy && raft.hasReady()) {
            Ready rd = raft.ready();
            busy = true;
            send(rd.messages());
            if (rd.mustPersist()) {
                write(rd);
            }
            if (rd.mustSync()) {
                later(1 + cluster.random(id).nextLong(cluster.params.maxSyncDelay()), () -> {
                    storage.sync();
                    finish(rd);
                    observeRole();
                    pump();
                });
                return;
            }
            finish(rd);
            observeRole();
        }
    }

    private void send(List<Message> messages) {
        for (Message m : messages) {
            if (m.to().equals(id)) {
                throw new InvariantViolation(id + " sent a message to itself: " + m);
            }
            switch (m) {
                case AppendRequest a -> {
                    cluster.invariants.observeLeaderLog(id, a.term(), a.prevLogIndex(), a.prevLogTerm());
                    for (Entry e : a.entries()) {
                        cluster.invariants.observeLeaderLog(id, a.term(), e.index(), e.term());
                    }
                    cluster.invariants.observeLog(id + "(leader)", a.prevLogIndex() > 0 ? a.prevLogTerm() : -1, a.entries());
                }
                case InstallSnapshot s -> cluster.invariants.observeLeaderLog(id, s.term(), s.snapshot().index(),
                        s.snapshot().term());
                default -> {
                }
            }
            cluster.trace.record(id, "send", m);
            cluster.network.send(m);
        }
    }

    /** Writes the Ready's snapshot, entries and hard state, un-synced; checks what the log becomes. */
    private void write(Ready rd) {
        Snapshot snap = rd.snapshot();
        List<Entry> entries = rd.entries();
        if (!entries.isEmpty()) {
            long first = entries.getFirst().index();
            long prevTerm;
            if (snap != null) {
                prevTerm = first - 1 == snap.index() ? snap.term() : -1;
            } else {
                if (first - 1 > storage.lastIndex()) {
                    throw new InvariantViolation(id + " appends " + entries.getFirst() + " after a gap: its log ends at "
                            + storage.lastIndex());
                }
                prevTerm = storage.termAt(first - 1);
            }
            for (Entry e : entries) {
                if (e.index() > stateMachine.applied()) {
                    break;
                }
                Entry old = storage.entryAt(e.index());
                if (old != null && !old.equals(e)) {
                    throw new InvariantViolation(id + " overwrites applied entry " + old + " with " + e);
                }
            }
            cluster.invariants.observeLog(id, prevTerm, entries);
        }
        cluster.trace.record(id, "write", (snap == null ? "" : snap + " ") + entries + (rd.hardState() == null ? "" : " " + rd.hardState()));
        storage.write(snap, entries, rd.hardState());
    }

    /** Everything after the fsync: acknowledgements, snapshot, applying, reads, advance, compaction. */
    private void finish(Ready rd) {
        send(rd.messagesAfterPersist());
        if (rd.snapshot() != null) {
            installSnapshot(rd.snapshot());
        }
        for (Entry e : rd.committedEntries()) {
            apply(e);
        }
        for (ReadState rs : rd.readStates()) {
            requests.readConfirmed(rs);
        }
        requests.serveReads(stateMachine);
        raft.advance(rd);
        busy = false;
        maybeCompact();
    }

    private void installSnapshot(Snapshot snap) {
        if (snap.index() < stateMachine.applied()) {
            throw new InvariantViolation(id + " was handed " + snap + " below its applied index " + stateMachine.applied());
        }
        stateMachine.restore(snap.data(), snap.index());
        snapshotsInstalled++;
        cluster.trace.record(id, "install", snap);
        cluster.invariants.observeSnapshot(id, snap.index(), stateMachine.chain());
        requests.snapshotInstalled(snap.index());
    }

    private void apply(Entry e) {
        if (e.index() != stateMachine.applied() + 1) {
            throw new InvariantViolation(id + " was handed committed entry " + e + " but has applied " + stateMachine.applied());
        }
        KvStateMachine.Outcome outcome = stateMachine.apply(e);
        if (cluster.invariants.observeApply(id, e, stateMachine.chain(), raft.term())) {
            cluster.onFirstApply(e);
        }
        requests.applied(e, outcome);
    }

    private void maybeCompact() {
        long applied = stateMachine.applied();
        if (applied - storage.snapshot().index() < cluster.params.compactEvery()) {
            return;
        }
        Snapshot snap = raft.compact(applied, stateMachine.snapshot());
        if (snap.index() > applied) {
            return;     // the core already holds a newer snapshot from the leader; a Ready will bring it
        }
        long expected = cluster.invariants.committedTerm(applied);
        if (snap.index() != applied || (expected != 0 && snap.term() != expected)) {
            throw new InvariantViolation(id + " compacted at " + applied + " (term " + expected + ") but got " + snap);
        }
        storage.compact(snap);
        cluster.trace.record(id, "compact", snap);
    }
}
