package io.raftkv.server.node;

import com.google.protobuf.InvalidProtocolBufferException;
import io.raftkv.proto.raft.MemberAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where each member is reached. The replicated membership carries each member's addresses in its
 * change's context ({@link #context}), which the state machine records; the configuration's
 * members (and, for a joining node, the member list its join was answered with) only seed what
 * the log has not told yet. Written on the driver thread, read from any.
 */
final class MemberDirectory {
    private static final Logger log = LoggerFactory.getLogger(MemberDirectory.class);

    private final Map<String, Member> seeds = new LinkedHashMap<>();
    private volatile Map<String, Member> known;

    MemberDirectory(Collection<Member> seeds) {
        seeds.forEach(m -> this.seeds.put(m.id(), m));
        this.known = Map.copyOf(this.seeds);
    }

    /** The member with {@code id}, or null if no address is known for it. */
    Member get(String id) {
        return id == null ? null : known.get(id);
    }

    /** Every member with a known address, the replicated ones and the seeds. */
    Collection<Member> all() {
        return known.values();
    }

    /** The addresses of the members among {@code ids} other than {@code self}, for the transport. */
    Map<String, URI> raftAddresses(Set<String> ids, String self) {
        Map<String, URI> addresses = new LinkedHashMap<>();
        for (String id : ids) {
            Member m = known.get(id);
            if (m != null && !id.equals(self)) {
                addresses.put(id, m.raft());
            }
        }
        return addresses;
    }

    /** Adds members heard of outside the log (a join's answer); the replicated records still win. */
    void seed(Collection<Member> members, Map<String, byte[]> recorded) {
        members.forEach(m -> seeds.put(m.id(), m));
        learned(recorded);
    }

    /** Rebuilds the directory from the state machine's member records over the seeds. */
    void learned(Map<String, byte[]> recorded) {
        Map<String, Member> next = new LinkedHashMap<>(seeds);
        recorded.forEach((id, context) -> {
            Member m = decode(id, context);
            if (m != null) {
                next.put(id, m);
            }
        });
        known = Map.copyOf(next);
    }

    /** The context a membership change carries for {@code member}: its addresses. */
    static byte[] context(Member member) {
        return MemberAddresses.newBuilder()
                .setHttp(member.http().toString())
                .setRaft(member.raft().toString())
                .build().toByteArray();
    }

    private static Member decode(String id, byte[] context) {
        try {
            MemberAddresses addresses = MemberAddresses.parseFrom(context);
            return new Member(id, URI.create(addresses.getHttp()), URI.create(addresses.getRaft()));
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            // Written only by leaders from validated requests; should one be damaged, the seed stands.
            log.warn("Cannot read the recorded addresses of member {}: {}", id, e.getMessage());
            return null;
        }
    }
}
