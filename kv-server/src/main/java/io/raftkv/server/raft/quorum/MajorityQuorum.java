package io.raftkv.server.raft.quorum;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/** Majority arithmetic over a set of voters (Raft §5.2, §5.3). */
public final class MajorityQuorum {
    /** The outcome of an election so far. */
    public enum VoteResult { WON, LOST, PENDING }

    private MajorityQuorum() {
    }

    public static int size(int voters) {
        return voters / 2 + 1;
    }

    /**
     * The highest index acknowledged by a majority: sort the voters' acknowledged indexes in
     * descending order and take the one at position quorum − 1. No voters commit nothing.
     */
    public static long committedIndex(Set<String> voters, ToLongFunction<String> acked) {
        if (voters.isEmpty()) {
            return 0;
        }
        long[] indexes = voters.stream().mapToLong(acked).toArray();
        Arrays.sort(indexes);
        return indexes[indexes.length - size(indexes.length)];
    }

    /** Tallies {@code votes} (voter → granted); votes from non-voters do not count. */
    public static VoteResult tally(Set<String> voters, Map<String, Boolean> votes) {
        int granted = 0;
        int rejected = 0;
        for (String voter : voters) {
            Boolean vote = votes.get(voter);
            if (vote == null) {
                continue;
            }
            if (vote) {
                granted++;
            } else {
                rejected++;
            }
        }
        int quorum = size(voters.size());
        if (voters.isEmpty()) {
            return VoteResult.LOST;
        }
        if (granted >= quorum) {
            return VoteResult.WON;
        }
        return rejected > voters.size() - quorum ? VoteResult.LOST : VoteResult.PENDING;
    }

    public static boolean hasQuorum(Set<String> voters, Predicate<String> active) {
        return !voters.isEmpty() && voters.stream().filter(active).count() >= size(voters.size());
    }
}
