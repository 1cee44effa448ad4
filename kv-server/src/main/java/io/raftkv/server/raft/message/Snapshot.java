package io.raftkv.server.raft.message;

/**
 * A state-machine snapshot at {@code meta.index()}. The core never looks inside {@code data}: it
 * is the state machine's own encoding (or, for large states, a handle the transport streams).
 */
public record Snapshot(SnapshotMeta meta, byte[] data) {
    public long index() {
        return meta.index();
    }

    public long term() {
        return meta.term();
    }

    @Override
    public String toString() {
        return "Snapshot[" + meta + ", " + (data == null ? 0 : data.length) + " B]";
    }
}
