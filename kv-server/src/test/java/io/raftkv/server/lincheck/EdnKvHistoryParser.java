package io.raftkv.server.lincheck;

import java.io.BufferedReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a key-value history in Jepsen's EDN form, one event map per line, into a {@link KvModel}
 * history; a line's number is its time:
 * <pre>{:process 0, :type :invoke, :f :append, :key "4", :value "x 0 1 y"}</pre>
 * {@code :f} is {@code :get}, {@code :put} or {@code :append}; types pair as in
 * {@link JepsenLogParser} ({@code :fail} dropped, {@code :info} and never-completed unknown).
 *
 * <p>These histories report a missing key as {@code ""} and never write {@code ""}, so a GET of
 * {@code ""} is read as "absent", matching {@link KvModel}'s initial state.
 */
public final class EdnKvHistoryParser {
    private record Invocation(KvInput input, long call) {}

    private EdnKvHistoryParser() {}

    /** Parses a whole history; blank lines are skipped, anything else unrecognized is an error. */
    public static List<Operation<KvInput, KvOutput>> parse(BufferedReader edn) {
        List<Operation<KvInput, KvOutput>> history = new ArrayList<>();
        Map<Integer, Invocation> outstanding = new HashMap<>();
        List<String> lines = edn.lines().toList();
        for (int time = 1; time <= lines.size(); time++) {
            String line = lines.get(time - 1).strip();
            if (line.isEmpty()) {
                continue;
            }
            Map<String, Object> event;
            try {
                event = new EdnMapReader(line).readMap();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + time + ": " + e.getMessage(), e);
            }
            int process = ((Long) event.get("process")).intValue();
            String key = (String) event.get("key");
            String value = (String) event.get("value");
            switch ((String) event.get("type")) {
                case "invoke" -> outstanding.put(process, new Invocation(input((String) event.get("f"), key, value), time));
                case "ok" -> {
                    Invocation invocation = completion(outstanding, process, time);
                    history.add(Operation.completed(process, invocation.input(), output(invocation.input(), value),
                            invocation.call(), time));
                }
                case "info" -> {
                    Invocation invocation = completion(outstanding, process, time);
                    history.add(Operation.unknown(process, invocation.input(), invocation.call()));
                }
                case "fail" -> completion(outstanding, process, time);
                default -> throw new IllegalArgumentException("line " + time + ": unknown :type " + event.get("type"));
            }
        }
        outstanding.forEach((process, invocation) ->
                history.add(Operation.unknown(process, invocation.input(), invocation.call())));
        history.sort(Comparator.comparingLong(Operation::call));
        return history;
    }

    private static Invocation completion(Map<Integer, Invocation> outstanding, int process, int time) {
        Invocation invocation = outstanding.remove(process);
        if (invocation == null) {
            throw new IllegalArgumentException("line " + time + ": nothing outstanding for process " + process);
        }
        return invocation;
    }

    private static KvInput input(String f, String key, String value) {
        return switch (f) {
            case "get" -> KvInput.get(key);
            case "put" -> KvInput.put(key, value);
            case "append" -> KvInput.append(key, value);
            default -> throw new IllegalArgumentException("unknown :f " + f);
        };
    }

    private static KvOutput output(KvInput input, String value) {
        if (input.kind() != KvInput.Kind.GET) {
            return KvOutput.ok();
        }
        return KvOutput.value(value == null || value.isEmpty() ? null : value);
    }

    /** Just enough EDN for one flat map of keywords to keywords, strings, integers and nil. */
    private static final class EdnMapReader {
        private final String text;
        private int pos;

        EdnMapReader(String text) {
            this.text = text;
        }

        Map<String, Object> readMap() {
            expect('{');
            Map<String, Object> map = new HashMap<>();
            for (char next = skipSeparators(); next != '}'; next = skipSeparators()) {
                if (next == 0) {
                    throw new IllegalArgumentException("unterminated map");
                }
                Object key = readValue();
                if (!(key instanceof Keyword(String name))) {
                    throw new IllegalArgumentException("map key is not a keyword at " + pos);
                }
                skipSeparators();
                Object value = readValue();
                map.put(name, value instanceof Keyword(String keyword) ? keyword : value);
            }
            expect('}');
            if (skipSeparators() != 0) {
                throw new IllegalArgumentException("trailing text at " + pos);
            }
            return map;
        }

        private record Keyword(String name) {}

        private Object readValue() {
            if (pos >= text.length()) {
                throw new IllegalArgumentException("missing value at the end");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                return readString();
            }
            int start = pos;
            while (pos < text.length() && " ,}".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            String token = text.substring(start, pos);
            if (token.equals("nil")) {
                return null;
            }
            if (c == ':' && token.length() > 1) {
                return new Keyword(token.substring(1));
            }
            try {
                return Long.parseLong(token);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("unsupported EDN value " + token, e);
            }
        }

        private String readString() {
            StringBuilder s = new StringBuilder();
            for (pos++; pos < text.length(); pos++) {
                char c = text.charAt(pos);
                if (c == '"') {
                    pos++;
                    return s.toString();
                }
                if (c == '\\' && ++pos < text.length()) {
                    c = switch (text.charAt(pos)) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> text.charAt(pos);
                    };
                }
                s.append(c);
            }
            throw new IllegalArgumentException("unterminated string");
        }

        /** Skips whitespace and commas; returns the next character, or 0 at the end. */
        private char skipSeparators() {
            while (pos < text.length() && (text.charAt(pos) == ',' || Character.isWhitespace(text.charAt(pos)))) {
                pos++;
            }
            return pos < text.length() ? text.charAt(pos) : 0;
        }

        private void expect(char c) {
            if (skipSeparators() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + pos);
            }
            pos++;
        }
    }
}
