/** Majority quorum arithmetic. Depends on the JDK only. */
package io.raftkv.server.raft.quorum;
