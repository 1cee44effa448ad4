package io.raftkv.server.lincheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A key-value map, checked one key at a time: operations on different keys never constrain each
 * other, so each key's sub-history is checked on its own. The state of one key is its value,
 * empty when absent ({@link Optional} because {@link Model#step} reserves {@code null} for
 * "impossible").
 *
 * <p>GET returns the value; PUT sets it; APPEND appends to it ({@code ""} when absent); DELETE
 * removes it; CAS sets a new value iff the current one equals the expected one (absent when
 * expected is {@code null}), else fails with no effect. Blind writes have no result to check.
 */
public final class KvModel implements Model<Optional<String>, KvInput, KvOutput> {
    public static final KvModel INSTANCE = new KvModel();

    private KvModel() {}

    @Override
    public Optional<String> init() {
        return Optional.empty();
    }

    @Override
    public Optional<String> step(Optional<String> state, KvInput input, KvOutput output) {
        String current = state.orElse(null);
        return switch (input.kind()) {
            case GET -> output == null || Objects.equals(output.value(), current) ? state : null;
            case PUT -> Optional.of(input.value());
            case APPEND -> Optional.of(state.orElse("") + input.value());
            case DELETE -> Optional.empty();
            case CAS -> {
                boolean matches = Objects.equals(current, input.expected());
                if (output != null && output.succeeded() != matches) {
                    yield null;
                }
                yield matches ? Optional.of(input.value()) : state;
            }
        };
    }

    @Override
    public List<List<Operation<KvInput, KvOutput>>> partition(List<Operation<KvInput, KvOutput>> history) {
        Map<String, List<Operation<KvInput, KvOutput>>> byKey = new LinkedHashMap<>();
        for (Operation<KvInput, KvOutput> op : history) {
            byKey.computeIfAbsent(op.input().key(), key -> new ArrayList<>()).add(op);
        }
        return List.copyOf(byKey.values());
    }

    @Override
    public String describePartition(List<Operation<KvInput, KvOutput>> partition) {
        return partition.isEmpty() ? "no key" : "key " + quote(partition.getFirst().input().key());
    }

    @Override
    public String describe(KvInput input, KvOutput output) {
        String key = quote(input.key());
        String call = switch (input.kind()) {
            case GET -> "get(" + key + ")";
            case PUT -> "put(" + key + ", " + quote(input.value()) + ")";
            case APPEND -> "append(" + key + ", " + quote(input.value()) + ")";
            case DELETE -> "delete(" + key + ")";
            case CAS -> "cas(" + key + ", " + quote(input.expected()) + " -> " + quote(input.value()) + ")";
        };
        if (output == null) {
            return call + " -> ? (outcome unknown)";
        }
        return switch (input.kind()) {
            case GET -> call + " -> " + quote(output.value());
            case CAS -> call + (output.succeeded() ? " -> ok" : " -> failed");
            default -> call;
        };
    }

    @Override
    public String describeState(Optional<String> state) {
        return quote(state.orElse(null));
    }

    private static String quote(String s) {
        return s == null ? "absent" : '"' + s + '"';
    }
}
