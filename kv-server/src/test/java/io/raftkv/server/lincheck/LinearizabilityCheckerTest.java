package io.raftkv.server.lincheck;

import static io.raftkv.server.lincheck.KvInput.append;
import static io.raftkv.server.lincheck.KvInput.cas;
import static io.raftkv.server.lincheck.KvInput.delete;
import static io.raftkv.server.lincheck.KvInput.get;
import static io.raftkv.server.lincheck.KvInput.put;
import static io.raftkv.server.lincheck.KvOutput.failed;
import static io.raftkv.server.lincheck.KvOutput.ok;
import static io.raftkv.server.lincheck.KvOutput.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker on tiny hand-made key-value histories; times are arbitrary ticks. */
class LinearizabilityCheckerTest {
    private static final Duration BUDGET = Duration.ofSeconds(5);

    private static Operation<KvInput, KvOutput> op(int client, KvInput input, KvOutput output, long call, long ret) {
        return Operation.completed(client, input, output, call, ret);
    }

    private static Operation<KvInput, KvOutput> unknown(int client, KvInput input, long call) {
        return Operation.unknown(client, input, call);
    }

    private static CheckResult check(List<Operation<KvInput, KvOutput>> history) {
        return LinearizabilityChecker.check(KvModel.INSTANCE, history, BUDGET);
    }

    @Test
    void staleReadAfterACompletedWriteIsNotLinearizable() {
        CheckResult result = check(List.of(
                op(1, put("k", "a"), ok(), 0, 10),
                op(1, put("k", "b"), ok(), 20, 30),
                op(2, get("k"), value("a"), 40, 50)));

        assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.NOT_LINEARIZABLE);
        assertThat(result.explanation())
                .contains("key \"k\" (3 operations)")
                .contains("Longest linearizable prefix: 2 operations")
                .contains("State after it: \"b\"")
                .contains("client 2 [40, 50] get(\"k\") -> \"a\"   (impossible in this state)");
    }

    @Test
    void aReadConcurrentWithAWriteMaySeeEitherValue() {
        for (String seen : List.of("a", "b")) {
            CheckResult result = check(List.of(
                    op(1, put("k", "a"), ok(), 0, 10),
                    op(1, put("k", "b"), ok(), 20, 40),
                    op(2, get("k"), value(seen), 30, 50)));

            assertThat(result.linearizable()).as(seen).isTrue();
        }
    }

    @Test
    void anUnknownWriteThatIsLaterObservedTookEffect() {
        CheckResult result = check(List.of(
                unknown(1, put("k", "lost?"), 0),
                op(2, get("k"), value(null), 5, 10),
                op(2, get("k"), value("lost?"), 100, 110),
                op(2, get("k"), value("lost?"), 120, 130)));

        assertThat(result.linearizable()).isTrue();
    }

    @Test
    void anUnknownWriteTakesEffectAtMostOnce() {
        CheckResult result = check(List.of(
                op(1, put("k", "a"), ok(), 0, 10),
                unknown(2, append("k", "+"), 20),
                op(3, get("k"), value("a+"), 30, 40),
                op(3, get("k"), value("a"), 50, 60)));

        assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void anUnknownWriteNeverObservedMayNeverHaveHappened() {
        CheckResult result = check(List.of(
                op(1, put("k", "a"), ok(), 0, 10),
                unknown(2, delete("k"), 20),
                op(3, get("k"), value("a"), 30, 40),
                op(3, get("k"), value("a"), 50, 60)));

        assertThat(result.linearizable()).isTrue();
    }

    @Test
    void anUnknownOperationCannotTakeEffectBeforeItsCall() {
        CheckResult result = check(List.of(
                op(1, get("k"), value("early"), 0, 10),
                unknown(2, put("k", "early"), 20)));

        assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void aFailedCasHadNoEffectAndSawAnotherValue() {
        assertThat(check(List.of(
                op(1, put("k", "a"), ok(), 0, 10),
                op(2, cas("k", "b", "c"), failed(), 20, 30),
                op(3, get("k"), value("a"), 40, 50))).linearizable()).isTrue();

        CheckResult failedThoughMatching = check(List.of(
                op(1, put("k", "a"), ok(), 0, 10),
                op(2, cas("k", "a", "c"), failed(), 20, 30)));
        assertThat(failedThoughMatching.verdict()).isEqualTo(CheckResult.Verdict.NOT_LINEARIZABLE);
        assertThat(failedThoughMatching.explanation()).contains("cas(\"k\", \"a\" -> \"c\") -> failed");
    }

    @Test
    void aCasExpectingAbsenceSucceedsOnlyOnAnAbsentKey() {
        assertThat(check(List.of(
                op(1, cas("k", null, "a"), ok(), 0, 10),
                op(1, cas("k", null, "b"), failed(), 20, 30),
                op(2, get("k"), value("a"), 40, 50))).linearizable()).isTrue();
    }

    @Test
    void keysAreCheckedIndependentlyAndTheFailingKeyIsNamed() {
        CheckResult result = check(List.of(
                op(1, put("x", "1"), ok(), 0, 10),
                op(2, put("y", "1"), ok(), 0, 10),
                op(3, get("x"), value("1"), 20, 30),
                op(4, get("y"), value(null), 20, 30)));

        assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.NOT_LINEARIZABLE);
        assertThat(result.explanation()).startsWith("key \"y\" (2 operations, one of 2 partitions) is not linearizable");
    }

    @Test
    void manyUnknownOperationsDoNotSlowTheSearchDown() {
        List<Operation<KvInput, KvOutput>> history = new ArrayList<>();
        for (int client = 0; client < 200; client++) {
            history.add(unknown(client, append("k", "u" + client), client));
        }
        for (int i = 0; i < 50; i++) {
            history.add(op(1000, get("k"), value(null), 1000 + 10 * i, 1005 + 10 * i));
        }

        CheckResult result = LinearizabilityChecker.check(KvModel.INSTANCE, history, Duration.ofSeconds(2));

        assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.LINEARIZABLE);
    }

    @Test
    void aHopelessSearchTimesOut() {
        // Thirty concurrent writes and a read of a value none of them wrote: proving that takes
        // trying every subset of the writes.
        List<Operation<KvInput, KvOutput>> history = new ArrayList<>();
        history.add(op(0, get("k"), value("never written"), 0, 100));
        for (int client = 1; client <= 30; client++) {
            history.add(op(client, put("k", "v" + client), ok(), 0, 100));
        }

        long start = System.nanoTime();
        CheckResult result = LinearizabilityChecker.check(KvModel.INSTANCE, history, Duration.ofMillis(200));

        assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.TIMED_OUT);
        assertThat(result.explanation()).contains("key \"k\" (31 operations)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void anEmptyHistoryIsLinearizable() {
        assertThat(check(List.of()).linearizable()).isTrue();
    }
}
