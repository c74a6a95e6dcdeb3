package io.padic.dashboard.session;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Opens the session cookie of every request into {@link CurrentSession}. A session sent without the CSRF cookie
 * it was issued with counts as none: the visitor is asked to sign in, and nothing is done in its name.
 */
public class SessionFilter {

    private final SessionCookie cookies;
    private final CurrentSession session;

    public SessionFilter(SessionCookie cookies, CurrentSession session) {
        this.cookies = cookies;
        this.session = session;
    }

    @ServerRequestFilter
    public void open(ContainerRequestContext request, HttpHeaders headers) {
        Cookie cookie = request.getCookies().get(SessionCookie.NAME);
        if (cookie != null) {
            String csrf = cookies.csrfCookie(headers);
            cookies.open(cookie.getValue()).filter(data -> data.boundTo(csrf)).ifPresent(session::set);
        }
    }
}
