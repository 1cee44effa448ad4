package io.raftkv.server.kv;

import com.google.protobuf.InvalidProtocolBufferException;
import io.raftkv.proto.kv.CommandResult;
import io.raftkv.server.storage.StoredRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The results of commands that carried an idempotency key, kept as records in the replicated state
 * for a window measured on the leader's clock ({@code proposed_at_millis}), so every replica replays
 * and expires identically. Two records per request id:
 * <pre>
 *   0x02 ‖ request id (UTF-8)                           → expiry millis (8) ‖ CommandResult bytes
 *   0x03 ‖ expiry millis (8, sign bit flipped) ‖ request id → empty: the expiry index, oldest first
 * </pre>
 * The index makes the oldest records a short prefix scan, so purging costs a few reads per command.
 * One instance per {@link ApplyBatch}; it caches a lower bound of the oldest expiry for the batch.
 */
final class IdempotencyTable {
    static final byte RESULT = 0x02;
    static final byte EXPIRY = 0x03;
    /**
     * Expired records purged per command at most. Each command adds at most one result, so any bound
     * above 1 drains a backlog; purging per command (not per batch) keeps the state independent of
     * where batch boundaries fall, which differ between replicas.
     */
    static final int PURGE_PER_COMMAND = 4;

    private final ApplyBatch batch;
    private final long windowMillis;
    /** No index entry expires before this; Long.MIN_VALUE until the first scan. */
    private long oldestExpiryBound = Long.MIN_VALUE;

    IdempotencyTable(ApplyBatch batch, long windowMillis) {
        this.batch = batch;
        this.windowMillis = windowMillis;
    }

    /** The stored result for {@code requestId} if it has not expired at {@code nowMillis}. */
    Optional<CommandResult> lookup(String requestId, long nowMillis) {
        return batch.record(resultKey(requestId)).filter(v -> expiry(v) > nowMillis).map(IdempotencyTable::result);
    }

    /** Stores {@code result} under {@code requestId} until {@code nowMillis} plus the window, replacing an expired one. */
    void remember(String requestId, long nowMillis, CommandResult result) {
        byte[] key = resultKey(requestId);
        batch.record(key).ifPresent(old -> batch.deleteRecord(expiryKey(expiry(old), requestId)));
        long expiry = saturatedAdd(nowMillis, windowMillis);
        byte[] resultBytes = result.toByteArray();
        batch.putRecord(key, ByteBuffer.allocate(8 + resultBytes.length).putLong(expiry).put(resultBytes).array());
        batch.putRecord(expiryKey(expiry, requestId), new byte[0]);
        oldestExpiryBound = Math.min(oldestExpiryBound, expiry);
    }

    /** Removes up to {@link #PURGE_PER_COMMAND} results that expired at {@code nowMillis}, oldest first. */
    void purgeExpired(long nowMillis) {
        if (oldestExpiryBound > nowMillis) {
            return; // nothing has expired yet: no scan
        }
        List<StoredRecord> oldest = batch.records(new byte[] {EXPIRY}, PURGE_PER_COMMAND + 1);
        int purged = 0;
        for (StoredRecord entry : oldest) {
            ByteBuffer key = ByteBuffer.wrap(entry.key());
            key.get(); // the prefix
            long expiry = key.getLong() ^ Long.MIN_VALUE;
            if (expiry > nowMillis || purged == PURGE_PER_COMMAND) {
                oldestExpiryBound = expiry;
                return;
            }
            String requestId = new String(entry.key(), 9, entry.key().length - 9, StandardCharsets.UTF_8);
            batch.deleteRecord(entry.key());
            batch.deleteRecord(resultKey(requestId));
            purged++;
        }
        oldestExpiryBound = Long.MAX_VALUE; // the index is empty now
    }

    static byte[] resultKey(String requestId) {
        byte[] id = requestId.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[1 + id.length];
        key[0] = RESULT;
        System.arraycopy(id, 0, key, 1, id.length);
        return key;
    }

    static byte[] expiryKey(long expiryMillis, String requestId) {
        byte[] id = requestId.getBytes(StandardCharsets.UTF_8);
        // Flipping the sign bit makes the unsigned byte order of the key the signed order of the millis.
        return ByteBuffer.allocate(9 + id.length).put(EXPIRY).putLong(expiryMillis ^ Long.MIN_VALUE).put(id).array();
    }

    private static long expiry(byte[] stored) {
        return ByteBuffer.wrap(stored).getLong();
    }

    private static CommandResult result(byte[] stored) {
        try {
            return CommandResult.parseFrom(Arrays.copyOfRange(stored, 8, stored.length));
        } catch (InvalidProtocolBufferException e) {
            // Only this class writes these records: damage here is corrupt state, not a bad command.
            throw new IllegalStateException("corrupt idempotency record", e);
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
