package io.raftkv.server.sim;

import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.EntryType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The replicated key-value map of one node, with client sessions: for each client the last seq
 * applied and its result, so a retry of a command that already took effect returns the remembered
 * result instead of applying twice (thesis §6.3; a client has one command outstanding at a time).
 *
 * <p>{@link #chain()} hashes every entry applied so far in order; two nodes at the same applied
 * index must have the same chain, which checks whole applied prefixes, snapshots included.
 */
final class KvStateMachine {
    /** The result of applying one entry. */
    enum Outcome {
        /** Not a client command: a leader's no-op or a membership change. */
        NONE,
        /** Applied (PUT, DELETE, matching CAS). */
        OK,
        /** A CAS whose expectation did not hold: no effect. */
        CAS_FAILED,
        /** An older seq of a client that has moved on: ignored, nobody waits for it. */
        STALE
    }

    private record Session(long seq, Outcome outcome) {
    }

    private final TreeMap<String, String> data = new TreeMap<>();
    private final Map<Integer, Session> sessions = new HashMap<>();
    private long applied;
    private long chain;

    long applied() {
        return applied;
    }

    long chain() {
        return chain;
    }

    String get(String key) {
        return data.get(key);
    }

    /** Applies the next committed entry; the caller has checked that it is the next index. */
    Outcome apply(Entry e) {
        applied = e.index();
        chain = Trace.mix(chain, Trace.entryHash(e));
        if (e.type() != EntryType.NORMAL || e.data().length == 0) {
            return Outcome.NONE;
        }
        KvCommand c = KvCommand.decode(e.data());
        Session s = sessions.get(c.client());
        if (s != null && c.seq() <= s.seq) {
            return c.seq() == s.seq ? s.outcome : Outcome.STALE;
        }
        Outcome outcome = execute(c);
        sessions.put(c.client(), new Session(c.seq(), outcome));
        return outcome;
    }

    private Outcome execute(KvCommand c) {
        switch (c.kind()) {
            case PUT -> data.put(c.key(), c.value());
            case DELETE -> data.remove(c.key());
            case CAS -> {
                if (!Objects.equals(data.get(c.key()), c.expected())) {
                    return Outcome.CAS_FAILED;
                }
                data.put(c.key(), c.value());
            }
        }
        return Outcome.OK;
    }

    /** The state machine's own encoding, for {@code Raft.compact} and InstallSnapshot. */
    byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(chain);
            out.writeInt(data.size());
            for (Map.Entry<String, String> kv : data.entrySet()) {
                out.writeUTF(kv.getKey());
                out.writeUTF(kv.getValue());
            }
            TreeMap<Integer, Session> sorted = new TreeMap<>(sessions);
            out.writeInt(sorted.size());
            for (Map.Entry<Integer, Session> s : sorted.entrySet()) {
                out.writeInt(s.getKey());
                out.writeLong(s.getValue().seq);
                out.writeByte(s.getValue().outcome.ordinal());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Replaces the whole state with a snapshot taken at {@code index} (empty data = initial state). */
    void restore(byte[] snapshot, long index) {
        data.clear();
        sessions.clear();
        applied = index;
        chain = 0;
        if (snapshot == null || snapshot.length == 0) {
            return;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            chain = in.readLong();
            for (int n = in.readInt(); n > 0; n--) {
                data.put(in.readUTF(), in.readUTF());
            }
            for (int n = in.readInt(); n > 0; n--) {
                sessions.put(in.readInt(), new Session(in.readLong(), Outcome.values()[in.readByte()]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
