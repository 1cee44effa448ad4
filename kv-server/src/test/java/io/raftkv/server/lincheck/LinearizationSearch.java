package io.raftkv.server.lincheck;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Wing &amp; Gong search with Lowe's memoization over one sub-history, as in Porcupine's
 * {@code checkSingle}: the candidates to linearize next are the calls that come before the first
 * return in the event list. Linearizing one lifts it out of the list and pushes it; reaching that
 * return means the operation it belongs to cannot be linearized in time, so the latest choice is
 * popped and the next candidate after it tried. Done once every operation of known outcome is
 * linearized.
 *
 * <p>Operations of unknown outcome have no return, so they never force a backtrack, but they stay
 * candidates forever and could make the search try every subset of them. Three rules keep them
 * in check: known candidates are tried before unknown ones (a linearizable history seldom needs
 * them); an unknown operation that leaves the state as it is is never linearized (not taking it
 * keeps every option open); and the search ends as soon as the known operations are done.
 *
 * <p>Resumable in slices of steps, and remembers the deepest point where it had to backtrack, to
 * explain a failure.
 */
final class LinearizationSearch<S, I, O> {
    /** Look at the clock every this many steps plus one: often enough, yet almost never. */
    private static final int DEADLINE_CHECK_MASK = 0x3FF;

    /**
     * The deepest point where the search had to backtrack: after linearizing {@code prefix},
     * reaching {@code state}, the return of {@code deadline} came up before any of the
     * {@code pending} operations (the deadline's among them) led to a complete linearization.
     */
    record StuckPoint<S, I, O>(List<Operation<I, O>> prefix, S state,
                               List<Operation<I, O>> pending, Operation<I, O> deadline) {}

    private final Model<S, I, O> model;
    private final List<Operation<I, O>> ops;
    private final long deadlineNanos;
    private final Object[] inputs;
    /** Outputs, {@code null} where unknown, as {@link Model#step} expects them. */
    private final Object[] outputs;
    private final boolean[] known;
    private final int knownOps;

    private final EventList events;
    private final MemoCache cache;
    private final int[] opStack;
    private final Object[] stateStack;
    private StuckPoint<S, I, O> deepestStuck;

    // Where the search stands, kept between calls to advance().
    private S state;
    private int depth;
    private int knownLinearized;
    /** Never END: while a known operation is unlinearized, its return lies ahead. */
    private int node;
    /** Whether the walk over the candidates is on its second pass, the unknown ones. */
    private boolean unknownPass;

    LinearizationSearch(Model<S, I, O> model, List<Operation<I, O>> ops, long deadlineNanos) {
        this.model = model;
        this.ops = List.copyOf(ops);
        this.deadlineNanos = deadlineNanos;
        int n = this.ops.size();
        inputs = new Object[n];
        outputs = new Object[n];
        known = new boolean[n];
        int knownCount = 0;
        for (int i = 0; i < n; i++) {
            Operation<I, O> op = this.ops.get(i);
            inputs[i] = op.input();
            outputs[i] = op.output();
            known[i] = !op.unknown();
            knownCount += known[i] ? 1 : 0;
        }
        knownOps = knownCount;
        events = new EventList(this.ops);
        cache = new MemoCache(n);
        opStack = new int[n];
        stateStack = new Object[n];
        state = model.init();
        node = events.first();
    }

    List<Operation<I, O>> operations() {
        return ops;
    }

    /** Where the search got stuck deepest; set once it has had to backtrack. */
    StuckPoint<S, I, O> deepestStuck() {
        return deepestStuck;
    }

    /**
     * Runs at most {@code maxSteps} more steps of the search; returns the verdict, or
     * {@code null} if still undecided.
     */
    CheckResult.Verdict advance(long maxSteps) {
        if (knownLinearized == knownOps) {
            return CheckResult.Verdict.LINEARIZABLE;
        }
        for (long steps = 1; steps <= maxSteps; steps++) {
            if ((steps & DEADLINE_CHECK_MASK) == 0 && System.nanoTime() - deadlineNanos > 0) {
                return CheckResult.Verdict.TIMED_OUT;
            }
            if (EventList.isCall(node)) {
                int op = EventList.opOf(node);
                if (known[op] != unknownPass && tryLinearize(op)) {
                    if (knownLinearized == knownOps) {
                        return CheckResult.Verdict.LINEARIZABLE;
                    }
                    node = events.first();
                    unknownPass = false;
                } else {
                    node = events.next(node);
                }
            } else if (!unknownPass && depth - knownLinearized < ops.size() - knownOps) {
                unknownPass = true;
                node = events.first();
            } else if (!backtrack()) {
                return CheckResult.Verdict.NOT_LINEARIZABLE;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private boolean tryLinearize(int op) {
        S after = model.step(state, (I) inputs[op], (O) outputs[op]);
        if (after == null || (!known[op] && after.equals(state)) || !cache.linearize(op, after)) {
            return false;
        }
        opStack[depth] = op;
        stateStack[depth++] = state;
        state = after;
        events.lift(op);
        knownLinearized += known[op] ? 1 : 0;
        return true;
    }

    /** Undoes the latest choice and moves to the next candidate; false if there is none. */
    @SuppressWarnings("unchecked")
    private boolean backtrack() {
        if (deepestStuck == null || depth > deepestStuck.prefix().size()) {
            deepestStuck = stuckPoint(node);
        }
        if (depth == 0) {
            return false;
        }
        int op = opStack[--depth];
        state = (S) stateStack[depth];
        stateStack[depth] = null;
        cache.unlinearize(op);
        events.unlift(op);
        knownLinearized -= known[op] ? 1 : 0;
        node = events.next(EventList.callNode(op));
        unknownPass = !known[op];
        return true;
    }

    private StuckPoint<S, I, O> stuckPoint(int returnNode) {
        List<Operation<I, O>> prefix = Arrays.stream(opStack, 0, depth).mapToObj(ops::get).toList();
        List<Operation<I, O>> pending = new ArrayList<>();
        for (int call = events.first(); call != returnNode; call = events.next(call)) {
            pending.add(ops.get(EventList.opOf(call)));
        }
        return new StuckPoint<>(prefix, state, pending, ops.get(EventList.opOf(returnNode)));
    }
}
