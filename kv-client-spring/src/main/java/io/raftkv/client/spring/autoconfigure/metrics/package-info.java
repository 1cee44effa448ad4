/** Auto-configuration of the client's Micrometer meters, active with a {@code MeterRegistry} bean. */
package io.raftkv.client.spring.autoconfigure.metrics;
