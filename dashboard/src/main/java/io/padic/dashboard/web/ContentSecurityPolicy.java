package io.padic.dashboard.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.security.SecureRandom;
import java.util.Base64;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The Content-Security-Policy of every page: scripts and styles only from this origin, no inline script at all.
 * One exception for styles: CodeMirror writes its theme into a {@code <style>} element, allowed by a per-request
 * nonce that the layout hands to the editor ({@code <meta name="csp-nonce">}, {@code EditorView.cspNonce}).
 */
@RequestScoped
@Named("csp")
public class ContentSecurityPolicy {

    private static final SecureRandom RANDOM = new SecureRandom();

    private String nonce;

    public String getNonce() {
        if (nonce == null) {
            byte[] bytes = new byte[18];
            RANDOM.nextBytes(bytes);
            nonce = Base64.getEncoder().encodeToString(bytes);
        }
        return nonce;
    }

    String header() {
        return "default-src 'self'; script-src 'self'; style-src 'self' 'nonce-" + getNonce() + "'; "
                + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                + "form-action 'self'; frame-ancestors 'none'";
    }

    /** Adds the header to every answer of the dashboard's pages. */
    static class Filter {

        private final ContentSecurityPolicy policy;

        Filter(ContentSecurityPolicy policy) {
            this.policy = policy;
        }

        @ServerResponseFilter
        public void addHeader(ContainerResponseContext response) {
            response.getHeaders().putSingle("Content-Security-Policy", policy.header());
        }
    }
}
