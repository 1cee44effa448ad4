package io.raftkv.server.config;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.raftkv.server.http.Forwarding;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns YAML (plus overrides) into a {@link ServerConfig} through Helidon Config: rejects keys it does not
 * know, applies the defaults, parses each value with an error that names its key, and leaves the checks
 * that span several keys to the records' constructors.
 */
final class ConfigReader {
    /** Every key outside {@code cluster.nodes}, with its default as the YAML would write it. */
    static final Map<String, String> DEFAULTS = defaults();
    private static final List<String> NODE_KEYS = List.of("id", "http", "raft", "data-dir");
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern LIST_INDEX = Pattern.compile("^cluster\\.nodes\\.(\\d+)");
    private static final Set<String> KNOWN_PATHS = knownPaths();
    /** The sections: each holds keys rather than a value. */
    private static final Set<String> SECTIONS = KNOWN_PATHS.stream()
            .filter(path -> KNOWN_PATHS.stream().anyMatch(other -> other.startsWith(path + ".")))
            .filter(path -> !path.startsWith("cluster.nodes"))
            .collect(Collectors.toUnmodifiableSet());

    private final Config root;

    private ConfigReader(Config root) {
        this.root = root;
    }

    static ServerConfig read(String yaml, Map<String, String> overrides) {
        Config root;
        try {
            root = Config.builder()
                    .disableEnvironmentVariablesSource()
                    .disableSystemPropertiesSource()
                    .disableValueResolving()
                    // the first source wins where both set a key
                    .addSource(ConfigSources.create(overrides).build())
                    .addSource(ConfigSources.create(yaml, MediaTypes.APPLICATION_YAML))
                    .build();
        } catch (io.helidon.config.ConfigException e) {
            throw new ConfigException("the configuration is not valid YAML: " + rootMessage(e), e);
        }
        return new ConfigReader(root).serverConfig();
    }

    private ServerConfig serverConfig() {
        rejectUnknownKeys();
        return new ServerConfig(text("cluster.name"), nodes(), raftTiming(),
                storageConfig(), httpConfig(), millis("kv.idempotency-window-ms"),
                choice("logging.format", LogFormat.class));
    }

    private RaftTiming raftTiming() {
        return new RaftTiming(millis("raft.tick-ms"), millis("raft.heartbeat-ms"), millis("raft.election-timeout-ms"),
                positive("raft.max-uncommitted-bytes"), positive("raft.snapshot-entries"), positive("raft.snapshot-bytes"));
    }

    private StorageConfig storageConfig() {
        StorageBackend backend = choice("storage.backend", StorageBackend.class);
        if (!backend.usesPostgres()) {
            return new StorageConfig(backend, null);
        }
        String url = scalar("storage.postgres.url", root.get("storage.postgres.url"), "").strip();
        if (url.isEmpty()) {
            throw ConfigException.at("storage.postgres.url", "is missing; storage.backend "
                    + backend.name().toLowerCase(Locale.ROOT) + " needs a JDBC URL (jdbc:postgresql://host:port/database)");
        }
        String password = scalar("storage.postgres.password", root.get("storage.postgres.password"), "");
        return new StorageConfig(backend, new PostgresConfig(url, text("storage.postgres.user"), password,
                text("storage.postgres.schema")));
    }

    private HttpConfig httpConfig() {
        return new HttpConfig(choice("http.forwarding", Forwarding.class), positive("http.max-value-bytes"),
                millis("http.write-timeout-ms"), millis("http.read-timeout-ms"));
    }

    private List<NodeConfig> nodes() {
        Config list = root.get("cluster.nodes");
        if (list.type() != Config.Type.LIST) {
            throw ConfigException.at("cluster.nodes", list.exists()
                    ? "must be a list of nodes (- id: ..., http: ..., raft: ..., data-dir: ...)"
                    : "is missing; list at least one node");
        }
        List<NodeConfig> nodes = new ArrayList<>();
        for (Config entry : list.asNodeList().get()) {
            nodes.add(node("cluster.nodes[" + nodes.size() + "]", entry));
        }
        return nodes;
    }

    private static NodeConfig node(String key, Config entry) {
        if (entry.type() != Config.Type.OBJECT) {
            throw ConfigException.at(key, "must be a mapping with " + String.join(", ", NODE_KEYS));
        }
        String id = required(key + ".id", entry.get("id"));
        if (!NODE_ID.matcher(id).matches()) {
            throw ConfigException.at(key + ".id", "'" + id + "' may only hold letters, digits, '.', '_' and '-'"
                    + " (at most 64)");
        }
        HostPort http = HostPort.parse(key + ".http", required(key + ".http", entry.get("http")));
        HostPort raft = HostPort.parse(key + ".raft", required(key + ".raft", entry.get("raft")));
        String dataDir = scalar(key + ".data-dir", entry.get("data-dir"), "data/" + id);
        return new NodeConfig(id, http, raft, Path.of(dataDir));
    }

    private String text(String key) {
        String value = scalar(key, root.get(key), DEFAULTS.get(key)).strip();
        if (value.isEmpty()) {
            throw ConfigException.at(key, "must not be empty");
        }
        return value;
    }

    private long positive(String key) {
        String value = text(key);
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ConfigException.at(key, "'" + value + "' is not a whole number");
        }
        if (number <= 0) {
            throw ConfigException.at(key, number + " must be positive");
        }
        return number;
    }

    private Duration millis(String key) {
        return Duration.ofMillis(positive(key));
    }

    private <E extends Enum<E>> E choice(String key, Class<E> type) {
        String value = text(key);
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String choices = Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(" | "));
            throw ConfigException.at(key, "'" + value + "' is not one of " + choices);
        }
    }

    private static String required(String key, Config node) {
        String value = scalar(key, node, "").strip();
        if (value.isEmpty()) {
            throw ConfigException.at(key, "is missing");
        }
        return value;
    }

    private static String scalar(String key, Config node, String fallback) {
        if (!node.exists()) {
            return fallback;
        }
        if (!node.isLeaf()) {
            throw ConfigException.at(key, "must be a single value, not a "
                    + node.type().name().toLowerCase(Locale.ROOT));
        }
        return node.asString().orElse(fallback);
    }

    /** Typos fail the start rather than silently leaving a default in force. */
    private void rejectUnknownKeys() {
        root.traverse().forEach(node -> {
            String path = node.key().toString();
            Matcher index = LIST_INDEX.matcher(path);
            String schemaPath = index.replaceFirst("cluster.nodes.*");
            String shownPath = index.replaceFirst("cluster.nodes[$1]");
            if (!KNOWN_PATHS.contains(schemaPath)) {
                throw ConfigException.at(shownPath, "unknown key; " + contents(parent(schemaPath)));
            }
            // An empty section ("raft:" with every key commented out) is a null leaf, and harmless.
            if (SECTIONS.contains(schemaPath) && node.isLeaf() && !node.asString().orElse("").isBlank()) {
                throw ConfigException.at(shownPath, "must be a section of keys (" + contents(schemaPath)
                        + "), not a single value");
            }
        });
    }

    private static String parent(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    /** What may stand under {@code section} ("" for the top level), e.g. "raft takes heartbeat-ms, …". */
    private static String contents(String section) {
        Set<String> names = KNOWN_PATHS.stream()
                .filter(path -> parent(path).equals(section) && !path.equals(section))
                .map(path -> path.substring(path.lastIndexOf('.') + 1))
                .collect(Collectors.toCollection(TreeSet::new));
        String where = section.isEmpty() ? "the top level" : section.replace(".*", "[]");
        if (names.isEmpty()) {
            return where + " takes a single value";
        }
        if (names.equals(Set.of("*"))) {
            return where + " is a list of nodes";
        }
        return where + " takes " + String.join(", ", names);
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("cluster.name", "raftkv-local");
        defaults.put("raft.tick-ms", "10");
        defaults.put("raft.heartbeat-ms", "100");
        defaults.put("raft.election-timeout-ms", "800");
        defaults.put("raft.max-uncommitted-bytes", String.valueOf(64L << 20));
        defaults.put("raft.snapshot-entries", "100000");
        defaults.put("raft.snapshot-bytes", String.valueOf(64L << 20));
        defaults.put("storage.backend", "bdb");
        defaults.put("storage.postgres.url", "");
        defaults.put("storage.postgres.user", "postgres");
        defaults.put("storage.postgres.password", "");
        defaults.put("storage.postgres.schema", "kv_" + PostgresConfig.NODE);
        defaults.put("http.forwarding", "proxy");
        defaults.put("http.max-value-bytes", String.valueOf(1L << 20));
        defaults.put("http.write-timeout-ms", "5000");
        defaults.put("http.read-timeout-ms", "5000");
        defaults.put("kv.idempotency-window-ms", "600000");
        defaults.put("logging.format", "text");
        return Map.copyOf(defaults);
    }

    /** Every key path the YAML may hold, sections included; list entries are written {@code *}. */
    private static Set<String> knownPaths() {
        Set<String> paths = new TreeSet<>(List.of("cluster.nodes", "cluster.nodes.*"));
        NODE_KEYS.forEach(k -> paths.add("cluster.nodes.*." + k));
        for (String key : DEFAULTS.keySet()) {
            paths.add(key);
            for (int dot = key.indexOf('.'); dot > 0; dot = key.indexOf('.', dot + 1)) {
                paths.add(key.substring(0, dot));
            }
        }
        return Set.copyOf(paths);
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        return message.lines().map(String::strip).collect(Collectors.joining(" "));
    }
}
