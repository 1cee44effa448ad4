package io.raftkv.it;

import static io.raftkv.it.KvHttp.request;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writers that PUT unique keys through every node of a cluster in turn, from virtual threads, until
 * closed, recording each write that was acknowledged: what a test may then demand is never lost.
 * Writes that fail (a node down, too slow) are not recorded, so not checked.
 */
final class BackgroundWriters implements AutoCloseable {
    private final LocalCluster cluster;
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> refusals = new ConcurrentHashMap<>();
    private final AtomicBoolean writing = new AtomicBoolean(true);
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    private BackgroundWriters(LocalCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts {@code count} writers on {@code cluster}. */
    static BackgroundWriters start(LocalCluster cluster, int count) {
        BackgroundWriters writers = new BackgroundWriters(cluster);
        for (int writer = 0; writer < count; writer++) {
            int id = writer;
            writers.threads.submit(() -> {
                writers.writeUntilClosed(id);
                return null;
            });
        }
        return writers;
    }

    /** The acknowledged writes so far, key to value; live. */
    Map<String, String> acknowledged() {
        return acknowledged;
    }

    /** How many writes were answered with {@code status} (a 503, say) so far. */
    long answered(int status) {
        LongAdder count = refusals.get(status);
        return count == null ? 0 : count.sum();
    }

    private void writeUntilClosed(int writer) throws InterruptedException {
        KvHttp http = cluster.http();
        for (int n = 0; writing.get(); n++) {
            ClusterNode node = cluster.nodes().get(n % cluster.nodes().size());
            String key = "acked/" + writer + "-" + n;
            String value = "value of " + key;
            try {
                HttpRequest.Builder put = request(node, KvHttp.kvPath(key)).timeout(Duration.ofSeconds(2))
                        .PUT(HttpRequest.BodyPublishers.ofString(value));
                int status = http.send(put).statusCode();
                if (status / 100 == 2) {
                    acknowledged.put(key, value);
                } else {
                    refusals.computeIfAbsent(status, s -> new LongAdder()).increment();
                }
            } catch (IOException downOrTooSlow) {
                // Not acknowledged, so not checked.
            }
        }
    }

    /** Stops the writers and waits until each has finished its last write. */
    @Override
    public void close() {
        writing.set(false);
        threads.close();
    }
}
