package io.padic.dashboard.session;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Cookies (the session's and the CSRF token's) are {@code Secure} unless the browser came straight to a loopback
 * address over plain HTTP: a dashboard reached by any other name, through a proxy or over TLS sends them only over
 * HTTPS, and {@code ./padic up} on 127.0.0.1 keeps working over HTTP. {@code padic.dashboard.secure-cookies=true}
 * makes them Secure always.
 */
public class SecureCookies {

    private static final Pattern SECURE = Pattern.compile("(?i);\\s*Secure\\s*(;|$)");
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.\\d{1,3}){3}");
    // A proxy in front says so with one of these; what it then serves is not this loopback address.
    private static final List<String> FORWARDED = List.of("Forwarded", "X-Forwarded-Proto", "X-Forwarded-Host",
            "X-Forwarded-For");

    private final boolean always;

    public SecureCookies(@ConfigProperty(name = "padic.dashboard.secure-cookies") boolean always) {
        this.always = always;
    }

    @ServerRequestFilter
    public void markWhereNeeded(RoutingContext routing) {
        if (always || !plainLoopback(routing.request())) {
            // Runs once every filter has added its cookies, just before the headers are written.
            routing.addHeadersEndHandler(ignored -> secure(routing.request(), routing.response()));
        }
    }

    static boolean plainLoopback(HttpServerRequest request) {
        if (request.isSSL() || FORWARDED.stream().anyMatch(request.headers()::contains)) {
            return false;
        }
        HostAndPort authority = request.authority();
        return authority != null && isLoopback(authority.host());
    }

    static boolean isLoopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.equals("localhost") || name.endsWith(".localhost") || name.equals("::1")
                || LOOPBACK_V4.matcher(name).matches();
    }

    private static void secure(HttpServerRequest request, HttpServerResponse response) {
        // Cookies set through Vert.x (the CSRF extension's) are still in the jar and written after this.
        for (Cookie cookie : request.cookies()) {
            cookie.setSecure(true);
        }
        // Cookies set by the pages (JAX-RS NewCookie) are already headers.
        List<String> set = response.headers().getAll(HttpHeaders.SET_COOKIE);
        if (set.stream().anyMatch(c -> !SECURE.matcher(c).find())) {
            response.headers().remove(HttpHeaders.SET_COOKIE);
            for (String cookie : set) {
                response.headers().add(HttpHeaders.SET_COOKIE,
                        SECURE.matcher(cookie).find() ? cookie : cookie + "; Secure");
            }
        }
    }
}
