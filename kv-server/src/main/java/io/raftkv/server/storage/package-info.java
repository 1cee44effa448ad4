/**
 * Where a node keeps what must survive a crash, behind two backend-neutral interfaces:
 * {@link io.raftkv.server.storage.LogStore} (the Raft log, hard state and newest snapshot) and
 * {@link io.raftkv.server.storage.StateStore} (the key-value state machine and its applied index).
 * Depends only on the JDK and the Raft core's message records, so every backend implements the same
 * contracts: {@code io.raftkv.server.storage.je} is the embedded Berkeley DB JE default,
 * {@code io.raftkv.server.storage.postgres} the PostgreSQL one. The contract test suites
 * ({@code LogStoreContract}, {@code StateStoreContract}) are in this package's tests; both backends
 * extend them unchanged.
 */
package io.raftkv.server.storage;
