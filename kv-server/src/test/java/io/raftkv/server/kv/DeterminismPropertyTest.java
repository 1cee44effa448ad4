package io.raftkv.server.kv;

import io.raftkv.proto.kv.Command;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.EntryType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replicas batch the same log differently (and restart mid-way, getting entries again), yet must end
 * in the same state with the same results. Random logs, from a seed so a failure replays: puts, CAS,
 * creates, deletes over a few binary keys, request ids that repeat within and past a short window,
 * malformed entries, no-ops and membership entries; applied one entry per batch, in random splits
 * with restarts and re-delivery, and all at once.
 */
class DeterminismPropertyTest {
    static final Duration WINDOW = Duration.ofSeconds(5);
    static final byte[][] KEYS = {{'a'}, {'a', 'b'}, {(byte) 0xFF}, {(byte) 0xFF, 0}, {0}, {'k', (byte) 0x80}};

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void batchBoundariesAndRestartsDoNotChangeTheOutcome(long seed) {
        Random random = new Random(seed);
        List<Entry> log = randomLog(random, 300);

        List<AppliedCommand> oneByOne;
        try (KvFixture a = new KvFixture(dir.resolve("a"), WINDOW)) {
            oneByOne = new ArrayList<>();
            for (Entry e : log) {
                oneByOne.addAll(a.machine().apply(List.of(e)));
            }
            try (KvFixture b = new KvFixture(dir.resolve("b"), WINDOW);
                 KvFixture c = new KvFixture(dir.resolve("c"), WINDOW)) {
                List<AppliedCommand> split = applyInRandomSplits(b, log, random);
                List<AppliedCommand> whole = c.machine().apply(log);

                assertThat(split).isEqualTo(oneByOne);
                assertThat(whole).isEqualTo(oneByOne);
                for (KvFixture other : List.of(b, c)) {
                    assertThat(other.allValues()).isEqualTo(a.allValues());
                    assertThat(other.allRecords()).isEqualTo(a.allRecords());
                    assertThat(other.machine().appliedIndex()).isEqualTo(log.size());
                }
            }
        }
        assertThat(oneByOne).anyMatch(AppliedCommand::replayed).anyMatch(AppliedCommand::rejected)
                .anyMatch(r -> r.result().hasPreconditionFailed());
    }

    /** Random batches; sometimes a restart, after which the next batch starts up to 5 entries early. */
    private static List<AppliedCommand> applyInRandomSplits(KvFixture kv, List<Entry> log, Random random) {
        List<AppliedCommand> results = new ArrayList<>();
        int from = 0;
        while (from < log.size()) {
            int to = Math.min(log.size(), from + 1 + random.nextInt(30));
            results.addAll(kv.machine().apply(log.subList(from, to)));
            from = to;
            if (random.nextInt(5) == 0) {
                kv.reopen();
                from = Math.max(0, from - random.nextInt(6));
            }
        }
        return results;
    }

    static List<Entry> randomLog(Random random, int size) {
        List<Entry> log = new ArrayList<>();
        long now = 1_700_000_000_000L;
        for (long index = 1; index <= size; index++) {
            now += random.nextInt(400); // ~25 commands per window: ids repeat both within and after it
            int kind = random.nextInt(20);
            if (kind == 0) {
                log.add(Entry.normal(index, 1, new byte[0]));
            } else if (kind == 1) {
                log.add(new Entry(index, 1, EntryType.CONF_CHANGE, new byte[] {1}));
            } else if (kind == 2) {
                byte[] junk = new byte[1 + random.nextInt(8)];
                random.nextBytes(junk);
                log.add(Entry.normal(index, 1, junk)); // mostly undecodable, else usually no op
            } else {
                Command command = Commands.proposedAt(randomCommand(random, index), now);
                if (random.nextInt(3) == 0) {
                    command = Commands.withRequestId(command, "req-" + random.nextInt(15));
                }
                log.add(Entry.normal(index, 1, Commands.encode(command)));
            }
        }
        return log;
    }

    private static Command randomCommand(Random random, long index) {
        byte[] key = KEYS[random.nextInt(KEYS.length)];
        byte[] value = {(byte) index, (byte) (index >> 8)};
        long prev = random.nextInt(3) == 0 ? 0 : Math.max(0, index - random.nextInt(12));
        return switch (random.nextInt(6)) {
            case 0, 1 -> Commands.put(key, value);
            case 2 -> Commands.putIf(key, value, prev);
            case 3 -> Commands.create(key, value);
            case 4 -> Commands.delete(key);
            default -> Commands.deleteIf(key, prev);
        };
    }
}
