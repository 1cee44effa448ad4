package io.raftkv.server.lincheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Records a history as clients run: {@link #invoke} before sending a request, then exactly one of
 * {@link #ok}, {@link #fail} or {@link #unknown} when its fate is known. Thread-safe. The clock
 * is read under the recorder's lock, so a clock that never goes backwards (virtual time in the
 * simulator, {@link System#nanoTime} on a real cluster) yields times in recording order; equal
 * times count as concurrent.
 *
 * @param <I> operation input
 * @param <O> operation output
 */
public final class HistoryRecorder<I, O> {
    private enum Fate { PENDING, OK, FAILED, UNKNOWN }

    private static final class Entry<I, O> {
        final int client;
        final I input;
        final long call;
        Fate fate = Fate.PENDING;
        O output;
        long ret = Operation.UNKNOWN;

        Entry(int client, I input, long call) {
            this.client = client;
            this.input = input;
            this.call = call;
        }
    }

    private final LongSupplier clock;
    private final List<Entry<I, O>> entries = new ArrayList<>();

    public HistoryRecorder(LongSupplier clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Records the call of an operation; returns its id for the completion. */
    public synchronized long invoke(int client, I input) {
        entries.add(new Entry<>(client, input, clock.getAsLong()));
        return entries.size() - 1;
    }

    /** The operation returned {@code output}. */
    public synchronized void ok(long id, O output) {
        Entry<I, O> entry = complete(id, Fate.OK);
        entry.output = Objects.requireNonNull(output, "output");
        entry.ret = clock.getAsLong();
    }

    /** The operation definitely did not take effect: it is left out of the history. */
    public synchronized void fail(long id) {
        complete(id, Fate.FAILED);
    }

    /** The operation's outcome is unknown (e.g. a timeout): it may have taken effect, or not. */
    public synchronized void unknown(long id) {
        complete(id, Fate.UNKNOWN);
    }

    /** The operations so far, in call order; those not yet completed count as unknown. */
    public synchronized List<Operation<I, O>> history() {
        List<Operation<I, O>> history = new ArrayList<>(entries.size());
        for (Entry<I, O> entry : entries) {
            if (entry.fate == Fate.OK) {
                history.add(Operation.completed(entry.client, entry.input, entry.output, entry.call, entry.ret));
            } else if (entry.fate != Fate.FAILED) {
                history.add(Operation.unknown(entry.client, entry.input, entry.call));
            }
        }
        return history;
    }

    private Entry<I, O> complete(long id, Fate fate) {
        if (id < 0 || id >= entries.size()) {
            throw new IllegalArgumentException("no operation with id " + id);
        }
        Entry<I, O> entry = entries.get((int) id);
        if (entry.fate != Fate.PENDING) {
            throw new IllegalStateException("operation " + id + " already completed as " + entry.fate);
        }
        entry.fate = fate;
        return entry;
    }
}
