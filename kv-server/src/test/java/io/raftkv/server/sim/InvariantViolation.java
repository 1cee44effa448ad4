package io.raftkv.server.sim;

/** A safety or liveness property the simulator checks did not hold; the run stops at once. */
final class InvariantViolation extends RuntimeException {
    InvariantViolation(String message) {
        super(message, null, false, false);
    }
}
