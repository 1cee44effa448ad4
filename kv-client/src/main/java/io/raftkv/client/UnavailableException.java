package io.raftkv.client;

/**
 * No node could serve the call before its deadline or retries ran out: nodes refused connections,
 * had no leader (503 {@code NO_LEADER}), were overloaded or shutting down. The call did not
 * apply. The cause is the last failure; earlier ones are suppressed. Retry later, or check
 * the cluster ({@code /api/v1/cluster/status}).
 */
public final class UnavailableException extends KvException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param code the last server error code, or {@code null} if the last failure was on the network
     * @param message the endpoints tried and what to do
     * @param cause the last failure
     */
    public UnavailableException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
