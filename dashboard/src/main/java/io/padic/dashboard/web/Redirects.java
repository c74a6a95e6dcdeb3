package io.padic.dashboard.web;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * Post/redirect/get: a plain form post gets 303 See Other; an htmx request gets {@code HX-Redirect}, which
 * htmx follows with a full page load.
 */
public final class Redirects {

    private Redirects() {
    }

    public static Response to(String path, HttpHeaders headers, NewCookie... cookies) {
        Response.ResponseBuilder answer = isHtmx(headers)
                ? Response.ok().header("HX-Redirect", path)
                : Response.seeOther(URI.create(path));
        return answer.cookie(cookies).build();
    }

    public static boolean isHtmx(HttpHeaders headers) {
        return headers != null && "true".equals(headers.getHeaderString("HX-Request"));
    }
}
