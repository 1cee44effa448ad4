package io.raftkv.it;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ReadWriteSuite} with {@code storage.backend: dual}: JE, mirrored into PostgreSQL. */
class DualReadWriteIT extends ReadWriteSuite {
    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension(3, ClusterStorage::dual);

    @Override
    ClusterExtension clusterExtension() {
        return CLUSTER;
    }
}
