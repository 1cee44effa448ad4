package io.raftkv.server.http;

import io.raftkv.server.node.Member;
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

    /** {@code {"members":[{"id","http","raft"}]}}. */
    static JsonObject members(NodeStatus status) {
        JsonArrayBuilder members = JsonBodies.JSON.createArrayBuilder();
        status.members().forEach(m -> members.add(member(m.member())));
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
        return withLeader(json, status.leader())
                .add("commitIndex", status.commit())
                .add("appliedIndex", status.applied())
                .add("members", members)
                .build();
    }

    /** {@code {"node","role","term","leader","appliedIndex"}}. */
    static JsonObject health(NodeStatus status) {
        JsonObjectBuilder json = JsonBodies.JSON.createObjectBuilder()
                .add("node", status.id())
                .add("role", status.role())
                .add("term", status.term());
        return withLeader(json, status.leader())
                .add("appliedIndex", status.applied())
                .build();
    }

    /** Adds {@code "leader":{"id","http"}}, or {@code "leader":null} while none is known. */
    private static JsonObjectBuilder withLeader(JsonObjectBuilder json, Member leader) {
        return leader == null ? json.addNull("leader")
                : json.add("leader", JsonBodies.JSON.createObjectBuilder()
                        .add("id", leader.id())
                        .add("http", leader.http().toString()));
    }
}
