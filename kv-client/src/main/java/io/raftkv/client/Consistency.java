package io.raftkv.client;

/** How up to date a read must be. */
public enum Consistency {
    /** Reflects every write acknowledged before the read began (the server's default). */
    LINEARIZABLE,
    /** The answering node's replica as it is: faster, may be stale. */
    SERIALIZABLE
}
