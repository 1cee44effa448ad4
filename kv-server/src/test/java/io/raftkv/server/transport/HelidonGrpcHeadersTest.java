package io.raftkv.server.transport;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The work-around for Helidon's shared gRPC headers (see {@link HelidonGrpcHeaders}): it must find
 * them, and reading one must build the lazily built list that two first reads at once could double.
 */
class HelidonGrpcHeadersTest {
    /** A stand-in for Helidon's call classes. */
    private static final class Holder {
        static final Header TE = HeaderValues.create(HeaderNames.TE, "trailers");
    }

    /** Fails once a Helidon upgrade renames or drops the constants: then re-check whether the race remains. */
    @Test
    void theSharedHeadersOfHelidonsGrpcCallsAreFound() {
        assertThat(HelidonGrpcHeaders.initialize()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aSharedHeaderReadOnceHasItsValueListBuiltAndOneValue() throws Exception {
        Field values = Holder.TE.getClass().getDeclaredField("values");
        values.setAccessible(true);
        assertThat(values.get(Holder.TE)).as("built lazily, on first read").isNull();

        assertThat(HelidonGrpcHeaders.initialize(Holder.class)).isEqualTo(1);

        assertThat(values.get(Holder.TE)).isNotNull();
        assertThat(Holder.TE.allValues()).containsExactly("trailers");
    }
}
