package io.raftkv.server.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for the node's futures on the handler's (virtual) thread. The node completes every future
 * within its own write or read timeout; the bound here only keeps a handler from hanging forever
 * should that promise break.
 */
final class NodeCalls {
    static final Duration BOUND = Duration.ofSeconds(60);

    private NodeCalls() {
    }

    /**
     * The future's value; its failure rethrown unwrapped; past the bound (or on interrupt) an
     * {@link ApiException} with {@code onTimeout}: a write's outcome is then unknown, a read failed.
     */
    static <T> T await(CompletableFuture<T> future, ErrorCode onTimeout) {
        try {
            return future.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e.getCause());
        } catch (TimeoutException e) {
            throw new ApiException(onTimeout, "the node did not answer within " + BOUND.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(onTimeout, "interrupted while waiting for the node", e);
        }
    }
}
