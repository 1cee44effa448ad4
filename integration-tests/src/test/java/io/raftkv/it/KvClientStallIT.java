package io.raftkv.it;

import static java.util.stream.Collectors.toMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftkv.client.KvClient;
import io.raftkv.client.KvEntry;
import io.raftkv.client.KvException;
import io.raftkv.client.OutcomeUnknownException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SDK says "outcome unknown" only when a write truly may or may not have applied. The leader
 * is frozen with SIGSTOP (its sockets stay open: connections are accepted and requests read by
 * the kernel, nothing answers) while threads write distinct keys through the SDK with a short
 * deadline, until a new leader serves them; then it runs on. Every call's fate is then checked
 * against the store: an acknowledged write is there with its value, a write that failed any other
 * way is not, and an {@link OutcomeUnknownException} may be either. At least one write must have
 * come back outcome unknown, or the stall tested nothing.
 */
class KvClientStallIT {
    private static final int WRITERS = 6;
    /** Short, so that writes caught by the stall run out of time before a new leader serves their retries. */
    private static final Duration DEADLINE = Duration.ofMillis(1500);
    /** Generous: the phases take seconds, but the machine is a shared 2-core one. */
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(40);
    private static final int WRITES_PER_PHASE = 50;

    @RegisterExtension
    final ClusterExtension clusterExtension = new ClusterExtension(3);

    /** What a call reported. */
    private enum Fate { ACKNOWLEDGED, FAILED, OUTCOME_UNKNOWN }

    private final Map<String, Fate> fates = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicInteger unknown = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean(true);

    @Test
    void writesDuringALeaderStallAreOutcomeUnknownOnlyWhenTheyMayHaveApplied() {
        LocalCluster cluster = clusterExtension.cluster();
        List<String> endpoints = cluster.nodes().stream().map(node -> node.http().toString()).toList();
        ClusterNode leader = cluster.awaitLeader();
        try (KvClient client = KvClient.builder().endpoints(endpoints).callTimeout(DEADLINE)
                .readTimeout(Duration.ofMillis(500)).connectTimeout(Duration.ofMillis(500)).build()) {
            ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
            try {
                for (int writer = 0; writer < WRITERS; writer++) {
                    int id = writer;
                    threads.submit(() -> writeUntilStopped(client, id));
                }
                awaitAcknowledgedWrites("before the stall");
                leader.pause();
                try {
                    await("a write that came back outcome unknown").atMost(PHASE_TIMEOUT).until(() -> unknown.get() > 0);
                    awaitAcknowledgedWrites("through a new leader while " + leader.id() + " is frozen");
                } finally {
                    leader.resume();
                }
                awaitAcknowledgedWrites("once " + leader.id() + " runs again");
            } finally {
                writing.set(false);
                threads.close();
            }
        }

        Map<String, String> stored = storedOnceTheClusterAgrees(cluster, endpoints);
        System.out.printf("KvClientStallIT: %d writes: %d acknowledged, %d outcome unknown (%d of them applied),"
                + " failed %s%n", fates.size(), acknowledged.get(), unknown.get(),
                keys(Fate.OUTCOME_UNKNOWN).stream().filter(stored::containsKey).count(), failures);
        assertThat(unknown.get()).as("writes that came back outcome unknown").isPositive();
        assertThat(keys(Fate.ACKNOWLEDGED)).as("acknowledged writes missing from the store")
                .allSatisfy(key -> assertThat(stored).containsEntry(key, valueOf(key)));
        assertThat(keys(Fate.FAILED)).as("writes that failed definitely (not outcome unknown) yet applied")
                .noneMatch(stored::containsKey);
        assertThat(stored).as("stored values").allSatisfy((key, value) -> {
            assertThat(fates).containsKey(key);
            assertThat(value).isEqualTo(valueOf(key));
        });
    }

    /** Writes {@code stall/<writer>-<n>} for n = 0, 1, ... until stopped, recording each call's fate. */
    private void writeUntilStopped(KvClient client, int writer) {
        for (int n = 0; writing.get(); n++) {
            String key = "stall/" + writer + "-" + n;
            try {
                client.put(key, valueOf(key));
                fates.put(key, Fate.ACKNOWLEDGED);
                acknowledged.incrementAndGet();
            } catch (OutcomeUnknownException e) {
                fates.put(key, Fate.OUTCOME_UNKNOWN);
                unknown.incrementAndGet();
            } catch (KvException e) {
                fates.put(key, Fate.FAILED);
                failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
            }
        }
    }

    private void awaitAcknowledgedWrites(String when) {
        int from = acknowledged.get();
        await(WRITES_PER_PHASE + " acknowledged writes " + when).atMost(PHASE_TIMEOUT)
                .until(() -> acknowledged.get() >= from + WRITES_PER_PHASE);
    }

    /** Every stored {@code stall/} key and its value, read once every node follows one leader again. */
    private static Map<String, String> storedOnceTheClusterAgrees(LocalCluster cluster, List<String> endpoints) {
        cluster.awaitLeader();
        try (KvClient reader = KvClient.builder().endpoints(endpoints).build()) {
            return reader.list("stall/").collect(toMap(KvEntry::key, KvEntry::valueAsString));
        }
    }

    private List<String> keys(Fate fate) {
        return fates.entrySet().stream().filter(e -> e.getValue() == fate).map(Map.Entry::getKey).toList();
    }

    private static String valueOf(String key) {
        return "value of " + key;
    }
}
