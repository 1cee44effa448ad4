package io.raftkv.server.kv;

import io.raftkv.proto.kv.Command;
import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.EntryType;
import io.raftkv.server.storage.StoredRecord;
import io.raftkv.server.storage.StoredValue;
import io.raftkv.server.storage.je.JeStorage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A state machine over real JE storage in a directory, reopenable, with a log index counter for entries. */
final class KvFixture implements AutoCloseable {
    private final Path dir;
    private final Duration window;
    private JeStorage storage;
    private KvStateMachine machine;
    private long nextIndex = 1;

    KvFixture(Path dir, Duration window) {
        this.dir = dir;
        this.window = window;
        open();
    }

    KvFixture(Path dir) {
        this(dir, KvStateMachine.DEFAULT_IDEMPOTENCY_WINDOW);
    }

    private void open() {
        storage = JeStorage.open(dir);
        machine = new KvStateMachine(storage.stateStore(), window);
    }

    /** Closes and reopens the storage, as a node restart does. */
    void reopen() {
        storage.close();
        open();
    }

    KvStateMachine machine() {
        return machine;
    }

    /** The next log entry carrying {@code command}. */
    Entry entry(Command command) {
        return Entry.normal(nextIndex++, 1, Commands.encode(command));
    }

    Entry rawEntry(byte[] data) {
        return Entry.normal(nextIndex++, 1, data);
    }

    Entry noop() {
        return Entry.normal(nextIndex++, 1, new byte[0]);
    }

    Entry confChange() {
        return new Entry(nextIndex++, 1, EntryType.CONF_CHANGE, new byte[] {1, 2, 3});
    }

    Entry confChange(ConfChange change) {
        return new Entry(nextIndex++, 1, EntryType.CONF_CHANGE, change.encode());
    }

    /** Applies each command as its own one-entry batch, returning the single result. */
    AppliedCommand applyOne(Command command) {
        List<AppliedCommand> results = machine.apply(List.of(entry(command)));
        if (results.size() != 1) {
            throw new AssertionError("expected one result, got " + results);
        }
        return results.getFirst();
    }

    List<AppliedCommand> applyBatch(Command... commands) {
        List<Entry> entries = new ArrayList<>();
        for (Command c : commands) {
            entries.add(entry(c));
        }
        return machine.apply(entries);
    }

    List<StoredValue> allValues() {
        return storage.stateStore().range(new byte[0], new byte[0], Integer.MAX_VALUE, false);
    }

    List<StoredRecord> allRecords() {
        return storage.stateStore().records(new byte[0], new byte[0], Integer.MAX_VALUE);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        storage.close();
    }
}
