package io.raftkv.it;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ReadWriteSuite} with {@code storage.backend: postgres}, every node in its own schema. */
class PostgresReadWriteIT extends ReadWriteSuite {
    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension(3, ClusterStorage::postgres);

    @Override
    ClusterExtension clusterExtension() {
        return CLUSTER;
    }
}
