package io.raftkv.it.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What clients measured: latencies of successful requests (microseconds) and failures by status
 * or exception. One per client while it runs (no sharing, no locks), then {@link #add added up}.
 */
final class ClientStats {
    /** Beyond any request timeout the transports use. */
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(1);

    final Histogram latency = new Histogram(HIGHEST_MICROS, 3);
    final Map<String, Long> errors = new TreeMap<>();

    void ok(long nanos) {
        latency.recordValue(Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(nanos)));
    }

    /** {@code what}: the HTTP status, or the exception's simple class name. */
    void failed(String what) {
        errors.merge(what, 1L, Long::sum);
    }

    long ok() {
        return latency.getTotalCount();
    }

    long failed() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    ClientStats add(ClientStats other) {
        latency.add(other.latency);
        other.errors.forEach((what, count) -> errors.merge(what, count, Long::sum));
        return this;
    }

    /** e.g. {@code p50 1.21  p90 2.50  p99 8.02  p99.9 15.3  max 40.1} (milliseconds). */
    String percentiles() {
        return "p50 " + millis(latency.getValueAtPercentile(50)) + "  p90 " + millis(latency.getValueAtPercentile(90))
                + "  p99 " + millis(latency.getValueAtPercentile(99)) + "  p99.9 " + millis(latency.getValueAtPercentile(99.9))
                + "  max " + millis(latency.getMaxValue());
    }

    static String millis(long micros) {
        return String.format("%.2f", micros / 1000.0);
    }
}
