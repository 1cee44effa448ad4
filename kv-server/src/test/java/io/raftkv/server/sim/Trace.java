package io.raftkv.server.sim;

import io.raftkv.server.raft.message.AppendRequest;
import io.raftkv.server.raft.message.AppendResponse;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.HeartbeatRequest;
import io.raftkv.server.raft.message.HeartbeatResponse;
import io.raftkv.server.raft.message.InstallSnapshot;
import io.raftkv.server.raft.message.Message;
import io.raftkv.server.raft.message.ReadIndexRequest;
import io.raftkv.server.raft.message.ReadIndexResponse;
import io.raftkv.server.raft.message.TimeoutNow;
import io.raftkv.server.raft.message.VoteRequest;
import io.raftkv.server.raft.message.VoteResponse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What happened in a run: a digest of every event (two runs of one seed must produce the same
 * digest) and the last few hundred events, rendered only when a failure is reported. Recording is
 * cheap on purpose: an event keeps references to immutable values and is formatted lazily.
 */
final class Trace {
    private static final int TAIL = 300;

    private record Line(long time, String node, String what, Object detail) {
        @Override
        public String toString() {
            return String.format("%9.3f ms %-4s %s%s", time / 1000.0, node == null ? "-" : node, what,
                    detail == null ? "" : " " + detail);
        }
    }

    private final EventQueue clock;
    private final Line[] tail = new Line[TAIL];
    private int next;
    private long count;
    private long digest = 0x9E3779B97F4A7C15L;
    private boolean verbose;

    Trace(EventQueue clock) {
        this.clock = clock;
    }

    /** Prints every event as it happens (for replaying one seed by hand). */
    void verbose(boolean on) {
        verbose = on;
    }

    void record(String node, String what, Object detail) {
        Line line = new Line(clock.now(), node, what, detail);
        tail[next] = line;
        next = (next + 1) % TAIL;
        count++;
        digest = mix(digest, clock.now());
        digest = mix(digest, node == null ? 0 : node.hashCode());
        digest = mix(digest, what.hashCode());
        digest = mix(digest, detailHash(detail));
        if (verbose) {
            System.out.println(line);
        }
    }

    long digest() {
        return digest;
    }

    /** Mixes a string into the digest, e.g. the rendered client history. */
    void absorb(String text) {
        digest = mix(digest, text.hashCode());
        digest = mix(digest, text.length());
    }

    long events() {
        return count;
    }

    List<String> tail() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < TAIL; i++) {
            Line line = tail[(next + i) % TAIL];
            if (line != null) {
                lines.add(line.toString());
            }
        }
        return lines;
    }

    static long mix(long h, long v) {
        long x = h ^ (v + 0x9E3779B97F4A7C15L + (h << 6) + (h >>> 2));
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        return x;
    }

    /** A hash of an event's detail that does not depend on identity hash codes (byte arrays). */
    private static long detailHash(Object detail) {
        return switch (detail) {
            case null -> 0;
            case Message m -> messageHash(m);
            case byte[] b -> Arrays.hashCode(b);
            case Entry e -> entryHash(e);
            default -> detail.toString().hashCode();
        };
    }

    static long entryHash(Entry e) {
        long h = mix(e.index(), e.term());
        h = mix(h, e.type().ordinal());
        return mix(h, Arrays.hashCode(e.data()));
    }

    private static long messageHash(Message m) {
        long h = mix(m.getClass().getSimpleName().hashCode(), m.from().hashCode());
        h = mix(mix(h, m.to().hashCode()), m.term());
        return switch (m) {
            case AppendRequest a -> {
                h = mix(mix(mix(h, a.prevLogIndex()), a.prevLogTerm()), a.leaderCommit());
                for (Entry e : a.entries()) {
                    h = mix(h, entryHash(e));
                }
                yield h;
            }
            case AppendResponse r -> mix(mix(mix(mix(h, r.success() ? 1 : 0), r.index()), r.hintIndex()), r.hintTerm());
            case HeartbeatRequest r -> mix(mix(h, r.commit()), r.readContext());
            case HeartbeatResponse r -> mix(h, r.readContext());
            case InstallSnapshot s -> mix(mix(mix(h, s.snapshot().index()), s.snapshot().term()),
                    Arrays.hashCode(s.snapshot().data()));
            case VoteRequest v -> mix(mix(mix(h, v.lastLogIndex()), v.lastLogTerm()),
                    (v.preVote() ? 1 : 0) + (v.transfer() ? 2 : 0));
            case VoteResponse v -> mix(h, (v.preVote() ? 1 : 0) + (v.granted() ? 2 : 0));
            case ReadIndexRequest r -> mix(h, r.requestId());
            case ReadIndexResponse r -> mix(mix(h, r.requestId()), r.index());
            case TimeoutNow t -> h;
        };
    }
}
