package io.raftkv.server.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Maps {@code KV_*} environment variables onto configuration keys. The variable of a key is {@code KV_}
 * followed by the key in upper case with every '.' and '-' written '_': {@code raft.heartbeat-ms} is
 * {@code KV_RAFT_HEARTBEAT_MS}, {@code http.forwarding} is {@code KV_HTTP_FORWARDING}. Only the keys of
 * {@link ConfigReader#DEFAULTS} have one (not the per-node entries of {@code cluster.nodes}), so the
 * mapping is resolved against that list rather than guessed; a {@code KV_*} variable that names no key
 * is an error, as a mistyped YAML key is.
 */
final class EnvOverrides {
    private static final String PREFIX = "KV_";
    private static final Map<String, String> KEY_BY_VARIABLE = ConfigReader.DEFAULTS.keySet().stream()
            .collect(Collectors.toMap(EnvOverrides::variable, Function.identity()));

    private EnvOverrides() {
    }

    /** The environment variable that overrides {@code key}. */
    static String variable(String key) {
        return PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The configuration keys and values that {@code env}'s {@code KV_*} variables set. */
    static Map<String, String> from(Map<String, String> env) {
        Map<String, String> overrides = new TreeMap<>();
        env.forEach((name, value) -> {
            if (!name.startsWith(PREFIX)) {
                return;
            }
            String key = KEY_BY_VARIABLE.get(name);
            if (key == null) {
                throw ConfigException.at(name, "is not a setting; the KV_* variables are "
                        + String.join(", ", new TreeMap<>(KEY_BY_VARIABLE).keySet()));
            }
            overrides.put(key, value);
        });
        return overrides;
    }
}
