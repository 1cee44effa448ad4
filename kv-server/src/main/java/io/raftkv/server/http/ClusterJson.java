package io.raftkv.server.http;

import io.raftkv.server.node.Member;
import io.raftkv.server.node.MirrorStatus;
import io.raftkv.server.node.NodeStatus;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** The JSON shapes of members and node status, shared by the cluster and health endpoints. */
final class ClusterJson {
    private ClusterJson() {
    }

    /** {@code {"id","http","raft"}}. */
    static JsonObjectBuilder member(Member member) {
        return JsonBodies.JSON.createObjectBuilder()
                .add("id", member.id())
                .add("http", member.http().toString())
                .add("raft", member.raft().toString());
    }

    /** {@code {"members":[{"id","http","raft","role"}]}}. */
    static JsonObject members(NodeStatus status) {
        JsonArrayBuilder members = JsonBodies.JSON.createArrayBuilder();
        status.members().forEach(m -> members.add(member(m.member()).add("role", m.role())));
        return JsonBodies.JSON.createObjectBuilder().add("members", members).build();
    }

    /** This node's whole view: its role and indexes, the leader, and every member's replication state. */
    static JsonObject status(NodeStatus status) {
        JsonArrayBuilder members = JsonBodies.JSON.createArrayBuilder();
        for (NodeStatus.MemberStatus m : status.members()) {
            members.add(member(m.member())
                    .add("role", m.role())
                    .add("matchIndex", m.matchIndex())
                    .add("lag", m.lag())
                    .add("lastContactMillis", m.lastContactMillis()));
        }
        JsonObjectBuilder json = JsonBodies.JSON.createObjectBuilder()
                .add("id", status.id())
                .add("role", status.role())
                .add("term", status.term());
        withLeader(json, status.leader())
                .add("commitIndex", status.commit())
                .add("appliedIndex", status.applied());
        return withMirror(json, status.mirror())
                .add("members", members)
                .build();
    }

    /** {@code {"node","role","term","leader","appliedIndex"}}, and the mirror's state in dual mode. */
    static JsonObject health(NodeStatus status) {
        JsonObjectBuilder json = JsonBodies.JSON.createObjectBuilder()
                .add("node", status.id())
                .add("role", status.role())
                .add("term", status.term());
        withLeader(json, status.leader())
                .add("appliedIndex", status.applied());
        return withMirror(json, status.mirror()).build();
    }

    /**
     * In dual mode, {@code "mirror":{"name","appliedIndex","lag","error"}}: how far the PostgreSQL copy
     * is behind this node's own state (the mirror being behind does not make a node unhealthy).
     */
    private static JsonObjectBuilder withMirror(JsonObjectBuilder json, MirrorStatus mirror) {
        if (mirror == null) {
            return json;
        }
        JsonObjectBuilder m = JsonBodies.JSON.createObjectBuilder()
                .add("name", mirror.name())
                .add("appliedIndex", mirror.appliedIndex())
                .add("lag", mirror.lag());
        return json.add("mirror", mirror.error() == null ? m.addNull("error") : m.add("error", mirror.error()));
    }

    /** Adds {@code "leader":{"id","http"}}, or {@code "leader":null} while none is known. */
    private static JsonObjectBuilder withLeader(JsonObjectBuilder json, Member leader) {
        return leader == null ? json.addNull("leader")
                : json.add("leader", JsonBodies.JSON.createObjectBuilder()
                        .add("id", leader.id())
                        .add("http", leader.http().toString()));
    }
}
