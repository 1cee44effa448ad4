package io.raftkv.server;

import io.raftkv.server.config.ServerConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the command line asks for, checked against the configuration it names: the validated cluster
 * configuration, this node's id (one of its nodes) and an optional data dir that replaces the
 * configured one.
 */
record Launch(ServerConfig config, String nodeId, Path dataDir, URI join) {
    static final String USAGE = """
            Usage: kv-server --config FILE --node ID [--data-dir DIR] [--join URL]

              --config FILE    the cluster's YAML configuration (e.g. config/multi-node-cluster.yaml)
              --node ID        which of its cluster.nodes this process is
              --data-dir DIR   keep this node's data in DIR instead of its configured data-dir
              --join URL       on an empty data dir, join the running cluster that the member at URL
                               (its HTTP base URL, e.g. http://127.0.0.1:8081) belongs to, as a learner,
                               instead of founding a new cluster; ignored once the node holds data
              --help           print this and exit

            KV_* environment variables override single keys of the file, e.g. KV_RAFT_HEARTBEAT_MS=50
            for raft.heartbeat-ms; docs/operations.md lists them all.
            """;
    private static final List<String> OPTIONS = List.of("--config", "--node", "--data-dir", "--join");
    private static final String SHORT_USAGE = "usage: kv-server --config FILE --node ID [--data-dir DIR] [--join URL]";

    static boolean wantsHelp(String[] args) {
        return List.of(args).contains("--help") || List.of(args).contains("-h");
    }

    /**
     * Parses {@code args} ({@code --option value} or {@code --option=value}) and loads the configuration
     * with {@code env}'s overrides.
     *
     * @throws IllegalArgumentException for a malformed command line
     * @throws io.raftkv.server.config.ConfigException for a configuration that cannot start this node
     */
    static Launch from(String[] args, Map<String, String> env) {
        Map<String, String> options = options(args);
        String configFile = required(options, "--config");
        String nodeId = required(options, "--node");
        String dataDir = options.get("--data-dir");
        if (dataDir != null && dataDir.isBlank()) {
            throw new IllegalArgumentException("--data-dir must not be empty; " + SHORT_USAGE);
        }
        URI join = options.containsKey("--join") ? joinUrl(options.get("--join")) : null;
        ServerConfig config = ServerConfig.load(Path.of(configFile), env);
        config.node(nodeId);
        return new Launch(config, nodeId, dataDir == null ? null : Path.of(dataDir), join);
    }

    private static URI joinUrl(String text) {
        try {
            URI uri = new URI(text.contains("://") ? text : "http://" + text);
            if ("http".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0) {
                return URI.create("http://" + uri.getRawAuthority());
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("--join needs a member's HTTP base URL such as http://127.0.0.1:8081, not '"
                + text + "'");
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; " + SHORT_USAGE);
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(name + " needs a value; " + SHORT_USAGE);
            }
            if (options.put(name, value) != null) {
                throw new IllegalArgumentException(name + " is given twice; " + SHORT_USAGE);
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing " + name + "; " + SHORT_USAGE);
        }
        return value;
    }
}
