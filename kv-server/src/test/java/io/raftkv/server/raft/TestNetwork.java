package io.raftkv.server.raft;

import io.raftkv.server.raft.message.Message;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A few {@link RaftHarness} nodes wired together by an in-memory, FIFO, lossless network, in the
 * manner of the {@code network} of etcd-io/raft's raft_test.go. Nothing happens without the test:
 * time passes only through {@link #tick}, and {@link #stabilize()} handles Readies and delivers
 * messages until the cluster is quiet. Messages can be dropped by rule ({@link #drop},
 * {@link #cut}, {@link #isolate}) until {@link #recover()}; every sent message (dropped or not) is
 * kept in {@link #sent()} in send order.
 */
final class TestNetwork {
    private final Map<String, RaftHarness> nodes = new LinkedHashMap<>();
    private final Deque<Message> queue = new ArrayDeque<>();
    private final List<Message> sent = new ArrayList<>();
    private final List<Predicate<Message>> dropRules = new ArrayList<>();
    private final Set<String> down = new HashSet<>();
    private final Map<Long, String> leaderOfTerm = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private Consumer<Message> afterDeliver = m -> { };

    /** Voters {@code ids}, each configured by {@code config}. */
    static TestNetwork of(Function<String, RaftConfig> config, String... ids) {
        TestNetwork net = new TestNetwork();
        for (String id : ids) {
            net.add(RaftHarness.bootstrap(config.apply(id), ids));
        }
        return net;
    }

    /** Raft as in the paper (no PreVote, no CheckQuorum). */
    static TestNetwork classic(String... ids) {
        return of(RaftHarness::classic, ids);
    }

    /** The production defaults: PreVote and CheckQuorum on. */
    static TestNetwork defaults(String... ids) {
        return of(RaftHarness::defaults, ids);
    }

    static TestNetwork of(RaftHarness... harnesses) {
        TestNetwork net = new TestNetwork();
        for (RaftHarness h : harnesses) {
            net.add(h);
        }
        return net;
    }

    void add(RaftHarness node) {
        nodes.put(node.id(), node);
    }

    RaftHarness node(String id) {
        RaftHarness h = nodes.get(id);
        if (h == null) {
            throw new IllegalArgumentException("no node " + id);
        }
        return h;
    }

    Raft raft(String id) {
        return node(id).raft();
    }

    // ---- running ----

    /** Handles Readies and delivers messages until no node has anything to do. */
    void stabilize() {
        for (int round = 0; ; round++) {
            if (round > 100_000) {
                throw new AssertionError("the network does not quiesce: " + nodes.values());
            }
            boolean busy = false;
            for (RaftHarness h : nodes.values()) {
                if (!down.contains(h.id()) && h.raft().hasReady()) {
                    busy = true;
                    h.handleMessages().forEach(this::send);
                }
            }
            checkElectionSafety();
            List<Message> batch = new ArrayList<>(queue);
            queue.clear();
            for (Message m : batch) {
                busy = true;
                deliver(m);
            }
            if (!busy) {
                return;
            }
        }
    }

    /** Handles one Ready of {@code id} (if any), sending its messages through the network, and returns it. */
    Ready handle(String id) {
        Ready rd = node(id).handle();
        if (rd != null) {
            rd.messages().forEach(this::send);
            rd.messagesAfterPersist().forEach(this::send);
        }
        return rd;
    }

    /** {@code n} times: tick every running node once, then {@link #stabilize()}. */
    void tickAll(int n) {
        for (int i = 0; i < n; i++) {
            for (RaftHarness h : nodes.values()) {
                if (!down.contains(h.id())) {
                    h.tick();
                }
            }
            stabilize();
        }
    }

    /** {@code n} times: tick only {@code id}, then {@link #stabilize()}. */
    void tick(String id, int n) {
        for (int i = 0; i < n; i++) {
            node(id).tick();
            stabilize();
        }
    }

    /** Ticks {@code id} alone until its election timeout fires, then lets the election run. */
    void campaign(String id) {
        RaftHarness h = node(id);
        h.tickUntil(r -> r.role() != Role.FOLLOWER, 2 * h.config().electionTicks() + 1);
        stabilize();
    }

    /** {@link #campaign} and check that {@code id} won. */
    void elect(String id) {
        campaign(id);
        if (raft(id).role() != Role.LEADER) {
            throw new AssertionError(id + " lost its election: " + nodes.values());
        }
    }

    /** The running leader with the highest term, or null. */
    String leader() {
        String best = null;
        for (RaftHarness h : nodes.values()) {
            if (!down.contains(h.id()) && h.raft().role() == Role.LEADER
                    && (best == null || h.raft().term() > raft(best).term())) {
                best = h.id();
            }
        }
        return best;
    }

    // ---- faults ----

    void drop(Predicate<Message> rule) {
        dropRules.add(rule);
    }

    /** Drops everything between {@code a} and {@code b}, both ways. */
    void cut(String a, String b) {
        drop(m -> (m.from().equals(a) && m.to().equals(b)) || (m.from().equals(b) && m.to().equals(a)));
    }

    /** Drops everything to and from {@code id}. */
    void isolate(String id) {
        drop(m -> m.from().equals(id) || m.to().equals(id));
    }

    /** Removes every drop rule (crashed nodes stay down). */
    void recover() {
        dropRules.clear();
    }

    /** Stops {@code id}: it neither ticks nor receives; messages to it are lost. */
    void crash(String id) {
        down.add(id);
    }

    /** Restarts a crashed node from its disk. */
    void restart(String id) {
        node(id).restart();
        down.remove(id);
    }

    /** Called after each delivered message, e.g. to look at the receiver's state at that moment. */
    void afterDeliver(Consumer<Message> observer) {
        this.afterDeliver = observer;
    }

    private void send(Message m) {
        sent.add(m);
        if (down.contains(m.to()) || dropRules.stream().anyMatch(r -> r.test(m))) {
            return;
        }
        queue.add(m);
    }

    private void deliver(Message m) {
        RaftHarness to = nodes.get(m.to());
        if (to == null || down.contains(m.to())) {
            return;
        }
        to.step(m);
        afterDeliver.accept(m);
    }

    // ---- observations ----

    /** Every message sent so far, dropped or not, in send order. */
    List<Message> sent() {
        return List.copyOf(sent);
    }

    <T extends Message> List<T> sent(Class<T> type) {
        return sent.stream().filter(type::isInstance).map(type::cast).toList();
    }

    void clearSent() {
        sent.clear();
    }

    /** Election safety (Raft Figure 3) and every node's Ready-contract breaches. */
    List<String> violations() {
        List<String> all = new ArrayList<>(violations);
        nodes.values().forEach(h -> h.violations().forEach(v -> all.add(h.id() + ": " + v)));
        return all;
    }

    private void checkElectionSafety() {
        for (RaftHarness h : nodes.values()) {
            if (h.raft().role() == Role.LEADER) {
                String prev = leaderOfTerm.putIfAbsent(h.raft().term(), h.id());
                if (prev != null && !prev.equals(h.id())) {
                    violations.add("two leaders in term " + h.raft().term() + ": " + prev + " and " + h.id());
                }
            }
        }
    }
}
