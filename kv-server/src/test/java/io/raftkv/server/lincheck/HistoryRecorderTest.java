package io.raftkv.server.lincheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HistoryRecorderTest {
    private final AtomicLong clock = new AtomicLong();
    private final HistoryRecorder<KvInput, KvOutput> recorder = new HistoryRecorder<>(clock::incrementAndGet);

    @Test
    void recordsCallAndReturnTimesAndDropsFailedOperations() {
        long put = recorder.invoke(1, KvInput.put("k", "v"));
        long failedCas = recorder.invoke(2, KvInput.cas("k", "x", "y"));
        long timedOut = recorder.invoke(3, KvInput.delete("k"));
        recorder.ok(put, KvOutput.ok());
        recorder.fail(failedCas);
        recorder.unknown(timedOut);
        long neverCompleted = recorder.invoke(4, KvInput.get("k"));

        assertThat(neverCompleted).isEqualTo(3);
        assertThat(recorder.history()).containsExactly(
                Operation.completed(1, KvInput.put("k", "v"), KvOutput.ok(), 1, 4),
                Operation.unknown(3, KvInput.delete("k"), 3),
                Operation.unknown(4, KvInput.get("k"), 5));
    }

    @Test
    void anOperationCompletesOnce() {
        long id = recorder.invoke(1, KvInput.get("k"));
        recorder.ok(id, KvOutput.value(null));

        assertThatThrownBy(() -> recorder.unknown(id)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already completed as OK");
        assertThatThrownBy(() -> recorder.fail(7)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentClientsRecordAConsistentHistory() throws Exception {
        int clients = 4;
        int perClient = 500;
        List<Future<?>> done;
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            done = IntStream.range(0, clients).<Future<?>>mapToObj(client -> pool.submit(() -> {
                for (int i = 0; i < perClient; i++) {
                    long id = recorder.invoke(client, KvInput.append("k", client + ":" + i + " "));
                    recorder.ok(id, KvOutput.ok());
                }
            })).toList();
        }
        for (Future<?> client : done) {
            client.get();
        }

        List<Operation<KvInput, KvOutput>> history = recorder.history();
        assertThat(history).hasSize(clients * perClient).allMatch(op -> op.call() < op.ret());
        assertThat(history).extracting(Operation::call).isSorted();
    }
}
