package io.raftkv.it.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.raftkv.client.KvClient;
import io.raftkv.client.KvEntry;
import io.raftkv.client.spring.cache.KvCacheManager;
import io.raftkv.client.spring.metrics.MicrometerKvClientListener;
import io.raftkv.it.ClusterExtension;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.CacheManager;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Spring Boot starter in a real application context against a real three-node cluster: the
 * {@code KvClient} bean talks to it, the actuator's health endpoint reports its leader, and
 * {@code @Cacheable} stores through it. The cluster starts (in {@code beforeAll}) before Spring
 * builds the context, so the endpoints are known when the properties are read.
 */
@SpringBootTest(classes = KvSpringTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"kv.client.cache.enabled=true", "management.endpoint.health.show-details=always",
                "spring.main.banner-mode=off"})
@DirtiesContext // closes the KvClient with this class rather than at JVM exit
class KvSpringBootIT {
    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension(3);

    @Autowired
    KvClient client;
    @Autowired
    HealthEndpoint health;
    @Autowired
    CacheManager cacheManager;
    @Autowired
    KvSpringTestApp.Greetings greetings;
    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void clusterEndpoints(DynamicPropertyRegistry registry) {
        registry.add("kv.client.endpoints", () -> CLUSTER.cluster().nodes().stream()
                .map(node -> node.http().toString()).collect(Collectors.joining(",")));
    }

    @Test
    void theClientBeanReadsAndWritesTheCluster() {
        client.put("spring/key", "from spring");

        assertThat(client.get("spring/key")).map(KvEntry::valueAsString).hasValue("from spring");
        assertThat(client.leader()).hasValue(CLUSTER.cluster().awaitLeader().http().toString());
    }

    @Test
    void theClientsRequestsAreTimedInSpringBootsMeterRegistry() {
        client.put("spring/metered", "v");

        Timer puts = meters.find(MicrometerKvClientListener.REQUESTS).timer();
        assertThat(puts).as("the starter's request timer in Boot's registry").isNotNull();
        assertThat(meters.find(MicrometerKvClientListener.REQUESTS).timers().stream().mapToLong(Timer::count).sum())
                .isPositive();
    }

    @Test
    void theHealthEndpointReportsTheLeader() {
        String leader = CLUSTER.cluster().awaitLeader().http().toString();

        IndicatedHealthDescriptor kv = (IndicatedHealthDescriptor) health.healthForPath("kv");

        assertThat(kv.getStatus()).isEqualTo(Status.UP);
        assertThat(kv.getDetails()).containsEntry("leader", leader).containsEntry("members", 3)
                .containsKeys("term", "leaderId", "node");
        assertThat((long) kv.getDetails().get("term")).isPositive();
        // A follower hears from the leader only; the leader from everyone.
        assertThat((long) kv.getDetails().get("membersReachable")).isBetween(2L, 3L);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void cacheableMethodsStoreTheirResultsInTheCluster() {
        assertThat(cacheManager).isInstanceOf(KvCacheManager.class);
        int before = greetings.lookups();

        assertThat(greetings.greeting("fr")).isEqualTo("bonjour");
        assertThat(greetings.greeting("fr")).isEqualTo("bonjour");

        assertThat(greetings.lookups() - before).isEqualTo(1);
        assertThat(client.get("cache/greetings/fr")).isPresent();

        greetings.forget("fr");
        assertThat(client.get("cache/greetings/fr")).isEmpty();
        assertThat(greetings.greeting("fr")).isEqualTo("bonjour");
        assertThat(greetings.lookups() - before).isEqualTo(2);

        cacheManager.getCache("greetings").clear();
        assertThat(client.listKeys("cache/greetings/").toList()).isEmpty();
    }
}
