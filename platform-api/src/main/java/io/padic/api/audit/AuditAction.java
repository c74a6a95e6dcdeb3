package io.padic.api.audit;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What an audit entry says happened (docs/api.md, "Audit log"). The wire name is what the API answers and the
 * {@code action} filter takes; a new auditable action is one constant here.
 */
public enum AuditAction {
    ACCOUNT_SIGNED_UP("account.signed_up"),
    SIGNIN_SUCCEEDED("signin.succeeded"),
    SIGNIN_FAILED("signin.failed"),
    SSO_LINKED("account.sso_linked"),
    WORKSPACE_CREATED("workspace.created"),
    WORKSPACE_RENAMED("workspace.renamed"),
    WORKSPACE_DELETED("workspace.deleted"),
    PROJECT_CREATED("project.created"),
    PROJECT_CHANGED("project.changed"),
    PROJECT_DELETED("project.deleted"),
    API_KEY_CREATED("api_key.created"),
    API_KEY_REVOKED("api_key.revoked"),
    EVENT_TYPE_SAVED("event_type.saved"),
    EVENT_HIDDEN("event.hidden"),
    ANALYTICS_REBUILD_STARTED("analytics.rebuild_started"),
    MEMBER_INVITED("member.invited"),
    INVITATION_REVOKED("invitation.revoked"),
    INVITATION_ACCEPTED("invitation.accepted"),
    MEMBER_ROLE_CHANGED("member.role_changed"),
    MEMBER_REMOVED("member.removed"),
    MEMBER_LEFT("member.left"),
    WORKSPACE_SECOND_FACTOR_CHANGED("workspace.second_factor_changed"),
    PASSWORD_RESET("account.password_reset"),
    EMAIL_VERIFIED("account.email_verified"),
    SECOND_FACTOR_ENABLED("account.second_factor_enabled"),
    SECOND_FACTOR_DISABLED("account.second_factor_disabled"),
    ACCESS_TOKEN_CREATED("access_token.created"),
    ACCESS_TOKEN_REVOKED("access_token.revoked");

    private final String wire;

    AuditAction(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static Optional<AuditAction> fromWire(String wire) {
        return Arrays.stream(values()).filter(a -> a.wire.equals(wire)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(AuditAction::wire).toList();
    }
}
