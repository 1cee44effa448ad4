package io.raftkv.server.storage.postgres;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A PostgreSQL for {@code scripts/start-cluster.sh --storage postgres|dual} when no server is named:
 * the tests' own ({@link TestPostgres#startPrivate}), in a data directory that outlives it, running
 * until this JVM is stopped (SIGTERM stops PostgreSQL too). Prints {@code ready <jdbc url>} once it
 * accepts connections.
 *
 * <pre>java -cp … io.raftkv.server.storage.postgres.LocalPostgres --data-dir data/postgres</pre>
 */
public final class LocalPostgres {
    private LocalPostgres() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2 || !args[0].equals("--data-dir")) {
            System.err.println("usage: LocalPostgres --data-dir DIR");
            System.exit(2);
        }
        TestPostgres postgres = TestPostgres.startPrivate(Path.of(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "local-postgres-stop"));
        System.out.println("ready " + postgres.jdbcUrl());
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGTERM runs the hook
    }
}
