/** The {@code KvClientListener} that records Micrometer meters. */
package io.raftkv.client.spring.metrics;
