/**
 * The SDK's implementation: the Retrofit interface, HTTP mapping, endpoint selection, retries and
 * circuit breakers. Not API: anything here may change in any release.
 */
package io.raftkv.client.internal;
