package io.raftkv.client.spring;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okio.Buffer;

/**
 * An in-memory stand-in for one raftkv node's key-value API (docs/api.md), as a MockWebServer
 * dispatcher: get, put (plain, create-only, compare-and-set), delete and paged listing, with
 * revisions. Enough for the cache to run against something that keeps state; the real cluster is
 * integration-tests' job.
 */
public final class FakeKvServer extends Dispatcher {
    private static final String KV = "/api/v1/kv";

    private record Stored(byte[] value, long createRevision, long modRevision, long version) {
    }

    private final NavigableMap<String, Stored> store = new TreeMap<>();
    private long revision;

    /** The keys stored now, in order. */
    public synchronized List<String> keys() {
        return new ArrayList<>(store.keySet());
    }

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
        HttpUrl url = request.getUrl();
        String path = url.encodedPath();
        if (path.equals(KV) && request.getMethod().equals("GET")) {
            return list(url);
        }
        if (!path.startsWith(KV + "/")) {
            return error(404, "NOT_FOUND", 0);
        }
        String key = String.join("/", url.pathSegments().subList(3, url.pathSegments().size()));
        return switch (request.getMethod()) {
            case "GET" -> get(key);
            case "PUT" -> put(key, request);
            case "DELETE" -> delete(key, url);
            default -> error(405, "METHOD_NOT_ALLOWED", 0);
        };
    }

    private MockResponse get(String key) {
        Stored s = store.get(key);
        if (s == null) {
            return error(404, "KEY_NOT_FOUND", 0);
        }
        return new MockResponse.Builder().code(200).body(new Buffer().write(s.value()))
                .setHeader("X-Kv-Create-Revision", s.createRevision()).setHeader("X-Kv-Mod-Revision", s.modRevision())
                .setHeader("X-Kv-Version", s.version()).build();
    }

    private MockResponse put(String key, RecordedRequest request) {
        Stored old = store.get(key);
        long current = old == null ? 0 : old.modRevision();
        String prev = request.getUrl().queryParameter("prevRevision");
        boolean createOnly = "*".equals(request.getHeaders().get("If-None-Match"));
        if ((createOnly && old != null) || (prev != null && Long.parseLong(prev) != current)) {
            return error(412, "PRECONDITION_FAILED", current);
        }
        revision++;
        Stored s = old == null ? new Stored(request.getBody().toByteArray(), revision, revision, 1)
                : new Stored(request.getBody().toByteArray(), old.createRevision(), revision, old.version() + 1);
        store.put(key, s);
        return json(old == null ? 201 : 200, "{\"key\":\"" + key + "\",\"createRevision\":" + s.createRevision()
                + ",\"modRevision\":" + s.modRevision() + ",\"version\":" + s.version() + "}");
    }

    private MockResponse delete(String key, HttpUrl url) {
        Stored old = store.get(key);
        if (old == null) {
            return error(404, "KEY_NOT_FOUND", 0);
        }
        String prev = url.queryParameter("prevRevision");
        if (prev != null && Long.parseLong(prev) != old.modRevision()) {
            return error(412, "PRECONDITION_FAILED", old.modRevision());
        }
        store.remove(key);
        revision++;
        return json(200, "{\"deleted\":1,\"revision\":" + revision + "}");
    }

    private MockResponse list(HttpUrl url) {
        String prefix = orEmpty(url.queryParameter("prefix"));
        String start = orEmpty(url.queryParameter("start"));
        int limit = Integer.parseInt(url.queryParameter("limit"));
        boolean keysOnly = url.queryParameter("keysOnly") != null;
        List<String> kvs = new ArrayList<>();
        String next = null;
        for (Map.Entry<String, Stored> e : store.tailMap(start.compareTo(prefix) > 0 ? start : prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            if (kvs.size() == limit) {
                next = e.getKey();
                break;
            }
            kvs.add(listed(e.getKey(), e.getValue(), keysOnly));
        }
        return json(200, "{\"kvs\":[" + String.join(",", kvs) + "],\"count\":" + kvs.size() + ",\"more\":"
                + (next != null) + (next == null ? "" : ",\"next\":\"" + next + "\"") + "}");
    }

    private static String listed(String key, Stored s, boolean keysOnly) {
        String value = keysOnly ? "" : ",\"value\":\"" + Base64.getEncoder().encodeToString(s.value()) + "\"";
        return "{\"key\":\"" + key + "\"" + value + ",\"createRevision\":" + s.createRevision()
                + ",\"modRevision\":" + s.modRevision() + ",\"version\":" + s.version() + "}";
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static MockResponse error(int status, String code, long currentModRevision) {
        String extra = code.equals("PRECONDITION_FAILED") ? ",\"currentModRevision\":" + currentModRevision : "";
        return json(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"fake: " + code + "\"" + extra + "}}");
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
    }
}
