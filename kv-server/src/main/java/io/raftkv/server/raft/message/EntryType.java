package io.raftkv.server.raft.message;

/** What a log entry carries. */
public enum EntryType {
    /** Application data for the state machine; an empty one is the no-op a new leader appends. */
    NORMAL,
    /** An encoded {@link ConfChange}. */
    CONF_CHANGE
}
