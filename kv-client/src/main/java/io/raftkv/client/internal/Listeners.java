package io.raftkv.client.internal;

/** Runs listener callbacks so that a throwing listener cannot break a call. */
final class Listeners {
    private Listeners() {
    }

    static void safely(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException ignored) {
            // listeners must not throw (KvClientListener's contract); one that does is ignored
        }
    }
}
