package io.raftkv.server.lincheck;

import java.util.List;

/**
 * A sequential specification to check histories against.
 *
 * @param <S> model state; must implement {@code equals}/{@code hashCode}, because states are
 *            memoized, and must never be {@code null}, because {@code null} means "impossible"
 * @param <I> operation input
 * @param <O> operation output
 */
public interface Model<S, I, O> {
    /** The state before any operation. */
    S init();

    /**
     * The state after applying {@code input} in {@code state} if {@code output} is a possible
     * result, else {@code null}. {@code output == null} means unknown: accept any result and
     * return the state after applying {@code input}.
     */
    S step(S state, I input, O output);

    /**
     * Independent sub-histories (e.g. one per key), each checked on its own from {@link #init()};
     * by default the whole history. Splitting keeps the search small: its cost grows
     * exponentially with the number of concurrent operations in one sub-history.
     */
    default List<List<Operation<I, O>>> partition(List<Operation<I, O>> history) {
        return List.of(history);
    }

    /** Names a sub-history returned by {@link #partition} in failure reports, e.g. its key. */
    default String describePartition(List<Operation<I, O>> partition) {
        return "the history";
    }

    /** Renders one operation in failure reports; {@code output} is {@code null} when unknown. */
    default String describe(I input, O output) {
        return input + " -> " + output;
    }

    /** Renders a state in failure reports. */
    default String describeState(S state) {
        return String.valueOf(state);
    }
}
