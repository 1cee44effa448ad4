package io.raftkv.server.node;

import io.raftkv.proto.kv.CommandResult;
import io.raftkv.server.kv.AppliedCommand;
import io.raftkv.server.kv.Commands;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.EntryType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** How the driver decides what became of a proposal (Raft §5.3, log matching; §5.4, terms along a log). */
class PendingWritesTest {
    private final PendingWrites writes = new PendingWrites();

    private PendingWrites.Pending propose(long index, long term, long deadline) {
        PendingWrites.Pending p = new PendingWrites.Pending(index, term, Commands.put(new byte[] {1}, new byte[0]),
                deadline, new CompletableFuture<>());
        writes.add(p);
        return p;
    }

    private static Entry entry(long index, long term) {
        return new Entry(index, term, EntryType.NORMAL, new byte[] {1});
    }

    private static AppliedCommand result(long index) {
        return new AppliedCommand(index, CommandResult.newBuilder().setRevision(index).build(), false, null);
    }

    @Test
    void aProposalTookEffectWhenTheEntryAppliedAtItsIndexHasItsTerm() {
        PendingWrites.Pending p = propose(5, 2, Long.MAX_VALUE);

        List<PendingWrites.Pending> lost = writes.applied(List.of(entry(5, 2)), List.of(result(5)));

        assertThat(lost).isEmpty();
        assertThat(p.reply()).isCompletedWithValue(result(5));
        assertThat(writes.size()).isZero();
    }

    @Test
    void aProposalIsDefinitelyLostWhenAnotherTermsEntryAppliesAtItsIndex() {
        PendingWrites.Pending p = propose(5, 2, Long.MAX_VALUE);

        List<PendingWrites.Pending> lost = writes.applied(List.of(entry(5, 3)), List.of(result(5)));

        assertThat(lost).containsExactly(p);
        assertThat(p.reply()).isNotDone();
    }

    @Test
    void proposalsOfOlderTermsAfterAnAppliedEntryOfALaterTermAreDefinitelyLost() {
        PendingWrites.Pending older = propose(7, 2, Long.MAX_VALUE);
        PendingWrites.Pending current = propose(8, 3, Long.MAX_VALUE);

        List<PendingWrites.Pending> lost = writes.applied(List.of(entry(6, 3)), List.of());

        assertThat(lost).containsExactly(older);
        assertThat(writes.size()).isEqualTo(1);
        assertThat(current.reply()).isNotDone();
    }

    @Test
    void aNodeThatLedTwiceWaitsOnBothProposalsAtOneIndexAndTheAppliedTermDecides() {
        PendingWrites.Pending first = propose(5, 2, Long.MAX_VALUE);
        PendingWrites.Pending second = propose(5, 4, Long.MAX_VALUE);

        List<PendingWrites.Pending> lost = writes.applied(List.of(entry(5, 2)), List.of(result(5)));

        assertThat(first.reply()).isCompletedWithValue(result(5));
        assertThat(lost).containsExactly(second);
    }

    @Test
    void onlyADeadlineLeavesTheOutcomeUnknown() {
        PendingWrites.Pending early = propose(1, 1, 100);
        PendingWrites.Pending late = propose(2, 1, 200);

        assertThat(writes.expire(99)).isEmpty();
        assertThat(writes.expire(150)).containsExactly(early);
        assertThat(writes.size()).isEqualTo(1);
        writes.applied(List.of(entry(2, 1)), List.of(result(2)));
        assertThat(writes.expire(300)).isEmpty();
        assertThat(late.reply()).isDone();
    }

    @Test
    void aSnapshotCoversTheProposalsAtOrBelowItsIndex() {
        PendingWrites.Pending covered = propose(3, 1, Long.MAX_VALUE);
        propose(9, 1, Long.MAX_VALUE);

        assertThat(writes.removeUpTo(5)).containsExactly(covered);
        assertThat(writes.size()).isEqualTo(1);
    }
}
