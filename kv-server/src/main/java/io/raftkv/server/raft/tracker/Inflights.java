package io.raftkv.server.raft.tracker;

/**
 * The last indexes of AppendEntries messages sent to one follower and not yet acknowledged, in
 * sending order: a bounded window that caps pipelining.
 */
public final class Inflights {
    private final long[] lastIndexes;
    private int start;
    private int count;

    public Inflights(int capacity) {
        this.lastIndexes = new long[capacity];
    }

    public boolean full() {
        return count == lastIndexes.length;
    }

    public int count() {
        return count;
    }

    public void add(long lastIndex) {
        if (full()) {
            throw new IllegalStateException("inflight window is full");
        }
        lastIndexes[(start + count) % lastIndexes.length] = lastIndex;
        count++;
    }

    /** Frees every message whose entries are all at or below {@code index}. */
    public void freeUpTo(long index) {
        while (count > 0 && lastIndexes[start] <= index) {
            start = (start + 1) % lastIndexes.length;
            count--;
        }
    }

    /** Frees the oldest message, so a stalled window (all messages lost) can probe again. */
    public void freeFirst() {
        if (count > 0) {
            start = (start + 1) % lastIndexes.length;
            count--;
        }
    }

    public void reset() {
        start = 0;
        count = 0;
    }
}
