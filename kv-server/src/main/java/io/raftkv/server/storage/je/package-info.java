/**
 * The Berkeley DB Java Edition backend: {@link io.raftkv.server.storage.je.JeStorage} opens one
 * transactional JE environment per node and hands out a {@code LogStore} and a {@code StateStore}
 * that share it, so a single fsync of JE's one sequential log makes every earlier commit durable.
 */
package io.raftkv.server.storage.je;
