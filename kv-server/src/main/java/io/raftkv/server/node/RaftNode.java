package io.raftkv.server.node;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.raftkv.proto.kv.Command;
import io.raftkv.server.kv.AppliedCommand;
import io.raftkv.server.kv.KeyValue;
import io.raftkv.server.kv.KvStateMachine;
import io.raftkv.server.kv.Page;
import io.raftkv.server.raft.PersistentState;
import io.raftkv.server.raft.Raft;
import io.raftkv.server.raft.RaftConfig;
import io.raftkv.server.raft.Role;
import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.HardState;
import io.raftkv.server.raft.message.Message;
import io.raftkv.server.storage.LogStore;
import io.raftkv.server.storage.SnapshotFiles;
import io.raftkv.server.storage.StateStore;
import io.raftkv.server.transport.RaftTransport;
import io.raftkv.server.transport.TransportSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One running node, as the HTTP layer sees it: writes and linearizable reads go through the
 * {@link Driver} thread that owns the Raft core; serializable reads and the published view are
 * answered on the caller's thread. Thread-safe.
 */
public final class RaftNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RaftNode.class);
    /** Queued events beyond which new requests are refused rather than queued without bound. */
    private static final int MAX_QUEUED = 100_000;

    private final NodeSettings settings;
    private final KvStateMachine stateMachine;
    private final Inbox inbox = new Inbox();
    private final Driver driver;
    private final Thread thread;
    private final Set<String> unreachableReported = ConcurrentHashMap.newKeySet();
    private volatile NodeView view = NodeView.STOPPED;
    private volatile CompletableFuture<Void> leadershipEnded = new CompletableFuture<>();
    /** Completes once a leader is known; replaced (before the view says none) whenever the leader is lost. */
    private volatile CompletableFuture<Void> leaderKnown = new CompletableFuture<>();
    private final StateMirror mirror;
    private final NodeMetrics metrics;
    private final MemberDirectory directory;
    private final boolean joining;
    private RaftTransport transport;

    private RaftNode(NodeSettings settings, Raft raft, LogStore logStore, KvStateMachine stateMachine,
                     SnapshotFiles snapshots, MirrorTarget mirrorTarget, MirrorFeed feed, MeterRegistry registry) {
        this.settings = settings;
        this.stateMachine = stateMachine;
        this.metrics = new NodeMetrics(registry);
        this.directory = new MemberDirectory(settings.members());
        directory.learned(stateMachine.members());
        this.joining = raft.status().conf().members().isEmpty();
        this.driver = new Driver(settings, raft, logStore, stateMachine, inbox, this::published, metrics,
                this::compactionFloor, directory, snapshots);
        this.thread = new Thread(driver, "raft-driver-" + settings.self());
        this.mirror = mirrorTarget == null ? null : new StateMirror(mirrorTarget.name(), logStore, feed, driver::applied,
                mirrorTarget.opener(), settings.idempotencyWindow());
    }

    /**
     * A node over its stores, not yet started. On empty stores it bootstraps a new cluster whose voters
     * are all of {@code settings.members()}, or, if {@link NodeSettings#join()}, waits to be added to a
     * running one ({@link #needsToJoin()}); otherwise it resumes from what they hold. Its snapshots are
     * files in {@code snapshots}.
     */
    public static RaftNode create(NodeSettings settings, LogStore logStore, StateStore stateStore,
                                  SnapshotFiles snapshots) {
        return create(settings, logStore, stateStore, snapshots, null, new CompositeMeterRegistry());
    }

    /**
     * Like {@link #create(NodeSettings, LogStore, StateStore, SnapshotFiles)}, with the node's meters in {@code registry};
     * and, unless {@code mirror} is null, the node also keeps a copy of its state in the store that
     * {@code mirror} opens (dual mode), without ever waiting for it: see {@link StateMirror}.
     */
    public static RaftNode create(NodeSettings settings, LogStore logStore, StateStore stateStore,
                                  SnapshotFiles snapshots, MirrorTarget mirror, MeterRegistry registry) {
        MirrorFeed feed = mirror == null ? null : new MirrorFeed(stateStore, mirror.feedBytes());
        KvStateMachine stateMachine = new KvStateMachine(feed == null ? stateStore : feed, settings.idempotencyWindow());
        RaftConfig config = RaftConfig.defaults(settings.self(), new Random())
                .withTicks(settings.electionTicks(), settings.heartbeatTicks())
                .withLimits(1 << 20, 256, settings.maxUncommittedBytes());
        return new RaftNode(settings, new Raft(config, recover(settings, logStore, stateMachine)), logStore, stateMachine,
                snapshots, mirror, feed, registry);
    }

    private static PersistentState recover(NodeSettings settings, LogStore logStore, KvStateMachine stateMachine) {
        if (logStore.lastIndex() == 0 && stateMachine.appliedIndex() == 0
                && logStore.load(0).hardState().equals(HardState.INITIAL)) {
            if (settings.join()) {
                log.info("Empty storage: joining a running cluster, which adds this node and sends it the log");
                return PersistentState.joining();
            }
            log.info("Empty storage: bootstrapping a new cluster with voters {}",
                    settings.members().stream().map(Member::id).toList());
            // Sorted, so every founding member writes identical entries whatever order its file lists them in.
            return PersistentState.bootstrap(settings.members().stream()
                    .sorted(Comparator.comparing(Member::id))
                    .map(m -> new ConfChange(ConfChange.Type.ADD_VOTER, m.id(), MemberDirectory.context(m)))
                    .toList());
        }
        if (stateMachine.appliedIndex() < logStore.snapshot().index()) {
            // Crashed between persisting a leader's snapshot and installing it: install it now.
            try (InputStream in = SnapshotFiles.open(logStore.snapshot().data())) {
                stateMachine.restore(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot install the stored snapshot", e);
            }
        }
        PersistentState state = logStore.load(stateMachine.appliedIndex());
        log.info("Resuming at term {}, applied index {}, log {}..{}", state.hardState().term(), state.applied(),
                logStore.firstIndex(), logStore.lastIndex());
        return state;
    }

    /** Starts the driver thread and the peer connections. */
    public void start() {
        Map<String, URI> peers = driver.peerAddresses();
        transport = new RaftTransport(settings.self(), peers, TransportSettings.defaults(), new Random(), this::unreachable);
        driver.attach(transport);
        metrics.watch(this, inbox, driver);
        metrics.watch(transport, peers.keySet());
        thread.start();
        if (mirror != null) {
            metrics.watch(mirror);
            mirror.start();
        }
    }

    /** Where the Raft gRPC service hands received messages (thread-safe, never blocks). */
    public void receive(Message message) {
        inbox.offer(() -> driver.onMessage(message));
    }

    private void unreachable(String peer) {
        if (unreachableReported.add(peer)) {
            inbox.offer(() -> {
                unreachableReported.remove(peer);
                driver.onUnreachable(peer);
            });
        }
    }

    public String id() {
        return settings.self();
    }

    /** The leader as this node last saw it, or null while none is known. */
    public Member leader() {
        return directory.get(view.leader());
    }

    /**
     * Waits until this node knows a leader (itself, perhaps), for at most an election timeout. For a request that arrives while an election or a leadership transfer runs: it can go to the
     * new leader a moment later instead of being refused.
     */
    public void awaitLeader() {
        if (view.leader() != null) {
            return;
        }
        try {
            leaderKnown.get(settings.electionTicks() * settings.tick().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // none yet: the caller answers NO_LEADER
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether this node was created on empty storage in join mode, so with no membership: it takes part
     * only once a member adds it ({@code POST /api/v1/cluster/members}).
     */
    public boolean needsToJoin() {
        return joining;
    }

    /**
     * Tells a joining node the cluster's members (as the member that added it listed them), so it can
     * answer the leader before the log tells it their addresses.
     */
    public void learnMembers(List<Member> members) {
        List<Member> copy = List.copyOf(members);
        inbox.offer(() -> driver.onMembersLearned(copy));
    }

    /**
     * Adds {@code member} as a learner (it receives the log, does not vote) or a voter, once the leader
     * checked it is new and, unless {@code force}, that the cluster keeps a quorum. Completes with this
     * node's status once the change applied here. Fails with NOT_LEADER (naming the leader) on a
     * follower, CHANGE_IN_PROGRESS while another change is in flight, MEMBER_EXISTS, INVALID_REQUEST
     * (an address another member uses), QUORUM_AT_RISK, or OUTCOME_UNKNOWN after the write timeout.
     */
    public CompletableFuture<NodeStatus> addMember(Member member, boolean learner, boolean force) {
        ConfChange.Type type = learner ? ConfChange.Type.ADD_LEARNER : ConfChange.Type.ADD_VOTER;
        return changeMembership(new ConfChange(type, member.id(), MemberDirectory.context(member)), member, force);
    }

    /**
     * Turns learner {@code id} into a voter once it holds the leader's log (a learner close behind is
     * waited for up to an election timeout). Fails like {@link #addMember}, and with MEMBER_NOT_FOUND
     * or NOT_CAUGHT_UP.
     */
    public CompletableFuture<NodeStatus> promoteMember(String id, boolean force) {
        return changeMembership(new ConfChange(ConfChange.Type.ADD_VOTER, id, null), null, force);
    }

    /**
     * Removes member {@code id}; the leader may remove itself, and steps down once the change applied.
     * Fails like {@link #addMember}, and with MEMBER_NOT_FOUND.
     */
    public CompletableFuture<NodeStatus> removeMember(String id, boolean force) {
        return changeMembership(new ConfChange(ConfChange.Type.REMOVE_NODE, id, null), null, force);
    }

    private CompletableFuture<NodeStatus> changeMembership(ConfChange change, Member member, boolean force) {
        CompletableFuture<NodeStatus> reply = new CompletableFuture<>();
        long deadline = System.nanoTime() + settings.writeTimeout().toNanos();
        MembershipChanges.Request request = new MembershipChanges.Request(change, member, force, deadline, reply);
        inbox.offer(Inbox.request(() -> driver.onMembershipChange(request), reply));
        return reply;
    }

    public boolean isLeader() {
        return view.role() == Role.LEADER;
    }

    /**
     * Proposes {@code command} (the node stamps the proposal time) and completes once it applied here,
     * with its result; or exceptionally with a {@link NodeException}: NOT_LEADER (with the leader),
     * NO_LEADER, OVERLOADED, OUTCOME_UNKNOWN after the write timeout, STOPPED.
     */
    public CompletableFuture<AppliedCommand> write(Command command) {
        CompletableFuture<AppliedCommand> reply = new CompletableFuture<>();
        if (overloaded(reply)) {
            return reply;
        }
        long deadline = System.nanoTime() + settings.writeTimeout().toNanos();
        inbox.offer(Inbox.request(() -> driver.onWrite(command, deadline, reply), reply));
        return reply;
    }

    /**
     * Completes once this node has applied everything committed before the call (ReadIndex, thesis
     * §6.4), so a local read after it is linearizable; or exceptionally with a {@link NodeException}:
     * NO_LEADER, NOT_LEADER, READ_TIMEOUT, STOPPED.
     */
    public CompletableFuture<Void> readBarrier() {
        CompletableFuture<Void> reply = new CompletableFuture<>();
        if (overloaded(reply)) {
            return reply;
        }
        long deadline = System.nanoTime() + settings.readTimeout().toNanos();
        inbox.offer(Inbox.request(() -> driver.onRead(deadline, reply), reply));
        return reply;
    }

    private boolean overloaded(CompletableFuture<?> reply) {
        if (inbox.size() < MAX_QUEUED) {
            return false;
        }
        reply.completeExceptionally(new NodeException(NodeException.Code.OVERLOADED,
                "the node has " + MAX_QUEUED + " requests queued; retry shortly"));
        return true;
    }

    /** The local replica's value under {@code key} (serializable; after {@link #readBarrier()}, linearizable). */
    public Optional<KeyValue> get(byte[] key) {
        return stateMachine.get(key);
    }

    /** One page of the local replica's keys; see {@link KvStateMachine#list}. */
    public Page list(byte[] prefix, byte[] start, int limit, boolean keysOnly) {
        return stateMachine.list(prefix, start, limit, keysOnly);
    }

    /** This node's view of the cluster, taken on the driver thread (waits up to a second). */
    public NodeStatus status() {
        CompletableFuture<NodeStatus> reply = new CompletableFuture<>();
        inbox.offer(Inbox.request(() -> driver.onStatus(reply), reply));
        NodeStatus status = await(reply, Duration.ofSeconds(1));
        return mirror == null ? status : status.withMirror(mirror.status());
    }

    /**
     * If this node leads, hands leadership to the most caught-up follower and waits up to
     * {@code timeout} for it to step down; returns at once otherwise. For graceful shutdown.
     */
    public void handOffLeadership(Duration timeout) {
        if (!isLeader()) {
            return;
        }
        try {
            transferLeadership(null).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("Leadership was not handed off within {} ms; stopping anyway", timeout.toMillis());
        } catch (ExecutionException e) {
            log.warn("Leadership was not handed off: {}", e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Hands this node's leadership to {@code to} (a voter's id), or, if null, to the most caught-up
     * follower heard from recently (Raft's TimeoutNow, thesis §3.10). Completes with the member it
     * went to once this node stepped down; at once when {@code to} is this leader itself. Fails with
     * NOT_LEADER (naming the leader) on a follower, INVALID_REQUEST for a target that cannot lead,
     * NOT_TRANSFERRED when the target did not take over within two election timeouts.
     */
    public CompletableFuture<Member> transferLeadership(String to) {
        CompletableFuture<Void> ended = leadershipEnded;
        if (isLeader() && settings.self().equals(to)) {
            return CompletableFuture.completedFuture(directory.get(settings.self()));
        }
        CompletableFuture<String> started = new CompletableFuture<>();
        inbox.offer(Inbox.request(() -> driver.onTransferLeadership(to, started), started));
        long patience = 2 * settings.electionTicks() * settings.tick().toMillis();
        // A copy: orTimeout completes the future it is called on, and the term's own must stay open.
        return started.thenCompose(target -> ended.copy()
                .orTimeout(patience, TimeUnit.MILLISECONDS)
                .handle((done, failure) -> {
                    if (failure != null) {
                        throw new NodeException(NodeException.Code.NOT_TRANSFERRED, target + " did not take over within "
                                + patience + " ms (a transfer waits for it to catch up, then for it to win an election)");
                    }
                    return directory.get(target);
                }));
    }

    /** The highest index the log may be compacted to: a mirror replays from the log. */
    private long compactionFloor() {
        return mirror == null ? Long.MAX_VALUE : mirror.status().appliedIndex();
    }

    NodeView view() {
        return view;
    }

    /** Called by the driver after each pass. */
    private void published(NodeView now) {
        boolean wasLeader = view.role() == Role.LEADER;
        if (now.role() == Role.LEADER && !wasLeader) {
            leadershipEnded = new CompletableFuture<>(); // before the view says leader: handOff reads them in that order
        }
        if (now.leader() == null && view.leader() != null) {
            leaderKnown = new CompletableFuture<>(); // before the view says none: awaitLeader reads them in that order
        }
        view = now;
        if (now.role() != Role.LEADER && wasLeader) {
            leadershipEnded.complete(null);
        }
        if (now.leader() != null) {
            leaderKnown.complete(null);
        }
    }

    /**
     * Stops the driver and peer connections, failing what is pending with STOPPED, and the mirror,
     * closing its store; the node's own stores stay open.
     */
    @Override
    public void close() {
        if (mirror != null) {
            mirror.close();
        }
        inbox.close();
        if (thread.isAlive()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (transport != null) {
            transport.close();
        }
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof NodeException ne ? ne : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new NodeException(NodeException.Code.OVERLOADED, "the node did not answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeException(NodeException.Code.STOPPED, "interrupted");
        }
    }

    /**
     * Where a dual-mode node mirrors its state.
     *
     * @param name      what it is, for logs and status ("postgres")
     * @param opener    opens the store, called again after a failure until it succeeds; the mirror closes it
     * @param feedBytes how many bytes of applied keys and values wait for the mirror in memory at most;
     *                  beyond that it replays from the log instead
     */
    public record MirrorTarget(String name, Callable<? extends StateStore> opener, long feedBytes) {
        /** 32 MiB: several seconds of writes at full speed, so a short stall does not fall back to replaying. */
        public static final long DEFAULT_FEED_BYTES = 32L << 20;

        public MirrorTarget(String name, Callable<? extends StateStore> opener) {
            this(name, opener, DEFAULT_FEED_BYTES);
        }
    }
}
