package io.raftkv.server.config;

import java.nio.file.Path;

/**
 * One entry of {@code cluster.nodes}.
 *
 * @param id      unique in the cluster; letters, digits, '.', '_' and '-' (it names files and HTTP headers)
 * @param http    where this node serves the REST API
 * @param raft    where this node serves Raft (gRPC) to its peers
 * @param dataDir its Berkeley DB JE environment; a relative path is relative to the working directory
 */
public record NodeConfig(String id, HostPort http, HostPort raft, Path dataDir) {
}
