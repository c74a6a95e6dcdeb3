package io.padic.api.identity;

import io.padic.api.audit.AuditAction;
import io.padic.api.audit.AuditLog;
import io.padic.api.audit.Target;
import io.padic.api.common.ApiProblem;
import io.padic.api.common.Digests;
import io.padic.api.common.PadicConfig;
import io.padic.api.common.RandomIds;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Members of a workspace and invitations to it (docs/design.md#members-and-invitations). Any member lists the
 * members; admins and owners invite, revoke, change roles and remove; only owners touch owners. Every change is
 * decided on the tenant as read and written by one update conditional on its revision, so the rule "a workspace
 * keeps at least one owner" holds against concurrent changes from any number of processes.
 */
@ApplicationScoped
public class MemberService {

    private static final int ATTEMPTS = 50;

    private final TenantRepository tenants;
    private final IdentityRepository users;
    private final WorkspaceService workspaces;
    private final OneTimeTokens tokens;
    private final AccountMails mails;
    private final Duration invitationLifetime;
    private final AuditLog audit;

    public MemberService(TenantRepository tenants, IdentityRepository users, WorkspaceService workspaces,
            OneTimeTokens tokens, AccountMails mails, PadicConfig config, AuditLog audit) {
        this.audit = audit;
        this.tenants = tenants;
        this.users = users;
        this.workspaces = workspaces;
        this.tokens = tokens;
        this.mails = mails;
        this.invitationLifetime = config.mail().invitationLifetime();
    }

    /** A member with the user's e-mail and name (null for a user that no longer exists). */
    public record Member(Tenant.Membership membership, User user) {
    }

    /** What an invitation link offers, for the page that accepts it. */
    public record Offer(Tenant tenant, Tenant.Invitation invitation, String inviterName) {
    }

    public List<Member> members(User caller, String tenantId) {
        Tenant tenant = workspaces.require(caller, tenantId);
        Map<String, User> byId = users.list("_id in ?1", tenant.members.stream().map(m -> m.userId).toList())
                .stream().collect(Collectors.toMap(u -> u.id, u -> u));
        return tenant.members.stream().map(m -> new Member(m, byId.get(m.userId))).toList();
    }

    public List<Tenant.Invitation> invitations(User caller, String tenantId) {
        Tenant tenant = workspaces.require(caller, tenantId);
        tenant.requireRole(caller.id, Role.ADMIN);
        return tenant.invitations;
    }

    /**
     * Invites {@code email} with {@code role} and mails the link; an earlier invitation of the same address is
     * replaced (its link stops working). Admin or owner; only an owner invites an owner.
     */
    public Tenant.Invitation invite(User caller, String tenantId, String email, Role role) {
        String normalized = email.trim().toLowerCase(Locale.ROOT);
        Tenant first = workspaces.require(caller, tenantId);
        first.requireRole(caller.id, role == Role.OWNER ? Role.OWNER : Role.ADMIN);
        String invitedUserId = users.findByEmail(normalized).map(u -> u.id).orElse(null);

        Tenant.Invitation invitation = new Tenant.Invitation();
        invitation.invitationId = RandomIds.next("inv");
        invitation.email = normalized;
        invitation.role = role;
        invitation.invitedBy = caller.id;
        invitation.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        invitation.expiresAt = invitation.createdAt.plus(invitationLifetime);
        // The token first: until the tenant lists the invitation, its link finds nothing to accept.
        String token = tokens.issue(OneTimeToken.Purpose.INVITATION, invitationLifetime, t -> {
            t.email = normalized;
            t.tenantId = tenantId;
            t.invitationId = invitation.invitationId;
        });
        invitation.tokenDigest = Digests.sha256(token);

        Tenant tenant = change(caller, tenantId, t -> {
            t.requireRole(caller.id, role == Role.OWNER ? Role.OWNER : Role.ADMIN);
            if (invitedUserId != null && t.roleOf(invitedUserId).isPresent()) {
                throw new ApiProblem(409, "conflict", "Conflict", normalized + " is a member already",
                        List.of(new ApiProblem.FieldError("email", "is a member already")), null);
            }
            Instant now = Instant.now();
            t.invitations.removeIf(i -> i.email.equals(normalized) || !i.expiresAt.isAfter(now));
            t.invitations.add(invitation);
            return true;
        });
        mails.invitation(normalized, caller.name, tenant.name, role, token);
        audit.record(tenantId, caller.actor(), AuditAction.MEMBER_INVITED, Target.member(invitedUserId, normalized),
                Map.of("role", role.json()));
        return invitation;
    }

    /** Withdraws a pending invitation: its link stops working. Admin; an owner's invitation only by an owner. */
    public void revoke(User caller, String tenantId, String invitationId) {
        String[] email = new String[1];
        change(caller, tenantId, t -> {
            t.requireRole(caller.id, Role.ADMIN);
            Tenant.Invitation invitation = t.invitations.stream().filter(i -> i.invitationId.equals(invitationId)).findFirst()
                    .orElseThrow(() -> ApiProblem.notFound("Invitation " + invitationId));
            if (invitation.role == Role.OWNER) {
                t.requireRole(caller.id, Role.OWNER);
            }
            t.invitations.remove(invitation);
            email[0] = invitation.email;
            return true;
        });
        audit.record(tenantId, caller.actor(), AuditAction.INVITATION_REVOKED, Target.invitation(invitationId, email[0]));
    }

    /** What the invitation link offers; refused like {@link #accept} when it cannot be used. */
    public Offer offer(String token) {
        OneTimeToken stored = tokens.peek(token, OneTimeToken.Purpose.INVITATION);
        Tenant tenant = tenants.findById(stored.tenantId);
        Tenant.Invitation invitation = pending(tenant, stored);
        User inviter = users.findById(invitation.invitedBy);
        return new Offer(tenant, invitation, inviter == null ? "A member" : inviter.name);
    }

    /**
     * Makes the signed-in user a member with the invitation's role. Their e-mail must be the invited one. The
     * invitation is taken out of the tenant by the same conditional update that adds the member, so a link works
     * once even when two requests use it at the same moment. Using it also proves the user's e-mail address.
     */
    public Tenant accept(User caller, String token) {
        OneTimeToken stored = tokens.peek(token, OneTimeToken.Purpose.INVITATION);
        Tenant first = tenants.findById(stored.tenantId);
        Tenant.Invitation invitation = pending(first, stored);
        if (!invitation.email.equals(caller.email)) {
            throw new ApiProblem(403, "forbidden", "Forbidden", "This invitation is for " + invitation.email
                    + "; sign in with that address to accept it",
                    List.of(new ApiProblem.FieldError("email", "is not the invited address")), null);
        }
        // The user lists the tenant before the tenant lists the member: a crash in between leaves an id that
        // every reader checks against the members, never a member whose list lacks the workspace.
        users.addTenant(caller.id, stored.tenantId);
        Tenant tenant = change(null, stored.tenantId, t -> {
            Tenant.Invitation still = pending(t, stored);
            if (t.roleOf(caller.id).isPresent()) {
                throw ApiProblem.conflict("You are a member of this workspace already");
            }
            t.invitations.remove(still);
            t.members.add(new Tenant.Membership(caller.id, still.role));
            return true;
        });
        tokens.markUsed(stored.id, OneTimeToken.Purpose.INVITATION);
        users.addTenant(caller.id, stored.tenantId); // again: a removal racing with this acceptance may have pulled it
        users.markEmailVerified(caller.id, invitation.email);
        audit.record(stored.tenantId, caller.actor(), AuditAction.INVITATION_ACCEPTED,
                Target.invitation(invitation.invitationId, invitation.email), Map.of("role", invitation.role.json()));
        return tenant;
    }

    /** Gives a member another role. Admin; only an owner makes or unmakes an owner; an owner always remains. */
    public Tenant changeRole(User caller, String tenantId, String userId, Role role) {
        Role[] before = new Role[1];
        Tenant tenant = change(caller, tenantId, t -> {
            before[0] = null; // this attempt's: a retry reads the tenant again
            t.requireRole(caller.id, Role.ADMIN);
            Tenant.Membership member = t.members.stream().filter(m -> m.userId.equals(userId)).findFirst()
                    .orElseThrow(() -> ApiProblem.notFound("Member " + userId));
            if (member.role == role) {
                return false;
            }
            if (member.role == Role.OWNER || role == Role.OWNER) {
                t.requireRole(caller.id, Role.OWNER);
            }
            if (member.role == Role.OWNER && t.owners() == 1) {
                throw lastOwner("role", "The workspace's only owner cannot take another role; make another "
                        + "member an owner first");
            }
            before[0] = member.role;
            member.role = role;
            return true;
        });
        if (before[0] != null) {
            audit.record(tenantId, caller.actor(), AuditAction.MEMBER_ROLE_CHANGED, memberTarget(userId),
                    Map.of("role", before[0].json() + " → " + role.json()));
        }
        return tenant;
    }

    /** Removes a member (admin; an owner only by an owner), or the caller themselves (leave, any role). */
    public void remove(User caller, String tenantId, String userId) {
        change(caller, tenantId, t -> {
            Tenant.Membership member = t.members.stream().filter(m -> m.userId.equals(userId)).findFirst()
                    .orElseThrow(() -> ApiProblem.notFound("Member " + userId));
            if (!userId.equals(caller.id)) {
                t.requireRole(caller.id, member.role == Role.OWNER ? Role.OWNER : Role.ADMIN);
            }
            if (member.role == Role.OWNER && t.owners() == 1) {
                throw lastOwner("userId", userId.equals(caller.id)
                        ? "You are the workspace's only owner; make another member an owner before you leave"
                        : "The workspace's only owner cannot be removed");
            }
            t.members.remove(member);
            return true;
        });
        // The member is gone from the tenant first, then from the user's list; if an acceptance made them a member
        // again meanwhile, the list gets the workspace back.
        users.removeTenant(List.of(userId), tenantId);
        Tenant now = tenants.findById(tenantId);
        if (now != null && now.roleOf(userId).isPresent()) {
            users.addTenant(userId, tenantId);
        }
        audit.record(tenantId, caller.actor(), userId.equals(caller.id) ? AuditAction.MEMBER_LEFT
                : AuditAction.MEMBER_REMOVED, memberTarget(userId));
    }

    private Target memberTarget(String userId) {
        User user = users.findById(userId);
        return Target.member(userId, user == null ? null : user.email);
    }

    private static ApiProblem lastOwner(String field, String detail) {
        return new ApiProblem(409, "last-owner", "A workspace keeps an owner", detail,
                List.of(new ApiProblem.FieldError(field, "would leave the workspace without an owner")), null);
    }

    /** The tenant's invitation behind a token, or the refusal: revoked or replaced (used), expired. */
    private static Tenant.Invitation pending(Tenant tenant, OneTimeToken stored) {
        Tenant.Invitation invitation = tenant == null ? null : tenant.invitations.stream()
                .filter(i -> i.invitationId.equals(stored.invitationId) && stored.id.equals(i.tokenDigest)).findFirst()
                .orElse(null);
        if (invitation == null) {
            throw OneTimeTokens.used("was used, or the invitation was withdrawn");
        }
        if (!invitation.expiresAt.isAfter(Instant.now())) {
            throw OneTimeTokens.expired();
        }
        return invitation;
    }

    /**
     * Reads the tenant, lets {@code edit} decide on it (true: write; false: nothing to do; a problem: refused) and
     * writes the members and invitations conditional on the revision read, again from a fresh read while another
     * change lands first. {@code caller} (when not null) must be a member: else 404, as for a missing workspace.
     */
    private Tenant change(User caller, String tenantId, Function<Tenant, Boolean> edit) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Tenant tenant = caller == null ? tenants.findById(tenantId) : workspaces.require(caller, tenantId);
            if (tenant == null) {
                throw ApiProblem.notFound("Workspace " + tenantId);
            }
            if (!edit.apply(tenant) || tenants.replaceMembers(tenant, tenant.members, tenant.invitations)) {
                return tenant;
            }
        }
        throw ApiProblem.conflict("The workspace's members changed too often during this request; send it again");
    }
}
