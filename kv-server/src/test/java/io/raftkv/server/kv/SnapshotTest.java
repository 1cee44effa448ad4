package io.raftkv.server.kv;

import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.storage.CorruptSnapshotException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static io.raftkv.server.kv.KvFixture.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A snapshot carries the whole state machine: values, revision, idempotency records, applied index. */
class SnapshotTest {
    @TempDir
    Path dir;

    @Test
    void aRestoredSnapshotReadsTheSameAndContinuesIdentically() throws IOException {
        Duration window = DeterminismPropertyTest.WINDOW;
        List<Entry> log = DeterminismPropertyTest.randomLog(new Random(42), 400);
        try (KvFixture source = new KvFixture(dir.resolve("source"), window);
             KvFixture target = new KvFixture(dir.resolve("target"), window)) {
            source.machine().apply(log.subList(0, 300));
            target.machine().apply(List.of(Entry.normal(1, 1, Commands.encode(Commands.put(b("stale"), b("x"))))));
            ByteArrayOutputStream image = new ByteArrayOutputStream();
            source.machine().writeSnapshot(image);

            target.machine().restore(new ByteArrayInputStream(image.toByteArray()));

            assertThat(target.machine().appliedIndex()).isEqualTo(300);
            assertThat(target.machine().revision()).isEqualTo(source.machine().revision());
            assertThat(target.machine().get(b("stale"))).isEmpty();
            for (byte[] key : DeterminismPropertyTest.KEYS) {
                assertThat(target.machine().get(key)).isEqualTo(source.machine().get(key));
            }
            assertThat(target.machine().list(new byte[0], new byte[0], 3, true))
                    .isEqualTo(source.machine().list(new byte[0], new byte[0], 3, true));
            assertThat(target.allRecords()).isEqualTo(source.allRecords());

            // The rest of the log (idempotency replays included) gives the same results on both.
            assertThat(target.machine().apply(log)).isEqualTo(source.machine().apply(log));
            assertThat(target.allValues()).isEqualTo(source.allValues());
        }
    }

    @Test
    void aDamagedSnapshotChangesNothing() throws IOException {
        try (KvFixture source = new KvFixture(dir.resolve("source"));
             KvFixture target = new KvFixture(dir.resolve("target"))) {
            source.applyOne(Commands.put(b("k"), b("v")));
            target.applyOne(Commands.put(b("mine"), b("v")));
            ByteArrayOutputStream image = new ByteArrayOutputStream();
            source.machine().writeSnapshot(image);
            byte[] damaged = image.toByteArray();
            damaged[damaged.length / 2] ^= 0x01;

            assertThatThrownBy(() -> target.machine().restore(new ByteArrayInputStream(damaged)))
                    .isInstanceOf(CorruptSnapshotException.class);
            assertThat(target.machine().get(b("mine"))).isPresent();
            assertThat(target.machine().get(b("k"))).isEmpty();
        }
    }
}
