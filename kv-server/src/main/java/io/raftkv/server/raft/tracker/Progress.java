package io.raftkv.server.raft.tracker;

/**
 * The leader's view of one member's log. Invariant: {@code 0 <= match < next}.
 *
 * <p>In PROBE the leader sends one AppendEntries at a time and waits for the answer, to find
 * where the logs agree; in REPLICATE it streams entries optimistically within the inflight
 * window; in SNAPSHOT it waits for an InstallSnapshot to land.
 */
public final class Progress {
    /** How the leader currently sends to this member. */
    public enum State { PROBE, REPLICATE, SNAPSHOT }

    private long match;
    private long next;
    private State state = State.PROBE;
    private boolean probeSent;
    private long pendingSnapshot;
    private int ticksInSnapshot;
    private boolean recentActive;
    private boolean learner;
    private final Inflights inflights;

    public Progress(long next, int maxInflight, boolean learner) {
        this.next = next;
        this.learner = learner;
        this.inflights = new Inflights(maxInflight);
    }

    public long match() {
        return match;
    }

    public long next() {
        return next;
    }

    public State state() {
        return state;
    }

    public boolean learner() {
        return learner;
    }

    public void setLearner(boolean learner) {
        this.learner = learner;
    }

    public boolean recentActive() {
        return recentActive;
    }

    public void setRecentActive(boolean active) {
        this.recentActive = active;
    }

    public long pendingSnapshot() {
        return pendingSnapshot;
    }

    /** Whether the leader must wait before sending this member more entries. */
    public boolean paused() {
        return switch (state) {
            case PROBE -> probeSent;
            case REPLICATE -> inflights.full();
            case SNAPSHOT -> true;
        };
    }

    public void becomeProbe() {
        next = state == State.SNAPSHOT ? Math.max(match + 1, pendingSnapshot + 1) : match + 1;
        enter(State.PROBE);
    }

    public void becomeReplicate() {
        next = match + 1;
        enter(State.REPLICATE);
    }

    public void becomeSnapshot(long snapshotIndex) {
        pendingSnapshot = snapshotIndex;
        enter(State.SNAPSHOT);
    }

    private void enter(State newState) {
        state = newState;
        probeSent = false;
        ticksInSnapshot = 0;
        inflights.reset();
        if (newState != State.SNAPSHOT) {
            pendingSnapshot = 0;
        }
    }

    /** Records that an AppendEntries ending at {@code lastIndex} went out with {@code entries} entries. */
    public void sent(long lastIndex, int entries) {
        if (state == State.REPLICATE) {
            if (entries > 0) {
                next = lastIndex + 1;
                inflights.add(lastIndex);
            }
        } else if (state == State.PROBE) {
            probeSent = true;
        }
    }

    /** Records a successful append up to {@code index}; false if the answer is stale. */
    public boolean acknowledge(long index) {
        boolean updated = index > match;
        if (updated) {
            match = index;
            probeSent = false;
        }
        next = Math.max(next, index + 1);
        inflights.freeUpTo(index);
        return updated;
    }

    /**
     * Handles a rejection of the append at {@code rejected}: in REPLICATE falls back to just after
     * the known match; in PROBE retries below the follower's hint. False if the rejection is stale.
     */
    public boolean rejected(long rejected, long hint) {
        if (state == State.REPLICATE) {
            if (rejected <= match) {
                return false;
            }
            next = match + 1;
            return true;
        }
        if (next - 1 != rejected) {
            return false;
        }
        next = Math.max(Math.min(rejected, hint + 1), match + 1);
        probeSent = false;
        return true;
    }

    /** A heartbeat answer proves the member is alive: let a stalled probe or window move again. */
    public void heardFrom() {
        recentActive = true;
        probeSent = false;
        if (state == State.REPLICATE && inflights.full()) {
            inflights.freeFirst();
        }
    }

    /** Counts a tick in SNAPSHOT; after {@code limit} ticks without an answer, probe again. */
    public void tickSnapshot(int limit) {
        if (state == State.SNAPSHOT && ++ticksInSnapshot >= limit) {
            pendingSnapshot = 0; // the snapshot may never have arrived: probe from the known match
            becomeProbe();
        }
    }

    @Override
    public String toString() {
        return state + " match=" + match + " next=" + next + (learner ? " learner" : "");
    }
}
