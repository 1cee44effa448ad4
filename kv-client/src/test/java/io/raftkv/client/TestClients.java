package io.raftkv.client;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;

/** Shared helpers: fast clients, canned answers and a recording listener. */
final class TestClients {
    private TestClients() {
    }

    static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(20), 2.0, 0.0);

    static KvClient.Builder fast(String... endpoints) {
        return KvClient.builder().endpoints(endpoints).retryPolicy(FAST).callTimeout(Duration.ofSeconds(3))
                .readTimeout(Duration.ofSeconds(2)).connectTimeout(Duration.ofMillis(500));
    }

    static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse error(int status, String code) {
        return json(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"it went wrong\"}}");
    }

    static MockResponse putAnswer(int status, long revision) {
        return json(status, "{\"key\":\"k\",\"createRevision\":" + revision + ",\"modRevision\":" + revision
                + ",\"version\":1}");
    }

    /** A base URL on which nothing listens: connecting is refused. */
    static String refusingEndpoint() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    /** Records listener events as strings, in order. */
    static final class RecordingListener implements KvClientListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Duration> delays = new CopyOnWriteArrayList<>();
        final java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public void requestStart(String endpoint, KvOperation operation) {
            threads.add(Thread.currentThread());
            events.add("start " + operation);
        }

        @Override
        public void requestEnd(String endpoint, KvOperation operation, int status, Duration duration) {
            threads.add(Thread.currentThread());
            events.add("end " + operation + " " + status);
        }

        @Override
        public void retry(KvOperation operation, int attempt, Throwable cause, Duration delay) {
            delays.add(delay);
            events.add("retry " + operation + " " + attempt);
        }

        @Override
        public void failover(String from, String to) {
            events.add("failover " + from + " -> " + to);
        }

        @Override
        public void leaderChanged(String previous, String current) {
            events.add("leader " + previous + " -> " + current);
        }
    }
}
