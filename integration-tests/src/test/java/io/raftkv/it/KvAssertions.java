package io.raftkv.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.json.JsonObject;
import io.helidon.json.JsonParser;

import java.net.http.HttpResponse;
import java.util.Optional;

/** Assertions on the REST API's answers that every test needs alike. */
public final class KvAssertions {
    private KvAssertions() {}

    /**
     * {@code response} is the API's JSON error: {@code status}, {@code Content-Type: application/json}
     * and {@code {"error":{"code":code,"message":…}}}. Returns the {@code error} object.
     */
    public static JsonObject assertError(HttpResponse<byte[]> response, int status, String code) {
        String described = response.request().method() + " " + response.uri() + " -> " + response.statusCode()
                + " " + KvHttp.text(response);
        return assertError(described, response.statusCode(), response.headers().firstValue("Content-Type"),
                response.body(), status, code);
    }

    /** The same, for a response read off a raw socket; {@code described} says what was sent. */
    public static JsonObject assertError(RawHttp.Response response, String described, int status, String code) {
        return assertError(described + " -> " + response.status() + " " + response.text(), response.status(),
                Optional.ofNullable(response.headers().get("content-type")), response.body(), status, code);
    }

    private static JsonObject assertError(String described, int actualStatus, Optional<String> contentType,
                                          byte[] body, int status, String code) {
        assertThat(actualStatus).as(described).isEqualTo(status);
        assertThat(contentType).as(described)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonObject error;
        try {
            error = JsonParser.create(body).readJsonObject().objectValue("error").orElseThrow();
        } catch (RuntimeException notTheErrorShape) {
            throw new AssertionError("not {\"error\":{...}}: " + described, notTheErrorShape);
        }
        assertThat(error.stringValue("code")).as(described).hasValue(code);
        assertThat(error.stringValue("message")).as(described).hasValueSatisfying(m -> assertThat(m).isNotBlank());
        return error;
    }

    /** {@code response} succeeded with {@code status}; the message quotes the body otherwise. */
    public static void assertStatus(HttpResponse<byte[]> response, int status) {
        assertThat(response.statusCode())
                .as(response.request().method() + " " + response.uri() + " -> " + KvHttp.text(response))
                .isEqualTo(status);
    }
}
