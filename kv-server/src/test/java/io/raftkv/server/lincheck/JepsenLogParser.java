package io.raftkv.server.lincheck;

import java.io.BufferedReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Jepsen etcd log (single register: read, write, cas) into a {@link RegisterModel}
 * history. Each line is one event, {@code INFO jepsen.util - <process> :<type> :<f> <value>}; its
 * line number is its time. A process's invoke pairs with its next completion:
 * <ul>
 *   <li>{@code :ok} returned, with the value read for a read;</li>
 *   <li>{@code :fail} did not take effect and is dropped, including {@code :fail :read :timed-out},
 *       a read that constrains nothing;</li>
 *   <li>{@code :info} has an unknown outcome, as has an invoke never completed.</li>
 * </ul>
 */
public final class JepsenLogParser {
    private static final Pattern EVENT =
            Pattern.compile("INFO\\s+jepsen\\.util\\s+-\\s+(\\d+)\\s+:(invoke|ok|fail|info)\\s+:(read|write|cas)\\s+(.*)");
    private static final Pattern CAS_ARGUMENTS = Pattern.compile("\\[\\s*(-?\\d+)\\s+(-?\\d+)\\s*]");

    private record Invocation(RegisterInput input, long call) {}

    private JepsenLogParser() {}

    /** Parses a whole log; blank lines are skipped, anything else unrecognized is an error. */
    public static List<Operation<RegisterInput, RegisterOutput>> parse(BufferedReader log) {
        List<Operation<RegisterInput, RegisterOutput>> history = new ArrayList<>();
        Map<Integer, Invocation> outstanding = new HashMap<>();
        List<String> lines = log.lines().toList();
        for (int time = 1; time <= lines.size(); time++) {
            String line = lines.get(time - 1).strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher event = EVENT.matcher(line);
            if (!event.matches()) {
                throw new IllegalArgumentException("line " + time + ": not a Jepsen event: " + line);
            }
            int process = Integer.parseInt(event.group(1));
            String type = event.group(2);
            String f = event.group(3);
            String value = event.group(4).strip();
            if (type.equals("invoke")) {
                if (outstanding.put(process, new Invocation(input(f, value, time), time)) != null) {
                    throw new IllegalArgumentException("line " + time + ": process " + process + " invokes twice");
                }
                continue;
            }
            Invocation invocation = outstanding.remove(process);
            if (invocation == null || !f.equals(name(invocation.input()))) {
                throw new IllegalArgumentException("line " + time + ": no :" + f + " outstanding for process " + process);
            }
            switch (type) {
                case "ok" -> history.add(Operation.completed(process, invocation.input(),
                        output(invocation.input(), value), invocation.call(), time));
                case "info" -> history.add(Operation.unknown(process, invocation.input(), invocation.call()));
                default -> { } // :fail, dropped
            }
        }
        outstanding.forEach((process, invocation) ->
                history.add(Operation.unknown(process, invocation.input(), invocation.call())));
        history.sort(Comparator.comparingLong(Operation::call));
        return history;
    }

    private static RegisterInput input(String f, String value, int time) {
        return switch (f) {
            case "read" -> RegisterInput.read();
            case "write" -> RegisterInput.write(Integer.parseInt(value));
            default -> {
                Matcher cas = CAS_ARGUMENTS.matcher(value);
                if (!cas.matches()) {
                    throw new IllegalArgumentException("line " + time + ": bad cas arguments " + value);
                }
                yield RegisterInput.cas(Integer.parseInt(cas.group(1)), Integer.parseInt(cas.group(2)));
            }
        };
    }

    private static RegisterOutput output(RegisterInput input, String value) {
        return input.kind() == RegisterInput.Kind.READ
                ? RegisterOutput.value(value.equals("nil") ? null : Integer.valueOf(value))
                : RegisterOutput.ok();
    }

    private static String name(RegisterInput input) {
        return input.kind().name().toLowerCase(Locale.ROOT);
    }
}
