package io.raftkv.server.config;

import io.raftkv.server.http.HttpSettings;
import io.raftkv.server.node.Member;
import io.raftkv.server.node.NodeSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A cluster's configuration, as every node of it reads the same file (see
 * {@code config/multi-node-cluster.yaml} and {@code docs/operations.md}). Immutable and valid: the
 * constructors of this record and its parts reject any combination a node cannot run with, naming
 * the key at fault.
 *
 * @param clusterName       {@code cluster.name}, for logs and humans
 * @param nodes             {@code cluster.nodes}, the founding members; a node on a fresh data dir bootstraps
 *                          the cluster from this list
 * @param raft              {@code raft.*}
 * @param storage           {@code storage.*}
 * @param http              {@code http.*}
 * @param idempotencyWindow {@code kv.idempotency-window-ms}: how long an Idempotency-Key's result is kept
 * @param logFormat         {@code logging.format}
 */
public record ServerConfig(String clusterName, List<NodeConfig> nodes, RaftTiming raft, StorageConfig storage,
                           HttpConfig http, Duration idempotencyWindow, LogFormat logFormat) {
    public ServerConfig {
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw ConfigException.at("cluster.nodes", "is missing or empty; list at least one node");
        }
        requireUniqueIds(nodes);
        requireUniqueAddresses(nodes);
        if (storage.postgres() != null) {
            nodes.forEach(n -> storage.postgres().schemaFor(n.id())); // a bad schema fails the start, not the node
        }
        if (raft.maxUncommittedBytes() < http.maxValueBytes()) {
            throw ConfigException.at("raft.max-uncommitted-bytes", raft.maxUncommittedBytes()
                    + " is less than http.max-value-bytes (" + http.maxValueBytes()
                    + "), so a value of the maximum size could never be proposed");
        }
    }

    /**
     * Reads {@code yamlFile}, then applies the {@code KV_*} entries of {@code env} over it.
     *
     * @throws ConfigException if the file cannot be read or the result is not valid
     */
    public static ServerConfig load(Path yamlFile, Map<String, String> env) {
        String yaml;
        try {
            yaml = Files.readString(yamlFile);
        } catch (NoSuchFileException e) {
            throw ConfigException.at("--config", "no such file: " + yamlFile.toAbsolutePath());
        } catch (IOException e) {
            throw new ConfigException("--config: cannot read " + yamlFile.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        return ConfigReader.read(yaml, EnvOverrides.from(env));
    }

    /** Parses {@code yaml} alone, without environment overrides. */
    public static ServerConfig fromYaml(String yaml) {
        return ConfigReader.read(yaml, Map.of());
    }

    /**
     * The entry of {@code cluster.nodes} with this id.
     *
     * @throws ConfigException naming {@code --node} if there is none
     */
    public NodeConfig node(String nodeId) {
        return nodes.stream().filter(n -> n.id().equals(nodeId)).findFirst()
                .orElseThrow(() -> ConfigException.at("--node", "'" + nodeId + "' is not in cluster.nodes ("
                        + nodes.stream().map(NodeConfig::id).collect(Collectors.joining(", ")) + ")"));
    }

    /** What {@code RaftNode} needs to run as {@code nodeId}. */
    public NodeSettings toNodeSettings(String nodeId) {
        NodeConfig self = node(nodeId);
        List<Member> members = nodes.stream()
                .map(n -> new Member(n.id(), n.http().httpUri(), n.raft().httpUri()))
                .toList();
        return new NodeSettings(self.id(), members, raft.tick(), raft.heartbeatTicks(), raft.electionTicks(),
                http.writeTimeout(), http.readTimeout(), idempotencyWindow, raft.maxUncommittedBytes(),
                raft.snapshotEntries(), raft.snapshotBytes(), false);
    }

    /** What the REST API needs. */
    public HttpSettings httpSettings() {
        return new HttpSettings(http.maxValueBytes(), http.forwarding(), http.forwardTimeout());
    }

    private static void requireUniqueIds(List<NodeConfig> nodes) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (!seen.add(nodes.get(i).id())) {
                throw ConfigException.at("cluster.nodes[" + i + "].id", "'" + nodes.get(i).id()
                        + "' is used by an earlier node too; ids must be unique");
            }
        }
    }

    /** No two listeners of the cluster may share an address, whether HTTP or Raft, same node or not. */
    private static void requireUniqueAddresses(List<NodeConfig> nodes) {
        Map<HostPort, String> owners = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeConfig node = nodes.get(i);
            claim(owners, node.http(), "cluster.nodes[" + i + "].http");
            claim(owners, node.raft(), "cluster.nodes[" + i + "].raft");
        }
    }

    private static void claim(Map<HostPort, String> owners, HostPort address, String key) {
        String owner = owners.putIfAbsent(address, key);
        if (owner != null) {
            throw ConfigException.at(key, address + " is already " + owner + "; every address must be unique");
        }
    }
}
