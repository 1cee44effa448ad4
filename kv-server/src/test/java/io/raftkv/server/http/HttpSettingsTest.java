package io.raftkv.server.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpSettingsTest {
    @Test
    void defaultsAreOneMibProxyAndTenSeconds() {
        assertThat(HttpSettings.defaults()).isEqualTo(new HttpSettings(1 << 20, Forwarding.PROXY, Duration.ofSeconds(10)));
    }

    @Test
    void refusesWhatCannotWork() {
        assertThatThrownBy(() -> new HttpSettings(0, Forwarding.PROXY, Duration.ofSeconds(1)))
                .hasMessageContaining("maxValueBytes");
        assertThatThrownBy(() -> new HttpSettings(Integer.MAX_VALUE, Forwarding.PROXY, Duration.ofSeconds(1)))
                .hasMessageContaining("maxValueBytes");
        assertThatThrownBy(() -> new HttpSettings(1, null, Duration.ofSeconds(1))).hasMessageContaining("forwarding");
        assertThatThrownBy(() -> new HttpSettings(1, Forwarding.REDIRECT, Duration.ZERO))
                .hasMessageContaining("forwardTimeout");
    }
}
