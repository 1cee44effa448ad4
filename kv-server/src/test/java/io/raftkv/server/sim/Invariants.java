package io.raftkv.server.sim;

import io.raftkv.server.raft.Role;
import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.ConfState;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.EntryType;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Raft's safety properties (Raft §5.4, Figure 3), checked as the run goes, each cheaply:
 * <ul>
 *   <li><b>Election safety</b>: at most one leader per term.</li>
 *   <li><b>Log matching</b>: two logs with an entry of the same index and term hold the same entry
 *       there, and the same term just before it (which, index by index, makes the prefixes equal).
 *       Checked on every log write and on every log excerpt a leader sends.</li>
 *   <li><b>Leader completeness</b>: an entry committed while the cluster was at term U or lower is in
 *       the log of every leader of a later term. A node that applies an entry is at a term no lower
 *       than the one in which it was committed, so the lowest term at which anyone applied it bounds
 *       U; every AppendEntries or snapshot a leader sends reveals its log.</li>
 *   <li><b>State machine safety</b>: every node applies the same entry at each index, in order, and
 *       the hash chain over the applied prefix (snapshots included) agrees.</li>
 *   <li><b>Reads</b>: a read index covers everything applied anywhere before the read was asked.</li>
 *   <li><b>No acknowledged write lost</b>: acknowledged writes are applied entries, so state machine
 *       safety keeps them; at the end every member must have applied them all.</li>
 * </ul>
 */
final class Invariants {
    private record LogPos(long index, long term) {
    }

    /** What a log holds at (index, term): the entry's hash and the term just before it (-1 unknown). */
    private record LogFact(long entryHash, long prevTerm, String where) {
    }

    private final Map<Long, String> leaderOfTerm = new HashMap<>();
    private final Map<LogPos, LogFact> logFacts = new HashMap<>();
    /** Per committed index: entry term (0 = not yet known), entry hash, chain after it, lowest applying term. */
    private long[] committedTerm = new long[1024];
    private long[] committedHash = new long[1024];
    private long[] chainAt = new long[1024];
    private boolean[] chainKnown = new boolean[1024];
    private long[] lowestApplyTerm = new long[1024];
    /** Per index, what leaders said their log held there: leader term -> entry term. */
    private final Map<Long, TreeMap<Long, Long>> leaderClaims = new HashMap<>();
    private long maxApplied;
    /** The highest index of a write some client was told took effect. */
    private long maxAcknowledged;
    private ConfState committedConf;

    Invariants(ConfState initialConf) {
        committedConf = initialConf;
        chainKnown[0] = true;
    }

    ConfState committedConf() {
        return committedConf;
    }

    /** The highest index any node has applied: everything up to it is committed. */
    long maxApplied() {
        return maxApplied;
    }

    long committedTerm(long index) {
        return index < committedTerm.length ? committedTerm[(int) index] : 0;
    }

    void observeRole(String node, Role role, long term) {
        if (role != Role.LEADER) {
            return;
        }
        String other = leaderOfTerm.putIfAbsent(term, node);
        if (other != null && !other.equals(node)) {
            throw new InvariantViolation("election safety: " + other + " and " + node + " are both leader of term " + term);
        }
    }

    /**
     * A contiguous run of a node's log, written to its disk or sent by a leader.
     *
     * @param prevTerm the term of the entry before the first one in that log, -1 when unknown
     */
    void observeLog(String where, long prevTerm, List<Entry> entries) {
        long before = prevTerm;
        long expectIndex = entries.isEmpty() ? 0 : entries.getFirst().index();
        for (Entry e : entries) {
            if (e.index() != expectIndex) {
                throw new InvariantViolation("log of " + where + " is not contiguous at " + e);
            }
            if (before >= 0 && e.term() < before) {
                throw new InvariantViolation("log of " + where + " has term going down at " + e + " (previous term " + before + ")");
            }
            LogFact fact = new LogFact(Trace.entryHash(e), before, where);
            LogFact old = logFacts.putIfAbsent(new LogPos(e.index(), e.term()), fact);
            if (old != null && (old.entryHash != fact.entryHash
                    || (old.prevTerm >= 0 && before >= 0 && old.prevTerm != before))) {
                throw new InvariantViolation("log matching: entry " + e + " differs between " + old.where + " and " + where
                        + " (previous terms " + old.prevTerm + " and " + before + ")");
            }
            if (old != null && old.prevTerm < 0 && before >= 0) {
                logFacts.put(new LogPos(e.index(), e.term()), fact);
            }
            before = e.term();
            expectIndex++;
        }
    }

    /** A leader of {@code leaderTerm} showed that its log has an entry of {@code entryTerm} at {@code index}. */
    void observeLeaderLog(String leader, long leaderTerm, long index, long entryTerm) {
        if (index <= 0) {
            return;
        }
        if (entryTerm > leaderTerm) {
            throw new InvariantViolation("leader " + leader + " of term " + leaderTerm + " has entry " + index + "/" + entryTerm
                    + " from a future term");
        }
        Long old = leaderClaims.computeIfAbsent(index, k -> new TreeMap<>()).putIfAbsent(leaderTerm, entryTerm);
        if (old != null && old != entryTerm) {
            throw new InvariantViolation("leader " + leader + " of term " + leaderTerm + " changed its entry at " + index
                    + " from term " + old + " to " + entryTerm);
        }
        checkCompleteness(index, leaderTerm, entryTerm);
    }

    private void checkCompleteness(long index, long leaderTerm, long entryTerm) {
        if (index >= committedTerm.length || committedTerm[(int) index] == 0) {
            return;
        }
        int i = (int) index;
        if (leaderTerm > lowestApplyTerm[i] && entryTerm != committedTerm[i]) {
            throw new InvariantViolation("leader completeness: the leader of term " + leaderTerm + " has " + index + "/"
                    + entryTerm + " but " + index + "/" + committedTerm[i] + " was committed by term "
                    + lowestApplyTerm[i]);
        }
    }

    /**
     * {@code node}, at term {@code nodeTerm}, applied {@code e}, after which its chain is {@code chain}.
     *
     * @return whether this is the first time any node applied this index
     */
    boolean observeApply(String node, Entry e, long chain, long nodeTerm) {
        int i = Math.toIntExact(e.index());
        grow(i);
        long hash = Trace.entryHash(e);
        boolean first = committedTerm[i] == 0;
        if (first) {
            committedTerm[i] = e.term();
            committedHash[i] = hash;
            lowestApplyTerm[i] = nodeTerm;
            if (e.type() == EntryType.CONF_CHANGE) {
                committedConf = committedConf.apply(ConfChange.decode(e.data()));
            }
        } else if (committedHash[i] != hash) {
            throw new InvariantViolation("state machine safety: " + node + " applied " + e + " at " + i + " but "
                    + i + "/" + committedTerm[i] + " was applied before");
        }
        observeChain(node, i, chain);
        maxApplied = Math.max(maxApplied, e.index());
        if (nodeTerm < lowestApplyTerm[i] || first) {
            lowestApplyTerm[i] = Math.min(lowestApplyTerm[i], nodeTerm);
            TreeMap<Long, Long> claims = leaderClaims.get(e.index());
            if (claims != null) {
                for (Map.Entry<Long, Long> c : claims.tailMap(lowestApplyTerm[i], false).entrySet()) {
                    checkCompleteness(e.index(), c.getKey(), c.getValue());
                }
            }
        }
        return first;
    }

    /** {@code node} installed a snapshot at {@code index} whose state hashes to {@code chain}. */
    void observeSnapshot(String node, long index, long chain) {
        int i = Math.toIntExact(index);
        grow(i);
        observeChain(node, i, chain);
        maxApplied = Math.max(maxApplied, index);
    }

    private void observeChain(String node, int i, long chain) {
        if (!chainKnown[i]) {
            chainKnown[i] = true;
            chainAt[i] = chain;
        } else if (chainAt[i] != chain) {
            throw new InvariantViolation("applied prefixes diverge: " + node + " reached index " + i
                    + " with a different state than the nodes before it");
        }
    }

    /** A client was told its write took effect at {@code index}: it must never be lost. */
    void observeAcknowledged(long index) {
        maxAcknowledged = Math.max(maxAcknowledged, index);
    }

    /** At the end of a run: every member still running holds every acknowledged write. */
    void checkNoAcknowledgedWriteLost(String node, long applied) {
        if (applied < maxAcknowledged) {
            throw new InvariantViolation("acknowledged write lost: " + node + " ends at applied index " + applied
                    + " but a write was acknowledged at " + maxAcknowledged);
        }
    }

    /** A read index answered for a read asked when {@code appliedAtCall} was applied somewhere. */
    void observeReadIndex(String node, long requestId, long readIndex, long appliedAtCall) {
        if (readIndex >= 0 && readIndex < appliedAtCall) {
            throw new InvariantViolation("read index " + readIndex + " for read " + requestId + " on " + node
                    + " misses index " + appliedAtCall + ", applied before the read was asked");
        }
    }

    private void grow(int i) {
        if (i < committedTerm.length) {
            return;
        }
        int n = Math.max(i + 1, committedTerm.length * 2);
        committedTerm = Arrays.copyOf(committedTerm, n);
        committedHash = Arrays.copyOf(committedHash, n);
        chainAt = Arrays.copyOf(chainAt, n);
        chainKnown = Arrays.copyOf(chainKnown, n);
        lowestApplyTerm = Arrays.copyOf(lowestApplyTerm, n);
    }
}
