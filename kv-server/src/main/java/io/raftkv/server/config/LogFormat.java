package io.raftkv.server.config;

/** {@code logging.format}: how the node writes its log lines to standard output. */
public enum LogFormat {
    /** One human-readable line per event. */
    TEXT,
    /** One JSON object per line (Logback's JsonEncoder), for log shippers. */
    JSON
}
