package io.raftkv.client;

/**
 * A compare-and-set, create-only put or compare-and-delete did not apply because the key's mod
 * revision was not the expected one (412 {@code PRECONDITION_FAILED}). Nothing changed.
 * Read the key again and decide.
 */
public final class PreconditionFailedException extends KvException {
    private static final long serialVersionUID = 1L;

    /** The key's mod revision when the condition was checked; 0 when absent. */
    private final long currentModRevision;

    /**
     * Creates the exception.
     *
     * @param message what happened
     * @param currentModRevision the key's mod revision as the server saw it (0: absent)
     */
    public PreconditionFailedException(String message, long currentModRevision) {
        super("PRECONDITION_FAILED", message, null);
        this.currentModRevision = currentModRevision;
    }

    /**
     * Returns the key's mod revision when the condition failed.
     *
     * @return the mod revision; 0 means the key did not exist
     */
    public long currentModRevision() {
        return currentModRevision;
    }
}
