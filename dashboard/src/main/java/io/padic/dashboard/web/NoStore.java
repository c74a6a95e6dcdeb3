package io.padic.dashboard.web;

import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Pages show a signed-in user's data and carry a CSRF token: no browser or proxy keeps a copy of one. The static
 * bundles are not pages (no filter of the pages sees them) and stay cacheable.
 */
public class NoStore {

    @ServerResponseFilter
    public void noStore(ContainerResponseContext response) {
        response.getHeaders().putSingle("Cache-Control", "no-store");
    }
}
