package io.raftkv.server.sim;

import io.raftkv.server.lincheck.KvOutput;

/** What a node answers a client's request. */
sealed interface NodeReply {
    /** The operation took effect at log index {@code index} (a read: was served at it) with this result. */
    record Done(KvOutput output, long index) implements NodeReply {
    }

    /** Not the leader; {@code leader} is a hint or null. Nothing was proposed. */
    record Redirect(String leader) implements NodeReply {
    }

    /**
     * Try again, here or elsewhere: the request was refused, or its entry was overwritten or its
     * fate lost in a snapshot. A retried write keeps its seq, so it cannot apply twice.
     *
     * @param mayHaveTakenEffect false when this request certainly had no effect (refused, or its
     *                           entry lost to another); true when its fate is unknown
     */
    record Retry(String reason, boolean mayHaveTakenEffect) implements NodeReply {
    }
}
