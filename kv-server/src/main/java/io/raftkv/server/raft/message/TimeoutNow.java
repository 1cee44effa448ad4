package io.raftkv.server.raft.message;

/** Tells a caught-up follower to campaign at once, to take over leadership (thesis §3.10). */
public record TimeoutNow(String from, String to, long term) implements Message {
}
