package io.raftkv.server.node;

import io.raftkv.proto.kv.Command;
import io.raftkv.server.kv.AppliedCommand;
import io.raftkv.server.kv.Commands;
import io.raftkv.server.kv.KvStateMachine;
import io.raftkv.server.raft.Raft;
import io.raftkv.server.raft.RaftException;
import io.raftkv.server.raft.Ready;
import io.raftkv.server.raft.Role;
import io.raftkv.server.raft.message.ConfState;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.EntryType;
import io.raftkv.server.raft.message.Message;
import io.raftkv.server.raft.message.Snapshot;
import io.raftkv.server.storage.LogStore;
import io.raftkv.server.storage.SnapshotFiles;
import io.raftkv.server.transport.RaftTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The one thread that owns the Raft core. Each pass runs every queued event (messages, proposals,
 * reads, ticks), then handles Readies the way {@link Ready} prescribes: send, persist (one append and
 * one fsync for everything the pass gathered: group commit), send what promises durability, apply the
 * committed batch in one transaction, answer reads, advance.
 */
final class Driver implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Driver.class);
    private static final long SLOW_FSYNC_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final NodeSettings settings;
    private final Raft raft;
    private final LogStore logStore;
    private final KvStateMachine stateMachine;
    private final Inbox inbox;
    private final Consumer<NodeView> publish;
    private final PendingWrites writes = new PendingWrites();
    private final PendingReads reads;
    private final ParkedWrites parked;
    private final PeerContacts contacts;
    private final MemberDirectory directory;
    private final MembershipChanges changes;
    private final NodeMetrics metrics;
    private final LongSupplier compactionFloor;
    private final SnapshotFiles snapshots;
    private final long snapshotEntries;
    private final long snapshotBytes;
    // Applied since the last snapshot; the bytes only since this process started (docs/operations.md).
    private long entriesSinceSnapshot;
    private long bytesSinceSnapshot;
    /** The snapshot being written by its own thread, or null. */
    private Scan scan;
    private volatile long snapshotIndex;
    private final long tickNanos;
    private RaftTransport transport;
    private long nextTickNanos;
    private NodeView published = NodeView.STOPPED;
    /** The membership last logged. */
    private ConfState membership;
    /**
     * The state machine's applied index, kept here because the store reads it from disk; volatile
     * for a dual-mode node's mirror, which follows it from its own thread.
     */
    private volatile long applied;

    Driver(NodeSettings settings, Raft raft, LogStore logStore, KvStateMachine stateMachine, Inbox inbox,
           Consumer<NodeView> publish, NodeMetrics metrics, LongSupplier compactionFloor, MemberDirectory directory,
           SnapshotFiles snapshots) {
        this.settings = settings;
        this.raft = raft;
        this.logStore = logStore;
        this.stateMachine = stateMachine;
        this.inbox = inbox;
        this.publish = publish;
        this.metrics = metrics;
        this.compactionFloor = compactionFloor;
        this.snapshots = snapshots;
        double spread = snapshotSpread(settings.self());
        this.snapshotEntries = spread(settings.snapshotEntries(), spread);
        this.snapshotBytes = spread(settings.snapshotBytes(), spread);
        this.tickNanos = settings.tick().toNanos();
        this.reads = new PendingReads(tickNanos * settings.electionTicks());
        this.parked = new ParkedWrites(2 * tickNanos * settings.electionTicks());
        this.directory = directory;
        this.contacts = new PeerContacts(directory);
        this.changes = new MembershipChanges(raft, directory, this::refusal, () -> refusal(raft.leader()),
                tickNanos * settings.electionTicks());
        this.applied = stateMachine.appliedIndex();
        this.snapshotIndex = logStore.snapshot().index();
        this.entriesSinceSnapshot = Math.max(0, applied - snapshotIndex);
        this.membership = raft.status().conf();
    }

    long applied() {
        return applied;
    }

    /** The index of the newest snapshot in the log store: the log starts after it. */
    long snapshotIndex() {
        return snapshotIndex;
    }

    void attach(RaftTransport transport) {
        this.transport = transport;
    }

    /**
     * Where the transport reaches the members: every member of the membership in force, or, on a node
     * that is not yet told it (one joining), every member it knows of.
     */
    Map<String, URI> peerAddresses() {
        Set<String> members = raft.status().conf().members();
        Set<String> ids = members.isEmpty() ? directory.all().stream().map(Member::id).collect(Collectors.toSet()) : members;
        return directory.raftAddresses(ids, settings.self());
    }

    @Override
    public void run() {
        nextTickNanos = System.nanoTime() + tickNanos;
        List<Inbox.Event> events = new ArrayList<>();
        try {
            while (inbox.take(events, nextTickNanos - System.nanoTime())) {
                events.forEach(Inbox.Event::run);
                events.clear();
                tickIfDue();
                askReadIndex();
                changes.onPass(this::isActive, System.nanoTime());
                // Before the Readies as well: a node just elected sends its first appends there, and a
                // request the old leader hands over on hearing them must find this node a leader already.
                publishView();
                handleReadies();
                releaseParked();
                publishView();
            }
        } catch (RuntimeException | Error e) {
            log.error("The Raft driver failed; node {} stops serving", settings.self(), e);
            inbox.close();
        } finally {
            if (scan != null) {
                scan.file().handle((file, failure) -> null).join(); // the node's stores close after this
            }
            failEverything(new NodeException(NodeException.Code.STOPPED, "the node is shutting down"));
            publish.accept(NodeView.STOPPED);
        }
    }

    // ---- events, run on this thread ----------------------------------------------------------

    void onMessage(Message m) {
        contacts.heard(m.from(), System.nanoTime());
        raft.step(m);
    }

    void onUnreachable(String peer) {
        if (raft.role() == Role.LEADER) {
            raft.reportUnreachable(peer);
        }
    }

    void onWrite(Command command, long deadlineNanos, CompletableFuture<AppliedCommand> reply) {
        if (System.nanoTime() - deadlineNanos >= 0) {
            reply.completeExceptionally(new NodeException(NodeException.Code.OVERLOADED,
                    "the write waited too long to be proposed; it was not applied"));
            return;
        }
        Command stamped = Commands.proposedAt(command, System.currentTimeMillis());
        try {
            long index = raft.propose(Commands.encode(stamped));
            writes.add(new PendingWrites.Pending(index, raft.term(), command, deadlineNanos, reply));
        } catch (RaftException e) {
            if (e.reason() == RaftException.Reason.TRANSFERRING_LEADERSHIP) {
                parked.park(command, deadlineNanos, reply, System.nanoTime());
            } else {
                reply.completeExceptionally(refusal(e));
            }
        }
    }

    void onRead(long deadlineNanos, CompletableFuture<Void> reply) {
        reads.add(new PendingReads.Waiter(deadlineNanos, reply));
    }

    /**
     * Starts handing leadership to {@code to}, or, if null, to the most caught-up voter heard from
     * recently (a dead one would never take over); answers the target's id, or fails with NOT_LEADER
     * or INVALID_REQUEST.
     */
    void onTransferLeadership(String to, CompletableFuture<String> started) {
        if (raft.role() != Role.LEADER) {
            started.completeExceptionally(refusal(raft.leader()));
            return;
        }
        String target = to != null ? to : MembershipChanges.mostCaughtUpVoter(raft.status(), this::isActive);
        if (target == null) {
            started.completeExceptionally(new NodeException(NodeException.Code.INVALID_REQUEST,
                    "no other voter has answered recently, so none can take over"));
            return;
        }
        try {
            raft.transferLeadership(target);
            log.info("Handing leadership of term {} to {}", raft.term(), target);
            started.complete(target);
        } catch (RaftException e) {
            started.completeExceptionally(refusal(e));
        }
    }

    void onStatus(CompletableFuture<NodeStatus> reply) {
        reply.complete(status());
    }

    private NodeStatus status() {
        return contacts.status(raft.status(), applied, System.nanoTime());
    }

    void onMembershipChange(MembershipChanges.Request request) {
        changes.request(request, this::isActive, System.nanoTime());
    }

    /** A joining node was told the members (the answer to its join): it can reach them before the log tells it. */
    void onMembersLearned(List<Member> members) {
        directory.seed(members, stateMachine.members());
        transport.updatePeers(peerAddresses());
    }

    /** Whether {@code id} is this node or one it heard from within an election timeout. */
    private boolean isActive(String id) {
        return id.equals(settings.self()) || contacts.heardWithin(id, tickNanos * settings.electionTicks(), System.nanoTime());
    }

    // ---- one pass ----------------------------------------------------------------------------

    private void tickIfDue() {
        long now = System.nanoTime();
        if (now - nextTickNanos < 0) {
            return;
        }
        while (now - nextTickNanos >= 0) {
            raft.tick();
            nextTickNanos += tickNanos;
        }
        for (PendingWrites.Pending p : writes.expire(now)) {
            p.reply().completeExceptionally(new NodeException(NodeException.Code.OUTCOME_UNKNOWN,
                    "the write was proposed at index " + p.index() + " but did not apply within "
                            + settings.writeTimeout().toMillis() + " ms; it may or may not take effect"));
        }
        changes.expire(now);
        for (ParkedWrites.Parked p : parked.expire(now)) {
            p.reply().completeExceptionally(new NodeException(NodeException.Code.NO_LEADER,
                    "leadership is being handed over and no new leader is known yet; the write was not applied; retry"));
        }
        for (PendingReads.Waiter w : reads.expire(now)) {
            w.reply().completeExceptionally(readFailure());
        }
        contacts.checkLag(raft::status, now);
    }

    private void askReadIndex() {
        long id = reads.takeArriving(System.nanoTime());
        if (id == 0) {
            return;
        }
        try {
            raft.readIndex(id);
        } catch (RaftException e) {
            NodeException failure = refusal(e);
            reads.refused(id).forEach(w -> w.reply().completeExceptionally(failure));
        }
    }

    /**
     * The factor, 1 to 1.2, by which this node's snapshot thresholds exceed the configured ones. Seeded
     * by the id, so a node keeps it across restarts; SplittableRandom mixes its seed, where
     * java.util.Random's first output for ids differing in one letter (node-1, node-2) differs in
     * the fifth decimal only, and every node snapshotted at the same index.
     */
    static double snapshotSpread(String nodeId) {
        return 1 + new SplittableRandom(nodeId.hashCode()).nextDouble() / 5;
    }

    /**
     * A threshold plus up to a fifth more, by a factor fixed per node id: nodes that applied the same
     * log would otherwise all scan their state at the same index, competing for the same disk and cores.
     */
    private static long spread(long threshold, double factor) {
        return threshold >= Long.MAX_VALUE / 2 ? threshold : (long) (threshold * factor);
    }

    /**
     * Once a transfer ended, the writes held during it are proposed here (this node still leads: the
     * transfer was abandoned) or sent on to the new leader as soon as it is known.
     */
    private void releaseParked() {
        if (parked.isEmpty() || raft.transferringLeadership()) {
            return;
        }
        if (raft.role() == Role.LEADER) {
            parked.takeAll().forEach(p -> onWrite(p.command(), p.deadlineNanos(), p.reply()));
        } else if (raft.leader() != null) {
            NodeException moved = refusal(raft.leader());
            parked.takeAll().forEach(p -> p.reply().completeExceptionally(moved));
        }
    }

    private void handleReadies() {
        while (raft.hasReady()) {
            Ready rd = raft.ready();
            transport.send(rd.messages());
            if (rd.mustPersist()) {
                persist(rd);
            }
            transport.send(rd.messagesAfterPersist());
            if (rd.snapshot() != null) {
                finishScan();
                install(rd.snapshot());
            }
            if (!rd.committedEntries().isEmpty()) {
                apply(rd.committedEntries());
            }
            rd.readStates().forEach(reads::confirmed);
            reads.serve(applied);
            raft.advance(rd);
            if (rd.snapshot() != null || hasConfChange(rd.committedEntries())) {
                membershipChanged();
            }
            changes.applied(rd.committedEntries(), this::status);
        }
        maybeSnapshot();
    }

    /** A plain loop: this runs for every batch on the write path. */
    private static boolean hasConfChange(List<Entry> entries) {
        for (Entry e : entries) {
            if (e.type() == EntryType.CONF_CHANGE) {
                return true;
            }
        }
        return false;
    }

    /** A snapshot being written: the index it is taken at, when it started, and the file once written. */
    private record Scan(long index, long startNanos, CompletableFuture<SnapshotFiles.Handle> file) {
    }

    /**
     * Starts a snapshot of the state machine at the applied index once enough was applied since the
     * last one: {@code raft.snapshot-entries}, or {@code raft.snapshot-bytes} of payload (which also
     * bounds the memory the core's log holds, since it keeps the entries after its snapshot). The scan
     * runs on a thread of its own over the state frozen at the applied index, while this one goes on as
     * ever, applying included (copy on write: {@code FreezableStateStore}). A dual-mode mirror that
     * has not yet applied that far holds compaction back, as it replays from the log.
     */
    private void maybeSnapshot() {
        if (scan != null || entriesSinceSnapshot < snapshotEntries && bytesSinceSnapshot < snapshotBytes
                || compactionFloor.getAsLong() < applied) {
            return;
        }
        long index = applied;
        SnapshotFiles.Writer frozen = stateMachine.freeze();
        CompletableFuture<SnapshotFiles.Handle> file = new CompletableFuture<>();
        Scan started = new Scan(index, System.nanoTime(), file);
        scan = started;
        entriesSinceSnapshot = 0;
        bytesSinceSnapshot = 0;
        Thread.ofPlatform().name("raft-snapshot-" + settings.self()).start(() -> {
            try {
                file.complete(snapshots.write(index, frozen));
            } catch (IOException | RuntimeException e) {
                file.completeExceptionally(e);
            }
            // Bound to this scan: an install may have finished it already and a later scan begun.
            inbox.offer(() -> {
                if (scan == started) {
                    finishScan();
                }
            });
        });
    }

    /** Waits for the snapshot being written and compacts the log up to it; does nothing if none is being written. */
    private void finishScan() {
        if (scan == null) {
            return;
        }
        SnapshotFiles.Handle file;
        try {
            file = scan.file().join();
        } catch (CompletionException e) {
            throw new IllegalStateException("cannot snapshot the state at index " + scan.index(), e.getCause());
        } finally {
            stateMachine.thaw();
        }
        Snapshot snapshot = raft.compact(scan.index(), file.encode());
        logStore.compact(snapshot);
        long took = System.nanoTime() - scan.startNanos();
        metrics.snapshotted(file.size(), took);
        log.info("Snapshot at index {} (term {}, {} bytes) in {} ms, {} entries applied meanwhile; log compacted to start at {}",
                snapshot.index(), snapshot.term(), file.size(), TimeUnit.NANOSECONDS.toMillis(took), applied - scan.index(),
                logStore.firstIndex());
        snapshotIndex = snapshot.index();
        scan = null;
    }

    /** The membership may have changed (the core took it in): reach the new members, stop reaching removed ones. */
    private void membershipChanged() {
        directory.learned(stateMachine.members());
        Map<String, URI> peers = peerAddresses();
        transport.updatePeers(peers);
        metrics.watch(transport, peers.keySet());
        ConfState conf = raft.status().conf();
        if (!conf.equals(membership)) {
            log.info("Membership: voters {}, learners {}", conf.voters(), conf.learners());
            if (membership.isMember(settings.self()) && !conf.isMember(settings.self())) {
                log.warn("Node {} was removed from the cluster; it takes no part until added again: stop it",
                        settings.self());
            }
            membership = conf;
        }
    }

    private void persist(Ready rd) {
        if (!rd.mustSync()) {
            logStore.persistCommit(rd.hardState());
            return;
        }
        long start = System.nanoTime();
        logStore.persist(rd.hardState(), rd.snapshot(), rd.entries());
        long took = System.nanoTime() - start;
        metrics.persisted(rd.entries().size(), took);
        if (took > SLOW_FSYNC_NANOS) {
            log.warn("Slow fsync: persisting {} entries took {} ms", rd.entries().size(), TimeUnit.NANOSECONDS.toMillis(took));
        }
    }

    private void install(Snapshot snapshot) {
        try (InputStream in = SnapshotFiles.open(snapshot.data())) {
            stateMachine.restore(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the leader's snapshot at " + snapshot.index(), e);
        }
        applied = stateMachine.appliedIndex();
        snapshotIndex = snapshot.index();
        entriesSinceSnapshot = 0;
        bytesSinceSnapshot = 0;
        metrics.installedSnapshot();
        changes.snapshotInstalled(snapshot.index());
        log.info("Installed the leader's snapshot at index {} (term {})", snapshot.index(), snapshot.term());
        for (PendingWrites.Pending p : writes.removeUpTo(snapshot.index())) {
            p.reply().completeExceptionally(new NodeException(NodeException.Code.OUTCOME_UNKNOWN,
                    "a snapshot replaced the log at index " + p.index() + "; the write may or may not have applied"));
        }
    }

    private void apply(List<Entry> committed) {
        long start = System.nanoTime();
        List<AppliedCommand> results = stateMachine.apply(committed);
        metrics.applied(committed.size(), System.nanoTime() - start);
        entriesSinceSnapshot += committed.size();
        for (Entry e : committed) {
            bytesSinceSnapshot += e.size();
        }
        applied = Math.max(applied, committed.getLast().index());
        for (PendingWrites.Pending lost : writes.applied(committed, results)) {
            // Definitely not applied anywhere, so proposing it again cannot apply it twice.
            if (raft.role() == Role.LEADER) {
                onWrite(lost.command(), lost.deadlineNanos(), lost.reply());
            } else {
                lost.reply().completeExceptionally(refusal(raft.leader()));
            }
        }
    }

    private void publishView() {
        NodeView now = new NodeView(raft.role(), raft.term(), raft.leader());
        if (!now.equals(published)) {
            if (!Objects.equals(now.leader(), published.leader())) {
                metrics.leaderChanged();
            }
            logLeadership(published, now);
            published = now;
            publish.accept(now);
        }
    }

    private void logLeadership(NodeView before, NodeView now) {
        if (now.role() == Role.LEADER) {
            log.info("Became leader in term {}", now.term());
        } else if (before.role() == Role.LEADER) {
            log.info("Stepped down as leader (term {}, now {})", now.term(), now.role());
        } else if (now.leader() != null && !now.leader().equals(before.leader())) {
            log.info("Leader is {} (term {})", now.leader(), now.term());
        } else if (now.role() == Role.CANDIDATE) {
            log.info("Campaigning in term {}", now.term());
        } else if (before.leader() != null && now.leader() == null) {
            log.info("Lost contact with leader {} (term {}, now {})", before.leader(), now.term(), now.role());
        }
    }

    // ---- failures ----------------------------------------------------------------------------

    private NodeException refusal(RaftException e) {
        return switch (e.reason()) {
            case NOT_LEADER -> refusal(e.leaderHint());
            case TOO_MUCH_UNCOMMITTED -> new NodeException(NodeException.Code.OVERLOADED, e.getMessage());
            case TRANSFERRING_LEADERSHIP -> new NodeException(NodeException.Code.NO_LEADER,
                    "leadership is being handed over; retry shortly");
            case CONF_CHANGE_IN_PROGRESS -> new NodeException(NodeException.Code.CHANGE_IN_PROGRESS, e.getMessage());
            case INVALID_REQUEST -> new NodeException(NodeException.Code.INVALID_REQUEST, e.getMessage());
        };
    }

    private NodeException refusal(String leaderId) {
        Member leader = leaderId == null || leaderId.equals(settings.self()) ? null : directory.get(leaderId);
        return leader == null
                ? new NodeException(NodeException.Code.NO_LEADER, "no leader is known; retry shortly")
                : new NodeException(NodeException.Code.NOT_LEADER, leader, "not the leader; the leader is " + leaderId);
    }

    private NodeException readFailure() {
        return raft.leader() == null
                ? new NodeException(NodeException.Code.NO_LEADER, "no leader is known; retry shortly")
                : new NodeException(NodeException.Code.READ_TIMEOUT, "the read index was not confirmed within "
                        + settings.readTimeout().toMillis() + " ms; retry");
    }

    private void failEverything(NodeException e) {
        writes.drain().forEach(p -> p.reply().completeExceptionally(e));
        parked.takeAll().forEach(p -> p.reply().completeExceptionally(e));
        reads.drain().forEach(w -> w.reply().completeExceptionally(e));
        changes.failAll(e);
        inbox.abortRemaining();
    }
}
