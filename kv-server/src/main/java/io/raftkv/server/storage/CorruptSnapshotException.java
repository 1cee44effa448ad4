package io.raftkv.server.storage;

import java.io.IOException;

/** A state snapshot stream is damaged (checksum mismatch, truncated, malformed) and was not installed. */
public class CorruptSnapshotException extends IOException {
    public CorruptSnapshotException(String message) {
        super(message);
    }

    public CorruptSnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
