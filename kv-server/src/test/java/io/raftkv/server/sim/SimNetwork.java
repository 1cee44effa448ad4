package io.raftkv.server.sim;

import io.raftkv.server.raft.message.Message;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The network between nodes: every message is delayed, and may be dropped, duplicated or held back
 * long enough to arrive after later ones. Partitions cut links, in one direction or both; a link is
 * checked when a message is sent and again when it would arrive, so a partition also swallows what
 * was in flight.
 */
final class SimNetwork {
    /** How bad the network is right now. Delays in microseconds. */
    record Conditions(double drop, double duplicate, double longDelay, long minDelay, long maxDelay,
                      long maxLongDelay) {
        static final Conditions RELIABLE = new Conditions(0, 0, 0, 200, 2 * EventQueue.MS, 0);

        static Conditions unreliable() {
            return new Conditions(0.10, 0.05, 0.05, 200, 5 * EventQueue.MS, 300 * EventQueue.MS);
        }
    }

    private final EventQueue clock;
    private final RandomGenerator random;
    private final Consumer<Message> deliver;
    private final BiConsumer<String, String> unreachable;
    /** Cut links, as "from>to". */
    private final Set<String> cut = new HashSet<>();
    private Conditions conditions = Conditions.RELIABLE;
    /** A scenario's precise adversary: messages it matches are lost. */
    private Predicate<Message> lose = m -> false;
    private long sent;
    private long dropped;

    /**
     * @param deliver     hands a message to its destination node (which may be down by then)
     * @param unreachable told (sender, peer) when a send fails at once on a cut link, as a transport
     *                    whose connection is refused would tell the core
     */
    SimNetwork(EventQueue clock, RandomGenerator random, Consumer<Message> deliver,
               BiConsumer<String, String> unreachable) {
        this.clock = clock;
        this.random = random;
        this.deliver = deliver;
        this.unreachable = unreachable;
    }

    /** Loses every message {@code filter} matches, from now on (until replaced). */
    void lose(Predicate<Message> filter) {
        lose = filter;
    }

    Conditions conditions() {
        return conditions;
    }

    void setConditions(Conditions c) {
        conditions = c;
    }

    void send(Message m) {
        sent++;
        if (!connected(m.from(), m.to())) {
            dropped++;
            unreachable.accept(m.from(), m.to());
            return;
        }
        if (lose.test(m) || random.nextDouble() < conditions.drop) {
            dropped++;
            return;
        }
        schedule(m);
        if (random.nextDouble() < conditions.duplicate) {
            schedule(m);
        }
    }

    private void schedule(Message m) {
        long delay = conditions.minDelay + random.nextLong(Math.max(1, conditions.maxDelay - conditions.minDelay));
        if (conditions.maxLongDelay > 0 && random.nextDouble() < conditions.longDelay) {
            delay += random.nextLong(conditions.maxLongDelay);
        }
        clock.after(delay, () -> {
            if (connected(m.from(), m.to())) {
                deliver.accept(m);
            } else {
                dropped++;
            }
        });
    }

    boolean connected(String from, String to) {
        return cut.isEmpty() || !cut.contains(from + ">" + to);
    }

    /** Cuts the link from {@code from} to {@code to} only: an asymmetric partition. */
    void cutOneWay(String from, String to) {
        cut.add(from + ">" + to);
    }

    /** Cuts every link between the groups; links inside a group stay. */
    void partition(Collection<? extends Collection<String>> groups) {
        for (Collection<String> a : groups) {
            for (Collection<String> b : groups) {
                if (a != b) {
                    for (String x : a) {
                        for (String y : b) {
                            cut.add(x + ">" + y);
                        }
                    }
                }
            }
        }
    }

    /** Cuts {@code node} off from everyone in {@code others}, both ways. */
    void isolate(String node, Collection<String> others) {
        for (String o : others) {
            if (!o.equals(node)) {
                cut.add(node + ">" + o);
                cut.add(o + ">" + node);
            }
        }
    }

    /** Restores every link to and from {@code node}. */
    void reconnect(String node) {
        cut.removeIf(link -> link.startsWith(node + ">") || link.endsWith(">" + node));
    }

    void heal() {
        cut.clear();
    }

    boolean partitioned() {
        return !cut.isEmpty();
    }

    String describeCuts() {
        return new java.util.TreeSet<>(cut).toString();
    }

    long sent() {
        return sent;
    }

    long dropped() {
        return dropped;
    }
}
