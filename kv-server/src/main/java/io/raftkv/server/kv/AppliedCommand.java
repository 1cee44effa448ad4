package io.raftkv.server.kv;

import io.raftkv.proto.kv.CommandResult;

import java.util.Objects;

/**
 * What applying one NORMAL command entry did, for answering the client that proposed it.
 *
 * @param index    the entry's log index
 * @param result   the command's result; for a rejected command one with no outcome set, carrying the
 *                 unchanged store revision
 * @param replayed true when the command's idempotency key had a stored result within the window: this
 *                 is that first execution's result, and nothing changed now
 * @param error    why the command was rejected as malformed (nothing changed), or null when it applied.
 *                 kv.proto has no outcome for this, as a malformed command never came from a well-behaved
 *                 leader; every replica rejects it identically, so the log is not poisoned
 */
public record AppliedCommand(long index, CommandResult result, boolean replayed, String error) {
    public AppliedCommand {
        Objects.requireNonNull(result, "result");
        if (error != null && (replayed || result.getOutcomeCase() != CommandResult.OutcomeCase.OUTCOME_NOT_SET)) {
            throw new IllegalArgumentException("a rejected command has no outcome and is not a replay");
        }
    }

    static AppliedCommand executed(long index, CommandResult result) {
        return new AppliedCommand(index, result, false, null);
    }

    static AppliedCommand replayed(long index, CommandResult result) {
        return new AppliedCommand(index, result, true, null);
    }

    static AppliedCommand rejected(long index, long revision, String error) {
        return new AppliedCommand(index, CommandResult.newBuilder().setRevision(revision).build(), false,
                Objects.requireNonNull(error, "error"));
    }

    /** Whether the command was malformed and so changed nothing; {@link #error} says why. */
    public boolean rejected() {
        return error != null;
    }
}
