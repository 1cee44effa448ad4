package io.raftkv.server.transport;

import io.raftkv.server.raft.message.HeartbeatRequest;
import io.raftkv.server.raft.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Peers that are down, come back, move or turn out to be someone else. Each wait keeps sending
 * heartbeats, the way a leader would, until one gets through.
 */
class PeerReconnectTest {
    private final List<AutoCloseable> open = new ArrayList<>();
    private final AtomicLong commit = new AtomicLong();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    /** Sends numbered heartbeats until {@code to} has received one; returns it. */
    private Message heartbeatUntilReceived(LoopbackNode from, LoopbackNode to) {
        List<Message> received = new ArrayList<>();
        await().atMost(LoopbackNode.PATIENCE).until(() -> {
            from.send(new HeartbeatRequest(from.id, to.id, 1, commit.incrementAndGet(), 0));
            to.inbox.drainTo(received);
            return !received.isEmpty();
        });
        return received.getFirst();
    }

    /** A port nothing listens on: bound by a server that is stopped again at once. */
    private static int deadPort() {
        LoopbackNode probe = LoopbackNode.serve("nobody");
        int port = probe.port();
        probe.close();
        return port;
    }

    @Test
    void aPeerThatIsDownIsReportedUnreachableAndReachedOnceItStarts() {
        int port = deadPort();
        LoopbackNode n1 = track(LoopbackNode.serve("n1")).connect(Map.of("n2", LoopbackNode.uri(port)));

        await().atMost(LoopbackNode.PATIENCE).until(() -> {
            n1.send(new HeartbeatRequest("n1", "n2", 1, 0, 0));
            return n1.unreachable.getOrDefault("n2", 0) > 0;
        });
        assertThat(n1.transport().dropped("n2")).isPositive();

        LoopbackNode n2 = track(LoopbackNode.serve("n2", port));
        assertThat(heartbeatUntilReceived(n1, n2).from()).isEqualTo("n1");
    }

    @Test
    void aStreamToARestartedPeerReopensBeforeAnyMessageIsSent() {
        LoopbackNode n2 = LoopbackNode.serve("n2");
        int port = n2.port();
        LoopbackNode n1 = track(LoopbackNode.serve("n1")).connect(Map.of("n2", n2.uri()));
        await().atMost(LoopbackNode.PATIENCE).until(() -> n1.transport().connected("n2"));

        n2.close();
        await().atMost(LoopbackNode.PATIENCE).until(() -> !n1.transport().connected("n2"));
        LoopbackNode restarted = track(LoopbackNode.serve("n2", port));
        long droppedWhileDown = n1.transport().dropped("n2");

        await().atMost(LoopbackNode.PATIENCE).until(() -> n1.transport().connected("n2"));
        n1.send(new HeartbeatRequest("n1", "n2", 1, 7, 0));
        assertThat(restarted.receive(1)).singleElement().satisfies(m -> assertThat(m.from()).isEqualTo("n1"));
        assertThat(n1.transport().dropped("n2")).isEqualTo(droppedWhileDown);
    }

    /**
     * A follower's stream to another follower carries nothing until one of them campaigns; had its
     * break gone unnoticed until then, the vote request would be lost on it.
     */
    @Test
    void anIdleStreamToAPeerThatStoppedIsSeenBrokenWithoutAMessageSent() {
        LoopbackNode n2 = LoopbackNode.serve("n2");
        LoopbackNode n1 = track(LoopbackNode.serve("n1")).connect(Map.of("n2", n2.uri()));
        await().atMost(LoopbackNode.PATIENCE).until(() -> n1.transport().connected("n2"));

        n2.close();

        await().atMost(LoopbackNode.PATIENCE).until(() -> !n1.transport().connected("n2"));
        assertThat(n1.transport().dropped("n2")).isZero();
    }

    @Test
    void aPeerThatRestartsIsReachedAgain() {
        LoopbackNode n2 = LoopbackNode.serve("n2");
        int port = n2.port();
        LoopbackNode n1 = track(LoopbackNode.serve("n1")).connect(Map.of("n2", n2.uri()));
        heartbeatUntilReceived(n1, n2);

        n2.close(); // the open Send stream breaks under the sender
        LoopbackNode restarted = track(LoopbackNode.serve("n2", port));
        heartbeatUntilReceived(n1, restarted);
    }

    @Test
    void aPeerThatMovesIsFollowedToItsNewAddress() {
        LoopbackNode n2 = track(LoopbackNode.serve("n2"));
        LoopbackNode n1 = track(LoopbackNode.serve("n1")).connect(Map.of("n2", LoopbackNode.uri(deadPort())));
        n1.transport().updatePeers(Map.of("n2", n2.uri()));
        heartbeatUntilReceived(n1, n2);
    }

    @Test
    void anAddressWhereAnotherNodeAnswersIsUnreachable() {
        LoopbackNode n2 = track(LoopbackNode.serve("n2"));
        // n1 believes n3 lives at n2's address (a stale address after a replacement).
        LoopbackNode n1 = track(LoopbackNode.serve("n1")).connect(Map.of("n3", n2.uri(), "n2", n2.uri()));
        await().atMost(LoopbackNode.PATIENCE).until(() -> {
            n1.send(new HeartbeatRequest("n1", "n3", 1, 0, 0));
            return n1.unreachable.getOrDefault("n3", 0) > 0;
        });
        // n2 itself is reachable at that address, and nothing meant for n3 was handed to it.
        assertThat(heartbeatUntilReceived(n1, n2).to()).isEqualTo("n2");
        assertThat(n2.inbox).allSatisfy(m -> assertThat(m.to()).isEqualTo("n2"));
    }

    @Test
    void closingAPeerClientEndsItsThreadAndLaterMessagesAreDropped() {
        LoopbackNode n2 = track(LoopbackNode.serve("n2"));
        List<String> unreachable = new java.util.concurrent.CopyOnWriteArrayList<>();
        PeerClient peer = new PeerClient("n1", "n2", n2.uri(), LoopbackNode.SETTINGS, new java.util.Random(1),
                unreachable::add);
        assertThat(peer.offer(new HeartbeatRequest("n1", "n2", 1, 7, 0))).isTrue();
        assertThat(n2.receive(1)).hasSize(1);

        peer.close();
        assertThat(peer.isSending()).isFalse();
        assertThat(peer.offer(new HeartbeatRequest("n1", "n2", 1, 8, 0))).isFalse();
        assertThat(peer.dropped()).isEqualTo(1);
        assertThat(unreachable).as("a closed client is not a sign of a dead peer").isEmpty();
    }

    @Test
    void messagesForUnknownPeersAreCountedNotThrown() {
        LoopbackNode n1 = track(LoopbackNode.serve("n1")).connect(Map.of());
        n1.send(new HeartbeatRequest("n1", "n7", 1, 0, 0), new HeartbeatRequest("n1", "n1", 1, 0, 0));
        assertThat(n1.transport().droppedForUnknownPeers()).isEqualTo(2);
        assertThat(n1.unreachable).containsOnlyKeys("n7");
    }
}
