package io.raftkv.server.transport;

import io.grpc.Status;
import io.raftkv.proto.raft.HeartbeatRequest;
import io.raftkv.proto.raft.Keepalive;
import io.raftkv.proto.raft.RaftGrpc;
import io.raftkv.proto.raft.RaftMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever reaches the Raft port, the node answers with an error (or a closed connection) and
 * keeps serving: after each kind of garbage a well-behaved peer still gets its messages through.
 */
class RaftPortGarbageTest {
    private LoopbackNode n1;
    private LoopbackNode n2;
    private long commit;

    @BeforeEach
    void start() {
        n2 = LoopbackNode.serve("n2");
        n1 = LoopbackNode.serve("n1").connect(Map.of("n2", n2.uri()));
    }

    @AfterEach
    void stop() {
        n1.close();
        n2.close();
    }

    private void assertStillServing() {
        assertThat(n2.server().isRunning()).isTrue();
        commit++;
        n1.send(new io.raftkv.server.raft.message.HeartbeatRequest("n1", "n2", 1, commit, 0));
        assertThat(n2.receive(1)).singleElement()
                .satisfies(m -> assertThat(((io.raftkv.server.raft.message.HeartbeatRequest) m).commit()).isEqualTo(commit));
    }

    /** Everything the server sends back until it closes the connection (or the timeout passes). */
    private byte[] writeAndReadToEnd(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", n2.port())) {
            socket.setSoTimeout((int) LoopbackNode.PATIENCE.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            return in.readAllBytes();
        }
    }

    @Test
    void randomBytesOnTheRaftPort() throws IOException {
        assertStillServing();
        Random random = new Random(3);
        for (int i = 0; i < 5; i++) {
            byte[] garbage = new byte[1 + random.nextInt(64 * 1024)];
            random.nextBytes(garbage);
            writeAndReadToEnd(garbage); // the server answers with an error or just hangs up; both will do
            assertStillServing();
        }
    }

    @Test
    void anHttp1RequestGetsAnErrorStatus() throws IOException {
        byte[] response = writeAndReadToEnd(
                "GET / HTTP/1.1\r\nHost: raft\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String statusLine = new String(response, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
        assertThat(statusLine).startsWith("HTTP/1.1 4");
        assertStillServing();
    }

    @Test
    void keepalivesAreDroppedAndTheStreamGoesOn() {
        RaftMessage keepalive = RaftMessage.newBuilder().setKeepalive(Keepalive.getDefaultInstance()).build();
        RaftMessage heartbeat = RaftMessage.newBuilder().setHeartbeatRequest(
                HeartbeatRequest.newBuilder().setFrom("x").setTo("n2").setTerm(1)).build();

        Status status = RawRaftCalls.call(n2.uri(), RaftGrpc.getSendMethod(), List.of(keepalive, heartbeat, keepalive));

        assertThat(status.getCode()).isEqualTo(Status.Code.OK);
        assertThat(n2.receive(1)).singleElement().satisfies(m -> assertThat(m.from()).isEqualTo("x"));
        assertThat(n2.inbox).isEmpty();
    }

    @Test
    void malformedRaftMessagesEndTheCallWithInvalidArgument() {
        RaftMessage wellFormed = RaftMessage.newBuilder().setHeartbeatRequest(
                HeartbeatRequest.newBuilder().setFrom("x").setTo("n2").setTerm(1)).build();
        List<List<RaftMessage>> bad = List.of(
                List.of(RaftMessage.getDefaultInstance()),                                      // nothing set
                List.of(RaftMessage.newBuilder().setHeartbeatRequest(
                        HeartbeatRequest.newBuilder().setFrom("x").setTo("n2").setTerm(-1)).build()), // negative term
                List.of(RaftMessage.newBuilder().setHeartbeatRequest(
                        HeartbeatRequest.newBuilder().setFrom("x").setTo("n9").setTerm(1)).build())); // someone else's
        for (List<RaftMessage> messages : bad) {
            Status status = RawRaftCalls.call(n2.uri(), RaftGrpc.getSendMethod(), messages);
            assertThat(status.getCode()).as(messages.toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        }
        // A message before the bad one is delivered; none after it is.
        Status status = RawRaftCalls.call(n2.uri(), RaftGrpc.getSendMethod(),
                List.of(wellFormed, RaftMessage.getDefaultInstance(), wellFormed));
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(n2.receive(1)).singleElement().satisfies(m -> assertThat(m.from()).isEqualTo("x"));
        assertStillServing();
        assertThat(n2.inbox).isEmpty();
    }
}
