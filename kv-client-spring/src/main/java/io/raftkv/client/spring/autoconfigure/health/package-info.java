/** Auto-configuration of the raftkv health indicator, active with Spring Boot's health support. */
package io.raftkv.client.spring.autoconfigure.health;
