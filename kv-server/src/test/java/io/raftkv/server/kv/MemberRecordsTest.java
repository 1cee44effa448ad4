package io.raftkv.server.kv;

import io.raftkv.server.raft.message.ConfChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static io.raftkv.server.kv.KvFixture.b;
import static org.assertj.core.api.Assertions.assertThat;

/** Membership entries record each member's context in the replicated state, so snapshots carry it. */
class MemberRecordsTest {
    @TempDir
    Path dir;

    private static ConfChange change(ConfChange.Type type, String id, String context) {
        return new ConfChange(type, id, context == null ? null : b(context));
    }

    @Test
    void anAddRecordsItsContextAPromotionKeepsItAndARemovalDeletesIt() {
        try (KvFixture kv = new KvFixture(dir)) {
            kv.machine().apply(List.of(kv.confChange(change(ConfChange.Type.ADD_VOTER, "n1", "addr-1")),
                    kv.confChange(change(ConfChange.Type.ADD_LEARNER, "n2", "addr-2"))));
            kv.machine().apply(List.of(kv.confChange(change(ConfChange.Type.ADD_VOTER, "n2", null))));
            assertThat(kv.machine().members()).containsOnlyKeys("n1", "n2");
            assertThat(kv.machine().members().get("n2")).isEqualTo(b("addr-2"));

            kv.machine().apply(List.of(kv.confChange(change(ConfChange.Type.REMOVE_NODE, "n1", null))));

            assertThat(kv.machine().members()).containsOnlyKeys("n2");
            assertThat(kv.machine().appliedIndex()).isEqualTo(4);
        }
    }

    @Test
    void anUndecodableMembershipEntryOnlyAdvancesTheAppliedIndex() {
        try (KvFixture kv = new KvFixture(dir)) {
            kv.machine().apply(List.of(kv.confChange()));

            assertThat(kv.machine().members()).isEmpty();
            assertThat(kv.allRecords()).isEmpty();
            assertThat(kv.machine().appliedIndex()).isEqualTo(1);
        }
    }

    @Test
    void membersAreNotUserKeysAndTravelInSnapshots() throws IOException {
        try (KvFixture source = new KvFixture(dir.resolve("source"));
             KvFixture target = new KvFixture(dir.resolve("target"))) {
            source.machine().apply(List.of(source.confChange(change(ConfChange.Type.ADD_VOTER, "n1", "addr-1"))));
            source.applyOne(Commands.put(b("k"), b("v")));
            ByteArrayOutputStream image = new ByteArrayOutputStream();
            source.machine().writeSnapshot(image);

            target.machine().restore(new ByteArrayInputStream(image.toByteArray()));

            assertThat(target.machine().members()).containsOnlyKeys("n1");
            assertThat(target.machine().list(new byte[0], new byte[0], 10, true).items()).hasSize(1);
        }
    }
}
