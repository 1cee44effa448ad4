package io.raftkv.server.lincheck;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A history as a doubly-linked list of call and return events in time order. The search lifts an
 * operation's two events out when it linearizes the operation and puts them back when it
 * backtracks; lifting and unlifting in stack order restores the list exactly. Arrays of node
 * indices instead of node objects keep the search loop free of allocation.
 *
 * <p>Node 0 is the head. Operation {@code i} has its call at node {@code 2i+1} and its return at
 * node {@code 2i+2}. Operations with unknown outcome have no return node: they never force the
 * search to backtrack, and the search ends once every known operation is linearized.
 */
final class EventList {
    static final int HEAD = 0;
    /** Past the last node. */
    static final int END = -1;

    private final int[] next;
    private final int[] prev;
    private final boolean[] hasReturn;

    EventList(List<? extends Operation<?, ?>> ops) {
        int n = ops.size();
        next = new int[2 * n + 1];
        prev = new int[2 * n + 1];
        hasReturn = new boolean[n];
        List<Integer> nodes = new ArrayList<>(2 * n);
        for (int op = 0; op < n; op++) {
            nodes.add(callNode(op));
            if (!ops.get(op).unknown()) {
                hasReturn[op] = true;
                nodes.add(op * 2 + 2);
            }
        }
        // At equal times calls go first: operations that merely touch count as concurrent.
        nodes.sort(Comparator.<Integer>comparingLong(node -> time(ops, node))
                .thenComparing(node -> isCall(node) ? 0 : 1)
                .thenComparing(node -> node));
        int last = HEAD;
        for (int node : nodes) {
            next[last] = node;
            prev[node] = last;
            last = node;
        }
        next[last] = END;
    }

    private static long time(List<? extends Operation<?, ?>> ops, int node) {
        Operation<?, ?> op = ops.get(opOf(node));
        return isCall(node) ? op.call() : op.ret();
    }

    static int callNode(int op) {
        return op * 2 + 1;
    }

    static boolean isCall(int node) {
        return (node & 1) == 1;
    }

    static int opOf(int node) {
        return (node - 1) >> 1;
    }

    int first() {
        return next[HEAD];
    }

    int next(int node) {
        return next[node];
    }

    void lift(int op) {
        remove(callNode(op));
        if (hasReturn[op]) {
            remove(op * 2 + 2);
        }
    }

    /** Undoes the most recent {@link #lift} still in effect. */
    void unlift(int op) {
        if (hasReturn[op]) {
            restore(op * 2 + 2);
        }
        restore(callNode(op));
    }

    private void remove(int node) {
        next[prev[node]] = next[node];
        if (next[node] != END) {
            prev[next[node]] = prev[node];
        }
    }

    private void restore(int node) {
        next[prev[node]] = node;
        if (next[node] != END) {
            prev[next[node]] = node;
        }
    }
}
