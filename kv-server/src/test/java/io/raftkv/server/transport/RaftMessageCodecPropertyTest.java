package io.raftkv.server.transport;

import io.raftkv.server.raft.message.AppendRequest;
import io.raftkv.server.raft.message.AppendResponse;
import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.ConfState;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.EntryType;
import io.raftkv.server.raft.message.HeartbeatRequest;
import io.raftkv.server.raft.message.HeartbeatResponse;
import io.raftkv.server.raft.message.InstallSnapshot;
import io.raftkv.server.raft.message.Message;
import io.raftkv.server.raft.message.ReadIndexRequest;
import io.raftkv.server.raft.message.ReadIndexResponse;
import io.raftkv.server.raft.message.Snapshot;
import io.raftkv.server.raft.message.SnapshotMeta;
import io.raftkv.server.raft.message.TimeoutNow;
import io.raftkv.server.raft.message.VoteRequest;
import io.raftkv.server.raft.message.VoteResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Round-trips randomly generated messages of every type, and feeds corrupted encodings to the
 * decoder, from a fixed seed so a failure replays. Each failure names its case number.
 */
class RaftMessageCodecPropertyTest {
    private static final long SEED = 0x5EED_CAFEL;
    private static final int CASES = 1_000;

    @Test
    void randomMessagesRoundTrip() {
        Random random = new Random(SEED);
        Set<Class<?>> seen = new HashSet<>();
        for (int i = 0; i < CASES; i++) {
            Message message = new Generator(random).message();
            seen.add(message.getClass());
            try {
                RaftMessageCodecTest.assertRoundTrips(message);
            } catch (AssertionError e) {
                throw new AssertionError("case " + i + " (seed " + SEED + "): " + message, e);
            }
        }
        assertThat(seen).hasSize(Message.class.getPermittedSubclasses().length);
    }

    /** Whatever the damage, decoding gives a message or an IllegalArgumentException, never anything else. */
    @Test
    void corruptedEncodingsDecodeOrAreRejected() {
        Random random = new Random(SEED + 1);
        int rejected = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] bytes = RaftMessageCodec.encode(new Generator(random).message());
            if (bytes.length == 0) {
                continue;
            }
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
            }
            try {
                RaftMessageCodec.decode(bytes);
            } catch (IllegalArgumentException expected) {
                rejected++;
            } catch (RuntimeException e) {
                fail("case " + i + " (seed " + (SEED + 1) + "): " + e, e);
            }
        }
        // The corruption is strong enough to exercise the rejection paths, not only the lucky decodes.
        assertThat(rejected).isGreaterThan(CASES / 10);
    }

    /** Valid messages only: what a correct peer could send. */
    private record Generator(Random random) {
        private static final String[] NODES = {"n1", "n2", "n3", "node-with-a-longer-id", "ü-ñ-节点"};

        Message message() {
            String from = node();
            String to = node();
            long term = number();
            return switch (random.nextInt(10)) {
                case 0 -> new VoteRequest(from, to, term, number(), number(), random.nextBoolean(), random.nextBoolean());
                case 1 -> new VoteResponse(from, to, term, random.nextBoolean(), random.nextBoolean());
                case 2 -> {
                    long prevLogIndex = random.nextInt(3) == 0 ? 0 : random.nextLong(Long.MAX_VALUE - 100);
                    yield new AppendRequest(from, to, term, prevLogIndex, number(), entries(prevLogIndex + 1), number());
                }
                case 3 -> new AppendResponse(from, to, term, random.nextBoolean(), number(), number(), number());
                case 4 -> new HeartbeatRequest(from, to, term, number(), random.nextLong());
                case 5 -> new HeartbeatResponse(from, to, term, random.nextLong());
                case 6 -> new InstallSnapshot(from, to, term,
                        new Snapshot(new SnapshotMeta(number(), number(), conf()), bytes(random.nextInt(4096))));
                case 7 -> new TimeoutNow(from, to, term);
                case 8 -> new ReadIndexRequest(from, to, term, random.nextLong());
                default -> new ReadIndexResponse(from, to, term, random.nextLong(),
                        random.nextBoolean() ? -1 : number());
            };
        }

        private String node() {
            return random.nextInt(4) == 0 ? "n" + random.nextInt(1000) : NODES[random.nextInt(NODES.length)];
        }

        /** Mostly small, sometimes at the edges, never negative. */
        private long number() {
            return switch (random.nextInt(6)) {
                case 0 -> 0;
                case 1 -> Long.MAX_VALUE;
                case 2 -> random.nextLong(Long.MAX_VALUE);
                default -> random.nextInt(10_000);
            };
        }

        private List<Entry> entries(long firstIndex) {
            int count = random.nextInt(4) == 0 ? 0 : random.nextInt(20);
            List<Entry> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long index = firstIndex + i;
                if (random.nextInt(8) == 0) {
                    ConfChange change = new ConfChange(ConfChange.Type.values()[random.nextInt(3)], node(),
                            bytes(random.nextInt(32)));
                    entries.add(new Entry(index, number(), EntryType.CONF_CHANGE, change.encode()));
                } else {
                    entries.add(Entry.normal(index, number(), bytes(random.nextInt(4) == 0 ? 0 : random.nextInt(2048))));
                }
            }
            return entries;
        }

        private ConfState conf() {
            Set<String> voters = new HashSet<>();
            Set<String> learners = new HashSet<>();
            for (int i = random.nextInt(8); i > 0; i--) {
                String id = node();
                if (!voters.contains(id) && random.nextInt(3) == 0) {
                    learners.add(id);
                } else if (!learners.contains(id)) {
                    voters.add(id);
                }
            }
            return new ConfState(voters, learners);
        }

        private byte[] bytes(int size) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            return bytes;
        }
    }
}
