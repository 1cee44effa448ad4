package io.raftkv.client.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.raftkv.client.CircuitBreakerPolicy;
import io.raftkv.client.KvClientListener;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import retrofit2.Retrofit;

/**
 * The nodes and which to ask: writes go to the leader learned from {@code X-Kv-Leader}, reads
 * round-robin over the configured nodes whose breaker admits a call. Thread-safe.
 */
final class Endpoints {
    private final List<Endpoint> configured;
    private final Map<String, Endpoint> byUrl = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicReference<Endpoint> leader = new AtomicReference<>();
    private final OkHttpClient http;
    private final CircuitBreakerConfig breakerConfig;
    private final KvClientListener listener;

    Endpoints(List<HttpUrl> urls, OkHttpClient http, CircuitBreakerPolicy policy, KvClientListener listener) {
        this.http = http;
        this.listener = listener;
        this.breakerConfig = CircuitBreakerConfig.custom()
                .failureRateThreshold(policy.failureRatePercent())
                .slidingWindowSize(policy.windowSize())
                .minimumNumberOfCalls(policy.minimumCalls())
                .waitDurationInOpenState(policy.openDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build();
        this.configured = urls.stream().map(u -> endpoint(u.toString())).toList();
    }

    /** The choice of a node for one attempt; {@code permitted} says whether its breaker admitted it. */
    record Choice(Endpoint endpoint, boolean permitted) {
    }

    /**
     * Chooses the node for an attempt.
     *
     * @param write whether the call is a write (then the known leader comes first)
     * @param previous the node of the previous attempt, avoided if another admits the call; or null
     * @return the choice; when every breaker is open, a node anyway (not permitted)
     */
    Choice pick(boolean write, Endpoint previous) {
        Endpoint known = leader.get();
        if (write && known != null && known.breaker().tryAcquirePermission()) {
            return new Choice(known, true);
        }
        int start = Math.floorMod(next.getAndIncrement(), configured.size());
        for (int i = 0; i < configured.size(); i++) {
            Endpoint e = configured.get((start + i) % configured.size());
            if ((e != previous || configured.size() == 1) && e.breaker().tryAcquirePermission()) {
                return new Choice(e, true);
            }
        }
        if (previous != null && previous.breaker().tryAcquirePermission()) {
            return new Choice(previous, true);
        }
        return new Choice(configured.get(start), false);
    }

    /**
     * Learns the leader from an answer's {@code X-Kv-Leader}. A 503 means no leader can serve now,
     * whatever the header says: a follower answering 503 {@code LEADER_UNREACHABLE} still names the
     * leader it could not reach (a killed one, until the next election), and learning it would send
     * every retry back to a dead node.
     *
     * @param status the answer's status
     * @param headers its headers
     */
    void observe(int status, Headers headers) {
        if (status == 503) {
            setLeader(null);
            return;
        }
        String header = headers.get("X-Kv-Leader");
        HttpUrl url = header == null ? null : HttpUrl.parse(header.endsWith("/") ? header : header + "/");
        if (url != null) {
            setLeader(endpoint(url.toString()));
        }
    }

    /** Forgets the leader if it is this node (it could not be reached). */
    void unreachable(Endpoint endpoint) {
        if (leader.get() == endpoint) {
            setLeader(null);
        }
    }

    /** The leader's base URL, or null. */
    String leader() {
        Endpoint l = leader.get();
        return l == null ? null : l.name();
    }

    private void setLeader(Endpoint now) {
        Endpoint before = leader.getAndSet(now);
        if (before != now) {
            Listeners.safely(() -> listener.leaderChanged(before == null ? null : before.name(),
                    now == null ? null : now.name()));
        }
    }

    private Endpoint endpoint(String url) {
        return byUrl.computeIfAbsent(url, u -> new Endpoint(u, api(u), CircuitBreaker.of(u, breakerConfig)));
    }

    private KvApi api(String url) {
        return new Retrofit.Builder().baseUrl(Objects.requireNonNull(url)).client(http).build().create(KvApi.class);
    }
}
