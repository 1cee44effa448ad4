package io.raftkv.server.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeysTest {
    @Test
    void theKeyIsTheRawRestOfThePathDecoded() {
        assertThat(key("a")).isEqualTo("a");
        assertThat(key("users/42/name")).isEqualTo("users/42/name");
        assertThat(key("users%2F42")).isEqualTo("users/42");
        assertThat(key("caf%C3%A9")).isEqualTo("café");
        assertThat(key("%F0%9F%94%91")).isEqualTo("🔑");
        assertThat(key("a%20b+c")).as("+ is literal in a path").isEqualTo("a b+c");
        assertThat(key("a%0Ab")).isEqualTo("a\nb");
        assertThat(key("a/../b")).as("no dot-segment normalization").isEqualTo("a/../b");
        assertThat(key("/a;b")).isEqualTo("/a;b");
        assertThat(key("%2e%2E")).isEqualTo("..");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "a%", "a%2", "%zz", "%G0", "%-1", "%\uFF11\uFF11"})
    void malformedEscapesAreInvalidKeys(String raw) {
        assertInvalidKey(raw, "%-escape");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%FF", "%C3", "%C3%28", "%C0%AF", "%ED%A0%80", "%F4%90%80%80", "a%80b"})
    void malformedUtf8IsAnInvalidKey(String raw) {
        assertInvalidKey(raw, "UTF-8");
    }

    @Test
    void unescapedNonAsciiIsAnInvalidKey() {
        assertInvalidKey("café", "must be %-encoded");
        assertInvalidKey("a b", "must be %-encoded");
    }

    @Test
    void aKeyHasOneTo4096Bytes() {
        assertInvalidKey("", "empty");
        assertThat(key("k".repeat(4096))).hasSize(4096);
        assertThat(key("%C3%A9".repeat(2048)).getBytes(UTF_8)).hasSize(4096);
        assertInvalidKey("k".repeat(4097), "4097 bytes");
        assertInvalidKey("%C3%A9".repeat(2048) + "k", "4097 bytes");
    }

    @Test
    void aPathOutsideTheKeySpaceIsNotFound() {
        assertThatThrownBy(() -> Keys.fromRawPath("/api/v1/x/../kv/k"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    private static String key(String raw) {
        return new String(Keys.fromRawPath(Keys.PATH_PREFIX + raw), UTF_8);
    }

    private static void assertInvalidKey(String raw, String reason) {
        assertThatThrownBy(() -> Keys.fromRawPath(Keys.PATH_PREFIX + raw))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_KEY))
                .hasMessageContaining(reason);
    }
}
