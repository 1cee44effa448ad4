package io.raftkv.server.lincheck;

import java.util.Objects;
import java.util.Optional;

/**
 * A single integer register with read, write and compare-and-set, as in Jepsen's etcd test. It
 * starts with no value. The state is the value, empty when there is none ({@link Optional}
 * because {@link Model#step} reserves {@code null} for "impossible").
 */
public final class RegisterModel implements Model<Optional<Integer>, RegisterInput, RegisterOutput> {
    public static final RegisterModel INSTANCE = new RegisterModel();

    private RegisterModel() {}

    @Override
    public Optional<Integer> init() {
        return Optional.empty();
    }

    @Override
    public Optional<Integer> step(Optional<Integer> state, RegisterInput input, RegisterOutput output) {
        return switch (input.kind()) {
            case READ -> output == null || Objects.equals(output.value(), state.orElse(null)) ? state : null;
            case WRITE -> Optional.of(input.value());
            case CAS -> {
                boolean matches = state.isPresent() && state.get().equals(input.expected());
                if (output != null && output.succeeded() != matches) {
                    yield null;
                }
                yield matches ? Optional.of(input.value()) : state;
            }
        };
    }

    @Override
    public String describe(RegisterInput input, RegisterOutput output) {
        String call = switch (input.kind()) {
            case READ -> "read()";
            case WRITE -> "write(" + input.value() + ")";
            case CAS -> "cas(" + input.expected() + " -> " + input.value() + ")";
        };
        if (output == null) {
            return call + " -> ? (outcome unknown)";
        }
        return switch (input.kind()) {
            case READ -> call + " -> " + (output.value() == null ? "nil" : output.value());
            case WRITE -> call;
            case CAS -> call + (output.succeeded() ? " -> ok" : " -> failed");
        };
    }

    @Override
    public String describeState(Optional<Integer> state) {
        return state.map(String::valueOf).orElse("nil");
    }
}
