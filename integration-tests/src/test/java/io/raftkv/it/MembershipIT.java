package io.raftkv.it;

import static io.raftkv.it.KvHttp.text;
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
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live membership changes on real processes under load: two nodes join with {@code --join}, are
 * promoted, and then two founders are removed, the leader first. Background writers check that no
 * acknowledged write is lost; history clients' operations go through the linearizability checker.
 */
class MembershipIT {
    private static final List<String> KEYS = List.of("lin/a", "lin/b", "lin/c");
    private static final int HISTORY_CLIENTS = 4;

    @RegisterExtension
    final ClusterExtension cluster = new ClusterExtension(3);

    @Test
    void growingToFiveAndShrinkingBackToThreeUnderLoadLosesNothingAndStaysLinearizable(TestReporter report)
            throws Exception {
        LocalCluster local = cluster.cluster();
        Members members = new Members(local);
        local.awaitConnected();
        HistoryRecorder<KvInput, KvOutput> recorder = new HistoryRecorder<>(System::nanoTime);
        Queue<String> offContract = new ConcurrentLinkedQueue<>();
        AtomicInteger answered = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Future<?>> clients = new ArrayList<>();
        Map<String, String> acknowledged;
        List<ClusterNode> remaining;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
             BackgroundWriters writers = BackgroundWriters.start(local, 2)) {
            acknowledged = writers.acknowledged();
            clients.addAll(HistoryClient.startAll(threads, HISTORY_CLIENTS, local, recorder, KEYS, offContract, answered, 2000,
                    running::get));
            try {
                for (int grown = 4; grown <= 5; grown++) {
                    ClusterNode joined = local.join(local.node(grown - 2));
                    members.awaitCaughtUpLearner(joined);
                    members.promote(local.node(1), joined);
                    awaitProgress(answered, clients);
                }
                ClusterNode leader = local.awaitLeader();
                assertThat(members.roles(leader)).hasSize(5).doesNotContainValue("learner");

                members.remove(leader, leader);
                local.terminate(leader);
                awaitProgress(answered, clients);
                ClusterNode founder = local.running().stream()
                        .filter(n -> List.of("node-1", "node-2", "node-3").contains(n.id())).findFirst().orElseThrow();
                members.remove(local.node(4), founder);
                local.terminate(founder);
                awaitProgress(answered, clients);

                remaining = local.running();
                assertThat(remaining).hasSize(3);
                assertThat(members.roles(local.awaitLeader()).keySet())
                        .containsExactlyInAnyOrderElementsOf(remaining.stream().map(ClusterNode::id).toList());
            } finally {
                running.set(false);
            }
            report.publishEntry("acknowledged writes / history operations answered",
                    acknowledged.size() + " / " + answered.get());
        }
        for (Future<?> client : clients) {
            client.get();
        }

        for (Map.Entry<String, String> write : acknowledged.entrySet()) {
            ClusterNode node = remaining.get(Math.floorMod(write.getKey().hashCode(), remaining.size()));
            assertThat(text(local.http().get(node, write.getKey()))).as(write.getKey()).isEqualTo(write.getValue());
        }
        await("the remaining nodes holding the same rows").atMost(Members.PATIENCE).until(() -> {
            List<List<String>> replicas = new ArrayList<>();
            for (ClusterNode node : remaining) {
                replicas.add(StoredRows.onNode(local.http(), node));
            }
            return replicas.stream().distinct().count() == 1;
        });
        assertThat(offContract).as("answers outside the API's contract").isEmpty();
        List<Operation<KvInput, KvOutput>> history = recorder.history();
        CheckResult result = LinearizabilityChecker.check(KvModel.INSTANCE, history, Duration.ofSeconds(60));
        System.out.println("MembershipIT: " + result);
        assertThat(result.linearizable()).as(result.toString()).isTrue();
    }

    /** Waits until the history clients have had another 100 answers: the cluster serves after the change. */
    private static void awaitProgress(AtomicInteger answered, List<Future<?>> clients) {
        int before = answered.get();
        await("the cluster answering again").atMost(Members.PATIENCE)
                .failFast("a client died", () -> clients.stream().anyMatch(Future::isDone))
                .until(() -> answered.get() >= before + 100);
    }
}
