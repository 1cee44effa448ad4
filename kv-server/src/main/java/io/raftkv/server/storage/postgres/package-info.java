/**
 * The PostgreSQL backend: {@link io.raftkv.server.storage.postgres.PgStorage} keeps one node's Raft
 * log and key-value state in a schema of its own, through jOOQ over a small HikariCP pool, with the
 * tables created by Flyway migrations ({@code db/migration/postgres}). For running a node's
 * durable state on managed database infrastructure instead of a local JE directory; every call is
 * one transaction, durable when PostgreSQL acknowledges its commit.
 */
package io.raftkv.server.storage.postgres;
