package io.raftkv.server.raft.tracker;

import io.raftkv.server.raft.quorum.MajorityQuorum;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The leader's {@link Progress} for every member, itself included. */
public final class ProgressTracker {
    private final Map<String, Progress> progress = new TreeMap<>();
    private final int maxInflight;

    public ProgressTracker(int maxInflight) {
        this.maxInflight = maxInflight;
    }

    /** Forgets everything: every member starts probing at {@code next}. */
    public void reset(Set<String> voters, Set<String> learners, long next) {
        progress.clear();
        update(voters, learners, next);
    }

    /** Follows a membership change: adds new members at {@code next}, drops removed ones. */
    public void update(Set<String> voters, Set<String> learners, long next) {
        progress.keySet().removeIf(id -> !voters.contains(id) && !learners.contains(id));
        voters.forEach(id -> progress.computeIfAbsent(id, k -> new Progress(next, maxInflight, false)).setLearner(false));
        learners.forEach(id -> progress.computeIfAbsent(id, k -> new Progress(next, maxInflight, true)).setLearner(true));
    }

    public Progress get(String id) {
        return progress.get(id);
    }

    public Map<String, Progress> all() {
        return Collections.unmodifiableMap(progress);
    }

    /** The highest index a majority of {@code voters} holds. */
    public long committedIndex(Set<String> voters) {
        return MajorityQuorum.committedIndex(voters, id -> {
            Progress p = progress.get(id);
            return p == null ? 0 : p.match();
        });
    }

    /** Whether a quorum of voters was heard from since the last reset (thesis §6.2). */
    public boolean quorumActive(Set<String> voters, String self) {
        return MajorityQuorum.hasQuorum(voters, id -> id.equals(self)
                || progress.containsKey(id) && progress.get(id).recentActive());
    }

    public void resetRecentActive() {
        progress.values().forEach(p -> p.setRecentActive(false));
    }
}
