package io.raftkv.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The YAML a {@link LocalCluster}'s nodes start from: only {@code cluster.nodes}, the storage
 * backend and what a test adds on purpose, so every other setting is the product's default, the one
 * a user gets.
 */
final class ClusterConfigFile {
    private ClusterConfigFile() {}

    /** Writes {@code cluster.yaml} into {@code dir}, ending with {@code extraYaml}, and returns its path. */
    static Path write(Path dir, List<ClusterNode> nodes, ClusterStorage storage, String extraYaml) throws IOException {
        StringBuilder yaml = new StringBuilder("cluster:\n  name: raftkv-it\n  nodes:\n");
        for (ClusterNode node : nodes) {
            yaml.append("    - id: ").append(node.id()).append('\n')
                    .append("      http: 127.0.0.1:").append(node.httpPort()).append('\n')
                    .append("      raft: 127.0.0.1:").append(node.raftPort()).append('\n')
                    .append("      data-dir: \"").append(node.dataDir()).append("\"\n");
        }
        yaml.append(storage.yaml()).append(extraYaml);
        return Files.writeString(dir.resolve("cluster.yaml"), yaml);
    }

    /**
     * {@code count} distinct loopback ports free right now. All are held open until all are
     * chosen, so the kernel cannot hand out one twice; another process could still take one
     * before the node binds it, which on a test machine is rare enough to accept.
     */
    static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }
}
