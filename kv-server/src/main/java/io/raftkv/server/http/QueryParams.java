package io.raftkv.server.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request's query parameters, parsed strictly: each name at most once, only the names the endpoint
 * knows (a mistyped {@code prevRevison} must not silently turn a compare-and-set into a plain put),
 * names and values percent-decoded as UTF-8 with {@code +} as a space. Every problem is
 * {@code INVALID_PARAMETER}.
 */
final class QueryParams {
    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code rawQuery} (without the {@code ?}; empty for none), allowing only {@code allowed} names. */
    static QueryParams parse(String rawQuery, Set<String> allowed) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), "a parameter name");
            if (!allowed.contains(name)) {
                throw invalid("unknown query parameter \"" + name + "\"; this endpoint takes " + new TreeSet<>(allowed));
            }
            String value = decode(eq < 0 ? "" : pair.substring(eq + 1), "parameter " + name);
            if (values.putIfAbsent(name, value) != null) {
                throw invalid("query parameter " + name + " is given more than once");
            }
        }
        return new QueryParams(values);
    }

    Optional<String> text(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** A revision: a non-negative decimal integer. */
    OptionalLong revision(String name) {
        String value = values.get(name);
        if (value == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(nonNegative(name, value));
    }

    /** A positive integer, or {@code absent} when the parameter is missing. */
    long positive(String name, long absent) {
        String value = values.get(name);
        if (value == null) {
            return absent;
        }
        long parsed = nonNegative(name, value);
        if (parsed == 0) {
            throw invalid(name + " must be at least 1");
        }
        return parsed;
    }

    /** {@code true}, {@code false}, or present without a value (true); false when absent. */
    boolean flag(String name) {
        String value = values.get(name);
        if (value == null) {
            return false;
        }
        return switch (value) {
            case "", "true" -> true;
            case "false" -> false;
            default -> throw invalid(name + " must be true or false");
        };
    }

    private static long nonNegative(String name, String value) {
        // parseLong alone would accept a leading '+' or '-'
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(name + " must be a non-negative integer (at most 18 digits)");
        }
        return Long.parseLong(value);
    }

    private static String decode(String raw, String what) {
        try {
            return PercentDecoding.decode(raw, true);
        } catch (IllegalArgumentException e) {
            throw invalid("malformed " + what + " in the query: " + e.getMessage());
        }
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_PARAMETER, message);
    }
}
