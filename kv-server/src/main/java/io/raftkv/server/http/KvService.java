package io.raftkv.server.http;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.raftkv.proto.kv.Command;
import io.raftkv.server.kv.Commands;
import io.raftkv.server.kv.KeyValue;
import io.raftkv.server.kv.Page;
import io.raftkv.server.node.RaftNode;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The key-value resource.
 * <ul>
 *   <li>{@code curl -X PUT localhost:8081/api/v1/kv/greeting -d hello}: write (201 new, 200 replaced)</li>
 *   <li>{@code curl localhost:8081/api/v1/kv/greeting}: the raw value, linearizable</li>
 *   <li>{@code curl -X DELETE localhost:8081/api/v1/kv/greeting}: delete</li>
 *   <li>{@code curl 'localhost:8081/api/v1/kv?prefix=user/&limit=10'}: list, in key byte order</li>
 * </ul>
 */
final class KvService implements HttpService {
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;
    static final HeaderName CREATE_REVISION = HeaderNames.create("X-Kv-Create-Revision");
    static final HeaderName MOD_REVISION = HeaderNames.create("X-Kv-Mod-Revision");
    static final HeaderName VERSION = HeaderNames.create("X-Kv-Version");
    private static final String LIST_PATH = "/api/v1/kv";
    // A prefix matcher, not a {+key} pattern: its regular expression would not match keys holding a newline.
    private static final PathMatcher KEY_PATHS = PathMatchers.prefix(Keys.PATH_PREFIX);
    private static final Set<String> LIST_PARAMS = Set.of("prefix", "start", "limit", "keysOnly", "consistency");
    private static final Set<String> READ_PARAMS = Set.of("consistency");
    private static final Set<String> WRITE_PARAMS = Set.of("prevRevision");

    private final RaftNode node;
    private final long maxValueBytes;
    private final WritePath writes;

    KvService(RaftNode node, HttpSettings settings) {
        this.node = node;
        this.maxValueBytes = settings.maxValueBytes();
        this.writes = new WritePath(node, settings);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(LIST_PATH, this::list)
                .any(LIST_PATH, Fallbacks.methodNotAllowed(Method.GET))
                .route(Method.GET, KEY_PATHS, this::get)
                .route(Method.PUT, KEY_PATHS, this::put)
                .route(Method.DELETE, KEY_PATHS, this::delete)
                .route(method -> true, KEY_PATHS, Fallbacks.methodNotAllowed(Method.GET, Method.PUT, Method.DELETE));
    }

    @Override
    public void afterStop() {
        writes.close();
    }

    private void get(ServerRequest req, ServerResponse res) {
        byte[] key = key(req);
        awaitConsistency(query(req, READ_PARAMS));
        KeyValue kv = node.get(key).orElseThrow(() -> new ApiException(ErrorCode.KEY_NOT_FOUND, "no such key"));
        res.header(HeaderNames.ETAG, "\"" + kv.modRevision() + "\"");
        res.header(CREATE_REVISION, Long.toString(kv.createRevision()));
        res.header(MOD_REVISION, Long.toString(kv.modRevision()));
        res.header(VERSION, Long.toString(kv.version()));
        if (wantsJson(req)) {
            JsonBodies.send(res, Status.OK_200, KvJson.keyValue(kv, true));
        } else {
            res.headers().contentType(MediaTypes.APPLICATION_OCTET_STREAM);
            res.send(kv.value());
        }
    }

    private void list(ServerRequest req, ServerResponse res) {
        if (!req.prologue().uriPath().rawPath().equals(LIST_PATH)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no such resource; list keys at " + LIST_PATH);
        }
        QueryParams params = query(req, LIST_PARAMS);
        byte[] prefix = params.text("prefix").orElse("").getBytes(StandardCharsets.UTF_8);
        byte[] start = params.text("start").orElse("").getBytes(StandardCharsets.UTF_8);
        int limit = (int) Math.min(params.positive("limit", DEFAULT_LIMIT), MAX_LIMIT);
        boolean keysOnly = params.flag("keysOnly");
        awaitConsistency(params);
        Page page = node.list(prefix, start, limit, keysOnly);
        JsonBodies.send(res, Status.OK_200, KvJson.page(page, keysOnly));
    }

    private void put(ServerRequest req, ServerResponse res) {
        byte[] key = key(req);
        OptionalLong prevRevision = prevRevision(req);
        byte[] value = Values.read(req, maxValueBytes);
        Command command = prevRevision.isPresent()
                ? Commands.putIf(key, value, prevRevision.getAsLong()) : Commands.put(key, value);
        writes.run(req, res, IdempotencyKeys.apply(req, command), value)
                .ifPresent(applied -> WriteOutcomes.put(res, key, applied));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        byte[] key = key(req);
        OptionalLong prevRevision = prevRevision(req);
        Command command = prevRevision.isPresent()
                ? Commands.deleteIf(key, prevRevision.getAsLong()) : Commands.delete(key);
        writes.run(req, res, IdempotencyKeys.apply(req, command), new byte[0])
                .ifPresent(applied -> WriteOutcomes.delete(res, applied));
    }

    private static byte[] key(ServerRequest req) {
        return Keys.fromRawPath(req.prologue().uriPath().rawPath());
    }

    private static QueryParams query(ServerRequest req, Set<String> allowed) {
        return QueryParams.parse(req.prologue().query().rawValue(), allowed);
    }

    private static OptionalLong prevRevision(ServerRequest req) {
        return Preconditions.prevRevision(query(req, WRITE_PARAMS).revision("prevRevision"),
                req.headers().first(HeaderNames.IF_MATCH), req.headers().first(HeaderNames.IF_NONE_MATCH));
    }

    /** Linearizable unless {@code ?consistency=serializable}: wait until this replica has caught up. */
    private void awaitConsistency(QueryParams params) {
        String consistency = params.text("consistency").orElse("linearizable");
        switch (consistency) {
            case "linearizable" -> NodeCalls.await(node.readBarrier(), ErrorCode.READ_TIMEOUT);
            case "serializable" -> {
                // the local replica as it is: may lag the leader, never shows uncommitted writes
            }
            default -> throw new ApiException(ErrorCode.INVALID_PARAMETER,
                    "consistency must be linearizable or serializable");
        }
    }

    /** JSON only when the client asks for it over the raw bytes; no Accept, or any other, gets the raw value. */
    private static boolean wantsJson(ServerRequest req) {
        return req.headers().bestAccepted(MediaTypes.APPLICATION_OCTET_STREAM, MediaTypes.APPLICATION_JSON)
                .filter(MediaTypes.APPLICATION_JSON::equals)
                .isPresent();
    }
}
