package io.raftkv.server.node;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.raftkv.server.kv.Commands;
import io.raftkv.server.storage.SnapshotFiles;
import io.raftkv.server.storage.StateStore;
import io.raftkv.server.storage.StoredValue;
import io.raftkv.server.storage.je.JeStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dual mode's mirror on a real single-node cluster over JE, mirroring into a second JE store that
 * the test can take down, as PostgreSQL going away would.
 */
class StateMirrorTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final byte[] ALL = new byte[0];

    @TempDir
    Path dir;
    private JeStorage primary;
    private JeStorage mirrorStorage;
    private final OutageStore mirror = new OutageStore();
    private RaftNode node;
    private SimpleMeterRegistry meters;
    private long feedBytes = RaftNode.MirrorTarget.DEFAULT_FEED_BYTES;

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
        primary.close();
        mirrorStorage.close();
    }

    private void startNode(int failedOpens) {
        startNode(failedOpens, "mirror", Long.MAX_VALUE);
    }

    private void startNode(int failedOpens, String mirrorDir, long snapshotEntries) {
        primary = JeStorage.open(dir.resolve("primary"));
        mirrorStorage = JeStorage.open(dir.resolve(mirrorDir));
        mirror.delegate = mirrorStorage.stateStore();
        AtomicInteger opens = new AtomicInteger();
        RaftNode.MirrorTarget target = new RaftNode.MirrorTarget("test", () -> {
            if (opens.incrementAndGet() <= failedOpens) {
                throw new IllegalStateException("connection refused (open " + opens.get() + ")");
            }
            return mirror;
        }, feedBytes);
        Member self = new Member("node-1", URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:2"));
        meters = new SimpleMeterRegistry();
        node = RaftNode.create(NodeSettings.builder().tick(Duration.ofMillis(10)).heartbeatTicks(5).electionTicks(30)
                        .snapshotEvery(snapshotEntries, Long.MAX_VALUE).build("node-1", List.of(self)),
                primary.logStore(), primary.stateStore(),
                SnapshotFiles.open(dir.resolve("snapshots")), target, meters);
        node.start();
        await().atMost(PATIENCE).until(node::isLeader);
    }

    private void stopNode() {
        node.close();
        node = null;
        primary.close();
        mirrorStorage.close();
    }

    private void write(int from, int to) {
        for (int i = from; i < to; i++) {
            byte[] key = ("key-" + (i % 37)).getBytes(StandardCharsets.UTF_8);
            node.write(Commands.put(key, ("value-" + i).getBytes(StandardCharsets.UTF_8)))
                    .orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    private MirrorStatus mirrorStatus() {
        return node.status().mirror();
    }

    private void awaitCaughtUp() {
        await().atMost(PATIENCE).until(() -> mirrorStatus().lag() == 0 && mirrorStatus().error() == null);
        assertThat(mirrorStatus().appliedIndex()).isEqualTo(primary.stateStore().appliedIndex());
        assertThat(mirror.delegate.range(ALL, ALL, Integer.MAX_VALUE, false))
                .isEqualTo(primary.stateStore().range(ALL, ALL, Integer.MAX_VALUE, false));
        assertThat(mirror.delegate.records(ALL, ALL, Integer.MAX_VALUE))
                .isEqualTo(primary.stateStore().records(ALL, ALL, Integer.MAX_VALUE));
    }

    @Test
    void theMirrorHoldsWhatTheNodeAppliedAndReportsNoLag() {
        startNode(0);

        write(0, 200);

        awaitCaughtUp();
        assertThat(mirrorStatus().name()).isEqualTo("test");
    }

    @Test
    void writesSucceedWhileTheMirrorIsDownAndItCatchesUpWhenItReturns() {
        startNode(0);
        write(0, 20);
        awaitCaughtUp();

        mirror.down = true;
        write(20, 300);

        MirrorStatus behind = mirrorStatus();
        assertThat(behind.lag()).isPositive();
        await().atMost(PATIENCE).until(() -> mirrorStatus().error() != null);
        assertThat(mirrorStatus().error()).contains("the mirror is down");
        assertThat(gauge("raftkv.mirror.lag")).isPositive();
        assertThat(gauge("raftkv.mirror.healthy")).isZero();

        mirror.down = false;
        awaitCaughtUp();
        await().atMost(PATIENCE).until(() -> gauge("raftkv.mirror.lag") == 0 && gauge("raftkv.mirror.healthy") == 1);
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    @Test
    void aMirrorThatCannotBeOpenedIsRetriedUntilItCan() {
        startNode(2);

        write(0, 50);

        awaitCaughtUp();
    }

    @Test
    void afterARestartTheMirrorResumesFromItsOwnAppliedIndexApplyingNothingTwice() {
        startNode(0);
        write(0, 100);
        mirror.down = true;
        write(100, 150);
        stopNode();
        mirror.down = false;

        startNode(0);
        write(150, 200);

        awaitCaughtUp(); // versions count every write, so an entry applied twice would show
    }

    @Test
    void theMirrorStoresTheBatchesTheNodeAppliedWithoutReadingItsOwnStore() {
        startNode(0);

        write(0, 200);

        awaitCaughtUp();
        assertThat(mirror.reads).hasValue(0); // replaying through a state machine reads every batch's keys
    }

    @Test
    void batchesTheFeedHadNoRoomForAreReplayedFromTheLog() {
        feedBytes = 2_000; // room for a few batches of these small values
        startNode(0);
        write(0, 20);
        awaitCaughtUp();

        mirror.down = true;
        write(20, 300);
        mirror.down = false;

        awaitCaughtUp();
        assertThat(mirror.reads).hasPositiveValue();
    }

    @Test
    void aMirrorFedNothingReplaysEverythingFromTheLog() {
        feedBytes = 0;
        startNode(0);

        write(0, 200);

        awaitCaughtUp();
    }

    /**
     * A mirror behind the start of the log cannot replay: it copies the log's snapshot, then replays
     * the entries after it. Here an empty mirror (a new database) meets a log compacted long ago, as
     * a dual-mode follower's mirror does after the node installed a leader's snapshot.
     */
    @Test
    void aMirrorBehindTheLogsStartCopiesItsSnapshotThenReplays() {
        startNode(0, "mirror", 50);
        write(0, 200);
        await().atMost(PATIENCE).until(() -> primary.logStore().firstIndex() > 1);
        stopNode();

        startNode(0, "empty-mirror", 50);
        write(200, 230);

        awaitCaughtUp();
    }

    /**
     * A store that fails every call while {@link #down}, as one behind a lost connection does, and
     * counts reads of keys and records.
     */
    private static final class OutageStore extends DelegatingStateStore {
        volatile boolean down;
        volatile StateStore delegate;
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public Optional<StoredValue> get(byte[] key) {
            reads.incrementAndGet();
            return super.get(key);
        }

        @Override
        public Optional<byte[]> getRecord(byte[] key) {
            reads.incrementAndGet();
            return super.getRecord(key);
        }

        @Override
        StateStore delegate() {
            if (down) {
                throw new IllegalStateException("the mirror is down");
            }
            return delegate;
        }
    }
}
