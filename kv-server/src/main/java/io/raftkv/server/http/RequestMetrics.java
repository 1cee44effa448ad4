package io.raftkv.server.http;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * Times every request into {@code raftkv.http.requests}, tagged with the method, the status and a
 * coarse route (never the key: one series per key would grow without bound).
 */
final class RequestMetrics implements Filter {
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5)};

    private final Meter.MeterProvider<Timer> requests;

    RequestMetrics(MeterRegistry registry) {
        this.requests = Timer.builder("raftkv.http.requests")
                .description("REST API requests served by this node, forwarded ones included")
                .serviceLevelObjectives(BUCKETS)
                .withRegistry(registry);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        try {
            chain.proceed();
        } finally {
            requests.withTags("method", req.prologue().method().text(), "route", route(req.path().path()),
                            "status", Integer.toString(res.status().code()))
                    .record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** The route a path belongs to, as docs/api.md groups them. */
    static String route(String path) {
        if (path.equals("/api/v1/kv") || path.equals("/api/v1/kv/")) {
            return "kv-list";
        }
        if (path.startsWith("/api/v1/kv/")) {
            return "kv";
        }
        if (path.startsWith("/api/v1/cluster/")) {
            return "cluster";
        }
        if (path.equals("/health") || path.startsWith("/health/")) {
            return "health";
        }
        return path.equals("/metrics") ? "metrics" : "other";
    }
}
