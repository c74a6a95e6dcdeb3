package io.padic.api.identity;

import io.padic.api.common.ApiProblem;
import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.codecs.pojo.annotations.BsonId;

/** A workspace. It holds its members and its project ids, so neither needs a query to list. */
@MongoEntity(collection = "tenants")
public class Tenant {
    @BsonId
    public String id;
    public String name;
    public boolean personal;
    public List<Membership> members = new ArrayList<>();
    public List<String> projectIds = new ArrayList<>();
    public Instant createdAt;
    /** Pending invitations (docs/design.md#members-and-invitations). */
    public List<Invitation> invitations = new ArrayList<>();
    /** Raised by every change of {@code members} or {@code invitations}: the condition of the next change. */
    public long revision;
    /** Members without TOTP on are refused on this workspace's routes (403 second-factor-required). */
    public boolean requireMfa;

    public static class Membership {
        public String userId;
        public Role role;

        public Membership() {
        }

        public Membership(String userId, Role role) {
            this.userId = userId;
            this.role = role;
        }
    }

    /** An invitation to join with {@code role}; the link's token is kept only as its digest. */
    public static class Invitation {
        /** Not {@code id}: the POJO codec would store a property of that name as {@code _id}. */
        public String invitationId;
        public String email;
        public Role role;
        public String tokenDigest;
        public String invitedBy;
        public Instant createdAt;
        public Instant expiresAt;
    }

    public long owners() {
        return members.stream().filter(m -> m.role == Role.OWNER).count();
    }

    public Optional<Role> roleOf(String userId) {
        return members.stream().filter(m -> m.userId.equals(userId)).map(m -> m.role).findFirst();
    }

    /** 403 when the workspace requires a second factor and {@code user} has none on; the caller checked membership. */
    public void requireSecondFactorOf(User user) {
        if (requireMfa && !user.totpOn()) {
            throw new ApiProblem(403, "second-factor-required", "Second factor required", "Workspace '" + name
                    + "' requires a second factor: turn on TOTP for your account (Account > Security, or"
                    + " POST /v1/me/totp) to work in it", null, java.util.Map.of("workspaceId", id));
        }
    }

    /** 403 unless the member {@code userId} has at least {@code needed}; the caller has checked membership. */
    public void requireRole(String userId, Role needed) {
        Role role = roleOf(userId).orElseThrow();
        if (!role.atLeast(needed)) {
            throw ApiProblem.forbidden("Your role '" + role.json() + "' may not do this; it needs '"
                    + needed.json() + "' or stronger");
        }
    }
}
