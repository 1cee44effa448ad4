package io.raftkv.server.sim;

import io.raftkv.server.lincheck.HistoryRecorder;
import io.raftkv.server.lincheck.KvInput;
import io.raftkv.server.lincheck.KvOutput;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.random.RandomGenerator;

/**
 * One client of the store: a loop of put / CAS / delete / linearizable read on a handful of keys,
 * one operation at a time, each recorded in the history for the linearizability checker. A request
 * goes to the leader it last heard of (or a random member), follows NOT_LEADER hints, retries when
 * an attempt times out, and gives up after a deadline: a write it gave up on may or may not have
 * taken effect (unknown), unless every request for it was answered with a certain "no effect"
 * (failed); a read it gave up on constrains nothing (failed).
 */
final class SimClient {
    private static final long ATTEMPT_TIMEOUT = 150 * EventQueue.MS;
    private static final long GIVE_UP_AFTER = 2 * EventQueue.SECOND;

    private enum Kind { GET, PUT, CAS, DELETE }

    private static final class Op {
        final Kind kind;
        final KvInput input;
        final long seq;
        final long historyId;
        final long started;
        int attempt;
        /** Requests handed to a node, and how many of them certainly had no effect. */
        int sent;
        int certainlyWithoutEffect;

        Op(Kind kind, KvInput input, long seq, long historyId, long started) {
            this.kind = kind;
            this.input = input;
            this.seq = seq;
            this.historyId = historyId;
            this.started = started;
        }
    }

    final int id;
    private final Cluster cluster;
    private final RandomGenerator random;
    private final HistoryRecorder<KvInput, KvOutput> history;
    private final List<String> keys;
    private final Map<String, String> lastSeen = new HashMap<>();
    private final Queue<KvInput> scripted = new ArrayDeque<>();
    private long seq;
    private Op op;
    private String leaderGuess;
    private boolean stopped;
    private boolean giveUp = true;
    private long completed;

    SimClient(int id, Cluster cluster, RandomGenerator random, HistoryRecorder<KvInput, KvOutput> history,
              List<String> keys) {
        this.id = id;
        this.cluster = cluster;
        this.random = random;
        this.history = history;
        this.keys = keys;
    }

    void start() {
        cluster.clock.after(random.nextLong(20 * EventQueue.MS), this::next);
    }

    /** Finishes the operation in hand, then issues only scripted ones. */
    void stop() {
        stopped = true;
    }

    /** From now on the client keeps retrying until it gets an answer (for the liveness check). */
    void neverGiveUp() {
        giveUp = false;
    }

    /** Queues an operation to run after the current one, even when stopped. */
    void script(KvInput input) {
        scripted.add(input);
        if (op == null && stopped) {
            next();
        }
    }

    boolean idle() {
        return op == null && scripted.isEmpty();
    }

    long completed() {
        return completed;
    }

    private void next() {
        if (op != null) {
            return;
        }
        KvInput input = scripted.poll();
        if (input == null && stopped) {
            return;
        }
        if (input == null) {
            input = randomInput();
        }
        Kind kind = switch (input.kind()) {
            case GET -> Kind.GET;
            case PUT -> Kind.PUT;
            case CAS -> Kind.CAS;
            case DELETE -> Kind.DELETE;
            default -> throw new IllegalArgumentException("unsupported " + input);
        };
        long s = ++seq;
        op = new Op(kind, input, s, history.invoke(id, input), cluster.clock.now());
        cluster.trace.record("c" + id, "invoke", input);
        attempt(op);
    }

    private KvInput randomInput() {
        String key = keys.get(random.nextInt(keys.size()));
        String fresh = "c" + id + "." + (seq + 1);
        double r = random.nextDouble();
        if (r < 0.35) {
            return KvInput.get(key);
        } else if (r < 0.65) {
            return KvInput.put(key, fresh);
        } else if (r < 0.88) {
            String expected = random.nextInt(4) == 0 ? null : lastSeen.get(key);
            return KvInput.cas(key, expected, fresh);
        }
        return KvInput.delete(key);
    }

    private void attempt(Op o) {
        int attempt = ++o.attempt;
        List<String> members = cluster.memberIds();
        String target = leaderGuess != null && members.contains(leaderGuess)
                ? leaderGuess : members.get(random.nextInt(members.size()));
        SimNode node = cluster.node(target);
        cluster.clock.after(latency(), () -> {
            o.sent++;
            if (o.kind == Kind.GET) {
                node.submitRead(cluster.nextReadId(), o.input.key(), reply -> replied(o, attempt, target, reply));
            } else {
                node.submitWrite(command(o), reply -> replied(o, attempt, target, reply));
            }
        });
        cluster.clock.after(ATTEMPT_TIMEOUT, () -> {
            if (op == o && o.attempt == attempt) {
                leaderGuess = null;
                retry(o, 0);
            }
        });
    }

    private KvCommand command(Op o) {
        KvInput in = o.input;
        return switch (o.kind) {
            case PUT -> new KvCommand(id, o.seq, KvCommand.Kind.PUT, in.key(), in.value(), null);
            case DELETE -> new KvCommand(id, o.seq, KvCommand.Kind.DELETE, in.key(), null, null);
            case CAS -> new KvCommand(id, o.seq, KvCommand.Kind.CAS, in.key(), in.value(), in.expected());
            case GET -> throw new IllegalStateException("a read is not a command");
        };
    }

    /** A node's answer travels back to the client. */
    private void replied(Op o, int attempt, String from, NodeReply reply) {
        cluster.clock.after(latency(), () -> {
            if (op != o) {
                return;     // already answered, e.g. by an earlier attempt
            }
            if (reply instanceof NodeReply.Redirect || reply instanceof NodeReply.Retry r && !r.mayHaveTakenEffect()) {
                o.certainlyWithoutEffect++;
            }
            switch (reply) {
                case NodeReply.Done done -> {
                    leaderGuess = from;
                    finish(o, done.output());
                }
                case NodeReply.Redirect r when attempt == o.attempt -> {
                    leaderGuess = r.leader();
                    retry(o, r.leader() != null ? EventQueue.MS : backoff());
                }
                case NodeReply.Retry r when attempt == o.attempt -> retry(o, backoff());
                default -> {
                }
            }
        });
    }

    private void retry(Op o, long delay) {
        if (giveUp && cluster.clock.now() - o.started > GIVE_UP_AFTER) {
            op = null;
            if (o.kind == Kind.GET || o.certainlyWithoutEffect == o.sent) {
                history.fail(o.historyId);     // a read, or a write that no node took up
            } else {
                history.unknown(o.historyId);
            }
            cluster.trace.record("c" + id, "gave up", o.input);
            cluster.clock.after(thinkTime(), this::next);
            return;
        }
        int token = ++o.attempt;   // the attempt in flight no longer counts
        cluster.clock.after(delay, () -> {
            if (op == o && o.attempt == token) {
                attempt(o);
            }
        });
    }

    private void finish(Op o, KvOutput output) {
        op = null;
        completed++;
        history.ok(o.historyId, output);
        cluster.trace.record("c" + id, "ok", o.input + " -> " + output);
        switch (o.kind) {
            case GET -> lastSeen.put(o.input.key(), output.value());
            case PUT -> lastSeen.put(o.input.key(), o.input.value());
            case DELETE -> lastSeen.put(o.input.key(), null);
            case CAS -> {
                if (output.equals(KvOutput.ok())) {
                    lastSeen.put(o.input.key(), o.input.value());
                }
            }
        }
        cluster.clock.after(thinkTime(), this::next);
    }

    private long latency() {
        return 100 + random.nextLong(EventQueue.MS);
    }

    private long backoff() {
        return EventQueue.MS + random.nextLong(30 * EventQueue.MS);
    }

    private long thinkTime() {
        return random.nextLong(30 * EventQueue.MS);
    }
}
