/**
 * The REST API v1 on Helidon SE: {@link io.raftkv.server.http.HttpApi} wires one service per
 * resource (key-value, cluster, health) over the node's facade. Depends on {@code node}, the
 * {@code kv} result types, kv-proto and Helidon; never on {@code raft}, {@code storage} or
 * {@code transport}.
 */
package io.raftkv.server.http;
