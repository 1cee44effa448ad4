package io.raftkv.server.raft.message;

import java.util.Arrays;

/** One log entry. The data array is never modified once the entry exists. */
public record Entry(long index, long term, EntryType type, byte[] data) {
    private static final byte[] EMPTY = new byte[0];

    public Entry {
        data = data == null ? EMPTY : data;
    }

    public static Entry normal(long index, long term, byte[] data) {
        return new Entry(index, term, EntryType.NORMAL, data);
    }

    /** The bytes this entry counts for in batching and backpressure limits. */
    public int size() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Entry e && e.index == index && e.term == term && e.type == type
                && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(index) * 31 + Long.hashCode(term);
    }

    @Override
    public String toString() {
        return index + "/" + term + (type == EntryType.NORMAL ? "" : " " + type) + " (" + data.length + " B)";
    }
}
