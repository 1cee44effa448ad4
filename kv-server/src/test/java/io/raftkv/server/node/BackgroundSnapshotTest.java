package io.raftkv.server.node;

import io.raftkv.server.kv.Commands;
import io.raftkv.server.kv.KvStateMachine;
import io.raftkv.server.storage.SnapshotFiles;
import io.raftkv.server.storage.StateStore;
import io.raftkv.server.storage.StoredValue;
import io.raftkv.server.storage.je.JeStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A snapshot is written on a thread of its own while the node goes on, applying writes included;
 * the snapshot still holds the state as it was when its scan began (copy on write).
 */
class BackgroundSnapshotTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private JeStorage storage;
    private RaftNode node;
    private final CountDownLatch scanStarted = new CountDownLatch(1);
    private final CountDownLatch scanMayEnd = new CountDownLatch(1);
    private final CountDownLatch testOver = new CountDownLatch(1);
    private final AtomicReference<Thread> firstScan = new AtomicReference<>();

    @AfterEach
    void tearDown() {
        scanMayEnd.countDown();
        testOver.countDown();
        if (node != null) {
            node.close();
        }
        storage.close();
    }

    /**
     * The real JE state store, whose first snapshot scan waits (at its first page) until the test lets
     * it go on; later scans (the writes during the first may pass the threshold again) wait until the
     * test is over, so the snapshot it checks is the first.
     */
    private final class HeldSnapshotStore extends DelegatingStateStore {
        @Override
        StateStore delegate() {
            return storage.stateStore();
        }

        @Override
        public List<StoredValue> range(byte[] startInclusive, byte[] prefix, int limit, boolean keysOnly) {
            Thread current = Thread.currentThread();
            if (current.getName().startsWith("raft-snapshot")) {
                if (firstScan.compareAndSet(null, current)) {
                    scanStarted.countDown();
                    awaitQuietly(scanMayEnd);
                } else if (firstScan.get() != current) {
                    awaitQuietly(testOver);
                }
            }
            return super.range(startInclusive, prefix, limit, keysOnly);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesApplyWhileASnapshotIsWrittenAndTheSnapshotHoldsTheStateAsItsScanBegan() throws Exception {
        storage = JeStorage.open(dir.resolve("je"));
        Member self = new Member("node-1", URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:2"));
        node = RaftNode.create(NodeSettings.builder().tick(Duration.ofMillis(10)).heartbeatTicks(5).electionTicks(30)
                        .snapshotEvery(10, Long.MAX_VALUE).build("node-1", List.of(self)),
                storage.logStore(), new HeldSnapshotStore(), SnapshotFiles.open(dir.resolve("snapshots")));
        node.start();
        await().atMost(PATIENCE).until(node::isLeader);
        for (int i = 0; scanStarted.getCount() > 0; i++) {
            node.write(Commands.put(b("before-" + i), b("v"))).orTimeout(10, TimeUnit.SECONDS).join();
        }

        for (int i = 0; i < 5; i++) {
            node.write(Commands.put(b("during-" + i), b("v"))).orTimeout(10, TimeUnit.SECONDS).join();
        }
        node.write(Commands.put(b("before-0"), b("changed"))).orTimeout(10, TimeUnit.SECONDS).join();
        node.write(Commands.delete(b("before-1"))).orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(node.get(b("during-4"))).as("applied while the snapshot waits").isPresent();
        scanMayEnd.countDown();

        long snapshotIndex = await().atMost(PATIENCE).until(() -> storage.logStore().snapshot().index(), index -> index > 0);
        try (JeStorage restored = JeStorage.open(dir.resolve("restored"));
             InputStream image = SnapshotFiles.open(storage.logStore().snapshot().data())) {
            KvStateMachine copy = new KvStateMachine(restored.stateStore(), Duration.ofMinutes(10));
            copy.restore(image);
            assertThat(copy.appliedIndex()).isEqualTo(snapshotIndex);
            assertThat(copy.get(b("during-0"))).isEmpty();
            assertThat(copy.get(b("before-0")).orElseThrow().value()).isEqualTo(b("v"));
            assertThat(copy.get(b("before-1"))).isPresent();
        }
    }
}
