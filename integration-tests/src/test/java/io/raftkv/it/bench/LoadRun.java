package io.raftkv.it.bench;

import io.raftkv.client.KvException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A closed-loop load: {@code --clients} platform threads, each sending its next request as soon
 * as the last one is answered, to one node (client {@code i} to target {@code i mod n}). Not
 * virtual threads: a blocking read with a socket timeout parks a virtual thread with a timer, which
 * the JDK schedules and cancels on another thread for every response; with 64 clients that made the
 * load generator the largest user of CPU on the two cores it shares with the nodes it measures.
 * Requests that start during the warm-up are not counted; throughput and latency cover only
 * those that start within {@code --duration} after it.
 */
final class LoadRun {
    private final BenchOptions options;
    private final List<URI> targets;
    private final Workload workload;

    LoadRun(BenchOptions options, List<URI> targets) {
        this.options = options;
        this.targets = List.copyOf(targets);
        this.workload = new Workload(options);
    }

    /** Runs warm-up and measurement and returns what every client measured, added up. */
    ClientStats run() throws InterruptedException {
        try (Transport transport = Transport.create(options.transport(), targets)) {
            if (workload.reads()) {
                preload(transport);
            }
            long measureFrom = System.nanoTime() + options.warmup().toNanos();
            long measureUntil = measureFrom + options.duration().toNanos();
            return acrossClients(client -> measure(transport, client, measureFrom, measureUntil));
        }
    }

    /**
     * Writes every key once, so that reads find values; a write that fails is tried again (up to
     * {@link #PRELOAD_TRIES} times in all), as the same value again changes nothing.
     */
    private static final int PRELOAD_TRIES = 5;

    private void preload(Transport transport) throws InterruptedException {
        ClientStats preload = acrossClients(client -> {
            ClientStats stats = new ClientStats();
            try (Transport.Connection connection = transport.connect(target(client))) {
                for (int key = client; key < workload.keys(); key += options.clients()) {
                    ClientStats tries = new ClientStats();
                    boolean written = false;
                    for (int attempt = 0; attempt < PRELOAD_TRIES && !written; attempt++) {
                        written = send(connection, workload.put(key), tries);
                    }
                    if (!written) {
                        stats.add(tries);
                    }
                }
            }
            return stats;
        });
        if (preload.failed() > 0) {
            throw new IllegalStateException("preloading " + workload.keys() + " keys failed: " + preload.errors);
        }
    }

    private ClientStats measure(Transport transport, int client, long measureFrom, long measureUntil)
            throws IOException, InterruptedException {
        SplittableRandom random = new SplittableRandom(client);
        ClientStats warmup = new ClientStats();
        ClientStats measured = new ClientStats();
        try (Transport.Connection connection = transport.connect(target(client))) {
            for (long start = System.nanoTime(); start < measureUntil; start = System.nanoTime()) {
                send(connection, workload.next(random), start < measureFrom ? warmup : measured);
            }
        }
        return measured;
    }

    /** Sends {@code request} and records how it went; true if it succeeded. */
    private static boolean send(Transport.Connection connection, Transport.Request request, ClientStats stats)
            throws InterruptedException {
        long start = System.nanoTime();
        try {
            int status = connection.exchange(request);
            if (status / 100 == 2) {
                stats.ok(System.nanoTime() - start);
                return true;
            }
            stats.failed(Integer.toString(status));
        } catch (IOException | KvException e) {
            stats.failed(e.getClass().getSimpleName());
        }
        return false;
    }

    private URI target(int client) {
        return targets.get(client % targets.size());
    }

    /** What one client does, given its index. */
    private interface ClientTask {
        ClientStats run(int client) throws IOException, InterruptedException;
    }

    /** Runs {@code task} on {@code --clients} threads and adds up what they measured. */
    private ClientStats acrossClients(ClientTask task) throws InterruptedException {
        List<Future<ClientStats>> clients = new ArrayList<>();
        try (ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("client-", 0).factory())) {
            for (int client = 0; client < options.clients(); client++) {
                int index = client;
                clients.add(threads.submit(() -> task.run(index)));
            }
        }
        ClientStats total = new ClientStats();
        for (Future<ClientStats> client : clients) {
            try {
                total.add(client.get());
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? new UncheckedIOException(io)
                        : new IllegalStateException("a client failed", e.getCause());
            }
        }
        return total;
    }
}
