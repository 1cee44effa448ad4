package io.raftkv.server.raft.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A membership change of one server (thesis §4.1), carried in a {@link EntryType#CONF_CHANGE}
 * entry. {@code context} is opaque to the core: the node keeps the member's addresses there.
 */
public record ConfChange(Type type, String nodeId, byte[] context) {
    public enum Type {
        /** Adds a voter, or promotes a learner to voter. */
        ADD_VOTER,
        /** Adds a non-voting learner. */
        ADD_LEARNER,
        /** Removes a voter or a learner; removing the leader makes it step down once committed. */
        REMOVE_NODE
    }

    public ConfChange {
        context = context == null ? new byte[0] : context;
    }

    public byte[] encode() {
        byte[] id = nodeId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 4 + id.length + 4 + context.length)
                .put((byte) type.ordinal())
                .putInt(id.length).put(id)
                .putInt(context.length).put(context)
                .array();
    }

    public static ConfChange decode(byte[] data) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        Type type = Type.values()[buf.get()];
        byte[] id = new byte[buf.getInt()];
        buf.get(id);
        byte[] context = new byte[buf.getInt()];
        buf.get(context);
        return new ConfChange(type, new String(id, StandardCharsets.UTF_8), context);
    }
}
