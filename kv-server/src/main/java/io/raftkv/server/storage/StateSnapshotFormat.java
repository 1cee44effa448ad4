package io.raftkv.server.storage;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The backend-neutral stream a {@link StateStore} snapshot travels in, so a snapshot one backend
 * wrote installs into any other. Big-endian throughout:
 * <pre>
 *   magic "RKVS", format version (1 byte), applied index (8)
 *   items, each a tag byte then its fields; a byte array is its length (4) then its bytes:
 *     1 = value:  key, createRevision (8), modRevision (8), version (8), lease (8), value
 *     2 = record: key, value
 *   0 = end, then the item count (8), then the CRC32C of every byte before it (4)
 * </pre>
 * Values come in key order, then records in key order.
 */
public final class StateSnapshotFormat {
    private static final int MAGIC = 0x524B5653; // "RKVS"
    private static final byte VERSION = 1;
    private static final byte END = 0;
    private static final byte VALUE = 1;
    private static final byte RECORD = 2;
    /** Larger arrays are taken for damage rather than allocated. */
    private static final int MAX_ARRAY = 256 << 20;
    /** Values and records are read from the store this many at a time, bounding memory. */
    private static final int PAGE = 1024;
    private static final byte[] NONE = new byte[0];

    private StateSnapshotFormat() {
    }

    /** Writes the state of {@code store}; see {@link StateStore#writeSnapshot}. */
    static void write(StateStore store, OutputStream out) throws IOException {
        long applied = store.appliedIndex();
        BufferedOutputStream buffered = new BufferedOutputStream(out, 64 << 10);
        CheckedOutputStream checked = new CheckedOutputStream(buffered, new CRC32C());
        DataOutputStream data = new DataOutputStream(checked);
        data.writeInt(MAGIC);
        data.writeByte(VERSION);
        data.writeLong(applied);
        long count = 0;
        for (List<StoredValue> page = store.range(NONE, NONE, PAGE, false); !page.isEmpty();
             page = store.range(after(page.getLast().key()), NONE, PAGE, false)) {
            for (StoredValue v : page) {
                data.writeByte(VALUE);
                writeBytes(data, v.key());
                data.writeLong(v.createRevision());
                data.writeLong(v.modRevision());
                data.writeLong(v.version());
                data.writeLong(v.lease());
                writeBytes(data, v.value());
                count++;
            }
        }
        for (List<StoredRecord> page = store.records(NONE, NONE, PAGE); !page.isEmpty();
             page = store.records(after(page.getLast().key()), NONE, PAGE)) {
            for (StoredRecord r : page) {
                data.writeByte(RECORD);
                writeBytes(data, r.key());
                writeBytes(data, r.value());
                count++;
            }
        }
        data.writeByte(END);
        data.writeLong(count);
        data.flush();
        new DataOutputStream(buffered).writeInt((int) checked.getChecksum().getValue());
        buffered.flush();
        long appliedAfter = store.appliedIndex();
        if (appliedAfter != applied) {
            throw new IllegalStateException("the applied index moved from " + applied + " to " + appliedAfter
                    + " while the snapshot was written: writeSnapshot must not run concurrently with apply or restore");
        }
    }

    /** Opens a snapshot stream and reads its header; the items follow through the reader. */
    static Reader reader(InputStream in) throws IOException {
        return new Reader(in);
    }

    /** The smallest key greater than {@code key}: the next page starts there. */
    private static byte[] after(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }

    private static void writeBytes(DataOutputStream data, byte[] bytes) throws IOException {
        data.writeInt(bytes.length);
        data.write(bytes);
    }

    /**
     * The items of one snapshot as {@link Mutation.Put} and {@link Mutation.PutRecord}. Damage
     * surfaces as an {@link UncheckedIOException} wrapping a {@link CorruptSnapshotException}, at
     * the latest when {@link #hasNext} reaches the end and finds the checksum wrong.
     */
    static final class Reader implements Iterator<Mutation> {
        private final BufferedInputStream buffered;
        private final CheckedInputStream checked;
        private final DataInputStream data;
        private final long appliedIndex;
        private Mutation next;
        private long count;
        private boolean ended;

        private Reader(InputStream in) throws IOException {
            buffered = new BufferedInputStream(in, 64 << 10);
            checked = new CheckedInputStream(buffered, new CRC32C());
            data = new DataInputStream(checked);
            try {
                int magic = data.readInt();
                if (magic != MAGIC) {
                    throw new CorruptSnapshotException("not a state snapshot: bad magic " + Integer.toHexString(magic));
                }
                byte version = data.readByte();
                if (version != VERSION) {
                    throw new CorruptSnapshotException("unknown state snapshot format version " + version);
                }
                appliedIndex = data.readLong();
                if (appliedIndex < 0) {
                    throw new CorruptSnapshotException("state snapshot has a negative applied index " + appliedIndex);
                }
            } catch (EOFException e) {
                throw new CorruptSnapshotException("state snapshot truncated in its header", e);
            }
        }

        long appliedIndex() {
            return appliedIndex;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !ended) {
                try {
                    next = readItem();
                } catch (EOFException e) {
                    throw new UncheckedIOException(new CorruptSnapshotException("state snapshot truncated after "
                            + count + " items", e));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (IllegalArgumentException e) { // an empty key, say
                    throw new UncheckedIOException(new CorruptSnapshotException("state snapshot has an invalid item after "
                            + count + " items: " + e.getMessage(), e));
                }
            }
            return next != null;
        }

        @Override
        public Mutation next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Mutation m = next;
            next = null;
            return m;
        }

        /** The next item, or null after checking the trailer. */
        private Mutation readItem() throws IOException {
            byte tag = data.readByte();
            switch (tag) {
                case VALUE -> {
                    byte[] key = readBytes();
                    long create = data.readLong();
                    long mod = data.readLong();
                    long version = data.readLong();
                    long lease = data.readLong();
                    count++;
                    return new Mutation.Put(new StoredValue(key, readBytes(), create, mod, version, lease));
                }
                case RECORD -> {
                    byte[] key = readBytes();
                    count++;
                    return new Mutation.PutRecord(key, readBytes());
                }
                case END -> {
                    long expectedCount = data.readLong();
                    int computed = (int) checked.getChecksum().getValue();
                    int stored = new DataInputStream(buffered).readInt(); // the checksum is not part of itself
                    ended = true;
                    if (stored != computed) {
                        throw new CorruptSnapshotException("state snapshot checksum mismatch: stored "
                                + Integer.toHexString(stored) + ", computed " + Integer.toHexString(computed));
                    }
                    if (expectedCount != count) {
                        throw new CorruptSnapshotException("state snapshot has " + count + " items, its trailer says "
                                + expectedCount);
                    }
                    return null;
                }
                default -> throw new CorruptSnapshotException("state snapshot has an item with unknown tag " + tag
                        + " after " + count + " items");
            }
        }

        private byte[] readBytes() throws IOException {
            int length = data.readInt();
            if (length < 0 || length > MAX_ARRAY) {
                throw new CorruptSnapshotException("state snapshot has an array of implausible length " + length);
            }
            byte[] bytes = data.readNBytes(length);
            if (bytes.length != length) {
                throw new EOFException();
            }
            return bytes;
        }
    }
}
