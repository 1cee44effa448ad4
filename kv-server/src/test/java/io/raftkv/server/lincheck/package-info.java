/**
 * A linearizability checker for recorded client histories: the Wing &amp; Gong search with Lowe's
 * memoization, as in the Porcupine checker, split per key (P-compositionality) and aware of
 * operations whose outcome is unknown.
 *
 * <p>Record a history with {@link io.raftkv.server.lincheck.HistoryRecorder}, then check it with
 * {@link io.raftkv.server.lincheck.LinearizabilityChecker#check} against a sequential
 * {@link io.raftkv.server.lincheck.Model} such as {@link io.raftkv.server.lincheck.KvModel}.
 * Test scope: shipped in kv-server's test-jar so integration-tests can check real-cluster histories.
 */
package io.raftkv.server.lincheck;
