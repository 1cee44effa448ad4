package io.raftkv.server.http;

import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * {@code GET /metrics}: every meter of this node in the Prometheus text format, for a Prometheus
 * scrape or {@code curl localhost:8081/metrics} (the meters are listed in docs/operations.md).
 */
final class MetricsService implements HttpService {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    MetricsService(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/metrics", this::scrape)
                .any("/metrics", Fallbacks.methodNotAllowed(Method.GET));
    }

    private void scrape(ServerRequest req, ServerResponse res) {
        res.header(HeaderValues.create("Content-Type", PROMETHEUS_TEXT));
        res.send(registry.scrape());
    }
}
