package io.raftkv.server.raft.message;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cluster membership: voters decide elections and commits, learners only receive the log
 * (thesis §4.2.1). A node is never both.
 */
public record ConfState(Set<String> voters, Set<String> learners) {
    public static final ConfState EMPTY = new ConfState(Set.of(), Set.of());

    public ConfState {
        voters = Collections.unmodifiableSet(new TreeSet<>(voters));
        learners = Collections.unmodifiableSet(new TreeSet<>(learners));
        for (String learner : learners) {
            if (voters.contains(learner)) {
                throw new IllegalArgumentException(learner + " is both a voter and a learner");
            }
        }
    }

    public static ConfState ofVoters(String... voters) {
        return new ConfState(Set.of(voters), Set.of());
    }

    public boolean isVoter(String id) {
        return voters.contains(id);
    }

    public boolean isLearner(String id) {
        return learners.contains(id);
    }

    public boolean isMember(String id) {
        return isVoter(id) || isLearner(id);
    }

    /** Every member, voters first. */
    public Set<String> members() {
        Set<String> all = new TreeSet<>(voters);
        all.addAll(learners);
        return all;
    }

    /** The membership after {@code change}; changes one server at a time (thesis §4.1). */
    public ConfState apply(ConfChange change) {
        Set<String> v = new TreeSet<>(voters);
        Set<String> l = new TreeSet<>(learners);
        String id = change.nodeId();
        switch (change.type()) {
            case ADD_VOTER -> {
                l.remove(id);
                v.add(id);
            }
            case ADD_LEARNER -> {
                if (v.contains(id)) {
                    throw new IllegalArgumentException(id + " is a voter; demoting a voter is not supported");
                }
                l.add(id);
            }
            case REMOVE_NODE -> {
                v.remove(id);
                l.remove(id);
            }
        }
        return new ConfState(v, l);
    }
}
