package io.raftkv.server.lincheck;

/**
 * One client operation of a history: what {@code client} asked ({@code input}), what it got back
 * ({@code output}), and when it called and returned, on any clock whose order is real-time order.
 * Operations with equal times count as concurrent.
 *
 * <p>{@code ret == UNKNOWN} (and {@code output == null}) when the outcome is unknown, e.g. the
 * client timed out: the operation may take effect at any point after its call, or never.
 * Operations that definitely did not take effect do not belong in a history at all.
 */
public record Operation<I, O>(int client, I input, O output, long call, long ret) {
    /** The return time of an operation whose outcome is unknown. */
    public static final long UNKNOWN = Long.MAX_VALUE;

    public Operation {
        if (ret < call) {
            throw new IllegalArgumentException("operation returns (" + ret + ") before its call (" + call + ")");
        }
        if (ret == UNKNOWN && output != null) {
            throw new IllegalArgumentException("an operation with unknown outcome has no output, got " + output);
        }
    }

    /** A completed operation. */
    public static <I, O> Operation<I, O> completed(int client, I input, O output, long call, long ret) {
        return new Operation<>(client, input, output, call, ret);
    }

    /** An operation whose outcome is unknown. */
    public static <I, O> Operation<I, O> unknown(int client, I input, long call) {
        return new Operation<>(client, input, null, call, UNKNOWN);
    }

    public boolean unknown() {
        return ret == UNKNOWN;
    }
}
