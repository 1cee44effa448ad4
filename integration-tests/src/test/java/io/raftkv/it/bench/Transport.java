package io.raftkv.it.bench;

import io.raftkv.client.Consistency;
import io.raftkv.client.KvClient;
import io.raftkv.it.RawHttp;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * How the clients send requests. {@link Kind#RAW} (the default): each client owns a keep-alive
 * socket per node and writes HTTP/1.1 by hand. {@link Kind#JDK}: every client shares one
 * {@link HttpClient}, as a typical Java application would. {@link Kind#SDK}: every client shares
 * one {@link KvClient} over all the targets, which routes as the SDK does (writes to the leader it
 * learns, reads round-robin), not to the client's own target; with its defaults (10 s deadline,
 * retries), so compare it with {@code raw} on runs where both send to the same nodes: PUT
 * {@code --through leader}, GET {@code --through any}.
 *
 * <p>Why raw is the default: the generator shares the cores with the cluster it measures, and the
 * JDK client costs far more per request. Measured on the 2-core machine, 64 clients of serializable
 * GET against 3 nodes: about 10,000 requests/s with {@code jdk}, 34,000 to 47,000 with {@code raw},
 * the generator itself using about 7 times less CPU per request.
 */
abstract sealed class Transport implements AutoCloseable {
    /** The choices of {@code --transport}. */
    enum Kind { RAW, JDK, SDK }

    /** One request: {@code GET} or {@code PUT} of a key, how to read it, the body (empty for none). */
    record Request(String method, String key, boolean serializable, byte[] body) {
        /** The request target: the key's path, with the query. */
        String target() {
            return "/api/v1/kv/" + key + (serializable ? "?consistency=serializable" : "");
        }
    }

    /** One client's line to one node; used by one thread at a time. */
    interface Connection extends Closeable {
        /**
         * Sends {@code request} and returns the status; an {@link IOException} (or, from the SDK, its
         * {@code KvException}) leaves it usable (it reconnects).
         */
        int exchange(Request request) throws IOException, InterruptedException;
    }

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The transport of {@code kind}; only {@link Kind#SDK} looks at {@code targets}, the others connect per client. */
    static Transport create(Kind kind, List<URI> targets) {
        return switch (kind) {
            case RAW -> new Raw();
            case JDK -> new Jdk();
            case SDK -> new Sdk(targets);
        };
    }

    abstract Connection connect(URI node);

    @Override
    public void close() {
    }

    private static final class Raw extends Transport {
        @Override
        Connection connect(URI node) {
            return new Connection() {
                private final String host = node.getHost() + ":" + node.getPort();
                private RawHttp connection;

                @Override
                public int exchange(Request request) throws IOException {
                    if (connection == null) {
                        connection = new RawHttp(node.getHost(), node.getPort(), TIMEOUT);
                    }
                    try {
                        RawHttp.Response response = connection.exchange(
                                RawHttp.request(request.method(), request.target(), host, request.body()));
                        if ("close".equalsIgnoreCase(response.headers().get("connection"))) {
                            close();
                        }
                        return response.status();
                    } catch (IOException e) {
                        close();
                        throw e;
                    }
                }

                @Override
                public void close() throws IOException {
                    if (connection != null) {
                        connection.close();
                        connection = null;
                    }
                }
            };
        }
    }

    private static final class Jdk extends Transport {
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT).build();

        @Override
        Connection connect(URI node) {
            return new Connection() {
                @Override
                public int exchange(Request request) throws IOException, InterruptedException {
                    HttpRequest.BodyPublisher body = request.body().length == 0
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(request.body());
                    HttpRequest http = HttpRequest.newBuilder(node.resolve(request.target())).timeout(TIMEOUT)
                            .method(request.method(), body).build();
                    return client.send(http, HttpResponse.BodyHandlers.discarding()).statusCode();
                }

                @Override
                public void close() {
                    // The shared client owns the connections.
                }
            };
        }

        @Override
        public void close() {
            client.close();
        }
    }

    private static final class Sdk extends Transport {
        private final KvClient client;

        Sdk(List<URI> targets) {
            client = KvClient.builder().endpoints(targets.stream().map(URI::toString).toList()).callTimeout(TIMEOUT)
                    .build();
        }

        @Override
        Connection connect(URI node) {
            return new Connection() {
                @Override
                public int exchange(Request request) {
                    return switch (request.method()) {
                        case "GET" -> client.get(request.key(),
                                request.serializable() ? Consistency.SERIALIZABLE : Consistency.LINEARIZABLE)
                                .isPresent() ? 200 : 404;
                        case "PUT" -> client.put(request.key(), request.body()).created() ? 201 : 200;
                        default -> throw new IllegalArgumentException("the SDK transport sends GET and PUT, not "
                                + request.method());
                    };
                }

                @Override
                public void close() {
                    // The shared client owns the connections.
                }
            };
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
