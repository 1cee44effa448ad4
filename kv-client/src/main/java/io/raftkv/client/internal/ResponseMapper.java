package io.raftkv.client.internal;

import okhttp3.Headers;

/**
 * Turns one operation's answer into its result, or throws the failure ({@link Errors#answer} for
 * answers it does not handle itself).
 *
 * @param <T> the result type
 */
@FunctionalInterface
interface ResponseMapper<T> {
    T map(String endpoint, int status, Headers headers, byte[] body) throws AttemptFailure;
}
