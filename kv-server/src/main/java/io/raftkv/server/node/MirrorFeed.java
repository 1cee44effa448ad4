package io.raftkv.server.node;

import io.raftkv.server.storage.ForwardingStateStore;
import io.raftkv.server.storage.Mutation;
import io.raftkv.server.storage.StateStore;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's own state store, passing each batch it applied on to the {@link StateMirror}: the
 * mirror writes those mutations as they are instead of executing the entries again against its own
 * store, which would cost it reads of the log and of the mirror store for every batch. The queue
 * holds at most {@code capacityBytes} of keys and values; a batch that does not fit is dropped, and
 * the mirror, seeing the gap, replays those entries from the log instead. One thread applies (the
 * node's), one takes (the mirror's).
 */
final class MirrorFeed extends ForwardingStateStore {
    /** What the primary stored for the entries {@code (after, appliedIndex]}, in one apply. */
    record Batch(long after, long appliedIndex, List<Mutation> mutations, long bytes) {
    }

    private final ConcurrentLinkedQueue<Batch> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final long capacityBytes;
    /** The delegate's applied index, as of the last apply or restore; the apply thread's alone. */
    private long applied;

    MirrorFeed(StateStore primary, long capacityBytes) {
        super(primary);
        this.capacityBytes = capacityBytes;
        this.applied = primary.appliedIndex();
    }

    @Override
    public void apply(long appliedIndex, List<Mutation> mutations) {
        delegate.apply(appliedIndex, mutations);
        long bytes = 0;
        for (Mutation m : mutations) {
            bytes += m.size();
        }
        if (queuedBytes.get() + bytes <= capacityBytes) {
            queuedBytes.addAndGet(bytes);
            queue.add(new Batch(applied, appliedIndex, mutations, bytes));
        }
        applied = appliedIndex;
    }

    @Override
    public void restore(long appliedIndex, Iterator<? extends Mutation> contents) {
        delegate.restore(appliedIndex, contents);
        applied = appliedIndex;
    }

    /** The oldest batch not yet taken, or null. */
    Batch peek() {
        return queue.peek();
    }

    /**
     * The oldest batches, each continuing the one before from {@code after} on, up to about
     * {@code maxEntries} entries (at least one batch, if the oldest continues from {@code after}).
     * They stay queued until {@link #taken}.
     */
    List<Batch> continuing(long after, long maxEntries) {
        List<Batch> run = new ArrayList<>();
        long at = after;
        for (Batch b : queue) {
            if (b.after() != at || (!run.isEmpty() && b.appliedIndex() - after > maxEntries)) {
                break;
            }
            run.add(b);
            at = b.appliedIndex();
        }
        return run;
    }

    /** Removes the oldest {@code count} batches, which the mirror has stored or no longer needs. */
    void taken(int count) {
        for (int i = 0; i < count; i++) {
            queuedBytes.addAndGet(-queue.remove().bytes());
        }
    }
}
