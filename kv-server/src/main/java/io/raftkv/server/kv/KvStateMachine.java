package io.raftkv.server.kv;

import io.raftkv.proto.kv.Command;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.EntryType;
import io.raftkv.server.storage.FreezableStateStore;
import io.raftkv.server.storage.SnapshotFiles;
import io.raftkv.server.storage.StateStore;
import io.raftkv.server.storage.StoredValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The replicated key-value state machine over a {@link StateStore}. {@link #apply} takes each batch
 * of committed entries as one store transaction (group commit: one fsync per batch), and skips
 * entries the store has applied already, so the log replayed after a restart never applies one twice.
 * Writes ({@link #apply}, {@link #restore}, {@link #writeSnapshot}) come from the node's one apply
 * thread; reads from any thread see the state as of the last completed batch.
 */
public final class KvStateMachine {
    /** How long an idempotency key's result is kept when the node configures nothing else. */
    public static final Duration DEFAULT_IDEMPOTENCY_WINDOW = Duration.ofMinutes(10);

    private final FreezableStateStore store;
    private final CommandExecutor executor;
    private final long windowMillis;

    /**
     * @param idempotencyWindow how long, on the proposing leaders' clocks, a request id's result is
     *                          replayed; every replica must use the same, as it decides the state
     */
    public KvStateMachine(StateStore store, Duration idempotencyWindow) {
        this.store = new FreezableStateStore(Objects.requireNonNull(store, "store"));
        if (idempotencyWindow.isNegative() || idempotencyWindow.isZero()) {
            throw new IllegalArgumentException("the idempotency window must be positive: " + idempotencyWindow);
        }
        this.windowMillis = idempotencyWindow.toMillis();
        this.executor = new CommandExecutor();
    }

    /**
     * Applies committed entries in one store transaction with the last one's index. Entries at or
     * below {@link #appliedIndex()} are skipped and not reported; no-op entries only advance the
     * applied index, membership entries record the member's context ({@link #members()}). Within the batch each command sees the effects of those before it.
     *
     * @return one result per NORMAL entry with a command that was applied now, in log order
     * @throws IllegalStateException if the entries not yet applied do not continue the applied index
     *                               one by one (a gap would silently lose a command); nothing changed
     */
    public List<AppliedCommand> apply(List<Entry> committed) {
        long applied = store.appliedIndex();
        long last = applied;
        ApplyBatch batch = new ApplyBatch(store);
        Map<Long, Command> decoded = Commands.decodeAll(committed.stream().filter(e -> e.index() > applied).toList());
        batch.prefetch(decoded.values().stream().map(Commands::keyOf).toList());
        IdempotencyTable idempotency = new IdempotencyTable(batch, windowMillis);
        List<AppliedCommand> results = new ArrayList<>();
        for (Entry entry : committed) {
            if (entry.index() <= applied) {
                continue; // applied before a restart and delivered again
            }
            if (entry.index() != last + 1) {
                throw new IllegalStateException("entry " + entry.index() + " does not follow " + last);
            }
            last = entry.index();
            if (entry.type() == EntryType.CONF_CHANGE) {
                MemberRecords.apply(entry, batch);
            } else if (entry.data().length > 0) {
                Command command = decoded.get(entry.index());
                results.add(command != null ? executor.execute(entry.index(), command, batch, idempotency)
                        : executor.execute(entry.index(), entry.data(), batch, idempotency));
            }
        }
        if (last > applied) {
            store.apply(last, batch.mutations());
        }
        return results;
    }

    /** The index of the last entry whose effects are stored. */
    public long appliedIndex() {
        return store.appliedIndex();
    }

    /** The store revision: the number of changing commands applied so far. */
    public long revision() {
        return ApplyBatch.readRevision(store);
    }

    /**
     * The context of each member's latest ADD change (its addresses, to the node), by node id; members
     * removed since are not listed, nor members whose changes carried no context.
     */
    public Map<String, byte[]> members() {
        return MemberRecords.read(store);
    }

    /** The value under {@code key}, if any. */
    public Optional<KeyValue> get(byte[] key) {
        return store.get(key).map(KeyValue::of);
    }

    /**
     * One page of the keys that begin with {@code prefix} and are {@code >= start}, in unsigned byte
     * order. Empty prefix or start do not restrict. To page on, pass {@link Page#next()} as start.
     *
     * @param keysOnly leave the values out (empty), keeping the metadata
     * @throws IllegalArgumentException if {@code limit < 1}
     */
    public Page list(byte[] prefix, byte[] start, int limit, boolean keysOnly) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        // One more than asked tells whether there is more, and which key the next page starts at.
        List<StoredValue> found = store.range(start, prefix, limit == Integer.MAX_VALUE ? limit : limit + 1, keysOnly);
        boolean more = found.size() > limit;
        List<KeyValue> items = found.stream().limit(limit).map(KeyValue::of).toList();
        return new Page(items, more, more ? found.get(limit).key() : null);
    }

    /** Writes the whole state and applied index (checksummed); call from the apply thread. Not closed. */
    public void writeSnapshot(OutputStream out) throws IOException {
        store.writeSnapshot(out);
    }

    /**
     * Freezes the state as it is now, while applying goes on: the writer returned writes the snapshot
     * of the frozen state, from any thread, until {@link #thaw()}. Meanwhile each batch applied first
     * keeps what it overwrites (see {@link FreezableStateStore}), and {@link #restore} is refused.
     */
    public SnapshotFiles.Writer freeze() {
        StateStore frozen = store.freeze();
        return frozen::writeSnapshot;
    }

    /** Ends {@link #freeze()}; the writer it returned must be done. */
    public void thaw() {
        store.thaw();
    }

    /**
     * Replaces the whole state with a snapshot {@link #writeSnapshot} wrote, atomically: a damaged
     * stream throws {@link io.raftkv.server.storage.CorruptSnapshotException} and changes nothing.
     */
    public void restore(InputStream in) throws IOException {
        store.readSnapshot(in);
    }
}
