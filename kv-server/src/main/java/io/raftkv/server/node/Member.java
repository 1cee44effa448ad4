package io.raftkv.server.node;

import java.net.URI;
import java.util.Objects;

/**
 * One member of the cluster as the configuration names it.
 *
 * @param id   the node id, unique in the cluster
 * @param http the base URL of its REST API, e.g. {@code http://127.0.0.1:8081}
 * @param raft the address of its Raft port, e.g. {@code http://127.0.0.1:9001}
 */
public record Member(String id, URI http, URI raft) {
    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(raft, "raft");
    }
}
