package io.raftkv.client.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * One node: its base URL, its Retrofit API, and its circuit breaker.
 *
 * @param url the base URL, ending in '/'
 * @param api the API bound to it
 * @param breaker its breaker
 */
record Endpoint(String url, KvApi api, CircuitBreaker breaker) {

    /** The base URL without the trailing '/', as users write it. */
    String name() {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
