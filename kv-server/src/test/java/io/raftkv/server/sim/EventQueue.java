package io.raftkv.server.sim;

import java.util.PriorityQueue;

/**
 * Virtual time for one simulation. Everything that happens is an event at a virtual instant; events
 * at the same instant run in the order they were scheduled (the sequence number breaks ties), so a
 * run depends only on its seed. Time is in microseconds, so that delays of a fraction of a tick
 * still reorder events.
 */
final class EventQueue {
    static final long MS = 1_000;
    static final long SECOND = 1_000_000;

    private record Event(long time, long seq, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int byTime = Long.compare(time, o.time);
            return byTime != 0 ? byTime : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long now;
    private long seq;
    private long processed;

    long now() {
        return now;
    }

    /** Events run so far; a cheap measure of how much a schedule did. */
    long processed() {
        return processed;
    }

    void at(long time, Runnable action) {
        queue.add(new Event(Math.max(time, now), seq++, action));
    }

    void after(long delay, Runnable action) {
        at(now + delay, action);
    }

    /** Runs the next event if there is one due at or before {@code limit}; advances time either way. */
    boolean runNext(long limit) {
        Event next = queue.peek();
        if (next == null || next.time > limit) {
            if (limit != Long.MAX_VALUE) {
                now = Math.max(now, limit);
            }
            return false;
        }
        queue.poll();
        now = next.time;
        processed++;
        next.action.run();
        return true;
    }
}
