package io.raftkv.it;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.Supplier;

/**
 * Gives a test class a running {@link LocalCluster} with an elected leader, and kills it afterwards
 * whatever happened. Registered on a {@code static} field, one cluster serves the whole class
 * (for tests that leave it as they found it); on an instance field, each test gets a fresh one
 * (for tests that kill nodes). When a test fails, the tail of every node's log is printed.
 *
 * <pre>{@code @RegisterExtension static final ClusterExtension CLUSTER = new ClusterExtension(3);}</pre>
 */
public final class ClusterExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private final int size;
    private final Supplier<ClusterStorage> storage;
    private LocalCluster cluster;
    private boolean perTest;

    public ClusterExtension(int size) {
        this(size, ClusterStorage::bdb);
    }

    /** A cluster on the storage {@code storage} gives when it starts (so a PostgreSQL starts only then). */
    public ClusterExtension(int size, Supplier<ClusterStorage> storage) {
        this.size = size;
        this.storage = storage;
    }

    public LocalCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("the cluster runs only while a test does");
        }
        return cluster;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startCluster();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (cluster == null) {
            perTest = true;
            startCluster();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        reportIfFailed(context);
        if (perTest) {
            stopCluster();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        reportIfFailed(context);
        stopCluster();
    }

    private void startCluster() {
        cluster = LocalCluster.start(size, LocalCluster.TEST_JVM_OPTIONS, storage.get());
        try {
            cluster.awaitLeader();
        } catch (RuntimeException | Error noLeader) {
            System.err.println(cluster.logTails());
            stopCluster();
            throw noLeader;
        }
    }

    private void reportIfFailed(ExtensionContext context) {
        if (cluster != null && context.getExecutionException().isPresent()) {
            System.err.println("Test " + context.getDisplayName() + " failed; node logs:\n" + cluster.logTails());
        }
    }

    private void stopCluster() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }
}
