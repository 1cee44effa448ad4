package io.raftkv.server.kv;

import io.raftkv.proto.kv.CommandResult;
import io.raftkv.proto.kv.KeyMeta;
import io.raftkv.server.raft.message.Entry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.raftkv.server.kv.KvFixture.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Revisions, versions and preconditions as etcd has them; batching and re-delivery. */
class KvStateMachineTest {
    @TempDir
    Path dir;
    KvFixture kv;

    @BeforeEach
    void open() {
        kv = new KvFixture(dir);
    }

    @AfterEach
    void close() {
        kv.close();
    }

    static KeyMeta meta(long create, long mod, long version) {
        return KeyMeta.newBuilder().setCreateRevision(create).setModRevision(mod).setVersion(version).build();
    }

    @Test
    void createReplaceDeleteRecreateFollowEtcdRevisions() {
        assertThat(kv.applyOne(Commands.put(b("a"), b("1"))).result())
                .isEqualTo(CommandResult.newBuilder().setRevision(1).setCreated(meta(1, 1, 1)).build());
        kv.applyOne(Commands.put(b("b"), b("x")));
        assertThat(kv.applyOne(Commands.put(b("a"), b("2"))).result())
                .isEqualTo(CommandResult.newBuilder().setRevision(3).setReplaced(meta(1, 3, 2)).build());
        assertThat(kv.machine().get(b("a"))).contains(new KeyValue(b("a"), b("2"), 1, 3, 2));

        assertThat(kv.applyOne(Commands.delete(b("a"))).result())
                .isEqualTo(CommandResult.newBuilder().setRevision(4).setDeleted(meta(1, 3, 2)).build());
        assertThat(kv.machine().get(b("a"))).isEmpty();

        // Re-created: a new life, version 1 again, create revision the new one.
        assertThat(kv.applyOne(Commands.put(b("a"), b("3"))).result().getCreated()).isEqualTo(meta(5, 5, 1));
        assertThat(kv.machine().revision()).isEqualTo(5);
        assertThat(kv.machine().get(b("b"))).contains(new KeyValue(b("b"), b("x"), 2, 2, 1));
    }

    @Test
    void deletingAnAbsentKeyChangesNothing() {
        kv.applyOne(Commands.put(b("a"), b("1")));
        CommandResult r = kv.applyOne(Commands.delete(b("zz"))).result();
        assertThat(r.hasNoSuchKey()).isTrue();
        assertThat(r.getRevision()).isEqualTo(1);
        assertThat(kv.machine().revision()).isEqualTo(1);
    }

    @Test
    void compareAndSetSucceedsOnTheModRevisionAndFailsOtherwise() {
        kv.applyOne(Commands.put(b("k"), b("1")));
        kv.applyOne(Commands.put(b("k"), b("2"))); // mod revision 2
        CommandResult stale = kv.applyOne(Commands.putIf(b("k"), b("3"), 1)).result();
        assertThat(stale.getPreconditionFailed().getCurrentModRevision()).isEqualTo(2);
        assertThat(stale.getRevision()).isEqualTo(2);
        assertThat(kv.machine().get(b("k")).orElseThrow().value()).isEqualTo(b("2"));

        CommandResult ok = kv.applyOne(Commands.putIf(b("k"), b("3"), 2)).result();
        assertThat(ok.getReplaced()).isEqualTo(meta(1, 3, 3));
    }

    @Test
    void createOnlySucceedsOnceThenReportsTheCurrentRevision() {
        assertThat(kv.applyOne(Commands.create(b("k"), b("1"))).result().getCreated()).isEqualTo(meta(1, 1, 1));
        CommandResult again = kv.applyOne(Commands.create(b("k"), b("2"))).result();
        assertThat(again.getPreconditionFailed().getCurrentModRevision()).isEqualTo(1);
        assertThat(kv.machine().get(b("k")).orElseThrow().value()).isEqualTo(b("1"));
        // A CAS against a key that does not exist sees current revision 0.
        assertThat(kv.applyOne(Commands.putIf(b("new"), b("x"), 7)).result().getPreconditionFailed()
                .getCurrentModRevision()).isZero();
    }

    @Test
    void conditionalDeleteComparesTheModRevision() {
        kv.applyOne(Commands.put(b("k"), b("1")));
        assertThat(kv.applyOne(Commands.deleteIf(b("k"), 5)).result().getPreconditionFailed()
                .getCurrentModRevision()).isEqualTo(1);
        assertThat(kv.machine().get(b("k"))).isPresent();
        assertThat(kv.applyOne(Commands.deleteIf(b("k"), 1)).result().getDeleted()).isEqualTo(meta(1, 1, 1));
        // Absent key: prevRevision > 0 is a precondition failure with current 0, prevRevision 0 is 404.
        assertThat(kv.applyOne(Commands.deleteIf(b("k"), 1)).result().getPreconditionFailed()
                .getCurrentModRevision()).isZero();
        assertThat(kv.applyOne(Commands.deleteIf(b("k"), 0)).result().hasNoSuchKey()).isTrue();
        assertThat(kv.machine().revision()).isEqualTo(2);
    }

    @Test
    void aBatchIsOneTransactionWhereLaterCommandsSeeEarlierOnes() {
        List<AppliedCommand> results = kv.applyBatch(
                Commands.put(b("a"), b("1")),
                Commands.putIf(b("a"), b("2"), 1),
                Commands.create(b("a"), b("no")),
                Commands.delete(b("a")),
                Commands.put(b("a"), b("3")));
        assertThat(results).extracting(AppliedCommand::index).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(results.get(1).result().getReplaced()).isEqualTo(meta(1, 2, 2));
        assertThat(results.get(2).result().getPreconditionFailed().getCurrentModRevision()).isEqualTo(2);
        assertThat(results.get(3).result().getDeleted()).isEqualTo(meta(1, 2, 2));
        assertThat(results.get(4).result().getCreated()).isEqualTo(meta(4, 4, 1));
        assertThat(kv.machine().appliedIndex()).isEqualTo(5);
        assertThat(kv.machine().get(b("a"))).contains(new KeyValue(b("a"), b("3"), 4, 4, 1));
    }

    @Test
    void noOpsAndMembershipEntriesOnlyAdvanceTheAppliedIndex() {
        List<AppliedCommand> results = kv.machine().apply(List.of(kv.noop(), kv.confChange(),
                kv.entry(Commands.put(b("a"), b("1"))), kv.noop()));
        assertThat(results).extracting(AppliedCommand::index).containsExactly(3L);
        assertThat(kv.machine().appliedIndex()).isEqualTo(4);
        assertThat(kv.machine().revision()).isEqualTo(1);
    }

    @Test
    void entriesDeliveredAgainAfterARestartAreSkipped() {
        Entry first = kv.entry(Commands.put(b("a"), b("1")));
        Entry second = kv.entry(Commands.put(b("a"), b("2")));
        kv.machine().apply(List.of(first, second));
        kv.reopen();

        Entry third = kv.entry(Commands.put(b("a"), b("3")));
        List<AppliedCommand> results = kv.machine().apply(List.of(first, second, third));
        assertThat(results).extracting(AppliedCommand::index).containsExactly(3L); // skipped ones not reported
        assertThat(kv.machine().get(b("a"))).contains(new KeyValue(b("a"), b("3"), 1, 3, 3));

        assertThat(kv.machine().apply(List.of(first, second, third))).isEmpty();
        assertThat(kv.machine().revision()).isEqualTo(3);
        assertThat(kv.machine().appliedIndex()).isEqualTo(3);
    }

    @Test
    void aGapInTheIndexesIsRefusedAndChangesNothing() {
        kv.applyOne(Commands.put(b("a"), b("1")));
        kv.entry(Commands.put(b("lost"), b("x"))); // index 2, never delivered
        Entry third = kv.entry(Commands.put(b("a"), b("3")));
        assertThatThrownBy(() -> kv.machine().apply(List.of(third))).isInstanceOf(IllegalStateException.class);
        assertThat(kv.machine().appliedIndex()).isEqualTo(1);
        assertThat(kv.machine().get(b("a")).orElseThrow().value()).isEqualTo(b("1"));
    }

    @Test
    void malformedCommandsAreRejectedAndChangeNothing() {
        kv.applyOne(Commands.put(b("a"), b("1")));
        List<Entry> bad = List.of(
                kv.rawEntry(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}), // not protobuf
                kv.entry(Commands.proposedAt(io.raftkv.proto.kv.Command.getDefaultInstance(), 5)), // no op set
                kv.entry(Commands.put(new byte[0], b("v"))), // empty key
                kv.entry(Commands.delete(new byte[0])),
                kv.entry(Commands.withRequestId(Commands.put(b("a"), b("x")), "")),
                kv.entry(Commands.put(b("a"), b("2"))));
        List<AppliedCommand> results = kv.machine().apply(bad);
        assertThat(results).hasSize(6);
        assertThat(results.subList(0, 5)).allSatisfy(r -> {
            assertThat(r.rejected()).isTrue();
            assertThat(r.error()).isNotBlank();
            assertThat(r.replayed()).isFalse();
            assertThat(r.result().getOutcomeCase()).isEqualTo(CommandResult.OutcomeCase.OUTCOME_NOT_SET);
            assertThat(r.result().getRevision()).isEqualTo(1);
        });
        assertThat(results.get(5).rejected()).isFalse();
        assertThat(results.get(5).result().getReplaced()).isEqualTo(meta(1, 2, 2));
        assertThat(kv.machine().appliedIndex()).isEqualTo(7);
    }
}
