package io.raftkv.server.kv;

import io.raftkv.proto.kv.Command;
import org.junit.jupiter.api.Test;

import static io.raftkv.server.kv.KvFixture.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandsTest {
    @Test
    void buildsAndRoundTripsEveryCommand() throws MalformedCommandException {
        Command cas = Commands.proposedAt(Commands.withRequestId(Commands.putIf(b("k"), b("v"), 7), "id"), 123);
        Command decoded = Commands.decode(Commands.encode(cas));
        assertThat(decoded).isEqualTo(cas);
        assertThat(decoded.getPut().getPrevRevision()).isEqualTo(7);
        assertThat(decoded.getRequestId()).isEqualTo("id");
        assertThat(decoded.getProposedAtMillis()).isEqualTo(123);

        assertThat(Commands.put(b("k"), b("v")).getPut().hasPrevRevision()).isFalse();
        assertThat(Commands.create(b("k"), b("v")).getPut().hasPrevRevision()).isTrue();
        assertThat(Commands.delete(b("k")).getDelete().hasPrevRevision()).isFalse();
        assertThat(Commands.deleteIf(b("k"), 0).getDelete().getPrevRevision()).isZero();
        assertThat(Commands.delete(b("k")).hasRequestId()).isFalse();
    }

    @Test
    void decodeRefusesMalformedCommands() {
        assertThatThrownBy(() -> Commands.decode(new byte[] {(byte) 0xFF})).isInstanceOf(MalformedCommandException.class);
        assertThatThrownBy(() -> Commands.decode(new byte[0])).hasMessageContaining("no operation");
        assertThatThrownBy(() -> Commands.decode(Commands.encode(Commands.put(new byte[0], b("v")))))
                .hasMessageContaining("empty key");
        Command negative = Command.newBuilder().setDelete(io.raftkv.proto.kv.Delete.newBuilder()
                .setKey(com.google.protobuf.ByteString.copyFromUtf8("k")).setPrevRevision(-1)).build();
        assertThatThrownBy(() -> Commands.decode(negative.toByteArray())).hasMessageContaining("negative");
        assertThatThrownBy(() -> Commands.putIf(b("k"), b("v"), -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
