package io.raftkv.client.internal;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.raftkv.client.KvClientListener;
import io.raftkv.client.KvException;
import io.raftkv.client.KvOperation;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Callback;
import retrofit2.Response;

/**
 * Runs calls: picks a node per attempt, sends asynchronously, classifies the outcome, retries with
 * Resilience4j's backoff until the call's deadline, and records each node's breaker.
 */
final class CallEngine {
    private final Endpoints endpoints;
    private final Retry retry;
    private final Duration callTimeout;
    private final ScheduledExecutorService scheduler;
    private final KvClientListener listener;
    private final Set<CallState<?>> active = ConcurrentHashMap.newKeySet();

    CallEngine(Endpoints endpoints, Settings settings, ScheduledExecutorService scheduler) {
        this.endpoints = endpoints;
        this.callTimeout = settings.callTimeout();
        this.scheduler = scheduler;
        this.listener = settings.listener();
        this.retry = Retry.of("raftkv", RetryConfig.custom()
                .maxAttempts(settings.retryPolicy().maxAttempts())
                .intervalBiFunction(new Backoff(settings.retryPolicy()))
                .retryOnException(t -> t instanceof AttemptFailure f && f.retryable())
                .failAfterMaxAttempts(false)
                .build());
    }

    /**
     * Starts a call.
     *
     * @param operation what it is
     * @param key the key, for messages (null for cluster calls)
     * @param idempotencyKey the write's idempotency key, reused by every attempt; null for reads
     * @param request makes the attempt's HTTP call on a node
     * @param mapper maps the answer
     * @param <T> the result type
     * @return the result, or the failure
     */
    <T> CompletableFuture<T> execute(KvOperation operation, String key, String idempotencyKey,
                                     Function<KvApi, Call<ResponseBody>> request, ResponseMapper<T> mapper) {
        CallState<T> state = new CallState<>(operation, key, idempotencyKey, request, mapper,
                System.nanoTime() + callTimeout.toNanos(), retry.asyncContext());
        active.add(state);
        state.future.whenComplete((v, t) -> {
            active.remove(state);
            state.cancelInFlight();
        });
        if (startDeadline(state)) {
            attempt(state);
        }
        return state.future;
    }

    /**
     * Ends the call at its deadline even if its attempt never started (queued behind a busy
     * dispatcher, whose per-call timeout only starts once the call runs).
     *
     * @return false if the client was closed meanwhile (the call has failed)
     */
    private <T> boolean startDeadline(CallState<T> s) {
        try {
            ScheduledFuture<?> deadline = scheduler.schedule(
                    () -> s.future.completeExceptionally(s.expire(callTimeout)), callTimeout.toNanos(),
                    TimeUnit.NANOSECONDS);
            s.future.whenComplete((v, t) -> deadline.cancel(false));
            return true;
        } catch (RejectedExecutionException closed) {
            s.future.completeExceptionally(closedDuringCall());
            return false;
        }
    }

    private static KvException closedDuringCall() {
        return new KvException(null, "the KvClient was closed during the call", null);
    }

    /** Fails every unfinished call; used on close. */
    void failAll() {
        for (CallState<?> state : active) {
            state.future.completeExceptionally(closedDuringCall());
        }
    }

    private <T> void attempt(CallState<T> s) {
        try {
            send(s);
        } catch (RuntimeException e) {
            s.future.completeExceptionally(e);
        }
    }

    private <T> void send(CallState<T> s) {
        long remaining = s.deadlineNanos - System.nanoTime();
        if (s.future.isDone()) {
            return;
        }
        if (remaining <= 0) {
            s.future.completeExceptionally(s.giveUp(callTimeout));
            return;
        }
        Endpoints.Choice choice = endpoints.pick(s.operation.isWrite(), s.previous);
        Endpoint endpoint = choice.endpoint();
        if (s.previous != null && s.previous != endpoint) {
            String from = s.previous.name();
            Listeners.safely(() -> listener.failover(from, endpoint.name()));
        }
        s.previous = endpoint;
        s.attempts++;
        Call<ResponseBody> call = s.request.apply(endpoint.api());
        call.timeout().timeout(remaining, TimeUnit.NANOSECONDS);
        s.inFlight = call;
        long start = System.nanoTime();
        Listeners.safely(() -> listener.requestStart(endpoint.name(), s.operation));
        call.enqueue(new Callback<>() {
            @Override
            public void onResponse(Call<ResponseBody> c, Response<ResponseBody> response) {
                answered(s, choice, start, response);
            }

            @Override
            public void onFailure(Call<ResponseBody> c, Throwable t) {
                failed(s, choice, start, t);
            }
        });
    }

    private <T> void answered(CallState<T> s, Endpoints.Choice choice, long start, Response<ResponseBody> response) {
        Endpoint endpoint = choice.endpoint();
        long nanos = System.nanoTime() - start;
        int status = response.code();
        byte[] body;
        try (ResponseBody rb = response.isSuccessful() ? response.body() : response.errorBody()) {
            body = rb == null ? new byte[0] : rb.bytes();
        } catch (IOException e) {
            failed(s, choice, start, e);
            return;
        }
        Listeners.safely(() -> listener.requestEnd(endpoint.name(), s.operation, status, Duration.ofNanos(nanos)));
        endpoints.observe(status, response.headers());
        if (choice.permitted()) {
            if (status >= 500) {
                endpoint.breaker().onError(nanos, TimeUnit.NANOSECONDS, new IOException("HTTP " + status));
            } else {
                endpoint.breaker().onSuccess(nanos, TimeUnit.NANOSECONDS);
            }
        }
        try {
            T value = s.mapper.map(endpoint.name(), status, response.headers(), body);
            s.retryContext.onComplete();
            s.future.complete(value);
        } catch (AttemptFailure f) {
            retryOrGiveUp(s, f);
        } catch (KvException e) {
            s.future.completeExceptionally(e);
        } catch (RuntimeException unreadable) {
            s.future.completeExceptionally(s.unreadable(endpoint.name(), status, unreadable));
        }
    }

    private <T> void failed(CallState<T> s, Endpoints.Choice choice, long start, Throwable t) {
        Endpoint endpoint = choice.endpoint();
        long nanos = System.nanoTime() - start;
        Listeners.safely(() -> listener.requestEnd(endpoint.name(), s.operation, -1, Duration.ofNanos(nanos)));
        if (s.future.isDone()) {
            if (choice.permitted()) {
                endpoint.breaker().releasePermission();
            }
            return;
        }
        if (choice.permitted()) {
            endpoint.breaker().onError(nanos, TimeUnit.NANOSECONDS, t);
        }
        AttemptFailure failure = Errors.network(endpoint.name(), t);
        if (failure.kind() == AttemptFailure.Kind.NOT_APPLIED) {
            endpoints.unreachable(endpoint);
        }
        retryOrGiveUp(s, failure);
    }

    private <T> void retryOrGiveUp(CallState<T> s, AttemptFailure failure) {
        if (s.future.isDone()) {
            return;
        }
        s.attemptFailed(failure);
        if (!failure.retryable()) {
            s.future.completeExceptionally(failure.getCause());
            return;
        }
        long delayMillis = s.retryContext.onError(failure);
        long remaining = s.deadlineNanos - System.nanoTime();
        if (delayMillis < 0 || TimeUnit.MILLISECONDS.toNanos(delayMillis) >= remaining) {
            s.future.completeExceptionally(s.giveUp(callTimeout));
            return;
        }
        Duration delay = Duration.ofMillis(delayMillis);
        Listeners.safely(() -> listener.retry(s.operation, s.attempts, failure.getCause(), delay));
        try {
            scheduler.schedule(() -> attempt(s), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            s.future.completeExceptionally(closedDuringCall());
        }
    }
}
