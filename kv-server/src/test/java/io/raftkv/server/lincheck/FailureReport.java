package io.raftkv.server.lincheck;

import java.util.List;

/**
 * Explains a non-linearizable sub-history from the deepest point the search reached: the end of
 * the longest linearizable prefix, the state it leads to, and the operations that were pending
 * there, none of which could be linearized next. The whole prefix would drown the cause, so only
 * its tail is shown.
 */
final class FailureReport {
    /** How many of the prefix's last operations to show. */
    private static final int PREFIX_TAIL = 8;

    private FailureReport() {}

    /** {@code partition} names the sub-history, e.g. {@code key "k" (12 operations)}. */
    static <S, I, O> String render(Model<S, I, O> model, String partition, LinearizationSearch.StuckPoint<S, I, O> stuck) {
        StringBuilder out = new StringBuilder();
        out.append(partition).append(" is not linearizable.\n");
        List<Operation<I, O>> prefix = stuck.prefix();
        out.append("Longest linearizable prefix: ").append(prefix.size()).append(" operations");
        if (!prefix.isEmpty()) {
            int shown = Math.min(PREFIX_TAIL, prefix.size());
            out.append(shown < prefix.size() ? ", ending with:\n" : ":\n");
            for (Operation<I, O> op : prefix.subList(prefix.size() - shown, prefix.size())) {
                out.append("  ").append(describe(model, op)).append('\n');
            }
        } else {
            out.append('\n');
        }
        out.append("State after it: ").append(model.describeState(stuck.state())).append('\n');
        Operation<I, O> deadline = stuck.deadline();
        out.append("Stuck at ").append(deadline.ret()).append(", the return of client ").append(deadline.client())
                .append("'s ").append(model.describe(deadline.input(), deadline.output()))
                .append(": it must be linearized by then, but none of the pending operations can come next:\n");
        for (Operation<I, O> op : stuck.pending()) {
            out.append("  ").append(describe(model, op)).append("   (").append(whyNotNext(model, stuck.state(), op)).append(")\n");
        }
        return out.toString().stripTrailing();
    }

    private static <S, I, O> String whyNotNext(Model<S, I, O> model, S state, Operation<I, O> op) {
        S after = model.step(state, op.input(), op.output());
        if (after == null) {
            return "impossible in this state";
        }
        return op.unknown() && after.equals(state) ? "would change nothing here" : "possible here, but leads to a dead end";
    }

    /** e.g. {@code client 3 [120, 135] get("k") -> "v"}; an unknown return shows as {@code ?}. */
    static <I, O> String describe(Model<?, I, O> model, Operation<I, O> op) {
        String ret = op.unknown() ? "?" : Long.toString(op.ret());
        return "client " + op.client() + " [" + op.call() + ", " + ret + "] " + model.describe(op.input(), op.output());
    }
}
