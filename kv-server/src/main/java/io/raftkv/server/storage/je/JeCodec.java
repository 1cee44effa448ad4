package io.raftkv.server.storage.je;

import io.raftkv.server.raft.message.ConfState;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.EntryType;
import io.raftkv.server.raft.message.HardState;
import io.raftkv.server.raft.message.SnapshotMeta;
import io.raftkv.server.storage.StoredValue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The on-disk encodings of the JE backend, all big-endian. Each is a fixed layout: a format change
 * needs a new database or a version byte, since stored data outlives the code that wrote it.
 */
final class JeCodec {
    /** The bytes of a value's metadata, before its bytes: a keys-only read fetches just these. */
    static final int VALUE_HEADER = 4 * Long.BYTES;

    private JeCodec() {
    }

    /** A log index as a key: big-endian, so JE's unsigned byte order is index order (indexes are >= 0). */
    static byte[] indexKey(long index) {
        return ByteBuffer.allocate(Long.BYTES).putLong(index).array();
    }

    static long index(byte[] key) {
        return ByteBuffer.wrap(key).getLong();
    }

    /** term (8), type (1), data. */
    static byte[] encodeEntry(Entry e) {
        return ByteBuffer.allocate(Long.BYTES + 1 + e.data().length)
                .putLong(e.term()).put(typeCode(e.type())).put(e.data()).array();
    }

    static Entry decodeEntry(long index, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long term = b.getLong();
        EntryType type = entryType(b.get());
        byte[] data = new byte[b.remaining()];
        b.get(data);
        return new Entry(index, term, type, data);
    }

    /** term (8), commit (8), votedFor (a string, length -1 for null). */
    static byte[] encodeHardState(HardState hs) {
        byte[] vote = hs.votedFor() == null ? null : hs.votedFor().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(2 * Long.BYTES + Integer.BYTES + (vote == null ? 0 : vote.length));
        b.putLong(hs.term()).putLong(hs.commit());
        putString(b, vote);
        return b.array();
    }

    static HardState decodeHardState(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long term = b.getLong();
        long commit = b.getLong();
        return new HardState(term, getString(b), commit);
    }

    /** index (8), term (8), voter count (4) and voters, learner count (4) and learners. */
    static byte[] encodeSnapshotMeta(SnapshotMeta meta) {
        List<byte[]> voters = utf8(meta.conf().voters());
        List<byte[]> learners = utf8(meta.conf().learners());
        int size = 2 * Long.BYTES + 2 * Integer.BYTES;
        for (byte[] s : voters) {
            size += Integer.BYTES + s.length;
        }
        for (byte[] s : learners) {
            size += Integer.BYTES + s.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).putLong(meta.index()).putLong(meta.term());
        b.putInt(voters.size());
        voters.forEach(s -> putString(b, s));
        b.putInt(learners.size());
        learners.forEach(s -> putString(b, s));
        return b.array();
    }

    static SnapshotMeta decodeSnapshotMeta(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long index = b.getLong();
        long term = b.getLong();
        List<String> voters = new ArrayList<>();
        for (int n = b.getInt(); n > 0; n--) {
            voters.add(getString(b));
        }
        List<String> learners = new ArrayList<>();
        for (int n = b.getInt(); n > 0; n--) {
            learners.add(getString(b));
        }
        return new SnapshotMeta(index, term, new ConfState(Set.copyOf(voters), Set.copyOf(learners)));
    }

    /** createRevision, modRevision, version, lease (8 each), then the value's bytes. */
    static byte[] encodeValue(StoredValue v) {
        byte[] value = v.value();
        return ByteBuffer.allocate(VALUE_HEADER + value.length).putLong(v.createRevision()).putLong(v.modRevision())
                .putLong(v.version()).putLong(v.lease()).put(value).array();
    }

    /** Decodes a value, or just its metadata when {@code bytes} holds only the header. */
    static StoredValue decodeValue(byte[] key, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long create = b.getLong();
        long mod = b.getLong();
        long version = b.getLong();
        long lease = b.getLong();
        byte[] value = new byte[b.remaining()];
        b.get(value);
        return new StoredValue(key, value, create, mod, version, lease);
    }

    /** Explicit codes rather than ordinals, so reordering the enum cannot change stored data's meaning. */
    private static byte typeCode(EntryType type) {
        return switch (type) {
            case NORMAL -> 0;
            case CONF_CHANGE -> 1;
        };
    }

    private static EntryType entryType(byte code) {
        return switch (code) {
            case 0 -> EntryType.NORMAL;
            case 1 -> EntryType.CONF_CHANGE;
            default -> throw new IllegalStateException("stored log entry has unknown type code " + code);
        };
    }

    private static List<byte[]> utf8(Set<String> strings) {
        return strings.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static void putString(ByteBuffer b, byte[] utf8) {
        if (utf8 == null) {
            b.putInt(-1);
        } else {
            b.putInt(utf8.length).put(utf8);
        }
    }

    private static String getString(ByteBuffer b) {
        int length = b.getInt();
        if (length < 0) {
            return null;
        }
        byte[] utf8 = new byte[length];
        b.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
