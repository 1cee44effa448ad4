package io.raftkv.server.lincheck;

import java.util.Objects;

/**
 * The outcome of {@link LinearizabilityChecker#check}.
 *
 * @param explanation for {@link Verdict#NOT_LINEARIZABLE}, the sub-history that failed, the
 *                    longest linearizable prefix the search reached in it and the operations none
 *                    of which could be linearized next; otherwise a one-line summary
 */
public record CheckResult(Verdict verdict, String explanation) {
    /** Whether a history is linearizable, or the search gave up. */
    public enum Verdict { LINEARIZABLE, NOT_LINEARIZABLE, TIMED_OUT }

    public CheckResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(explanation, "explanation");
    }

    public boolean linearizable() {
        return verdict == Verdict.LINEARIZABLE;
    }

    @Override
    public String toString() {
        return verdict + ": " + explanation;
    }
}
