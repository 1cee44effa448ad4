package io.raftkv.server.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.raftkv.server.raft.Role;
import io.raftkv.server.transport.RaftTransport;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The node's meters (docs/operations.md, "Metrics"). The driver thread records persist and apply
 * batches, each a few atomic adds; everything else is a gauge read from state that other threads
 * may already look at, so a scrape never reaches into the driver.
 */
final class NodeMetrics {
    private static final Duration SHORTEST = Duration.ofMillis(1);
    private static final Duration LONGEST = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final Timer persist;
    private final DistributionSummary persistEntries;
    private final Timer apply;
    private final DistributionSummary applyEntries;
    private final Counter leaderChanges;
    private final Timer snapshot;
    private final DistributionSummary snapshotBytes;
    private final Counter installedSnapshots;
    /** Peers with meters already; the membership adds peers while the node runs. */
    private final Set<String> watchedPeers = ConcurrentHashMap.newKeySet();

    NodeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.persist = latency("raftkv.raft.persist", "appending a pass's entries and hard state, with its fsync");
        this.persistEntries = batchSize("raftkv.raft.persist.entries", "entries per log append (group commit)");
        this.apply = latency("raftkv.raft.apply", "applying a committed batch in one state-store transaction");
        this.applyEntries = batchSize("raftkv.raft.apply.entries", "entries per applied batch");
        this.leaderChanges = Counter.builder("raftkv.raft.leader.changes")
                .description("times this node saw the leader change (including to none)").register(registry);
        this.snapshot = latency("raftkv.raft.snapshot", "taking a snapshot of the state and compacting the log");
        this.snapshotBytes = DistributionSummary.builder("raftkv.raft.snapshot.size")
                .description("the size of each snapshot this node took").baseUnit("bytes").register(registry);
        this.installedSnapshots = Counter.builder("raftkv.raft.snapshots.installed")
                .description("leader's snapshots this node installed, having fallen behind the leader's log")
                .register(registry);
    }

    void installedSnapshot() {
        installedSnapshots.increment();
    }

    void snapshotted(long bytes, long nanos) {
        snapshot.record(nanos, TimeUnit.NANOSECONDS);
        snapshotBytes.record(bytes);
    }

    void persisted(int entries, long nanos) {
        persist.record(nanos, TimeUnit.NANOSECONDS);
        persistEntries.record(entries);
    }

    void applied(int entries, long nanos) {
        apply.record(nanos, TimeUnit.NANOSECONDS);
        applyEntries.record(entries);
    }

    void leaderChanged() {
        leaderChanges.increment();
    }

    /**
     * The gauges over the node's published view, its queue and applied index. Micrometer holds a
     * gauge's object weakly, so the view is read through the node, which lives as long as they do.
     */
    void watch(RaftNode node, Inbox inbox, Driver driver) {
        Gauge.builder("raftkv.raft.term", node, n -> n.view().term())
                .description("the current term").register(registry);
        Gauge.builder("raftkv.raft.leader", node, n -> n.view().role() == Role.LEADER ? 1 : 0)
                .description("1 while this node is the leader").register(registry);
        Gauge.builder("raftkv.raft.has.leader", node, n -> n.view().leader() == null ? 0 : 1)
                .description("1 while this node knows a leader").register(registry);
        Gauge.builder("raftkv.raft.applied.index", driver, Driver::applied)
                .description("the state machine's applied index").register(registry);
        Gauge.builder("raftkv.raft.snapshot.index", driver, Driver::snapshotIndex)
                .description("the newest snapshot's index; the stored log starts after it").register(registry);
        Gauge.builder("raftkv.node.inbox.size", inbox, Inbox::size)
                .description("events waiting for the driver thread").register(registry);
    }

    /**
     * Per peer: whether this node's stream to it is open, and the messages to it dropped. Called again
     * as members join; a removed peer's meters stay, reading 0.
     */
    void watch(RaftTransport transport, Iterable<String> peers) {
        for (String peer : peers) {
            if (!watchedPeers.add(peer)) {
                continue;
            }
            Gauge.builder("raftkv.peer.connected", transport, t -> t.connected(peer) ? 1 : 0)
                    .description("1 while this node's Raft stream to the peer is open")
                    .tag("peer", peer).register(registry);
            FunctionCounter.builder("raftkv.peer.dropped.messages", transport, t -> t.dropped(peer))
                    .description("Raft messages to the peer dropped (peer down, queue full); Raft resends")
                    .tag("peer", peer).register(registry);
        }
    }

    /** Dual mode: how far the PostgreSQL mirror is behind, and whether its last attempt failed. */
    void watch(StateMirror mirror) {
        Gauge.builder("raftkv.mirror.lag", mirror, m -> m.status().lag())
                .description("entries applied to the primary store but not yet to the mirror (-1: not known yet)")
                .register(registry);
        Gauge.builder("raftkv.mirror.applied.index", mirror, m -> m.status().appliedIndex())
                .description("the mirror's applied index").register(registry);
        Gauge.builder("raftkv.mirror.healthy", mirror, m -> m.status().error() == null ? 1 : 0)
                .description("0 while the mirror's last attempt failed").register(registry);
    }

    private Timer latency(String name, String description) {
        return Timer.builder(name).description(description)
                .publishPercentileHistogram().minimumExpectedValue(SHORTEST).maximumExpectedValue(LONGEST)
                .register(registry);
    }

    private DistributionSummary batchSize(String name, String description) {
        return DistributionSummary.builder(name).description(description).baseUnit("entries")
                .register(registry);
    }
}
