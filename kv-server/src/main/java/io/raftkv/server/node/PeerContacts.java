package io.raftkv.server.node;

import io.raftkv.server.raft.RaftStatus;
import io.raftkv.server.raft.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * When this node last heard from each peer, the status report built from that and the core's view,
 * and the log lines for peers that fall behind the leader. Driver thread only.
 */
final class PeerContacts {
    private static final Logger log = LoggerFactory.getLogger(PeerContacts.class);
    /** A follower this many entries behind the leader's last index is reported as falling behind. */
    static final long BEHIND_ENTRIES = 10_000;
    private static final long CHECK_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final MemberDirectory directory;
    private final Map<String, Long> lastHeardNanos = new HashMap<>();
    private final Set<String> behind = new HashSet<>();
    private long nextCheckNanos;

    PeerContacts(MemberDirectory directory) {
        this.directory = directory;
    }

    void heard(String peer, long nowNanos) {
        lastHeardNanos.put(peer, nowNanos);
    }

    /** Whether a message from {@code peer} arrived within {@code nanos} before {@code nowNanos}. */
    boolean heardWithin(String peer, long nanos, long nowNanos) {
        Long heard = lastHeardNanos.get(peer);
        return heard != null && nowNanos - heard <= nanos;
    }

    /**
     * The status of the membership in force, with the state machine's {@code applied} index (while a
     * snapshot is written it trails the core's); a member whose address is unknown is left out.
     */
    NodeStatus status(RaftStatus raft, long applied, long nowNanos) {
        List<NodeStatus.MemberStatus> members = new ArrayList<>();
        for (String id : raft.conf().members()) {
            Member m = directory.get(id);
            if (m == null) {
                continue;
            }
            RaftStatus.PeerProgress p = raft.progress().get(m.id());
            long match = p == null ? -1 : p.match();
            long lag = p == null ? -1 : Math.max(0, raft.lastIndex() - p.match());
            Long heard = lastHeardNanos.get(m.id());
            long contact = heard == null || m.id().equals(raft.id()) ? -1 : TimeUnit.NANOSECONDS.toMillis(nowNanos - heard);
            members.add(new NodeStatus.MemberStatus(m, roleOf(m.id(), raft), match, lag, contact));
        }
        Member leader = directory.get(raft.leader());
        return new NodeStatus(raft.id(), raft.role().name().toLowerCase(Locale.ROOT).replace('_', '-'), raft.term(),
                leader, raft.commit(), applied, members, null);
    }

    private static String roleOf(String id, RaftStatus raft) {
        if (id.equals(raft.leader())) {
            return "leader";
        }
        if (raft.conf().isLearner(id)) {
            return "learner";
        }
        if (id.equals(raft.id())) {
            return raft.role().name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        return "follower";
    }

    /** On the leader, about once a second: logs peers that fell behind or went quiet, and their recovery. */
    void checkLag(Supplier<RaftStatus> status, long nowNanos) {
        if (nowNanos - nextCheckNanos < 0) {
            return;
        }
        nextCheckNanos = nowNanos + CHECK_EVERY_NANOS;
        RaftStatus raft = status.get();
        if (raft.role() != Role.LEADER) {
            behind.clear();
            return;
        }
        raft.progress().forEach((peer, p) -> {
            if (peer.equals(raft.id())) {
                return;
            }
            long lag = raft.lastIndex() - p.match();
            boolean isBehind = lag > BEHIND_ENTRIES || !p.recentlyActive();
            if (isBehind && behind.add(peer)) {
                if (p.recentlyActive()) {
                    log.warn("Follower {} is falling behind: {} entries behind", peer, lag);
                } else {
                    log.warn("Follower {} has not answered recently ({} entries behind)", peer, lag);
                }
            } else if (!isBehind && behind.remove(peer)) {
                log.info("Follower {} caught up ({} entries behind)", peer, lag);
            }
        });
    }
}
