package io.padic.dashboard.web;

import io.padic.dashboard.client.ApiError;
import io.padic.dashboard.session.SessionCookie;
import io.padic.dashboard.session.SignInRequired;
import io.quarkus.logging.Log;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** What a visitor sees when a page cannot be served: a log-in redirect, a not-found page or an error page. */
public class ErrorPages {

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance error(int status, String title, String detail);
    }

    private final SessionCookie cookies;
    private final String apiUrl;

    public ErrorPages(SessionCookie cookies, @ConfigProperty(name = "padic.api.url") String apiUrl) {
        this.cookies = cookies;
        this.apiUrl = apiUrl;
    }

    @ServerExceptionMapper
    public Response signIn(SignInRequired e, UriInfo uri, HttpHeaders headers, Request request) {
        return toLogin(uri, headers, request);
    }

    @ServerExceptionMapper
    public Response apiError(ApiError e, UriInfo uri, HttpHeaders headers, Request request) {
        return switch (e.status()) {
            // The platform-api session ended (log-out elsewhere, expiry): drop our cookie too and sign in again.
            case 401 -> toLogin(uri, headers, request);
            case 403 -> page(403, "Not allowed", e.problem().detail());
            case 404 -> page(404, "Not found", "There is nothing here, or it belongs to a workspace you are not a member of.");
            default -> {
                Log.warnf("platform-api answered %s", e.getMessage());
                yield page(e.status() >= 500 ? 502 : e.status(), "Something went wrong",
                        e.problem().detail() != null ? e.problem().detail() : e.problem().title());
            }
        };
    }

    @ServerExceptionMapper
    public Response unreachable(ProcessingException e) {
        Log.warnf("platform-api at %s is not reachable: %s", apiUrl, e.getMessage());
        return page(502, "platform-api is not reachable",
                "The dashboard could not reach platform-api at " + apiUrl + ". Is it running? Try again in a moment.");
    }

    private Response toLogin(UriInfo uri, HttpHeaders headers, Request request) {
        String next = HttpMethod.GET.equals(request.getMethod()) && !Redirects.isHtmx(headers)
                ? "?next=" + URLEncoder.encode(uri.getRequestUri().getRawPath()
                        + (uri.getRequestUri().getRawQuery() == null ? "" : "?" + uri.getRequestUri().getRawQuery()),
                        StandardCharsets.UTF_8)
                : "";
        return Redirects.to("/login" + next, headers, cookies.clear());
    }

    private static Response page(int status, String title, String detail) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.error(status, title, detail)).build();
    }
}
