package io.raftkv.it;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ReadWriteSuite} on the default backend, Berkeley DB JE. */
class ClusterReadWriteIT extends ReadWriteSuite {
    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension(3);

    @Override
    ClusterExtension clusterExtension() {
        return CLUSTER;
    }
}
