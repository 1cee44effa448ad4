package io.raftkv.server.transport;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Interrupts a thread that is still inside a guarded section when its deadline passes.
 *
 * <p>Why: Helidon's gRPC client ignores call deadlines, and {@code ClientCall.start} itself blocks
 * (up to 20 s) until the peer's HTTP/2 SETTINGS arrive, so a hung peer would hold the calling
 * thread that long. Those waits are interruptible, and interrupting a virtual thread blocked on a
 * socket closes the socket, so an interrupt ends the attempt wherever it is.
 *
 * <p>The timer is the JDK's shared delayed executor; nothing here owns a thread.
 */
final class Watchdog implements AutoCloseable {
    private final Thread guarded;
    private final Runnable beforeInterrupt;
    private final CompletableFuture<Void> alarm;
    private boolean done; // guarded by this
    private boolean fired; // guarded by this

    private Watchdog(Duration timeout, Runnable beforeInterrupt) {
        this.guarded = Thread.currentThread();
        this.beforeInterrupt = beforeInterrupt;
        this.alarm = CompletableFuture.runAsync(this::expire,
                CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** Guards the calling thread until {@link #close()}. */
    static Watchdog start(Duration timeout, Runnable beforeInterrupt) {
        return new Watchdog(timeout, beforeInterrupt);
    }

    static Watchdog start(Duration timeout) {
        return start(timeout, () -> { });
    }

    private synchronized void expire() {
        if (!done) {
            fired = true;
            beforeInterrupt.run();
            guarded.interrupt();
        }
    }

    synchronized boolean fired() {
        return fired;
    }

    /**
     * Leaves the guarded section. If the alarm went off, clears the interrupt it left on this
     * thread. That also clears one from anyone else that came at the same moment, so owners that
     * interrupt to stop a thread (a close) must also set a flag the thread checks.
     */
    @Override
    public void close() {
        boolean wasFired;
        synchronized (this) {
            done = true;
            wasFired = fired;
        }
        alarm.cancel(false);
        if (wasFired) {
            Thread.interrupted();
        }
    }
}
