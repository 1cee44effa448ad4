package io.raftkv.server.lincheck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks whether a history is linearizable with respect to a {@link Model}: whether every
 * operation of known outcome can be given a point between its call and its return, in an order
 * the model accepts, where operations of unknown outcome may take effect at any point after
 * their call or not at all.
 *
 * <p>Each sub-history of {@link Model#partition} is searched on its own (exact for independent
 * partitions, e.g. one per key: P-compositionality), and the history is linearizable iff all of
 * them are. Proving a sub-history not linearizable can take exponentially long while its
 * neighbour fails in a millisecond, so the searches take turns, in slices of steps that double
 * each round, and the first failure found decides. Step slices rather than threads keep the
 * verdict and its explanation deterministic.
 */
public final class LinearizabilityChecker {
    /** Steps each search runs in its first turn. */
    private static final long FIRST_SLICE = 1 << 12;

    private LinearizabilityChecker() {}

    /**
     * Checks {@code history} against {@code model}, giving up with
     * {@link CheckResult.Verdict#TIMED_OUT} once {@code timeout} has passed.
     */
    public static <S, I, O> CheckResult check(Model<S, I, O> model, List<Operation<I, O>> history, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + saturatedNanos(timeout);
        List<List<Operation<I, O>>> partitions = model.partition(history);
        List<LinearizationSearch<S, I, O>> undecided = new ArrayList<>();
        for (List<Operation<I, O>> partition : partitions) {
            undecided.add(new LinearizationSearch<>(model, partition, deadline));
        }
        for (long slice = FIRST_SLICE; !undecided.isEmpty(); slice = Math.min(2 * slice, Long.MAX_VALUE / 2)) {
            for (var searches = undecided.iterator(); searches.hasNext(); ) {
                LinearizationSearch<S, I, O> search = searches.next();
                CheckResult.Verdict verdict = search.advance(slice);
                if (verdict == CheckResult.Verdict.LINEARIZABLE) {
                    searches.remove();
                } else if (verdict == CheckResult.Verdict.NOT_LINEARIZABLE) {
                    return new CheckResult(verdict, FailureReport.render(model,
                            label(model, search.operations(), partitions.size()), search.deepestStuck()));
                } else if (verdict == CheckResult.Verdict.TIMED_OUT || System.nanoTime() - deadline > 0) {
                    return new CheckResult(CheckResult.Verdict.TIMED_OUT, "gave up after " + millisSince(start)
                            + " ms with " + undecided.size() + " of " + partitions.size() + " partition(s) undecided, "
                            + "among them " + label(model, search.operations(), partitions.size()));
                }
            }
        }
        return new CheckResult(CheckResult.Verdict.LINEARIZABLE, history.size() + " operations in "
                + partitions.size() + " partition(s), checked in " + millisSince(start) + " ms");
    }

    /** e.g. {@code key "k" (12 operations, one of 10 partitions)}. */
    private static <I, O> String label(Model<?, I, O> model, List<Operation<I, O>> partition, int partitions) {
        return model.describePartition(partition) + " (" + partition.size() + " operations"
                + (partitions == 1 ? ")" : ", one of " + partitions + " partitions)");
    }

    private static long saturatedNanos(Duration timeout) {
        try {
            return Math.min(timeout.toNanos(), Long.MAX_VALUE / 2);
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 2;
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
