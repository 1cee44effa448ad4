package io.raftkv.server.transport;

import io.raftkv.server.raft.message.AppendRequest;
import io.raftkv.server.raft.message.AppendResponse;
import io.raftkv.server.raft.message.ConfState;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.HeartbeatRequest;
import io.raftkv.server.raft.message.HeartbeatResponse;
import io.raftkv.server.raft.message.InstallSnapshot;
import io.raftkv.server.raft.message.Message;
import io.raftkv.server.raft.message.ReadIndexRequest;
import io.raftkv.server.raft.message.ReadIndexResponse;
import io.raftkv.server.raft.message.Snapshot;
import io.raftkv.server.raft.message.SnapshotMeta;
import io.raftkv.server.raft.message.TimeoutNow;
import io.raftkv.server.raft.message.VoteRequest;
import io.raftkv.server.raft.message.VoteResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Two and three real nodes on loopback exchanging the core's messages through gRPC. */
class RaftTransportLoopbackTest {
    private final List<LoopbackNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(LoopbackNode::close);
    }

    private LoopbackNode[] cluster(String... ids) {
        LoopbackNode[] started = new LoopbackNode[ids.length];
        for (int i = 0; i < ids.length; i++) {
            started[i] = LoopbackNode.serve(ids[i]);
            nodes.add(started[i]);
        }
        for (LoopbackNode node : started) {
            java.util.Map<String, java.net.URI> peers = new java.util.HashMap<>();
            for (LoopbackNode other : started) {
                peers.put(other.id, other.uri());
            }
            node.connect(peers);
        }
        return started;
    }

    static List<Message> everyType(String from, String to) {
        ConfState conf = new ConfState(Set.of("n1", "n2", "n3"), Set.of());
        return List.of(
                new VoteRequest(from, to, 7, 100, 6, true, false),
                new VoteResponse(from, to, 7, false, true),
                new AppendRequest(from, to, 7, 10, 6, List.of(
                        Entry.normal(11, 6, "a".getBytes(StandardCharsets.UTF_8)), Entry.normal(12, 7, new byte[0])), 11),
                new AppendResponse(from, to, 7, false, 10, 8, 5),
                new HeartbeatRequest(from, to, 7, 12, 42),
                new HeartbeatResponse(from, to, 7, 42),
                new InstallSnapshot(from, to, 7, new Snapshot(new SnapshotMeta(50, 6, conf), "state".getBytes(StandardCharsets.UTF_8))),
                new TimeoutNow(from, to, 7),
                new ReadIndexRequest(from, to, 7, 99),
                new ReadIndexResponse(from, to, 7, 99, -1));
    }

    @Test
    void everyMessageTypeTravelsBothWays() {
        LoopbackNode[] n = cluster("n1", "n2");
        n[0].transport().send(everyType("n1", "n2"));
        n[1].transport().send(everyType("n2", "n1"));

        assertThat(n[1].receive(10).stream().map(LoopbackNode::withSnapshotBytes).toList())
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactlyInAnyOrderElementsOf(everyType("n1", "n2"));
        assertThat(n[0].receive(10).stream().map(LoopbackNode::withSnapshotBytes).toList())
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactlyInAnyOrderElementsOf(everyType("n2", "n1"));
        assertThat(n[0].unreachable).isEmpty();
        assertThat(n[1].unreachable).isEmpty();
    }

    @Test
    void threeNodesRouteByRecipient() {
        LoopbackNode[] n = cluster("n1", "n2", "n3");
        for (LoopbackNode from : n) {
            for (LoopbackNode to : n) {
                if (from != to) {
                    from.send(new HeartbeatRequest(from.id, to.id, 3, 1, 0));
                }
            }
        }
        for (LoopbackNode node : n) {
            assertThat(node.receive(2)).allSatisfy(m -> assertThat(m.to()).isEqualTo(node.id))
                    .extracting(Message::from).containsExactlyInAnyOrder(
                            java.util.Arrays.stream(n).map(x -> x.id).filter(id -> !id.equals(node.id)).toArray(String[]::new));
        }
    }

    @Test
    void orderPerPeerIsPreservedForPipelinedMessages() {
        LoopbackNode[] n = cluster("n1", "n2");
        List<Message> appends = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            appends.add(new AppendRequest("n1", "n2", 2, i, 2,
                    List.of(Entry.normal(i + 1, 2, new byte[100])), i));
        }
        n[0].transport().send(appends);
        assertThat(n[1].receive(1000)).extracting(m -> ((AppendRequest) m).prevLogIndex())
                .containsExactlyElementsOf(appends.stream().map(m -> ((AppendRequest) m).prevLogIndex()).toList());
        assertThat(n[0].transport().dropped("n2")).isZero();
    }
}
