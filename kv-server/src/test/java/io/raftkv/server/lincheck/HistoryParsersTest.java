package io.raftkv.server.lincheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** {@link JepsenLogParser} and {@link EdnKvHistoryParser} on the corner cases of their formats. */
class HistoryParsersTest {
    private static BufferedReader text(String... lines) {
        return new BufferedReader(new StringReader(String.join("\n", lines)));
    }

    @Test
    void jepsenLogPairsEventsPerProcessDropsFailuresAndKeepsUnknowns() {
        var history = JepsenLogParser.parse(text(
                "INFO  jepsen.util - 0\t:invoke\t:write\t3",
                "INFO  jepsen.util - 1   :invoke :read   nil",
                "INFO  jepsen.util - 2\t:invoke\t:cas\t[3 4]",
                "INFO  jepsen.util - 0\t:ok\t:write\t3",
                "INFO  jepsen.util - 1   :fail   :read   :timed-out",
                "INFO  jepsen.util - 2\t:info\t:cas\t:timed-out",
                "",
                "INFO  jepsen.util - 1\t:invoke\t:read\tnil",
                "INFO  jepsen.util - 1\t:ok\t:read\t3",
                "INFO  jepsen.util - 3\t:invoke\t:cas\t[0 1]",
                "INFO  jepsen.util - 3\t:fail\t:cas\t[0 1]",
                "INFO  jepsen.util - 0\t:invoke\t:write\t5"));

        assertThat(history).containsExactly(
                Operation.completed(0, RegisterInput.write(3), RegisterOutput.ok(), 1, 4),
                Operation.unknown(2, RegisterInput.cas(3, 4), 3),
                Operation.completed(1, RegisterInput.read(), RegisterOutput.value(3), 8, 9),
                Operation.unknown(0, RegisterInput.write(5), 12));
    }

    @Test
    void jepsenLogRejectsACompletionWithoutItsInvoke() {
        assertThatThrownBy(() -> JepsenLogParser.parse(text("INFO  jepsen.util - 0\t:ok\t:read\tnil")))
                .hasMessageContaining("line 1");
    }

    @Test
    void ednHistoryReadsAnEmptyGetAsAbsentAndUnescapesStrings() {
        var history = EdnKvHistoryParser.parse(text(
                "{:process 0, :type :invoke, :f :get, :key \"a\", :value nil}",
                "{:process 1, :type :invoke, :f :put, :key \"b\", :value \"say \\\"hi\\\"\"}",
                "{:process 0, :type :ok, :f :get, :key \"a\", :value \"\"}",
                "{:process 1, :type :info, :f :put, :key \"b\", :value \"say \\\"hi\\\"\"}",
                "{:process 2, :type :invoke, :f :append, :key \"a\", :value \"x\"}",
                "{:process 2, :type :fail, :f :append, :key \"a\", :value \"x\"}"));

        assertThat(history).containsExactly(
                Operation.completed(0, KvInput.get("a"), KvOutput.value(null), 1, 3),
                Operation.unknown(1, KvInput.put("b", "say \"hi\""), 2));
    }

    @Test
    void ednHistoryNamesTheLineItCannotRead() {
        assertThatThrownBy(() -> EdnKvHistoryParser.parse(text("", "{:process 0, :type :invoke")))
                .hasMessageStartingWith("line 2:");
    }
}
