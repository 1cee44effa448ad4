package io.raftkv.server.kv;

import io.raftkv.proto.kv.Command;
import io.raftkv.proto.kv.CommandResult;
import io.raftkv.proto.kv.Delete;
import io.raftkv.proto.kv.KeyMeta;
import io.raftkv.proto.kv.NoSuchKey;
import io.raftkv.proto.kv.PreconditionFailed;
import io.raftkv.proto.kv.Put;
import io.raftkv.server.storage.StoredValue;

import java.util.Optional;

/**
 * Applies one encoded command to an {@link ApplyBatch}, with etcd's revision rules: every command
 * that changes something advances the store revision by one; a key's create revision is where it was
 * (re)created, its mod revision its latest change, its version the writes since creation. A function
 * of the command and the state only, never of a local clock, so every replica computes the same.
 */
final class CommandExecutor {
    AppliedCommand execute(long index, byte[] data, ApplyBatch batch, IdempotencyTable idempotency) {
        Command command;
        try {
            command = Commands.decode(data);
        } catch (MalformedCommandException e) {
            return AppliedCommand.rejected(index, batch.revision(), e.getMessage());
        }
        return execute(index, command, batch, idempotency);
    }

    /** Like the encoded form, for a command already decoded (and so validated) by {@link Commands#decode}. */
    AppliedCommand execute(long index, Command command, ApplyBatch batch, IdempotencyTable idempotency) {
        long now = command.getProposedAtMillis();
        idempotency.purgeExpired(now);
        if (command.hasRequestId()) {
            Optional<CommandResult> earlier = idempotency.lookup(command.getRequestId(), now);
            if (earlier.isPresent()) {
                return AppliedCommand.replayed(index, earlier.get());
            }
        }
        CommandResult result = switch (command.getOpCase()) {
            case PUT -> put(command.getPut(), batch);
            case DELETE -> delete(command.getDelete(), batch);
            case OP_NOT_SET -> throw new AssertionError("validated by Commands.decode");
        };
        if (command.hasRequestId()) {
            idempotency.remember(command.getRequestId(), now, result);
        }
        return AppliedCommand.executed(index, result);
    }

    private static CommandResult put(Put put, ApplyBatch batch) {
        byte[] key = put.getKey().toByteArray();
        Optional<StoredValue> current = batch.value(key);
        long currentMod = current.map(StoredValue::modRevision).orElse(0L);
        if (put.hasPrevRevision() && put.getPrevRevision() != currentMod) {
            return preconditionFailed(batch.revision(), currentMod);
        }
        long revision = batch.nextRevision();
        byte[] value = put.getValue().toByteArray();
        StoredValue next = current
                .map(v -> new StoredValue(key, value, v.createRevision(), revision, v.version() + 1, 0))
                .orElseGet(() -> new StoredValue(key, value, revision, revision, 1, 0));
        batch.put(next);
        CommandResult.Builder result = CommandResult.newBuilder().setRevision(revision);
        return (current.isPresent() ? result.setReplaced(meta(next)) : result.setCreated(meta(next))).build();
    }

    private static CommandResult delete(Delete delete, ApplyBatch batch) {
        byte[] key = delete.getKey().toByteArray();
        Optional<StoredValue> current = batch.value(key);
        long currentMod = current.map(StoredValue::modRevision).orElse(0L);
        // prev_revision 0 on an absent key matches ("must not exist"), so it falls through to no_such_key.
        if (delete.hasPrevRevision() && delete.getPrevRevision() != currentMod) {
            return preconditionFailed(batch.revision(), currentMod);
        }
        if (current.isEmpty()) {
            return CommandResult.newBuilder().setRevision(batch.revision())
                    .setNoSuchKey(NoSuchKey.getDefaultInstance()).build();
        }
        long revision = batch.nextRevision();
        batch.delete(key);
        return CommandResult.newBuilder().setRevision(revision).setDeleted(meta(current.get())).build();
    }

    private static CommandResult preconditionFailed(long revision, long currentMod) {
        return CommandResult.newBuilder().setRevision(revision)
                .setPreconditionFailed(PreconditionFailed.newBuilder().setCurrentModRevision(currentMod)).build();
    }

    private static KeyMeta meta(StoredValue v) {
        return KeyMeta.newBuilder().setCreateRevision(v.createRevision()).setModRevision(v.modRevision())
                .setVersion(v.version()).build();
    }
}
