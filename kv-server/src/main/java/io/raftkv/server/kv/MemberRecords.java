package io.raftkv.server.kv;

import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.storage.StateStore;
import io.raftkv.server.storage.StoredRecord;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The context of every member's latest ADD change (the node keeps its addresses there), as records
 * in the replicated state, so a snapshot carries the membership's addresses along with the data:
 * <pre>
 *   0x04 ‖ node id (UTF-8) → the context bytes
 * </pre>
 * A change without a context (a promotion, or a founding voter of a cluster bootstrapped before
 * contexts existed) keeps what is recorded; a removal deletes the record.
 */
final class MemberRecords {
    static final byte MEMBER = 0x04;
    private static final int MAX_MEMBERS = 1024;

    private MemberRecords() {
    }

    /** Records what the CONF_CHANGE {@code entry} changes; an undecodable one changes nothing, as in the core. */
    static void apply(Entry entry, ApplyBatch batch) {
        ConfChange change;
        try {
            change = ConfChange.decode(entry.data());
        } catch (RuntimeException malformed) {
            return;
        }
        byte[] key = key(change.nodeId());
        switch (change.type()) {
            case ADD_VOTER, ADD_LEARNER -> {
                if (change.context().length > 0) {
                    batch.putRecord(key, change.context());
                }
            }
            case REMOVE_NODE -> batch.deleteRecord(key);
        }
    }

    /** Every recorded member's context, by node id. */
    static Map<String, byte[]> read(StateStore store) {
        Map<String, byte[]> members = new TreeMap<>();
        for (StoredRecord r : store.records(new byte[] {MEMBER}, new byte[] {MEMBER}, MAX_MEMBERS)) {
            byte[] key = r.key();
            members.put(new String(Arrays.copyOfRange(key, 1, key.length), StandardCharsets.UTF_8), r.value());
        }
        return members;
    }

    private static byte[] key(String nodeId) {
        byte[] id = nodeId.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[1 + id.length];
        key[0] = MEMBER;
        System.arraycopy(id, 0, key, 1, id.length);
        return key;
    }
}
