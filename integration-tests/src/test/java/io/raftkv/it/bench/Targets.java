package io.raftkv.it.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Picks the nodes a run sends to, as {@code --through} asks, from the leader the cluster names. */
final class Targets {
    private Targets() {}

    static List<URI> choose(List<URI> targets, BenchOptions.Through through) throws InterruptedException {
        if (through == BenchOptions.Through.ANY) {
            return targets;
        }
        int leaderPort = leader(targets).getPort();
        List<URI> chosen = targets.stream()
                .filter(target -> (target.getPort() == leaderPort) == (through == BenchOptions.Through.LEADER))
                .toList();
        if (chosen.isEmpty()) {
            throw new IllegalStateException("no " + through.name().toLowerCase() + " among " + targets
                    + " (the leader is on port " + leaderPort + ")");
        }
        return chosen;
    }

    /** The leader's URL as the first target that knows one names it ({@code X-Kv-Leader}). */
    private static URI leader(List<URI> targets) throws InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            for (URI target : targets) {
                Optional<URI> leader = leaderAccordingTo(client, target);
                if (leader.isPresent()) {
                    return leader.get();
                }
            }
        }
        throw new IllegalStateException("none of " + targets + " knows a leader");
    }

    private static Optional<URI> leaderAccordingTo(HttpClient client, URI target) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target.resolve("/api/v1/cluster/leader"))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200
                    ? response.headers().firstValue("X-Kv-Leader").map(URI::create)
                    : Optional.empty();
        } catch (IOException unreachable) {
            return Optional.empty();
        }
    }
}
