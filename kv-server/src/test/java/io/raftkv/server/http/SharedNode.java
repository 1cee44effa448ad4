package io.raftkv.server.http;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Hands every test class that asks for an {@link HttpCluster} parameter the same single-node cluster
 * (1 KiB values), started once per test run: a node costs seconds to start and stop. Classes sharing
 * it use keys of their own.
 */
final class SharedNode implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedNode.class);

    /** The cluster and its data directory, removed together at the end of the run. */
    private record Running(HttpCluster cluster, Path dir) implements AutoCloseable {
        static Running start() {
            try {
                Path dir = Files.createTempDirectory("http-shared-node");
                return new Running(HttpCluster.start(dir, 1, "max-value-bytes: 1024"), dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            cluster.close();
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == HttpCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(Running.class, key -> Running.start(), Running.class)
                .cluster();
    }
}
