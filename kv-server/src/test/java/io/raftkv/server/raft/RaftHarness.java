package io.raftkv.server.raft;

import io.raftkv.server.raft.message.AppendResponse;
import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.ConfState;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.EntryType;
import io.raftkv.server.raft.message.HardState;
import io.raftkv.server.raft.message.Message;
import io.raftkv.server.raft.message.Snapshot;
import io.raftkv.server.raft.message.SnapshotMeta;
import io.raftkv.server.raft.message.VoteRequest;
import io.raftkv.server.raft.message.VoteResponse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * One Raft core with an in-memory "disk" and state machine, driven exactly as {@link Ready}
 * prescribes: send {@code messages}, persist snapshot, entries and hard state, send
 * {@code messagesAfterPersist}, install the snapshot, apply {@code committedEntries}, collect
 * {@code readStates}, then {@link Raft#advance(Ready)}.
 *
 * <p>The harness also records breaches of the Ready contract in {@link #violations()} instead of
 * throwing, so one core bug does not hide the outcome of the rule a test is about;
 * {@code ReadyContractTest} asserts that the list stays empty.
 */
final class RaftHarness {
    private final RaftConfig config;
    private Raft raft;

    // The "disk": what a real node would have fsynced.
    private HardState hardState;
    private Snapshot snapshot;
    private final List<Entry> log = new ArrayList<>();
    // The state machine.
    private long applied;
    private final List<Entry> appliedEntries = new ArrayList<>();
    private Snapshot installedSnapshot;
    private final List<ReadState> readStates = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();

    RaftHarness(RaftConfig config, PersistentState state) {
        this.config = config;
        this.hardState = state.hardState();
        this.snapshot = state.snapshot();
        this.log.addAll(state.entries());
        this.applied = state.applied();
        this.raft = new Raft(config, state);
    }

    // ---- configurations and factories ----

    /** Raft as in the paper: no PreVote, no CheckQuorum, election 10 ticks, heartbeat 1 tick. */
    static RaftConfig classic(String id) {
        return RaftConfig.defaults(id, new SplittableRandom(seed(id))).withPreVote(false).withCheckQuorum(false);
    }

    /** The production defaults (PreVote and CheckQuorum on), with a seeded random. */
    static RaftConfig defaults(String id) {
        return RaftConfig.defaults(id, new SplittableRandom(seed(id)));
    }

    private static long seed(String id) {
        return 0x5eed + id.hashCode();
    }

    // ---- bootstrap ----

    /**
     * The term of a founding member's bootstrap entries, and its term at start
     * ({@link PersistentState#bootstrap}): no election has happened yet.
     */
    static final long BOOTSTRAP_TERM = 1;

    /** The term of the first election on a brand-new cluster. */
    static final long FIRST_ELECTION_TERM = BOOTSTRAP_TERM + 1;

    /**
     * How many entries a founding member of {@code voters} starts with, all committed: one
     * ADD_VOTER per voter. The first entry of the cluster's own is at {@code bootstrapEntries + 1}.
     */
    static long bootstrapEntries(String... voters) {
        return voters.length;
    }

    /** The committed log every founding member of {@code voters} starts with: ADD_VOTER per voter, sorted by id. */
    static List<Entry> bootstrapLog(String... voters) {
        List<Entry> out = new ArrayList<>();
        for (String voter : ConfState.ofVoters(voters).voters()) {
            byte[] add = new ConfChange(ConfChange.Type.ADD_VOTER, voter, null).encode();
            out.add(new Entry(out.size() + 1, BOOTSTRAP_TERM, EntryType.CONF_CHANGE, add));
        }
        return out;
    }

    static RaftHarness bootstrap(RaftConfig config, String... voters) {
        return new RaftHarness(config, PersistentState.bootstrap(ConfState.ofVoters(voters)));
    }

    /**
     * A founding member of {@code voters} whose start-up Readies are handled: its bootstrap entries
     * and hard state are on disk and applied, so the next Ready shows only what the test causes.
     */
    static RaftHarness bootstrapped(RaftConfig config, String... voters) {
        RaftHarness h = bootstrap(config, voters);
        h.drain();
        if (h.applied() != bootstrapEntries(voters)) {
            throw new AssertionError(h.id() + " did not apply its bootstrap entries: " + h.appliedEntries());
        }
        return h;
    }

    /** A member of {@code voters} restarted with {@code log} on disk, its hard state at {@code term}. */
    static RaftHarness withLog(RaftConfig config, long term, long commit, List<Entry> log, String... voters) {
        Snapshot initial = new Snapshot(new SnapshotMeta(0, 0, ConfState.ofVoters(voters)), new byte[0]);
        return new RaftHarness(config, new PersistentState(new HardState(term, null, commit), initial, log, 0));
    }

    static RaftHarness joining(RaftConfig config) {
        return new RaftHarness(config, PersistentState.joining());
    }

    /**
     * A node of {@code voters} made leader through the public API only: it times out, and every
     * (pre-)vote it asks for is granted. Its first Ready as leader is processed and its output
     * discarded, so followers' acknowledgements of the no-op are still to come.
     */
    static RaftHarness electedLeader(RaftConfig config, String... voters) {
        RaftHarness h = bootstrap(config, voters);
        h.tickUntil(r -> r.role() != Role.FOLLOWER, 2 * config.electionTicks() + 1);
        for (int round = 0; round < 3 && h.raft.role() != Role.LEADER; round++) {
            for (Message m : h.drain()) {
                if (m instanceof VoteRequest v) {
                    h.step(new VoteResponse(v.to(), v.from(), v.term(), v.preVote(), true));
                }
            }
        }
        h.drain();
        if (h.raft.role() != Role.LEADER) {
            throw new AssertionError(config.id() + " did not become leader but " + h.raft.role());
        }
        return h;
    }

    // ---- entries ----

    /** An entry whose data names it, e.g. "e3.2" for index 3, term 2. */
    static Entry e(long index, long term) {
        return Entry.normal(index, term, ("e" + index + "." + term).getBytes(StandardCharsets.UTF_8));
    }

    /** Entries 1..n with the given terms. */
    static List<Entry> entries(long... terms) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < terms.length; i++) {
            out.add(e(i + 1, terms[i]));
        }
        return out;
    }

    static byte[] payload(int bytes) {
        byte[] b = new byte[bytes];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    static AppendResponse ack(String from, String to, long term, long index) {
        return new AppendResponse(from, to, term, true, index, 0, 0);
    }

    // ---- driving ----

    Raft raft() {
        return raft;
    }

    String id() {
        return config.id();
    }

    RaftConfig config() {
        return config;
    }

    void step(Message m) {
        raft.step(m);
    }

    void tick() {
        raft.tick();
    }

    /** Ticks (without processing Ready) until {@code done} holds; returns the ticks taken. */
    int tickUntil(Predicate<Raft> done, int maxTicks) {
        for (int t = 1; t <= maxTicks; t++) {
            raft.tick();
            if (done.test(raft)) {
                return t;
            }
        }
        throw new AssertionError(id() + " did not reach the expected state within " + maxTicks + " ticks; role "
                + raft.role() + ", term " + raft.term());
    }

    /** Handles one Ready, if any, per its contract; returns it (or null when there was none). */
    Ready handle() {
        if (!raft.hasReady()) {
            return null;
        }
        Ready rd = raft.ready();
        checkSendOrder(rd);
        List<Entry> before = List.copyOf(log);
        long snapshotBefore = snapshot.index();
        persist(rd);
        if (rd.snapshot() != null) {
            installedSnapshot = rd.snapshot();
            applied = rd.snapshot().index();
        }
        apply(rd.committedEntries(), before, snapshotBefore);
        readStates.addAll(rd.readStates());
        raft.advance(rd);
        return rd;
    }

    /** Handles one Ready; returns what it sends, {@code messages} first. */
    List<Message> handleMessages() {
        Ready rd = handle();
        List<Message> out = new ArrayList<>();
        if (rd != null) {
            out.addAll(rd.messages());
            out.addAll(rd.messagesAfterPersist());
        }
        return out;
    }

    /** Handles Readies until there are none; returns everything sent, in order. */
    List<Message> drain() {
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < 1000 && raft.hasReady(); i++) {
            out.addAll(handleMessages());
        }
        return out;
    }

    private void checkSendOrder(Ready rd) {
        for (Message m : rd.messages()) {
            boolean promisesDisk = (m instanceof VoteRequest v && !v.preVote())
                    || (m instanceof VoteResponse r && !r.preVote() && r.granted())
                    || (m instanceof AppendResponse a && a.success());
            if (promisesDisk && rd.mustPersist()) {
                violations.add("sent before persisting: " + m);
            }
        }
    }

    private void persist(Ready rd) {
        if (rd.snapshot() != null) {
            if (rd.snapshot().index() <= hardState.commit()) {
                violations.add("snapshot " + rd.snapshot() + " not beyond commit " + hardState.commit());
            }
            snapshot = rd.snapshot();
            log.clear();
        }
        if (!rd.entries().isEmpty()) {
            long first = rd.entries().getFirst().index();
            if (first <= snapshot.index() || first > lastIndex() + 1) {
                violations.add("entries from " + first + " do not fit log " + snapshot.index() + ".." + lastIndex());
            }
            for (int i = 1; i < rd.entries().size(); i++) {
                if (rd.entries().get(i).index() != first + i) {
                    violations.add("entries not contiguous: " + rd.entries());
                }
            }
            for (Entry old : log) {
                if (old.index() >= first && old.index() <= hardState.commit()) {
                    long offset = old.index() - first;
                    Entry replacement = offset < rd.entries().size() ? rd.entries().get((int) offset) : null;
                    if (!old.equals(replacement)) {
                        violations.add("committed entry " + old + " replaced by " + replacement);
                    }
                }
            }
            log.removeIf(en -> en.index() >= first);
            log.addAll(rd.entries());
        }
        if (rd.hardState() != null) {
            HardState hs = rd.hardState();
            if (hs.term() < hardState.term() || hs.commit() < hardState.commit()) {
                violations.add("hard state went back from " + hardState + " to " + hs);
            }
            if (hs.term() == hardState.term() && hardState.votedFor() != null
                    && !hardState.votedFor().equals(hs.votedFor())) {
                violations.add("vote changed within term: " + hardState + " -> " + hs);
            }
            hardState = hs;
        }
    }

    private void apply(List<Entry> committed, List<Entry> before, long snapshotBefore) {
        for (Entry en : committed) {
            if (en.index() != applied + 1) {
                violations.add("applied " + en + " after index " + applied);
            }
            boolean wasOnDisk = en.index() > snapshotBefore
                    && before.stream().anyMatch(old -> old.equals(en));
            if (!wasOnDisk) {
                violations.add("committed entry " + en + " handed out before it was persisted");
            }
            if (en.index() > hardState.commit()) {
                violations.add("entry " + en + " applied beyond persisted commit " + hardState.commit());
            }
            appliedEntries.add(en);
            applied = en.index();
        }
    }

    // ---- the disk, the state machine and restarts ----

    /** Records a state-machine snapshot at {@code index} and compacts the log, as a driver would. */
    Snapshot compact(long index, byte[] data) {
        Snapshot s = raft.compact(index, data);
        snapshot = s;
        log.removeIf(en -> en.index() <= index);
        return s;
    }

    PersistentState persistentState() {
        return new PersistentState(hardState, snapshot, log, applied);
    }

    /** Crash and restart: a new core from what is on disk (the state machine is rebuilt up to applied). */
    void restart() {
        raft = new Raft(config, persistentState());
    }

    HardState hardState() {
        return hardState;
    }

    Snapshot storedSnapshot() {
        return snapshot;
    }

    Snapshot installedSnapshot() {
        return installedSnapshot;
    }

    List<Entry> storedLog() {
        return List.copyOf(log);
    }

    long lastIndex() {
        return log.isEmpty() ? snapshot.index() : log.getLast().index();
    }

    /** The terms of the stored log, from its first entry. */
    List<Long> storedTerms() {
        return log.stream().map(Entry::term).toList();
    }

    long applied() {
        return applied;
    }

    List<Entry> appliedEntries() {
        return List.copyOf(appliedEntries);
    }

    List<ReadState> readStates() {
        return List.copyOf(readStates);
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    @Override
    public String toString() {
        return id() + "[" + raft.role() + " t" + raft.term() + " log " + log + "]";
    }
}
