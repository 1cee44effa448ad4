/**
 * The starter's core auto-configuration: the {@code KvClient} bean, its {@code kv.client.*}
 * properties and the {@link io.raftkv.client.spring.autoconfigure.KvClientCustomizer} hook.
 */
package io.raftkv.client.spring.autoconfigure;
