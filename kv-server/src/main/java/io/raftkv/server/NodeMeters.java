package io.raftkv.server;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The registry behind {@code GET /metrics}: one per node (tests run several nodes in one JVM, so
 * nothing goes to Micrometer's global registry), every meter tagged with the node id, with the
 * JVM's own meters beside the node's.
 *
 * @param registry the node's meters
 * @param gc       the GC meters' notification listeners, which must be removed when the node stops
 */
record NodeMeters(PrometheusMeterRegistry registry, JvmGcMetrics gc) implements AutoCloseable {
    static NodeMeters create(String nodeId) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("node", nodeId);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return new NodeMeters(registry, gc);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
