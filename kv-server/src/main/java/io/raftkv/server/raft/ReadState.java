package io.raftkv.server.raft;

/**
 * The answer to {@link Raft#readIndex(long)}: once the state machine has applied {@code index}, a
 * read started before the request was made sees every write acknowledged before it (thesis §6.4).
 * A negative index means the read was refused (leadership was lost); retry it.
 */
public record ReadState(long requestId, long index) {
    public boolean refused() {
        return index < 0;
    }
}
