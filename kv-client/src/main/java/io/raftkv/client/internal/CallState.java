package io.raftkv.client.internal;

import io.github.resilience4j.retry.Retry;
import io.raftkv.client.KvException;
import io.raftkv.client.KvOperation;
import io.raftkv.client.OutcomeUnknownException;
import io.raftkv.client.UnavailableException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import okhttp3.ResponseBody;
import retrofit2.Call;

/** One logical call across its attempts. Attempts are sequential, so fields need no locking. */
final class CallState<T> {
    final KvOperation operation;
    final String key;
    final String idempotencyKey;
    final Function<KvApi, Call<ResponseBody>> request;
    final ResponseMapper<T> mapper;
    final long deadlineNanos;
    final Retry.AsyncContext<Object> retryContext;
    final CompletableFuture<T> future = new CompletableFuture<>();
    private final List<AttemptFailure> failures = new ArrayList<>();
    private boolean outcomeUnknown;
    volatile Endpoint previous;
    volatile int attempts;
    /**
     * The attempt started (sent, or queued to be) and not yet classified; the deadline treats a write's attempt as possibly
     * applied until {@link #attemptFailed} says otherwise, so it is not cleared when the answer
     * arrives but only once the failure it brought is recorded.
     */
    volatile Call<ResponseBody> inFlight;

    CallState(KvOperation operation, String key, String idempotencyKey, Function<KvApi, Call<ResponseBody>> request,
              ResponseMapper<T> mapper, long deadlineNanos, Retry.AsyncContext<Object> retryContext) {
        this.operation = operation;
        this.key = key;
        this.idempotencyKey = idempotencyKey;
        this.request = request;
        this.mapper = mapper;
        this.deadlineNanos = deadlineNanos;
        this.retryContext = retryContext;
    }

    /** Records how the attempt in flight failed, closing it. */
    synchronized void attemptFailed(AttemptFailure failure) {
        record(failure);
        inFlight = null;
    }

    private void record(AttemptFailure failure) {
        failures.add(failure);
        if (failure.kind() == AttemptFailure.Kind.UNKNOWN && operation.isWrite()) {
            outcomeUnknown = true;
        }
    }

    /** Cancels the attempt in flight once the call failed or was cancelled (deadline, close, interrupt). */
    void cancelInFlight() {
        Call<ResponseBody> call = inFlight;
        if (call != null && future.isCompletedExceptionally()) {
            call.cancel();
        }
    }

    /**
     * The exception for a call whose deadline passed with an attempt still open: for a write that
     * attempt may have been sent, so its outcome is unknown.
     */
    synchronized KvException expire(Duration callTimeout) {
        Call<ResponseBody> call = inFlight;
        if (call != null) {
            record(new AttemptFailure(AttemptFailure.Kind.UNKNOWN, "deadline", null, Duration.ZERO,
                    new InterruptedIOException("no answer before the " + callTimeout.toMillis()
                            + " ms deadline (attempt " + attempts + " still open)")));
        }
        return giveUp(callTimeout);
    }

    /**
     * The exception for an answer the SDK cannot read (not raftkv's JSON, say from a proxy). A
     * write's outcome is then unknown: the answer says nothing reliable about it.
     */
    KvException unreadable(String endpoint, int status, RuntimeException cause) {
        String says = endpoint + " answered " + status + " to the " + operation
                + (key == null ? "" : " of key '" + key + "'") + " with a body the SDK cannot read ("
                + cause.getMessage() + "); check that the endpoint is a raftkv server speaking API v1";
        return operation.isWrite()
                ? new OutcomeUnknownException(says + ". The write may or may not have applied; read the key to find out.",
                        idempotencyKey, cause)
                : new KvException(null, says + ".", cause);
    }

    /**
     * The exception for a call whose retries or deadline ran out: outcome unknown if any attempt of
     * a write may have applied, else unavailable. The last failure is the cause; the others are
     * suppressed.
     */
    synchronized KvException giveUp(Duration callTimeout) {
        AttemptFailure last = failures.isEmpty() ? null : failures.get(failures.size() - 1);
        Throwable cause = last == null ? null : last.getCause();
        String what = operation + (key == null ? "" : " of key '" + key + "'");
        String tried = String.join("; ", failures.stream().map(AttemptFailure::getMessage).toList());
        String budget = attempts + " attempt(s) within the " + callTimeout.toMillis() + " ms deadline";
        KvException e = outcomeUnknown
                ? new OutcomeUnknownException("the " + what + " may or may not have applied: no definite answer in "
                        + budget + " (" + tried + "). Read the key to find out, or repeat the call.",
                        idempotencyKey, cause)
                : new UnavailableException(last == null ? null : last.code(), "no node could serve the " + what
                        + " in " + budget + (tried.isEmpty() ? "" : " (" + tried + ")")
                        + ". Nothing was applied; check the endpoints and that the cluster has a leader, then retry.",
                        cause);
        for (AttemptFailure f : failures) {
            if (f != last) {
                e.addSuppressed(f.getCause());
            }
        }
        return e;
    }
}
