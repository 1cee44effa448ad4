/**
 * The raftkv Java client SDK: {@link io.raftkv.client.KvClient} is the one entry point.
 *
 * <p>Everything public lives in this package; {@code io.raftkv.client.internal} is the
 * implementation and may change in any release.
 */
package io.raftkv.client;
