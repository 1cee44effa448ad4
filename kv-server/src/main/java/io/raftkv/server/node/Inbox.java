package io.raftkv.server.node;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The driver's queue of events from every other thread: HTTP handlers, the transport, shutdown. An
 * event offered after {@link #close()} is aborted instead of being lost silently.
 */
final class Inbox {
    /** Something for the driver thread to do. */
    interface Event {
        void run();

        /** The node stopped before running this event; answer whoever waits on it. */
        default void abort(NodeException reason) {
        }
    }

    /** An event that answers {@code reply} when it runs, and fails it if the node stopped first. */
    static Event request(Runnable run, java.util.concurrent.CompletableFuture<?> reply) {
        return new Event() {
            @Override
            public void run() {
                run.run();
            }

            @Override
            public void abort(NodeException reason) {
                reply.completeExceptionally(reason);
            }
        };
    }

    private static final Event WAKE_UP = () -> { };
    private static final NodeException STOPPED = new NodeException(NodeException.Code.STOPPED, "the node is shutting down");

    private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    void offer(Event event) {
        if (closed) {
            event.abort(STOPPED);
            return;
        }
        queue.add(event);
        if (closed && queue.remove(event)) {
            event.abort(STOPPED); // closed meanwhile, and the driver's final drain may have missed it
        }
    }

    int size() {
        return queue.size();
    }

    /**
     * Waits up to {@code timeoutNanos} for an event, then takes every queued one into {@code into}.
     *
     * @return false once closed
     */
    boolean take(List<Event> into, long timeoutNanos) {
        try {
            Event first = timeoutNanos > 0 ? queue.poll(timeoutNanos, TimeUnit.NANOSECONDS) : queue.poll();
            if (first != null) {
                into.add(first);
                queue.drainTo(into);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
        return !closed;
    }

    void close() {
        closed = true;
        queue.add(WAKE_UP);
    }

    /** After close: aborts every event still queued. */
    void abortRemaining() {
        List<Event> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(e -> e.abort(STOPPED));
    }
}
