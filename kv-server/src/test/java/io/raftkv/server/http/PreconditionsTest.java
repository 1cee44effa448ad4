package io.raftkv.server.http;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreconditionsTest {
    @Test
    void eachFormGivesTheRevisionToCompare() {
        assertThat(prev(OptionalLong.empty(), null, null)).isEmpty();
        assertThat(prev(OptionalLong.of(7), null, null)).hasValue(7);
        assertThat(prev(OptionalLong.empty(), "\"7\"", null)).hasValue(7);
        assertThat(prev(OptionalLong.empty(), " \"7\" ", null)).hasValue(7);
        assertThat(prev(OptionalLong.empty(), null, "*")).as("create-only").hasValue(0);
        assertThat(prev(OptionalLong.of(0), null, null)).as("create-only").hasValue(0);
    }

    @Test
    void agreeingFormsMayBeCombined() {
        assertThat(prev(OptionalLong.of(7), "\"7\"", null)).hasValue(7);
        assertThat(prev(OptionalLong.of(0), null, "*")).hasValue(0);
    }

    @Test
    void refusesMalformedUnsupportedAndDisagreeingForms() {
        assertInvalid(OptionalLong.empty(), "7", null, "double quotes");
        assertInvalid(OptionalLong.empty(), "W/\"7\"", null, "double quotes");
        assertInvalid(OptionalLong.empty(), "\"7\", \"8\"", null, "one revision");
        assertInvalid(OptionalLong.empty(), "*", null, "double quotes");
        assertInvalid(OptionalLong.empty(), "\"-1\"", null, "double quotes");
        assertInvalid(OptionalLong.empty(), null, "\"7\"", "only *");
        assertInvalid(OptionalLong.of(7), "\"8\"", null, "disagree");
        assertInvalid(OptionalLong.of(7), null, "*", "disagree");
    }

    private static OptionalLong prev(OptionalLong query, String ifMatch, String ifNoneMatch) {
        return Preconditions.prevRevision(query, Optional.ofNullable(ifMatch), Optional.ofNullable(ifNoneMatch));
    }

    private static void assertInvalid(OptionalLong query, String ifMatch, String ifNoneMatch, String reason) {
        assertThatThrownBy(() -> prev(query, ifMatch, ifNoneMatch))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER))
                .hasMessageContaining(reason);
    }
}
