package io.raftkv.server.node;

import io.raftkv.server.kv.KvStateMachine;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.Snapshot;
import io.raftkv.server.storage.LogStore;
import io.raftkv.server.storage.Mutation;
import io.raftkv.server.storage.SnapshotFiles;
import io.raftkv.server.storage.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Keeps a second {@link StateStore} (PostgreSQL, in dual mode) equal to the node's own state, on its
 * own thread, so the mirror being down or slow never holds up a write. The mirror's applied index
 * moves in the same transaction as its data, and it goes on from there after any failure (the
 * mirror's or this node's), so it neither loses nor doubles an entry:
 * <ul>
 * <li>Batches the node applied that continue from the mirror's index come through the
 * {@link MirrorFeed} and are stored as they are, several in one transaction.</li>
 * <li>Entries the feed does not hold (it dropped them while the mirror was behind; the node
 * applied them before a restart) are replayed from the committed log through a second
 * {@link KvStateMachine}: the state machine is deterministic, so it stores what the node did.</li>
 * <li>A mirror behind the start of the log (a follower installed a leader's snapshot; an empty
 * database) first copies the log's snapshot.</li>
 * </ul>
 */
final class StateMirror implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StateMirror.class);
    /** Entries per mirror transaction while catching up: bounds one transaction's size and duration. */
    private static final int MAX_BATCH = 2_000;
    /**
     * How often a caught-up mirror looks for newly applied entries: its lag in quiet times. 50 ms (fewer,
     * larger mirror transactions) measured no faster under load than this.
     */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /**
     * How often the mirror reads its applied index from the store although it knows it: an idle
     * mirror still finds out within this long that its store went away, and says so.
     */
    private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final String name;
    private final LogStore raftLog;
    private final MirrorFeed feed;
    private final LongSupplier primaryApplied;
    private final Callable<? extends StateStore> opener;
    private final Duration idempotencyWindow;
    private final Thread thread;
    private volatile boolean closed;
    private volatile long mirrored = -1;
    private volatile String lastError;
    private StateStore store;
    private KvStateMachine machine;
    /** The mirror store's applied index as this thread last wrote or read it; -1: read it again. */
    private long position = -1;
    private long checkedAt;

    /**
     * @param name              what the mirror is, for logs and status ("postgres")
     * @param logStore          the node's log, which holds every entry the mirror may still need
     * @param feed              the node's state store, which passes on what it applied
     * @param primaryApplied    the node's own applied index: the mirror never goes past it
     * @param opener            opens the mirror store; called again until it succeeds
     * @param idempotencyWindow the node's, since it decides the state as much as the commands do
     */
    StateMirror(String name, LogStore logStore, MirrorFeed feed, LongSupplier primaryApplied,
                Callable<? extends StateStore> opener, Duration idempotencyWindow) {
        this.name = name;
        this.raftLog = logStore;
        this.feed = feed;
        this.primaryApplied = primaryApplied;
        this.opener = opener;
        this.idempotencyWindow = idempotencyWindow;
        this.thread = Thread.ofPlatform().daemon().name("state-mirror-" + name).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** How far the mirror is, as of now. */
    MirrorStatus status() {
        long at = mirrored;
        long primary = primaryApplied.getAsLong();
        return new MirrorStatus(name, at, at < 0 ? -1 : Math.max(0, primary - at), lastError);
    }

    private void run() {
        Duration backoff = MIN_BACKOFF;
        while (!closed) {
            try {
                if (!step()) {
                    LockSupport.parkNanos(IDLE_NANOS);
                }
                if (lastError != null) {
                    log.info("The {} mirror works again, at applied index {}", name, mirrored);
                    lastError = null;
                }
                backoff = MIN_BACKOFF;
            } catch (Exception e) {
                position = -1; // a failed commit may have been stored all the same
                failed(e, backoff);
                LockSupport.parkNanos(backoff.toNanos());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        closeStore();
    }

    /** Mirrors one batch; false if there was nothing to do. */
    private boolean step() throws Exception {
        if (machine == null) {
            store = opener.call();
            machine = new KvStateMachine(store, idempotencyWindow);
        }
        if (position < 0 || System.nanoTime() - checkedAt > CHECK_NANOS) {
            position = machine.appliedIndex();
            checkedAt = System.nanoTime();
        }
        long at = position;
        mirrored = at;
        long target = primaryApplied.getAsLong(); // read first: every batch up to it is fed (or dropped) by now
        MirrorFeed.Batch next = feed.peek();
        while (next != null && next.appliedIndex() <= at) {
            feed.taken(1); // replayed from the log already
            next = feed.peek();
        }
        if (next != null && next.after() == at) {
            storeFed(feed.continuing(at, MAX_BATCH));
            return true;
        }
        if (next != null) {
            // Replay what the feed lacks before it; or, if it begins before the mirror, replay past it.
            target = next.after() > at ? next.after() : next.appliedIndex();
        }
        if (at >= target) {
            return false;
        }
        if (at + 1 < raftLog.firstIndex()) {
            copySnapshot(at);
            return true;
        }
        List<Entry> entries = raftLog.entries(at + 1, Math.min(target, at + MAX_BATCH));
        machine.apply(entries);
        moved(entries.getLast().index());
        return true;
    }

    /** Stores batches the node applied, in one mirror transaction. */
    private void storeFed(List<MirrorFeed.Batch> run) {
        List<Mutation> mutations = new ArrayList<>();
        for (MirrorFeed.Batch batch : run) {
            mutations.addAll(batch.mutations());
        }
        long last = run.getLast().appliedIndex();
        store.apply(last, mutations);
        feed.taken(run.size());
        moved(last);
    }

    private void moved(long appliedIndex) {
        position = appliedIndex;
        mirrored = appliedIndex;
    }

    /**
     * The log no longer holds the entries after {@code at} (the node installed a leader's snapshot, or
     * the mirror is new): the mirror takes the log's snapshot whole, and replays on from there. The
     * restore is one transaction, so a failure part way leaves the mirror as it was.
     */
    private void copySnapshot(long at) throws IOException {
        Snapshot snapshot = raftLog.snapshot();
        try (InputStream in = SnapshotFiles.open(snapshot.data())) {
            machine.restore(in);
        }
        moved(machine.appliedIndex());
        // Once it worked: a mirror that keeps failing says so through the retry's warning.
        log.info("The {} mirror at applied index {} was behind the log's start; it copied the snapshot at {}",
                name, at, snapshot.index());
    }

    private void failed(Exception e, Duration retryIn) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (!message.equals(lastError)) {
            log.warn("The {} mirror is behind at applied index {} and retries every {} ms at most: {}",
                    name, mirrored, MAX_BACKOFF.toMillis(), message);
        }
        log.debug("The {} mirror failed; retrying in {} ms", name, retryIn.toMillis(), e);
        lastError = message;
    }

    private void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /** Stops the mirror thread and closes the mirror store; what it mirrored stays. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        if (thread.isAlive()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
