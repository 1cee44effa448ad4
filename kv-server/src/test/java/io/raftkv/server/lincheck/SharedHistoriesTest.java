package io.raftkv.server.lincheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks every vendored history with a known verdict (see {@code /linearizability/README.md}):
 * the checker must agree with each, well within its time budget.
 */
class SharedHistoriesTest {
    /** Generous for CI: each history takes well under a second on a 2-core machine. */
    private static final Duration BUDGET = Duration.ofSeconds(5);
    /**
     * Checking the whole map as one register is the slow way per-key partitioning exists to avoid; it
     * takes seconds on the 10-client histories, so a loaded machine would otherwise time it out.
     */
    private static final Duration WHOLE_MAP_BUDGET = Duration.ofSeconds(60);
    private static final int VERDICTS = 108;

    private record Expectation(String directory, String file, CheckResult.Verdict verdict) {
        String resource() {
            return "/linearizability/" + directory + "/" + file;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyHistoryGetsItsKnownVerdict() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Expectation expected : expectations("jepsen-etcd")) {
            tests.add(dynamicTest(expected.resource(), () ->
                    assertVerdict(expected, RegisterModel.INSTANCE, read(expected.resource(), JepsenLogParser::parse))));
        }
        for (Expectation expected : expectations("kv")) {
            tests.add(dynamicTest(expected.resource(), () ->
                    assertVerdict(expected, KvModel.INSTANCE, read(expected.resource(), EdnKvHistoryParser::parse))));
        }
        assertThat(tests).hasSize(VERDICTS);
        return tests.stream();
    }

    @ParameterizedTest
    @ValueSource(strings = {"c01-ok.txt", "c01-bad.txt", "c10-ok.txt", "c10-bad.txt"})
    void checkingPerKeyAgreesWithCheckingTheWholeMap(String file) {
        List<Operation<KvInput, KvOutput>> history = read("/linearizability/kv/" + file, EdnKvHistoryParser::parse);

        CheckResult perKey = LinearizabilityChecker.check(KvModel.INSTANCE, history, BUDGET);
        CheckResult wholeMap = LinearizabilityChecker.check(new WholeMapKvModel(), history, WHOLE_MAP_BUDGET);

        assertThat(perKey.verdict()).isNotEqualTo(CheckResult.Verdict.TIMED_OUT);
        assertThat(wholeMap.verdict()).as(wholeMap.explanation()).isEqualTo(perKey.verdict());
    }

    private static <S, I, O> void assertVerdict(Expectation expected, Model<S, I, O> model, List<Operation<I, O>> history) {
        CheckResult result = LinearizabilityChecker.check(model, history, BUDGET);
        assertThat(result.verdict()).as(result.explanation()).isEqualTo(expected.verdict());
    }

    private static List<Expectation> expectations(String directory) {
        return read("/linearizability/" + directory + "/verdicts.tsv", reader -> reader.lines()
                .filter(line -> !line.isBlank())
                .map(line -> line.split("\t"))
                .map(columns -> new Expectation(directory, columns[0], switch (columns[1]) {
                    case "linearizable" -> CheckResult.Verdict.LINEARIZABLE;
                    case "not-linearizable" -> CheckResult.Verdict.NOT_LINEARIZABLE;
                    default -> throw new IllegalArgumentException("unknown verdict " + columns[1]);
                }))
                .toList());
    }

    private static <T> T read(String resource, Function<BufferedReader, T> parser) {
        InputStream in = SharedHistoriesTest.class.getResourceAsStream(resource);
        Objects.requireNonNull(in, () -> resource + " is not on the test classpath");
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return parser.apply(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same map, unpartitioned: all keys in one state, so one search over the whole history. */
    private static final class WholeMapKvModel implements Model<Map<String, String>, KvInput, KvOutput> {
        @Override
        public Map<String, String> init() {
            return Map.of();
        }

        @Override
        public Map<String, String> step(Map<String, String> state, KvInput input, KvOutput output) {
            Optional<String> before = Optional.ofNullable(state.get(input.key()));
            Optional<String> after = KvModel.INSTANCE.step(before, input, output);
            if (after == null || after.equals(before)) {
                return after == null ? null : state;
            }
            Map<String, String> next = new HashMap<>(state);
            after.ifPresentOrElse(value -> next.put(input.key(), value), () -> next.remove(input.key()));
            return next;
        }
    }
}
