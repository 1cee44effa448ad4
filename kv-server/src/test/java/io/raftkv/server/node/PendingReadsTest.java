package io.raftkv.server.node;

import io.raftkv.server.raft.ReadState;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Linearizable reads in the driver (thesis §6.4): one read index per pass, served once applied. */
class PendingReadsTest {
    private final PendingReads reads = new PendingReads(1_000);

    private CompletableFuture<Void> read(long deadline) {
        CompletableFuture<Void> reply = new CompletableFuture<>();
        reads.add(new PendingReads.Waiter(deadline, reply));
        return reply;
    }

    @Test
    void readsArrivingTogetherShareOneReadIndexRequest() {
        CompletableFuture<Void> a = read(Long.MAX_VALUE);
        CompletableFuture<Void> b = read(Long.MAX_VALUE);

        long id = reads.takeArriving(0);
        assertThat(reads.takeArriving(0)).isZero();
        reads.confirmed(new ReadState(id, 10));
        reads.serve(10);

        assertThat(a).isCompleted();
        assertThat(b).isCompleted();
    }

    @Test
    void aConfirmedReadWaitsUntilItsIndexHasApplied() {
        CompletableFuture<Void> a = read(Long.MAX_VALUE);
        long id = reads.takeArriving(0);
        reads.confirmed(new ReadState(id, 10));

        reads.serve(9);
        assertThat(a).isNotDone();
        reads.serve(10);
        assertThat(a).isCompleted();
    }

    @Test
    void aRefusedReadIndexIsAskedAgainUnderANewId() {
        CompletableFuture<Void> a = read(Long.MAX_VALUE);
        long first = reads.takeArriving(0);

        reads.confirmed(new ReadState(first, -1));
        long second = reads.takeArriving(0);

        assertThat(second).isNotZero().isNotEqualTo(first);
        reads.confirmed(new ReadState(first, 5)); // a late answer to the old id changes nothing
        reads.serve(100);
        assertThat(a).isNotDone();
    }

    @Test
    void anUnansweredReadIndexIsAskedAgainAfterAWhile() {
        read(Long.MAX_VALUE);
        reads.takeArriving(0);

        reads.expire(999);
        assertThat(reads.takeArriving(999)).isZero();
        reads.expire(1_000);
        assertThat(reads.takeArriving(1_000)).isNotZero();
    }

    @Test
    void aReadPastItsDeadlineIsHandedBackWhereverItWaits() {
        read(50);
        reads.takeArriving(0);
        read(60);

        assertThat(reads.expire(49)).isEmpty();
        assertThat(reads.expire(60)).hasSize(2);
        assertThat(reads.drain()).isEmpty();
    }
}
