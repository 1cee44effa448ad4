package io.raftkv.server.node;

import io.raftkv.proto.kv.CommandResult;
import io.raftkv.server.kv.AppliedCommand;
import io.raftkv.server.kv.Commands;
import io.raftkv.server.kv.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

/** The driver on real nodes: JE storage and gRPC transport on loopback, three nodes in one JVM. */
class RaftNodeTest {
    @TempDir
    Path dir;
    private NodeCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static AppliedCommand put(RaftNode node, String key, String value) {
        return node.write(Commands.put(bytes(key), bytes(value))).orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void aWriteOnTheLeaderIsAppliedOnEveryNode() {
        cluster = NodeCluster.start(dir, 3);
        RaftNode leader = cluster.awaitLeader();

        AppliedCommand result = put(leader, "k", "v1");

        assertThat(result.result().getOutcomeCase()).isEqualTo(CommandResult.OutcomeCase.CREATED);
        assertThat(result.result().getCreated().getVersion()).isEqualTo(1);
        for (RaftNode node : cluster.nodes()) {
            await().atMost(NodeCluster.PATIENCE).until(() -> node.get(bytes("k")).isPresent());
            assertThat(node.get(bytes("k")).map(KeyValue::value)).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("v1")));
        }
    }

    @Test
    void aFollowerRefusesWritesNamingTheLeader() {
        cluster = NodeCluster.start(dir, 3);
        RaftNode leader = cluster.awaitLeader();
        RaftNode follower = cluster.aFollower();

        assertThatThrownBy(() -> put(follower, "k", "v"))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(NodeException.class, e -> {
                    assertThat(e.code()).isEqualTo(NodeException.Code.NOT_LEADER);
                    assertThat(e.leader().id()).isEqualTo(leader.id());
                });
    }

    @Test
    void aReadBarrierOnAFollowerWaitsUntilItAppliedWhatTheLeaderCommitted() {
        cluster = NodeCluster.start(dir, 3);
        RaftNode leader = cluster.awaitLeader();
        RaftNode follower = cluster.aFollower();
        put(leader, "k", "v1");

        follower.readBarrier().orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(follower.get(bytes("k"))).isPresent();
    }

    @Test
    void concurrentWritesAreGroupCommittedAndEachIsAnsweredWithItsOwnResult() {
        cluster = NodeCluster.start(dir, 3);
        RaftNode leader = cluster.awaitLeader();
        List<CompletableFuture<AppliedCommand>> writes = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            writes.add(leader.write(Commands.put(bytes("key-" + (i % 50)), bytes("v" + i))));
        }

        List<AppliedCommand> results = writes.stream().map(f -> f.orTimeout(20, TimeUnit.SECONDS).join()).toList();

        assertThat(results).extracting(AppliedCommand::index).doesNotHaveDuplicates();
        assertThat(results.stream().filter(r -> r.result().hasCreated())).hasSize(50);
        assertThat(leader.get(bytes("key-0")).orElseThrow().version()).isEqualTo(10);
    }

    @Test
    void afterTheLeaderStopsTheOthersElectANewOneAndKeepEveryAcknowledgedWrite() {
        cluster = NodeCluster.start(dir, 3);
        RaftNode leader = cluster.awaitLeader();
        for (int i = 0; i < 20; i++) {
            put(leader, "k" + i, "v" + i);
        }

        cluster.stop(leader.id());
        RaftNode next = cluster.awaitLeader();
        put(next, "after", "failover");

        for (int i = 0; i < 20; i++) {
            next.readBarrier().orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(next.get(bytes("k" + i))).isPresent();
        }
        cluster.start(leader.id());
        RaftNode restarted = cluster.node(leader.id());
        await().atMost(NodeCluster.PATIENCE).until(() -> restarted.get(bytes("after")).isPresent());
    }

    @Test
    void statusShowsEveryMemberWithTheLeadersReplicationProgress() {
        cluster = NodeCluster.start(dir, 3);
        RaftNode leader = cluster.awaitLeader();
        put(leader, "k", "v");

        NodeStatus status = leader.status();

        assertThat(status.role()).isEqualTo("leader");
        assertThat(status.leader().id()).isEqualTo(leader.id());
        assertThat(status.members()).hasSize(3);
        assertThat(status.members()).allSatisfy(m -> assertThat(m.matchIndex()).isPositive());
        assertThat(status.members().stream().filter(m -> m.role().equals("leader"))).hasSize(1);
    }

    @Test
    void handOffMovesLeadershipToAnotherNode() {
        cluster = NodeCluster.start(dir, 3);
        RaftNode leader = cluster.awaitLeader();
        put(leader, "k", "v");

        leader.handOffLeadership(NodeCluster.PATIENCE);

        assertThat(leader.isLeader()).isFalse();
        assertThat(cluster.awaitLeader().id()).isNotEqualTo(leader.id());
    }

    @Test
    void aWriteThatArrivesDuringATransferIsHeldThenSentToTheNewLeaderRatherThanRefused() {
        cluster = NodeCluster.start(dir, 3);
        RaftNode leader = cluster.awaitLeader();
        put(leader, "k", "v");

        CompletableFuture<Member> moved = leader.transferLeadership(null);
        CompletableFuture<AppliedCommand> during = leader.write(Commands.put(bytes("during"), bytes("v")));

        Member next = moved.orTimeout(10, TimeUnit.SECONDS).join();
        assertThatThrownBy(() -> during.orTimeout(10, TimeUnit.SECONDS).join())
                .cause().isInstanceOfSatisfying(NodeException.class, e -> {
                    assertThat(e.code()).isEqualTo(NodeException.Code.NOT_LEADER);
                    assertThat(e.leader()).isEqualTo(next);
                });
        assertThat(cluster.awaitLeader().id()).isEqualTo(next.id());
    }

    @Test
    void aTransferThatTimesOutLeavesTheNextOneWaitingForItsOwnHandOff() {
        cluster = NodeCluster.start(dir, 3);
        RaftNode leader = cluster.awaitLeader();
        put(leader, "k", "v");
        String down = cluster.aFollower().id();
        cluster.stop(down);

        assertThatThrownBy(() -> leader.transferLeadership(down).orTimeout(10, TimeUnit.SECONDS).join())
                .cause().isInstanceOfSatisfying(NodeException.class,
                        e -> assertThat(e.code()).isEqualTo(NodeException.Code.NOT_TRANSFERRED));
        await().atMost(NodeCluster.PATIENCE).until(() -> leader.isLeader());
        String up = cluster.nodes().stream().filter(n -> n != leader).findFirst().orElseThrow().id();

        Member next = leader.transferLeadership(up).orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(next.id()).isEqualTo(up);
        assertThat(leader.isLeader()).as("the call returned only once this node stepped down").isFalse();
    }

    @Test
    void aTransferToANodeThatIsNotAVoterIsRefused() {
        cluster = NodeCluster.start(dir, 3);
        RaftNode leader = cluster.awaitLeader();

        assertThatThrownBy(() -> leader.transferLeadership("node-9").orTimeout(10, TimeUnit.SECONDS).join())
                .cause().isInstanceOfSatisfying(NodeException.class,
                        e -> assertThat(e.code()).isEqualTo(NodeException.Code.INVALID_REQUEST));
        assertThat(leader.isLeader()).isTrue();
    }

    @Test
    void handOffReturnsAtOnceWhenThereIsNoOneToHandTo() {
        cluster = NodeCluster.start(dir, 1);
        RaftNode node = cluster.awaitLeader();

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> node.handOffLeadership(Duration.ofMinutes(1)));
        assertThat(node.isLeader()).isTrue();
    }

    @Test
    void aStoppedNodeFailsRequestsWithStopped() {
        cluster = NodeCluster.start(dir, 1);
        RaftNode node = cluster.awaitLeader();
        cluster.stop(node.id());

        assertThatThrownBy(() -> node.write(Commands.put(bytes("k"), bytes("v"))).join())
                .cause().isInstanceOfSatisfying(NodeException.class,
                        e -> assertThat(e.code()).isEqualTo(NodeException.Code.STOPPED));
    }
}
