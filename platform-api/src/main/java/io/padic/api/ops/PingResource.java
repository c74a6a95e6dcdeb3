package io.padic.api.ops;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Answers without credentials and without touching the store or the cache: the baseline that a load test
 * subtracts to tell what HTTP and JSON cost from what PAdic's work costs. Readiness is {@code /q/health/ready}.
 */
@Path("/v1/ping")
@Tag(name = "Operations")
public class PingResource {

    private static final Map<String, Boolean> OK = Map.of("ok", true);

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Answers {\"ok\":true}: no authentication, no store access")
    public Map<String, Boolean> ping() {
        return OK;
    }
}
