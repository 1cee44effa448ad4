package io.raftkv.server.transport;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.raftkv.proto.raft.RaftGrpc;
import io.raftkv.proto.raft.SnapshotChunk;
import io.raftkv.server.raft.message.ConfState;
import io.raftkv.server.raft.message.HeartbeatRequest;
import io.raftkv.server.raft.message.InstallSnapshot;
import io.raftkv.server.raft.message.Snapshot;
import io.raftkv.server.raft.message.SnapshotMeta;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** InstallSnapshot: chunked transfer, and the receiver's checks of order, size and checksum. */
class SnapshotTransferTest {
    private static final SnapshotMeta META = new SnapshotMeta(500, 4, ConfState.ofVoters("n1", "n2"));

    private LoopbackNode n1;
    private LoopbackNode n2;

    @BeforeEach
    void start() {
        n1 = LoopbackNode.serve("n1");
        n2 = LoopbackNode.serve("n2");
        n1.connect(Map.of("n2", n2.uri()));
    }

    @AfterEach
    void stop() {
        n1.close();
        n2.close();
    }

    @Test
    void aSnapshotOfSeveralMebibytesArrivesIntact() {
        byte[] data = new byte[5 * 1024 * 1024 + 123]; // not a whole number of chunks
        new Random(7).nextBytes(data);
        n1.send(new InstallSnapshot("n1", "n2", 4, new Snapshot(META, data.clone())));

        InstallSnapshot received = (InstallSnapshot) n2.receive(1).getFirst();
        assertThat(received.from()).isEqualTo("n1");
        assertThat(received.term()).isEqualTo(4);
        assertThat(received.snapshot().meta()).isEqualTo(META);
        assertThat(LoopbackNode.bytesOf(received.snapshot())).isEqualTo(data);
        assertThat(n1.unreachable).isEmpty();
    }

    private static SnapshotChunk header(long totalSize, int crc) {
        return SnapshotChunk.newBuilder().setHeader(SnapshotChunk.Header.newBuilder()
                .setFrom("n1").setTo("n2").setTerm(4).setMeta(RaftStateCodec.toProto(META))
                .setTotalSize(totalSize).setCrc32C(crc)).build();
    }

    private static SnapshotChunk data(long offset, byte[] content) {
        return SnapshotChunk.newBuilder().setData(SnapshotChunk.Data.newBuilder()
                .setOffset(offset).setContent(ByteString.copyFrom(content))).build();
    }

    private static int crc(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return (int) crc.getValue();
    }

    private Status install(List<SnapshotChunk> chunks) {
        return RawRaftCalls.call(n2.uri(), RaftGrpc.getInstallSnapshotMethod(), chunks);
    }

    @Test
    void wellFormedChunksByHandAreAccepted() {
        byte[] a = {1, 2, 3};
        byte[] b = {4, 5};
        assertThat(install(List.of(header(5, crc(new byte[]{1, 2, 3, 4, 5})), data(0, a), data(3, b))).isOk()).isTrue();
        assertThat(LoopbackNode.bytesOf(((InstallSnapshot) n2.receive(1).getFirst()).snapshot())).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void badSnapshotsAreRefusedAndNeverReachTheInbox() {
        byte[] a = {1, 2, 3};
        byte[] b = {4, 5};
        int good = crc(new byte[]{1, 2, 3, 4, 5});
        List<List<SnapshotChunk>> bad = List.of(
                List.of(header(5, good ^ 1), data(0, a), data(3, b)),            // corrupted checksum
                List.of(header(5, good), data(3, b), data(0, a)),                // out of order
                List.of(header(5, good), data(0, a)),                            // too short
                List.of(header(4, good), data(0, a), data(3, b)),                // past the declared size
                List.of(data(0, a), header(5, good)),                            // data before the header
                List.of(header(5, good), header(5, good)),                       // two headers
                List.of(SnapshotChunk.getDefaultInstance()),                     // nothing set
                List.of(header(-1, good)));                                      // negative size
        for (List<SnapshotChunk> chunks : bad) {
            assertThat(install(chunks).getCode()).as(chunks.toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        }
        // The node still serves: a good snapshot after all that is the only thing delivered.
        assertThat(install(List.of(header(5, good), data(0, a), data(3, b))).isOk()).isTrue();
        assertThat(n2.receive(1)).hasSize(1);
        assertThat(n2.inbox).isEmpty();
    }

    @Test
    void aSnapshotToAPeerThatNeverAnswersHitsItsDeadline() throws IOException {
        // Accepts the TCP connection and then says nothing, the way a hung node would.
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            LoopbackNode sender = LoopbackNode.serve("n3").connect(Map.of("n2", LoopbackNode.uri(silent.getLocalPort())),
                    LoopbackNode.SETTINGS.withSnapshotDeadline(Duration.ofMillis(300)));
            try {
                sender.send(new InstallSnapshot("n3", "n2", 4, new Snapshot(META, new byte[3 << 20])));
                await().atMost(LoopbackNode.PATIENCE).until(() -> sender.unreachable.containsKey("n2"));
                // The in-flight slot is free again: the next snapshot is accepted for sending.
                await().atMost(LoopbackNode.PATIENCE).until(() -> {
                    long before = sender.transport().dropped("n2");
                    sender.send(new InstallSnapshot("n3", "n2", 5, new Snapshot(META, new byte[1])));
                    return sender.transport().dropped("n2") == before;
                });
            } finally {
                sender.close();
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void heartbeatsAreNotHeldUpBehindASnapshot() {
        n1.send(new InstallSnapshot("n1", "n2", 4, new Snapshot(META, new byte[8 << 20])),
                new HeartbeatRequest("n1", "n2", 4, 0, 0));
        assertThat(n2.receive(2)).extracting(m -> m.getClass().getSimpleName())
                .containsExactlyInAnyOrder("InstallSnapshot", "HeartbeatRequest");
    }
}
