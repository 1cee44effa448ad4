/**
 * Deterministic simulation tester for the Raft core and the key-value store on top of it.
 *
 * <p>One seed drives everything: a {@link io.raftkv.server.sim.Cluster} of 3, 5 or 7
 * {@link io.raftkv.server.sim.SimNode}s (each a real {@code Raft} core driven through its Ready
 * contract, with a {@link io.raftkv.server.sim.DurableStorage} that loses un-synced writes on a
 * crash), a {@link io.raftkv.server.sim.SimNetwork} that delays, drops, duplicates, reorders and
 * partitions, {@link io.raftkv.server.sim.SimClient}s that write and read linearizably, and virtual
 * time ({@link io.raftkv.server.sim.EventQueue}). {@link io.raftkv.server.sim.Invariants} checks
 * Raft's safety properties on every event; {@link io.raftkv.server.sim.Liveness} heals all faults
 * at the end, demands a leader and answers, and runs the linearizability checker over the clients'
 * history.
 *
 * <p>Schedules are random ({@link io.raftkv.server.sim.Simulation#random},
 * {@link io.raftkv.server.sim.FaultInjector}) or named ({@link io.raftkv.server.sim.Scenarios}).
 * Run them with {@code scripts/simulate.sh} ({@link io.raftkv.server.sim.SimulatorMain}); every
 * failure prints its seed and the command that replays it, byte for byte. In CI,
 * {@code SimulationTest}, {@code ScenarioTest} and {@code BrokenRuleTest} run them (the last proves
 * that switching off one of the core's safety rules is caught).
 */
package io.raftkv.server.sim;
