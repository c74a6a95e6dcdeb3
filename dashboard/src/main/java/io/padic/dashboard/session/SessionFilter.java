package io.padic.dashboard.session;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Opens the session cookie of every request into {@link CurrentSession}. */
public class SessionFilter {

    private final SessionCookie cookies;
    private final CurrentSession session;

    public SessionFilter(SessionCookie cookies, CurrentSession session) {
        this.cookies = cookies;
        this.session = session;
    }

    @ServerRequestFilter
    public void open(ContainerRequestContext request) {
        Cookie cookie = request.getCookies().get(SessionCookie.NAME);
        if (cookie != null) {
            cookies.open(cookie.getValue()).ifPresent(session::set);
        }
    }
}
