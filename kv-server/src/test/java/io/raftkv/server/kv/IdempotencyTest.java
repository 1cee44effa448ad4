package io.raftkv.server.kv;

import io.raftkv.proto.kv.Command;
import io.raftkv.server.storage.StoredRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.raftkv.server.kv.KvFixture.b;
import static org.assertj.core.api.Assertions.assertThat;

/** Exactly-once writes with request ids: replay within the window, expiry after it, bounded records. */
class IdempotencyTest {
    static final long WINDOW = Duration.ofMinutes(10).toMillis();
    static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;
    KvFixture kv;

    @BeforeEach
    void open() {
        kv = new KvFixture(dir, Duration.ofMillis(WINDOW));
    }

    @AfterEach
    void close() {
        kv.close();
    }

    static Command stamped(Command c, String requestId, long at) {
        return Commands.proposedAt(Commands.withRequestId(c, requestId), at);
    }

    @Test
    void aRetryWithinTheWindowReplaysTheFirstResultAndChangesNothing() {
        AppliedCommand first = kv.applyOne(stamped(Commands.put(b("k"), b("1")), "req-1", T0));
        assertThat(first.replayed()).isFalse();
        kv.applyOne(stamped(Commands.put(b("other"), b("x")), "req-2", T0 + 1));

        AppliedCommand retry = kv.applyOne(stamped(Commands.put(b("k"), b("1")), "req-1", T0 + WINDOW - 1));
        assertThat(retry.replayed()).isTrue();
        assertThat(retry.result()).isEqualTo(first.result());
        assertThat(kv.machine().get(b("k"))).contains(new KeyValue(b("k"), b("1"), 1, 1, 1));
        assertThat(kv.machine().revision()).isEqualTo(2);
    }

    @Test
    void aFailedPreconditionIsRememberedToo() {
        kv.applyOne(Commands.put(b("k"), b("1")));
        AppliedCommand first = kv.applyOne(stamped(Commands.create(b("k"), b("2")), "c", T0));
        assertThat(first.result().hasPreconditionFailed()).isTrue();
        kv.applyOne(Commands.delete(b("k")));
        // Now the create would succeed, but the retry returns the first outcome.
        AppliedCommand retry = kv.applyOne(stamped(Commands.create(b("k"), b("2")), "c", T0 + 5));
        assertThat(retry.replayed()).isTrue();
        assertThat(retry.result()).isEqualTo(first.result());
        assertThat(kv.machine().get(b("k"))).isEmpty();
    }

    @Test
    void replayWorksWithinOneBatchAndAcrossARestart() {
        List<AppliedCommand> batch = kv.applyBatch(
                stamped(Commands.put(b("k"), b("1")), "r", T0),
                stamped(Commands.put(b("k"), b("1")), "r", T0 + 1));
        assertThat(batch.get(1).replayed()).isTrue();
        assertThat(batch.get(1).result()).isEqualTo(batch.get(0).result());

        kv.reopen();
        AppliedCommand afterRestart = kv.applyOne(stamped(Commands.put(b("k"), b("1")), "r", T0 + 2));
        assertThat(afterRestart.replayed()).isTrue();
        assertThat(afterRestart.result()).isEqualTo(batch.get(0).result());
        assertThat(kv.machine().get(b("k")).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void afterTheWindowTheSameRequestIdExecutesAgain() {
        AppliedCommand first = kv.applyOne(stamped(Commands.put(b("k"), b("1")), "r", T0));
        AppliedCommand late = kv.applyOne(stamped(Commands.put(b("k"), b("1")), "r", T0 + WINDOW));
        assertThat(late.replayed()).isFalse();
        assertThat(late.result().getReplaced().getVersion()).isEqualTo(2);
        assertThat(late.result()).isNotEqualTo(first.result());
        // ...and its new result is what a retry within the new window replays.
        AppliedCommand retry = kv.applyOne(stamped(Commands.put(b("k"), b("1")), "r", T0 + WINDOW + 10));
        assertThat(retry.replayed()).isTrue();
        assertThat(retry.result()).isEqualTo(late.result());
        assertThat(idempotencyRecords()).hasSize(2); // one result, one index entry: the old pair is gone
    }

    @Test
    void commandsWithoutARequestIdAreNeverDeduplicated() {
        kv.applyOne(Commands.put(b("k"), b("1")));
        AppliedCommand again = kv.applyOne(Commands.put(b("k"), b("1")));
        assertThat(again.replayed()).isFalse();
        assertThat(again.result().getReplaced().getVersion()).isEqualTo(2);
        assertThat(idempotencyRecords()).isEmpty();
    }

    @Test
    void expiredRecordsArePurgedSoTheRecordsStayBounded() {
        // One request per second for 2000 s with a 100 s window: about 100 live at any time.
        kv.close();
        kv = new KvFixture(dir.resolve("short"), Duration.ofSeconds(100));
        for (int batch = 0; batch < 100; batch++) {
            Command[] commands = new Command[20];
            for (int i = 0; i < 20; i++) {
                int n = batch * 20 + i;
                commands[i] = stamped(Commands.put(b("k" + n % 7), b("v")), "req-" + n, T0 + n * 1000L);
            }
            kv.applyBatch(commands);
            assertThat(idempotencyRecords().size() / 2).isLessThanOrEqualTo(100 + 20);
        }
        // Every live request id has both records; nothing is left of the expired ones.
        assertThat(idempotencyRecords()).hasSize(2 * 100);
        // Idle afterwards, then one late command: it purges a bounded number, the rest go with later ones.
        kv.applyOne(stamped(Commands.put(b("x"), b("v")), "late", T0 + 10_000_000L));
        assertThat(idempotencyRecords()).hasSize(2 * (100 - IdempotencyTable.PURGE_PER_COMMAND + 1));
    }

    private List<StoredRecord> idempotencyRecords() {
        return kv.allRecords().stream().filter(r -> r.key()[0] != ApplyBatch.REVISION_KEY[0]).toList();
    }
}
