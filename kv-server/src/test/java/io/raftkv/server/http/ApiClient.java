package io.raftkv.server.http;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** The JDK's HTTP client for the API tests; it follows no redirects, so a 307 shows as such. */
final class ApiClient implements AutoCloseable {
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    HttpResponse<byte[]> get(URI uri, String... headers) {
        return send("GET", uri, null, headers);
    }

    HttpResponse<byte[]> put(URI uri, byte[] body, String... headers) {
        return send("PUT", uri, body, headers);
    }

    HttpResponse<byte[]> put(URI uri, String body, String... headers) {
        return put(uri, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    HttpResponse<byte[]> delete(URI uri, String... headers) {
        return send("DELETE", uri, null, headers);
    }

    /** @param headers name, value, name, value, ... */
    HttpResponse<byte[]> send(String method, URI uri, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonObject json(HttpResponse<byte[]> response) {
        return Json.createReader(new StringReader(new String(response.body(), StandardCharsets.UTF_8))).readObject();
    }

    /** The "error" object of an error response. */
    static JsonObject error(HttpResponse<byte[]> response) {
        return json(response).getJsonObject("error");
    }

    @Override
    public void close() {
        client.close();
    }
}
