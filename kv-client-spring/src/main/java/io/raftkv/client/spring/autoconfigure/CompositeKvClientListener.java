package io.raftkv.client.spring.autoconfigure;

import io.raftkv.client.KvClientListener;
import io.raftkv.client.KvOperation;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Hands each event to several listeners in turn. A listener that throws does not keep the event
 * from the ones after it (the SDK would swallow the exception, and the rest of the event with it).
 */
final class CompositeKvClientListener implements KvClientListener {
    private final List<KvClientListener> listeners;

    private CompositeKvClientListener(List<KvClientListener> listeners) {
        this.listeners = listeners;
    }

    /** One listener for all of {@code listeners}: {@link KvClientListener#NONE} for none, the listener itself for one. */
    static KvClientListener of(List<KvClientListener> listeners) {
        return switch (listeners.size()) {
            case 0 -> KvClientListener.NONE;
            case 1 -> listeners.get(0);
            default -> new CompositeKvClientListener(List.copyOf(listeners));
        };
    }

    @Override
    public void requestStart(String endpoint, KvOperation operation) {
        each(l -> l.requestStart(endpoint, operation));
    }

    @Override
    public void requestEnd(String endpoint, KvOperation operation, int status, Duration duration) {
        each(l -> l.requestEnd(endpoint, operation, status, duration));
    }

    @Override
    public void retry(KvOperation operation, int attempt, Throwable cause, Duration delay) {
        each(l -> l.retry(operation, attempt, cause, delay));
    }

    @Override
    public void failover(String from, String to) {
        each(l -> l.failover(from, to));
    }

    @Override
    public void leaderChanged(String previous, String current) {
        each(l -> l.leaderChanged(previous, current));
    }

    private void each(Consumer<KvClientListener> event) {
        for (KvClientListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException ignored) {
                // The listener contract forbids throwing; one that does loses only its own event.
            }
        }
    }
}
