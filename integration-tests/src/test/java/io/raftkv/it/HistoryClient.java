package io.raftkv.it;

import static io.raftkv.it.KvHttp.json;
import static io.raftkv.it.KvHttp.request;

import io.raftkv.server.lincheck.HistoryRecorder;
import io.raftkv.server.lincheck.KvInput;
import io.raftkv.server.lincheck.KvOutput;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One client of a recorded history: random GET, PUT, compare-and-set and DELETE on a few keys,
 * each sent to a random running node, each recorded with what it returned or, when that cannot
 * be known, as unknown.
 *
 * <p>Every value written is unique, so a value names the one revision that wrote it: a CAS on
 * the modRevision the client last saw with value {@code v} is exactly the model's CAS expecting
 * {@code v}.
 */
final class HistoryClient {
    /** Refusals that guarantee the write was never proposed. */
    private static final Set<String> NOT_APPLIED = Set.of("NO_LEADER", "LEADER_UNREACHABLE", "OVERLOADED");

    /** What this client last saw of a key: a value (null: absent) and its modRevision (0: absent). */
    private record Seen(String value, long modRevision) {}

    private final int id;
    private final LocalCluster cluster;
    private final HistoryRecorder<KvInput, KvOutput> recorder;
    private final List<String> keys;
    private final Queue<String> unexpected;
    private final AtomicInteger answered;
    private final Random random;
    private final Map<String, Seen> seen = new HashMap<>();
    private int written;

    /**
     * {@code unexpected} collects answers outside the API's contract; {@code answered} counts the
     * operations that returned an outcome (the others are refused, failed or unknown).
     */
    HistoryClient(int id, LocalCluster cluster, HistoryRecorder<KvInput, KvOutput> recorder, List<String> keys,
                  Queue<String> unexpected, AtomicInteger answered, long seed) {
        this.id = id;
        this.cluster = cluster;
        this.recorder = recorder;
        this.keys = keys;
        this.unexpected = unexpected;
        this.answered = answered;
        this.random = new Random(seed);
    }

    /**
     * Starts {@code count} clients on {@code threads}, client {@code i} seeded {@code seed + i}, each
     * running until {@code running} turns false; returns their futures.
     */
    static List<Future<?>> startAll(ExecutorService threads, int count, LocalCluster cluster,
                                    HistoryRecorder<KvInput, KvOutput> recorder, List<String> keys, Queue<String> unexpected,
                                    AtomicInteger answered, long seed, BooleanSupplier running) {
        List<Future<?>> clients = new ArrayList<>();
        for (int id = 0; id < count; id++) {
            HistoryClient client = new HistoryClient(id, cluster, recorder, keys, unexpected, answered, seed + id);
            clients.add(threads.submit(() -> {
                client.runWhile(running);
                return null;
            }));
        }
        return clients;
    }

    /** Runs operations until {@code running} turns false. */
    void runWhile(BooleanSupplier running) throws InterruptedException {
        while (running.getAsBoolean()) {
            runOne();
        }
    }

    private void runOne() throws InterruptedException {
        String key = keys.get(random.nextInt(keys.size()));
        int dice = random.nextInt(100);
        Seen last = seen.get(key);
        // A CAS needs a revision this client has seen; without one, it reads first.
        if (dice < 40 || (dice < 60 && last == null)) {
            get(key);
        } else if (dice < 60) {
            compareAndSet(key, last);
        } else if (dice < 85) {
            put(key);
        } else {
            delete(key);
        }
    }

    private void get(String key) throws InterruptedException {
        long op = recorder.invoke(id, KvInput.get(key));
        HttpResponse<byte[]> response = send(op, request(node(), KvHttp.kvPath(key)).GET());
        if (response == null) {
            return;
        }
        switch (response.statusCode()) {
            case 200 -> {
                String value = KvHttp.text(response);
                answered(op, KvOutput.value(value));
                seen.put(key, new Seen(value, Long.parseLong(response.headers().firstValue("X-Kv-Mod-Revision").orElseThrow())));
            }
            case 404 -> {
                answered(op, KvOutput.value(null));
                seen.put(key, new Seen(null, 0));
            }
            default -> refused(op, response);
        }
    }

    private void put(String key) throws InterruptedException {
        String value = nextValue();
        long op = recorder.invoke(id, KvInput.put(key, value));
        HttpResponse<byte[]> response = send(op, write(key, value));
        if (response != null) {
            completeWrite(op, key, value, response);
        }
    }

    private void compareAndSet(String key, Seen expected) throws InterruptedException {
        String value = nextValue();
        long op = recorder.invoke(id, KvInput.cas(key, expected.value(), value));
        HttpRequest.Builder request = expected.value() == null
                ? write(key, value).header("If-None-Match", "*")
                : write(key, value).header("If-Match", "\"" + expected.modRevision() + "\"");
        HttpResponse<byte[]> response = send(op, request);
        if (response == null) {
            return;
        }
        if (response.statusCode() == 412) {
            answered(op, KvOutput.failed());
            seen.remove(key);
        } else {
            completeWrite(op, key, value, response);
        }
    }

    private void completeWrite(long op, String key, String value, HttpResponse<byte[]> response) {
        if (response.statusCode() / 100 == 2) {
            answered(op, KvOutput.ok());
            seen.put(key, new Seen(value, json(response).longValue("modRevision").orElseThrow()));
        } else {
            refused(op, response);
        }
    }

    private void delete(String key) throws InterruptedException {
        long op = recorder.invoke(id, KvInput.delete(key));
        HttpResponse<byte[]> response = send(op, request(node(), KvHttp.kvPath(key)).DELETE());
        if (response == null) {
            return;
        }
        if (response.statusCode() == 200 || response.statusCode() == 404) {
            answered(op, KvOutput.ok());
            seen.put(key, new Seen(null, 0));
        } else {
            refused(op, response);
        }
    }

    private void answered(long op, KvOutput output) {
        recorder.ok(op, output);
        answered.incrementAndGet();
    }

    private HttpRequest.Builder write(String key, String value) {
        return request(node(), KvHttp.kvPath(key)).PUT(HttpRequest.BodyPublishers.ofString(value));
    }

    /** Sends; on an I/O error records the operation (failed if never sent, else unknown) and returns null. */
    private HttpResponse<byte[]> send(long op, HttpRequest.Builder request) throws InterruptedException {
        try {
            return cluster.http().send(request);
        } catch (ConnectException neverSent) {
            recorder.fail(op);
        } catch (IOException mayHaveArrived) {
            recorder.unknown(op);
        }
        return null;
    }

    /** A non-success answer: a refusal that guarantees no effect, a 504, or something off-contract. */
    private void refused(long op, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        String code = status >= 400 ? json(response).objectValue("error").flatMap(e -> e.stringValue("code")).orElse("?") : "?";
        if (status == 503 && (NOT_APPLIED.contains(code) || code.equals("READ_TIMEOUT"))) {
            recorder.fail(op);
            return;
        }
        recorder.unknown(op);
        if (status != 504) {
            unexpected.add(response.request().method() + " " + response.uri() + " -> " + status + " " + KvHttp.text(response));
        }
    }

    private ClusterNode node() {
        List<ClusterNode> running = cluster.running();
        return running.get(random.nextInt(running.size()));
    }

    private String nextValue() {
        return "c" + id + "-" + written++;
    }
}
