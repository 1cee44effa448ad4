/** The actuator health indicator for a raftkv cluster. */
package io.raftkv.client.spring.health;
