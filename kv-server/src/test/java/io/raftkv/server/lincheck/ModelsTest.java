package io.raftkv.server.lincheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The sequential specifications step by step. */
class ModelsTest {
    private final KvModel kv = KvModel.INSTANCE;
    private final RegisterModel register = RegisterModel.INSTANCE;

    @Test
    void kvAppendStartsFromEmptyAndDeleteRemoves() {
        Optional<String> state = kv.step(kv.init(), KvInput.append("k", "a"), KvOutput.ok());
        state = kv.step(state, KvInput.append("k", "b"), null);

        assertThat(state).contains("ab");
        assertThat(kv.step(state, KvInput.get("k"), KvOutput.value("ab"))).contains("ab");
        assertThat(kv.step(state, KvInput.get("k"), KvOutput.value("a"))).isNull();
        assertThat(kv.step(state, KvInput.delete("k"), KvOutput.ok())).isEmpty();
    }

    @Test
    void kvCasChecksItsOutcomeOrTakesEitherWhenUnknown() {
        Optional<String> absent = kv.init();

        assertThat(kv.step(absent, KvInput.cas("k", null, "v"), KvOutput.ok())).contains("v");
        assertThat(kv.step(absent, KvInput.cas("k", null, "v"), KvOutput.failed())).isNull();
        assertThat(kv.step(absent, KvInput.cas("k", "w", "v"), KvOutput.failed())).isEmpty();
        assertThat(kv.step(absent, KvInput.cas("k", "w", "v"), KvOutput.ok())).isNull();
        assertThat(kv.step(absent, KvInput.cas("k", "w", "v"), null)).isEmpty();
        assertThat(kv.step(Optional.of("w"), KvInput.cas("k", "w", "v"), null)).contains("v");
    }

    @Test
    void kvPartitionsPerKeyInFirstSeenOrder() {
        var history = List.of(
                Operation.completed(1, KvInput.put("b", "1"), KvOutput.ok(), 0, 1),
                Operation.completed(1, KvInput.put("a", "1"), KvOutput.ok(), 2, 3),
                Operation.<KvInput, KvOutput>unknown(2, KvInput.get("b"), 4));

        var partitions = kv.partition(history);

        assertThat(partitions).extracting(kv::describePartition).containsExactly("key \"b\"", "key \"a\"");
        assertThat(partitions.getFirst()).hasSize(2);
    }

    @Test
    void registerCasNeedsAValueToCompareWith() {
        assertThat(register.step(register.init(), RegisterInput.cas(1, 2), RegisterOutput.failed())).isEmpty();
        assertThat(register.step(Optional.of(1), RegisterInput.cas(1, 2), RegisterOutput.ok())).contains(2);
        assertThat(register.step(Optional.of(1), RegisterInput.read(), RegisterOutput.value(null))).isNull();
        assertThat(register.describe(RegisterInput.cas(1, 2), null)).isEqualTo("cas(1 -> 2) -> ? (outcome unknown)");
    }
}
