/**
 * Where a node keeps what must survive a crash, behind two backend-neutral interfaces:
 * {@link io.raftkv.server.storage.LogStore} (the Raft log, hard state and newest snapshot) and
 * {@link io.raftkv.server.storage.StateStore} (the key-value state machine and its applied index).
 * Depends only on the JDK and the Raft core's message records, so every backend implements the same
 * contracts; {@code io.raftkv.server.storage.je} is the embedded Berkeley DB JE default. The
 * contract test suites ({@code LogStoreContract}, {@code StateStoreContract}) are in this package's
 * tests, for the next backend to extend.
 */
package io.raftkv.server.storage;
