package io.raftkv.server.transport;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    private static final long MS = 1_000_000;

    @Test
    void delaysDoubleUpToTheMaximumWithinTheirJitterBand() {
        Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(2), new Random(5));
        long[] steps = {50, 100, 200, 400, 800, 1600, 2000, 2000};
        for (long step : steps) {
            assertThat(backoff.nextDelayNanos()).isBetween(step * MS / 2, step * MS);
        }
        backoff.reset();
        assertThat(backoff.nextDelayNanos()).isBetween(25 * MS, 50 * MS);
    }

    @Test
    void theSameSeedGivesTheSameDelays() {
        Backoff a = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(2), new Random(9));
        Backoff b = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(2), new Random(9));
        for (int i = 0; i < 10; i++) {
            assertThat(a.nextDelayNanos()).isEqualTo(b.nextDelayNanos());
        }
    }
}
