package io.raftkv.server.node;

import io.raftkv.server.kv.AppliedCommand;
import io.raftkv.server.kv.Commands;
import io.raftkv.server.storage.SnapshotFiles;
import io.raftkv.server.storage.StateStore;
import io.raftkv.server.storage.je.JeStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A snapshot is written on a thread of its own: meanwhile the node goes on committing (Raft does
 * not stop), only applying waits, and the entries that committed meanwhile apply once it is done.
 */
class BackgroundSnapshotTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private JeStorage storage;
    private RaftNode node;
    private final CountDownLatch scanStarted = new CountDownLatch(1);
    private final CountDownLatch scanMayEnd = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        scanMayEnd.countDown();
        if (node != null) {
            node.close();
        }
        storage.close();
    }

    /** The real JE state store, whose first snapshot waits until the test lets it finish. */
    private final class HeldSnapshotStore extends DelegatingStateStore {
        @Override
        StateStore delegate() {
            return storage.stateStore();
        }

        @Override
        public void writeSnapshot(OutputStream out) throws IOException {
            scanStarted.countDown();
            try {
                scanMayEnd.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            super.writeSnapshot(out);
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesCommitWhileASnapshotIsWrittenAndApplyOnceItIsDone() throws Exception {
        storage = JeStorage.open(dir.resolve("je"));
        Member self = new Member("node-1", URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:2"));
        node = RaftNode.create(NodeSettings.builder().tick(Duration.ofMillis(10)).heartbeatTicks(5).electionTicks(30)
                        .snapshotEvery(10, Long.MAX_VALUE).build("node-1", List.of(self)),
                storage.logStore(), new HeldSnapshotStore(), SnapshotFiles.open(dir.resolve("snapshots")));
        node.start();
        await().atMost(PATIENCE).until(node::isLeader);
        List<CompletableFuture<AppliedCommand>> before = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            before.add(node.write(Commands.put(b("before-" + i), b("v"))));
        }
        assertThat(scanStarted.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("a snapshot started").isTrue();
        long appliedAtTheScan = node.status().applied();

        List<CompletableFuture<AppliedCommand>> during = new ArrayList<>(before);
        for (int i = 0; i < 5; i++) {
            during.add(node.write(Commands.put(b("during-" + i), b("v"))));
        }

        await().atMost(PATIENCE).until(() -> node.status().commit() >= appliedAtTheScan + 5);
        assertThat(node.status().applied()).as("applying waits for the snapshot").isEqualTo(appliedAtTheScan);
        assertThat(during.subList(before.size(), during.size())).noneMatch(CompletableFuture::isDone);
        assertThat(node.isLeader()).isTrue();

        scanMayEnd.countDown();

        CompletableFuture.allOf(during.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(node.get(b("during-4"))).isPresent();
        await().atMost(PATIENCE).until(() -> storage.logStore().snapshot().index() == appliedAtTheScan);
    }
}
