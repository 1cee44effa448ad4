package io.raftkv.client.internal;

import io.raftkv.client.KvException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Waits for a call's future on the caller's thread, rethrowing its exception unwrapped. */
public final class Futures {
    private Futures() {
    }

    /**
     * Waits for the result.
     *
     * @param future the call
     * @param <T> the result type
     * @return the result
     * @throws KvException the call's failure, or on interrupt (the call is cancelled)
     */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new KvException(null, "interrupted while waiting for the call; a write may or may not have applied", e);
        } catch (CancellationException e) {
            throw new KvException(null, "the call was cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new KvException(null, String.valueOf(cause), cause);
        }
    }
}
