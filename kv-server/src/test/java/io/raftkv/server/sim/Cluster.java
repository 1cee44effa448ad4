package io.raftkv.server.sim;

import io.raftkv.server.lincheck.CheckResult;
import io.raftkv.server.lincheck.HistoryRecorder;
import io.raftkv.server.lincheck.KvInput;
import io.raftkv.server.lincheck.KvModel;
import io.raftkv.server.lincheck.KvOutput;
import io.raftkv.server.lincheck.LinearizabilityChecker;
import io.raftkv.server.lincheck.Operation;
import io.raftkv.server.raft.PersistentState;
import io.raftkv.server.raft.Role;
import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.ConfState;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.EntryType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * One simulated world: the nodes, the network between them, the clients, virtual time and the
 * invariants. Scenarios and random schedules drive it through its fault methods and run loops.
 * Every random choice comes from one seeded generator, split per purpose in a fixed order, so a
 * seed always replays the same run.
 */
final class Cluster {
    final SimParams params;
    final EventQueue clock = new EventQueue();
    final Trace trace = new Trace(clock);
    final Invariants invariants;
    final SimNetwork network;
    final HistoryRecorder<KvInput, KvOutput> history = new HistoryRecorder<>(clock::now);
    private final SplittableRandom root;
    private final RandomGenerator faultRandom;
    private final Map<String, SimNode> nodes = new TreeMap<>();
    private final Map<String, RandomGenerator> driverRandom = new HashMap<>();
    private final List<SimClient> clients = new ArrayList<>();
    private final TreeSet<String> retired = new TreeSet<>();
    private List<String> memberIds;
    private long nextReadId;

    Cluster(SimParams params) {
        this.params = params;
        this.root = new SplittableRandom(params.seed());
        this.faultRandom = root.split();
        RandomGenerator networkRandom = root.split();
        RandomGenerator clientRandom = root.split();
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= params.nodes(); i++) {
            ids.add("n" + i);
        }
        ConfState conf = ConfState.ofVoters(ids.toArray(String[]::new));
        invariants = new Invariants(conf);
        network = new SimNetwork(clock, networkRandom, this::deliver, this::unreachable);
        for (String id : ids) {
            createNode(id, PersistentState.bootstrap(conf));
        }
        memberIds = List.copyOf(conf.members());
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < params.keys(); k++) {
            keys.add("k" + k);
        }
        for (int c = 0; c < params.clients(); c++) {
            clients.add(new SimClient(c, this, new SplittableRandom(clientRandom.nextLong()), history, keys));
        }
    }

    /** The generator for fault schedules and scenario choices. */
    RandomGenerator random() {
        return faultRandom;
    }

    /** The generator for a node's driver (tick phase, fsync latency), separate from its core's. */
    RandomGenerator random(String node) {
        return driverRandom.get(node);
    }

    private SimNode createNode(String id, PersistentState initial) {
        SplittableRandom split = root.split();
        driverRandom.put(id, split.split());
        SimNode node = new SimNode(id, this, params.raftConfig(id, split), new DurableStorage(initial));
        nodes.put(id, node);
        return node;
    }

    void start() {
        trace.record(null, "start", "seed=" + params.seed() + " nodes=" + params.nodes());
        nodes.values().forEach(SimNode::start);
    }

    void startClients() {
        clients.forEach(SimClient::start);
    }

    List<SimClient> clients() {
        return clients;
    }

    SimNode node(String id) {
        return nodes.get(id);
    }

    Collection<SimNode> nodes() {
        return nodes.values();
    }

    /** Members of the latest committed configuration, that have not been retired. */
    List<String> memberIds() {
        return memberIds;
    }

    List<String> allIds() {
        return List.copyOf(nodes.keySet());
    }

    long nextReadId() {
        return ++nextReadId;
    }

    private void deliver(io.raftkv.server.raft.message.Message m) {
        SimNode to = nodes.get(m.to());
        if (to != null) {
            to.deliver(m);
        }
    }

    private void unreachable(String from, String to) {
        SimNode node = nodes.get(from);
        if (node != null && node.up() && node.role() == Role.LEADER) {
            node.reportUnreachable(to);
        }
    }

    /** Called when an index is applied for the first time anywhere: it is committed. */
    void onFirstApply(Entry e) {
        if (e.type() == EntryType.CONF_CHANGE) {
            ConfChange cc = ConfChange.decode(e.data());
            trace.record(null, "membership", cc.type() + " " + cc.nodeId() + " -> " + invariants.committedConf());
            refreshMembers();
        }
    }

    private void refreshMembers() {
        List<String> ids = new ArrayList<>();
        for (String id : invariants.committedConf().members()) {
            if (nodes.containsKey(id) && !retired.contains(id)) {
                ids.add(id);
            }
        }
        memberIds = List.copyOf(ids);
    }

    // ---- faults ----

    void crash(String id) {
        nodes.get(id).crash();
    }

    void restart(String id) {
        SimNode node = nodes.get(id);
        if (!node.up() && !retired.contains(id)) {
            node.start();
        }
    }

    void pause(String id, long duration) {
        nodes.get(id).pause(duration);
    }

    /** A brand-new node that knows nobody until the leader adds it and sends it the log. */
    SimNode addNode(String id) {
        SimNode node = createNode(id, PersistentState.joining());
        node.start();
        return node;
    }

    /** Shuts a removed member down for good. */
    void retire(String id) {
        retired.add(id);
        nodes.get(id).crash();
        refreshMembers();
    }

    /** Everything heals: links, the network's reliability, crashed nodes. */
    void heal() {
        trace.record(null, "heal", null);
        network.heal();
        network.setConditions(SimNetwork.Conditions.RELIABLE);
        for (SimNode n : nodes.values()) {
            restart(n.id);
        }
    }

    // ---- running ----

    void runFor(long duration) {
        long end = clock.now() + duration;
        while (clock.runNext(end)) {
            // every event checks the invariants it touches
        }
    }

    /** Runs until {@code done} holds (checked after every event) or {@code timeout} passes. */
    boolean runUntil(BooleanSupplier done, long timeout) {
        long end = clock.now() + timeout;
        if (done.getAsBoolean()) {
            return true;
        }
        while (clock.runNext(end)) {
            if (done.getAsBoolean()) {
                return true;
            }
        }
        return done.getAsBoolean();
    }

    /** The running leader of the highest term, or null. */
    String leader() {
        SimNode best = null;
        for (SimNode n : nodes.values()) {
            if (n.up() && n.role() == Role.LEADER && (best == null || n.term() > best.term())) {
                best = n;
            }
        }
        return best == null ? null : best.id;
    }

    /** A leader that every running member follows at its term. */
    String stableLeader() {
        String leader = leader();
        if (leader == null || nodes.get(leader).paused()) {
            return null;
        }
        long term = nodes.get(leader).term();
        for (String id : memberIds) {
            SimNode n = nodes.get(id);
            if (n.up() && (n.term() != term || !leader.equals(n.raft().leader()))) {
                return null;
            }
        }
        return leader;
    }

    boolean clientsIdle() {
        for (SimClient c : clients) {
            if (!c.idle()) {
                return false;
            }
        }
        return true;
    }

    /** Every running member has applied the same, highest index. */
    boolean converged() {
        long applied = -1;
        for (String id : memberIds) {
            SimNode n = nodes.get(id);
            if (!n.up() || (applied >= 0 && n.applied() != applied)) {
                return false;
            }
            applied = n.applied();
        }
        return applied >= invariants.maxApplied();
    }

    List<Operation<KvInput, KvOutput>> historyOps() {
        return history.history();
    }

    CheckResult checkLinearizable(Duration timeout) {
        return LinearizabilityChecker.check(KvModel.INSTANCE, history.history(), timeout);
    }

    /** One line per node, for failure reports. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        for (SimNode n : nodes.values()) {
            sb.append(String.format("  %-4s %s", n.id, n.up() ? "" : "down"));
            if (n.up()) {
                sb.append(n.role()).append(" term ").append(n.term()).append(" applied ").append(n.applied())
                        .append(" log ").append(n.storage().snapshot().index()).append("..").append(n.storage().lastIndex())
                        .append(n.paused() ? " paused" : "");
            }
            sb.append('\n');
        }
        sb.append("  members ").append(memberIds).append(", cut links ").append(network.describeCuts());
        return sb.toString();
    }
}
