package io.raftkv.server.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Waits for the node's futures on the handler's (virtual) thread. The node completes every future
 * within its own write or read timeout, so the wait is untimed: a timed park of a virtual thread
 * costs a timer scheduled and cancelled on the JDK's delay scheduler, two cross-thread wake-ups per
 * request, about a tenth of a node's CPU under 64-client linearizable GETs.
 */
final class NodeCalls {
    private NodeCalls() {
    }

    /**
     * The future's value; its failure rethrown unwrapped; on interrupt (the server stopping) an
     * {@link ApiException} with {@code onInterrupt}: a write's outcome is then unknown, a read failed.
     */
    static <T> T await(CompletableFuture<T> future, ErrorCode onInterrupt) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(onInterrupt, "interrupted while waiting for the node", e);
        }
    }
}
