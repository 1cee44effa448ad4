package io.raftkv.server.kv;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.raftkv.proto.kv.Command;
import io.raftkv.proto.kv.Delete;
import io.raftkv.proto.kv.Put;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.EntryType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds, encodes and validates {@link Command}s. The builders leave the request id and the proposal
 * time unset: the node stamps them with {@link #withRequestId} and {@link #proposedAt} as it proposes.
 */
public final class Commands {
    private Commands() {
    }

    /** An unconditional put. */
    public static Command put(byte[] key, byte[] value) {
        return Command.newBuilder().setPut(putOf(key, value)).build();
    }

    /** A put only if the key's mod revision is {@code prevRevision}; 0 means only if the key is absent. */
    public static Command putIf(byte[] key, byte[] value, long prevRevision) {
        return Command.newBuilder().setPut(putOf(key, value).setPrevRevision(requireRevision(prevRevision))).build();
    }

    /** A put only if the key does not exist. */
    public static Command create(byte[] key, byte[] value) {
        return putIf(key, value, 0);
    }

    /** An unconditional delete. */
    public static Command delete(byte[] key) {
        return Command.newBuilder().setDelete(Delete.newBuilder().setKey(ByteString.copyFrom(key))).build();
    }

    /** A delete only if the key's mod revision is {@code prevRevision}. */
    public static Command deleteIf(byte[] key, long prevRevision) {
        return Command.newBuilder().setDelete(Delete.newBuilder().setKey(ByteString.copyFrom(key))
                .setPrevRevision(requireRevision(prevRevision))).build();
    }

    /** {@code command} with the client's idempotency key. */
    public static Command withRequestId(Command command, String requestId) {
        return command.toBuilder().setRequestId(requestId).build();
    }

    /** {@code command} stamped with the leader's clock at proposal. */
    public static Command proposedAt(Command command, long proposedAtMillis) {
        return command.toBuilder().setProposedAtMillis(proposedAtMillis).build();
    }

    /** The bytes a NORMAL log entry carries. */
    public static byte[] encode(Command command) {
        return command.toByteArray();
    }

    /**
     * The command in a NORMAL entry's data, validated.
     *
     * @throws MalformedCommandException if the bytes do not decode, no operation is set, the key is
     *                                   empty, a prev_revision is negative or a request id empty
     */
    public static Command decode(byte[] data) throws MalformedCommandException {
        Command command;
        try {
            command = Command.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedCommandException("undecodable command: " + e.getMessage(), e);
        }
        validate(command);
        return command;
    }

    /**
     * The well-formed commands among {@code entries}, by log index, decoded once for both reading
     * their keys ahead and executing them; no-ops, membership changes and malformed commands are left
     * out (executing a malformed one rejects it).
     */
    static Map<Long, Command> decodeAll(List<Entry> entries) {
        Map<Long, Command> commands = new HashMap<>();
        for (Entry entry : entries) {
            if (entry.type() != EntryType.NORMAL || entry.data().length == 0) {
                continue;
            }
            try {
                commands.put(entry.index(), decode(entry.data()));
            } catch (MalformedCommandException e) {
                // rejected when executed
            }
        }
        return commands;
    }

    /** The user key a well-formed command writes or deletes. */
    static byte[] keyOf(Command command) {
        return (command.hasPut() ? command.getPut().getKey() : command.getDelete().getKey()).toByteArray();
    }

    /** Checks what the protobuf schema cannot express. */
    static void validate(Command command) throws MalformedCommandException {
        if (command.hasRequestId() && command.getRequestId().isEmpty()) {
            throw new MalformedCommandException("empty request id");
        }
        switch (command.getOpCase()) {
            case PUT -> check(command.getPut().getKey(), command.getPut().hasPrevRevision(), command.getPut().getPrevRevision());
            case DELETE -> check(command.getDelete().getKey(), command.getDelete().hasPrevRevision(),
                    command.getDelete().getPrevRevision());
            case OP_NOT_SET -> throw new MalformedCommandException("no operation");
        }
    }

    private static void check(ByteString key, boolean hasPrevRevision, long prevRevision) throws MalformedCommandException {
        if (key.isEmpty()) {
            throw new MalformedCommandException("empty key");
        }
        if (hasPrevRevision && prevRevision < 0) {
            throw new MalformedCommandException("negative prev_revision " + prevRevision);
        }
    }

    private static Put.Builder putOf(byte[] key, byte[] value) {
        return Put.newBuilder().setKey(ByteString.copyFrom(key)).setValue(ByteString.copyFrom(value));
    }

    private static long requireRevision(long prevRevision) {
        if (prevRevision < 0) {
            throw new IllegalArgumentException("negative prev revision " + prevRevision);
        }
        return prevRevision;
    }
}
