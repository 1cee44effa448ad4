package io.raftkv.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftkv.client.KvClient;
import io.raftkv.client.KvEntry;
import io.raftkv.client.PreconditionFailedException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SDK makes a cluster whose leader is killed and restarted twice feel like one reliable map:
 * mixed operations from 16 threads all succeed, and a counter incremented by compare-and-set ends at
 * exactly the number of increments that succeeded.
 */
class KvClientFailoverIT {
    private static final int THREADS = 16;
    private static final int OPERATIONS = 10_000;

    @RegisterExtension
    final ClusterExtension clusterExtension = new ClusterExtension(3);

    @Test
    void tenThousandMixedOperationsFrom16ThreadsSucceedThroughTwoLeaderKills() throws Exception {
        LocalCluster cluster = clusterExtension.cluster();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger increments = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        try (KvClient client = KvClient.builder()
                .endpoints(cluster.nodes().stream().map(node -> node.http().toString()).toList())
                .build();
             ExecutorService threads = Executors.newFixedThreadPool(THREADS)) {
            client.put("counter", "0");
            List<Future<?>> workers = new java.util.ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                workers.add(threads.submit(() -> work(client, thread, done, increments, failures)));
            }
            for (int kill = 1; kill <= 2; kill++) {
                int after = kill * OPERATIONS / 3;
                await("operations before kill " + kill).atMost(Duration.ofMinutes(3)).until(() -> done.get() >= after);
                ClusterNode leader = cluster.awaitLeader();
                cluster.kill(leader);
                await("operations while it is down").atMost(Duration.ofMinutes(1))
                        .until(() -> done.get() >= after + 200);
                cluster.restart(leader);
            }
            for (Future<?> worker : workers) {
                worker.get();
            }

            assertThat(failures).as("failed calls").isEmpty();
            assertThat(client.get("counter").map(KvEntry::valueAsString)).hasValue(Integer.toString(increments.get()));
            assertThat(done.get()).isEqualTo(OPERATIONS);
        }
    }

    /** A quarter each: put, get, delete, compare-and-set increment of the shared counter. */
    private static void work(KvClient client, int thread, AtomicInteger done, AtomicInteger increments,
                             ConcurrentLinkedQueue<Throwable> failures) {
        for (int i = 0; i < OPERATIONS / THREADS; i++) {
            String key = "mixed/" + thread + "/" + (i / 4);
            try {
                switch (i % 4) {
                    case 0 -> client.put(key, "value " + i);
                    case 1 -> assertThat(client.get(key)).isPresent();
                    case 2 -> client.delete(key);
                    default -> {
                        increment(client);
                        increments.incrementAndGet();
                    }
                }
            } catch (RuntimeException | AssertionError e) {
                failures.add(e);
            }
            done.incrementAndGet();
        }
    }

    private static void increment(KvClient client) {
        while (true) {
            Optional<KvEntry> counter = client.get("counter");
            KvEntry current = counter.orElseThrow();
            try {
                client.compareAndSet("counter", current.modRevision(),
                        Integer.toString(Integer.parseInt(current.valueAsString()) + 1));
                return;
            } catch (PreconditionFailedException raced) {
                // another thread incremented first: read again
            }
        }
    }
}
