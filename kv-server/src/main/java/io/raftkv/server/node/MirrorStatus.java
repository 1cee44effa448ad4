package io.raftkv.server.node;

/**
 * How far a dual-mode node's mirror store is behind the node's own state.
 *
 * @param name         what it mirrors into ("postgres")
 * @param appliedIndex the last log index it holds the effects of; -1 until the mirror was first reached
 * @param lag          entries it is behind this node's own applied index; -1 while unknown
 * @param error        why it is not keeping up, or null while it is
 */
public record MirrorStatus(String name, long appliedIndex, long lag, String error) {
}
