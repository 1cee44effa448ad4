package io.raftkv.server.raft;

import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.HardState;
import io.raftkv.server.raft.message.Message;
import io.raftkv.server.raft.message.Snapshot;

import java.util.List;

/**
 * One batch of work for the driver, in the manner of etcd/raft's Ready. The driver must, in order:
 * <ol>
 *   <li>send {@code messages} (they promise nothing about local disk, so a leader's appends go
 *       out while its own fsync runs, thesis §10.2.1);</li>
 *   <li>persist {@code snapshot} (it replaces the whole stored log), then {@code entries}
 *       (replacing any stored entries at and after the first one's index), then {@code hardState};
 *       durably if {@code mustSync}, else at least in an order a crash keeps a prefix of;</li>
 *   <li>only then send {@code messagesAfterPersist} (votes and append acknowledgements, which
 *       promise that state is on disk);</li>
 *   <li>install {@code snapshot} into the state machine, apply {@code committedEntries} in order,
 *       answer {@code readStates} once applied that far;</li>
 *   <li>call {@link Raft#advance(Ready)}.</li>
 * </ol>
 *
 * @param hardState            to persist, or null when unchanged
 * @param snapshot             a snapshot received from the leader, to persist and install; or null
 * @param entries              new log entries to persist
 * @param messages             to send at once
 * @param messagesAfterPersist to send only after everything above is durable
 * @param committedEntries     committed and locally durable entries to apply
 * @param readStates           confirmed read indexes
 * @param mustSync             whether step 2 must be durable before step 3: false when all there is to
 *                             persist is a higher commit index, which a node can always learn again
 *                             (etcd/raft's MustSync)
 */
public record Ready(HardState hardState, Snapshot snapshot, List<Entry> entries, List<Message> messages,
                    List<Message> messagesAfterPersist, List<Entry> committedEntries,
                    List<ReadState> readStates, boolean mustSync) {
    public Ready {
        entries = List.copyOf(entries);
        messages = List.copyOf(messages);
        messagesAfterPersist = List.copyOf(messagesAfterPersist);
        committedEntries = List.copyOf(committedEntries);
        readStates = List.copyOf(readStates);
    }

    /** Whether anything must be written to disk before {@link #messagesAfterPersist} may go. */
    public boolean mustPersist() {
        return hardState != null || snapshot != null || !entries.isEmpty();
    }
}
