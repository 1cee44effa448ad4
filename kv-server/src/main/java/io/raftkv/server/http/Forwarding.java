package io.raftkv.server.http;

/** What a follower does with a write: serve it through the leader, or send the client there. */
public enum Forwarding {
    /** Forward the request to the leader and relay its answer; the client sees one round trip. */
    PROXY,
    /** Answer 307 with a {@code Location} on the leader; the client repeats the request there. */
    REDIRECT
}
