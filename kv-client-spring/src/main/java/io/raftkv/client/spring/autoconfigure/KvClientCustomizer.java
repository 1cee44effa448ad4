package io.raftkv.client.spring.autoconfigure;

import io.raftkv.client.KvClient;

/**
 * Tunes the {@link KvClient.Builder} the auto-configuration prepared from {@code kv.client.*},
 * before it builds the {@code KvClient} bean: for the options that are objects rather than
 * properties (an {@code OkHttpClient}, interceptors, TLS, a rotating {@code Authorization} token).
 * Every customizer bean runs, in {@link org.springframework.core.annotation.Order} order.
 *
 * <pre>{@code
 * @Bean
 * KvClientCustomizer bearerToken(TokenSource tokens) {
 *     return builder -> builder.authorization(() -> "Bearer " + tokens.current());
 * }
 * }</pre>
 *
 * <p>Add a listener as a {@code KvClientListener} bean rather than with
 * {@code builder.listener(...)}: the auto-configuration composes every listener bean (the
 * Micrometer one included), and a customizer's {@code listener(...)} would replace them all.
 */
@FunctionalInterface
public interface KvClientCustomizer {

    /**
     * Customizes the builder.
     *
     * @param builder the builder, already set from the properties
     */
    void customize(KvClient.Builder builder);
}
