package io.raftkv.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftkv.server.lincheck.CheckResult;
import io.raftkv.server.lincheck.HistoryRecorder;
import io.raftkv.server.lincheck.KvInput;
import io.raftkv.server.lincheck.KvModel;
import io.raftkv.server.lincheck.KvOutput;
import io.raftkv.server.lincheck.LinearizabilityChecker;
import io.raftkv.server.lincheck.Operation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Concurrent clients on a few keys, with the leader killed in the middle: the history they saw,
 * checked by the same linearizability checker the simulator uses.
 */
class LinearizableHistoryIT {
    private static final int CLIENTS = 6;
    private static final List<String> KEYS = List.of("lin/a", "lin/b", "lin/c");
    private static final int ANSWERED_BEFORE_THE_KILL = 400;
    private static final int ANSWERED_AFTER_THE_KILL = 800;

    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension(3);

    @Test
    void concurrentClientsSeeALinearizableHistoryAcrossALeaderKill() throws Exception {
        LocalCluster cluster = CLUSTER.cluster();
        HistoryRecorder<KvInput, KvOutput> recorder = new HistoryRecorder<>(System::nanoTime);
        Queue<String> offContract = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        List<Future<?>> clients = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            clients.addAll(HistoryClient.startAll(threads, CLIENTS, cluster, recorder, KEYS, offContract, answered, 1000,
                    running::get));
            try {
                await().atMost(Duration.ofSeconds(30)).failFast("a client died", () -> anyDone(clients))
                        .until(() -> answered.get() >= ANSWERED_BEFORE_THE_KILL);
                cluster.kill(cluster.awaitLeader());
                int atTheKill = answered.get();
                await().atMost(Duration.ofSeconds(60)).failFast("a client died", () -> anyDone(clients))
                        .until(() -> answered.get() >= atTheKill + ANSWERED_AFTER_THE_KILL);
            } finally {
                running.set(false);
            }
        }
        for (Future<?> client : clients) {
            client.get();
        }

        assertThat(offContract).as("answers outside the API's contract").isEmpty();
        List<Operation<KvInput, KvOutput>> history = recorder.history();
        CheckResult result = LinearizabilityChecker.check(KvModel.INSTANCE, history, Duration.ofSeconds(60));
        System.out.println("LinearizableHistoryIT: " + result + "; " + history.stream().filter(Operation::unknown).count()
                + " of outcome unknown");
        assertThat(result.linearizable()).as(result.toString()).isTrue();
    }

    private static boolean anyDone(List<Future<?>> clients) {
        return clients.stream().anyMatch(Future::isDone);
    }
}
