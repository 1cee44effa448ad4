package io.raftkv.server.node;

import io.raftkv.server.raft.PersistentState;
import io.raftkv.server.raft.Raft;
import io.raftkv.server.raft.RaftConfig;
import io.raftkv.server.raft.Ready;
import io.raftkv.server.raft.Role;
import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.ConfState;
import io.raftkv.server.raft.message.Entry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One membership change at a time, answered once applied: the node's side, over a real one-voter core. */
class MembershipChangesTest {
    private static final NodeStatus STATUS = new NodeStatus("n1", "leader", 1, null, 0, 0, List.of(), null);

    private Raft raft;
    private MembershipChanges changes;

    @BeforeEach
    void electOneVoter() {
        raft = new Raft(RaftConfig.defaults("n1", new Random(1)), PersistentState.bootstrap(ConfState.ofVoters("n1")));
        for (int i = 0; i < 40 && raft.role() != Role.LEADER; i++) {
            raft.tick();
            drain();
        }
        assertThat(raft.role()).isEqualTo(Role.LEADER);
        changes = new MembershipChanges(raft, new MemberDirectory(List.of()),
                e -> new NodeException(NodeException.Code.INVALID_REQUEST, e.getMessage()),
                () -> new NodeException(NodeException.Code.NO_LEADER, "no leader"), 1_000_000_000L);
    }

    /** Persists and applies everything the core hands out, as the driver would; returns what applied. */
    private List<Entry> drain() {
        List<Entry> applied = new ArrayList<>();
        while (raft.hasReady()) {
            Ready rd = raft.ready();
            applied.addAll(rd.committedEntries());
            raft.advance(rd);
        }
        return applied;
    }

    private CompletableFuture<NodeStatus> addLearner(String id) {
        CompletableFuture<NodeStatus> reply = new CompletableFuture<>();
        Member member = new Member(id, URI.create("http://127.0.0.1:1" + id.length()), URI.create("http://127.0.0.1:2" + id.length()));
        changes.request(new MembershipChanges.Request(new ConfChange(ConfChange.Type.ADD_LEARNER, id, null), member,
                false, Long.MAX_VALUE, reply), peer -> true, System.nanoTime());
        return reply;
    }

    @Test
    void aSecondChangeWhileOneIsInFlightIsAConflict() {
        CompletableFuture<NodeStatus> first = addLearner("n2");

        CompletableFuture<NodeStatus> second = addLearner("n33");

        assertThat(first).isNotDone();
        assertThatThrownBy(second::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(NodeException.class)
                .satisfies(e -> assertThat(((NodeException) e.getCause()).code()).isEqualTo(NodeException.Code.CHANGE_IN_PROGRESS));
    }

    @Test
    void aChangeIsAnsweredOnceItsEntryAppliedAndTheNextMayFollow() {
        CompletableFuture<NodeStatus> first = addLearner("n2");

        changes.applied(drain(), () -> STATUS);

        assertThat(first).isCompletedWithValue(STATUS);
        assertThat(raft.status().conf().learners()).containsExactly("n2");
        CompletableFuture<NodeStatus> next = addLearner("n33");
        changes.applied(drain(), () -> STATUS);
        assertThat(next).isCompletedWithValue(STATUS);
    }
}
