package io.padic.api.identity;

import io.padic.api.common.ApiProblem;
import io.padic.api.common.Digests;
import io.padic.api.common.PadicConfig;
import io.padic.api.common.RandomIds;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Sessions: opened at sign-in, ended by log-out, by the absolute lifetime, by the idle timeout, or by a sign-out
 * from another session. A user's sessions are listed through the digests their user document keeps (exact keys:
 * the store has no secondary index to find them by user). Last-seen is written at most once per
 * padic.auth.session-touch-every, so a busy session does not cost a write per request.
 */
@ApplicationScoped
public class SessionService {

    private static final String SIGN_IN_AGAIN = "Sign in again: the session token is missing, unknown or expired";

    private final SessionRepository sessions;
    private final AccountSecurityRepository accounts;
    private final AuthClock clock;
    private final Duration lifetime;
    private final Duration idle;
    private final Duration touchEvery;
    private final Duration reauthWindow;

    public SessionService(SessionRepository sessions, AccountSecurityRepository accounts, AuthClock clock,
            PadicConfig config) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.clock = clock;
        this.lifetime = config.auth().sessionLifetime();
        this.idle = config.auth().sessionIdleTimeout();
        this.touchEvery = config.auth().sessionTouchEvery();
        this.reauthWindow = config.auth().reauthWindow();
    }

    /** Where a request came from, as sessions remember it. */
    public record Client(String address, String userAgent) {
        public Client {
            userAgent = userAgent == null ? null : userAgent.substring(0, Math.min(userAgent.length(), 300));
        }
    }

    /** Opens a session and answers its token (shown once). The user lists it first, so no session is unlisted. */
    public String open(String userId, Client client) {
        String token = RandomIds.secret(IdentityService.SESSION_PREFIX);
        Instant now = clock.now();
        Session session = new Session();
        session.id = Digests.sha256(token);
        session.publicId = RandomIds.next("ses");
        session.userId = userId;
        session.createdAt = now;
        session.lastSeenAt = now;
        session.authenticatedAt = now;
        session.expiresAt = now.plus(lifetime);
        session.clientAddress = client.address();
        session.lastAddress = client.address();
        session.userAgent = client.userAgent();
        accounts.addSession(userId, session.id);
        sessions.persist(session);
        return token;
    }

    /** The live session of a token, or 401; an expired or idle one is removed on the way. */
    public Session authenticate(String token, String clientAddress) {
        Session session = token.startsWith(IdentityService.SESSION_PREFIX + "_")
                ? sessions.findById(Digests.sha256(token)) : null;
        if (session == null) {
            throw ApiProblem.unauthorized(SIGN_IN_AGAIN);
        }
        Instant now = clock.now();
        if (!session.expiresAt.isAfter(now) || !session.lastSeen().plus(idle).isAfter(now)) {
            end(session);
            throw ApiProblem.unauthorized(!session.expiresAt.isAfter(now)
                    ? "Sign in again: the session expired (it reached its lifetime)"
                    : "Sign in again: the session expired (unused for longer than its idle timeout)");
        }
        if (!session.lastSeen().plus(touchEvery).isAfter(now)) {
            sessions.touch(session.id, session.lastSeenAt, now, clientAddress);
        }
        return session;
    }

    public void logOut(Session session) {
        end(session);
    }

    private void end(Session session) {
        sessions.deleteById(session.id);
        accounts.removeSessions(session.userId, List.of(session.id));
    }

    /** The user's live sessions, newest first; dead entries of the user's list are dropped on the way. */
    public List<Session> list(User user) {
        List<Session> found = sessions.byDigests(user.sessionDigests);
        Instant now = clock.now();
        List<Session> live = new ArrayList<>();
        List<String> dead = new ArrayList<>(user.sessionDigests);
        for (Session s : found) {
            if (s.expiresAt.isAfter(now) && s.lastSeen().plus(idle).isAfter(now)) {
                live.add(s);
                dead.remove(s.id);
            }
        }
        if (!dead.isEmpty()) {
            sessions.deleteAll(dead);
            accounts.removeSessions(user.id, dead);
        }
        live.sort(Comparator.comparing((Session s) -> s.createdAt).reversed());
        return live;
    }

    /** Signs out the user's session {@code publicId} (it may be this one); 404 if the user has none by that id. */
    public void signOut(User user, String publicId) {
        Session target = list(user).stream().filter(s -> s.publicId.equals(publicId)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("Session " + publicId));
        end(target);
    }

    /** Signs out every session of the user but {@code keep} (null: all); answers how many ended. */
    public int signOutAll(User user, Session keep) {
        List<String> digests = new ArrayList<>(user.sessionDigests);
        if (keep != null) {
            digests.remove(keep.id);
        }
        int ended = (int) sessions.deleteAll(digests);
        accounts.removeSessions(user.id, digests);
        return ended;
    }

    /** Marks the session re-authenticated now. */
    public Instant reauthenticated(Session session) {
        Instant now = clock.now();
        if (!sessions.reauthenticated(session.id, now)) {
            throw ApiProblem.unauthorized(SIGN_IN_AGAIN);
        }
        return now.plus(reauthWindow);
    }

    /** Until when the session counts as recently authenticated. */
    public Instant recentUntil(Session session) {
        return session.authenticated().plus(reauthWindow);
    }

    /** 403 reauth-required unless the session signed in or re-authenticated within the window. */
    public void requireRecent(Session session) {
        if (session == null) {
            throw reauthRequired("A personal access token cannot do this: sign in and confirm your password");
        }
        if (!recentUntil(session).isAfter(clock.now())) {
            throw reauthRequired("Confirm your password or a TOTP code first (POST /v1/auth/reauth): this needs a"
                    + " sign-in within the last " + reauthWindow.toMinutes() + " minutes");
        }
    }

    private static ApiProblem reauthRequired(String detail) {
        return new ApiProblem(403, "reauth-required", "Re-authentication required", detail, null,
                Map.of("reauthPath", "/v1/auth/reauth"));
    }
}
