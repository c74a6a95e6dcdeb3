package io.padic.api.ops;

import io.padic.api.objects.ObjectResource;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * What every operation of the OpenAPI document shares, added in one place rather than on each of the resource
 * methods (issue 20): its credential (API key on the data plane, session or personal token on the control plane,
 * none on the public routes), an operationId when the method has none, the problem+json answer for errors, and
 * the tags' descriptions, the {@code PAdic-Store} header of state reads, and the README walkthrough's examples on
 * the data plane (WalkthroughExamples). Runs at build time, so the served document is static.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiContract implements OASFilter {

    static final String API_KEY = "apiKey";
    static final String SESSION = "session";

    /** The routes that take no credential (docs/roles.md, "Without a session"). */
    private static final Set<String> PUBLIC_PATHS = Set.of("/v1/ping", "/v1/auth/signup", "/v1/auth/login",
            "/v1/auth/login/second-factor", "/v1/auth/password-reset", "/v1/auth/password-reset/confirm",
            "/v1/auth/verify-email/confirm", "/v1/invitations/lookup", "/v1/auth/sso");

    /** The reads of an object's state, which may be answered from the cache while the store is away. */
    private static final Set<String> STATE_READS = Set.of("/v1/objects/{id}", "/v1/projects/{projectId}/objects/{id}");

    private static final Map<String, String> TAGS = new LinkedHashMap<>();

    static {
        TAGS.put("Events", "Send events to an object, one or a batch (data plane, API key)");
        TAGS.put("Objects", "Create objects and read their state folded from their events (data plane, API key)");
        TAGS.put("Accounts", "Sign-up, log-in, sessions, personal access tokens, workspaces and their members");
        TAGS.put("Projects", "Projects and their API keys (control plane)");
        TAGS.put("Event types", "Event types of a project: schemas, reducers and their versions (control plane)");
        TAGS.put("Clients", "Typed event clients generated from a project's event types (control plane)");
        TAGS.put("Schemas", "Schemas inferred from the events a project received (control plane)");
        TAGS.put("Member reads", "A project's objects and events read by a signed-in member (control plane)");
        TAGS.put("Analytics", "Counts, funnels, lifecycles and anomalies of a project's events (control plane)");
        TAGS.put("Audit log", "Who did what in a workspace (control plane)");
        TAGS.put("Operations", "Liveness of the API (public)");
    }

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        openApi.getComponents().addSecurityScheme(API_KEY, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("pdk_…")
                .description("A project's API key as 'Authorization: Bearer <key>': the data plane (/v1/objects…,"
                        + " /v1/events…); the key fixes the project and the access level"));
        openApi.getComponents().addSecurityScheme(SESSION, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("pds_… or pat_…")
                .description("A session token (sign-up, log-in) or a personal access token (POST /v1/me/tokens) as"
                        + " 'Authorization: Bearer <token>': the control plane"));
        if (openApi.getComponents().getSchemas() == null
                || !openApi.getComponents().getSchemas().containsKey("Problem")) {
            openApi.getComponents().addSchema("Problem", OASFactory.createSchema().type(List.of(
                    org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.OBJECT))
                    .description("RFC 9457 problem details (io.padic.api.common.Problem)")
                    .addProperty("type", string("https://padic.io/problems/<slug>"))
                    .addProperty("title", string("Short, fixed per type"))
                    .addProperty("status", OASFactory.createSchema().type(List.of(
                            org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.INTEGER)))
                    .addProperty("detail", string("What went wrong and what to do"))
                    .required(List.of("type", "title", "status", "detail")));
        }
        openApi.getPaths().getPathItems().forEach((path, item) -> item.getOperations()
                .forEach((method, op) -> complete(path, method, op)));
        if (openApi.getTags() != null) {
            openApi.getTags().forEach(tag -> tag.setDescription(TAGS.getOrDefault(tag.getName(), tag.getName())));
        }
    }

    private void complete(String path, PathItem.HttpMethod method, Operation op) {
        if (op.getSecurity() == null) {
            if (PUBLIC_PATHS.contains(path) || !path.startsWith("/v1/")) {
                op.setSecurity(List.of()); // explicitly no credential
            } else {
                String scheme = path.startsWith("/v1/objects") || path.startsWith("/v1/events") ? API_KEY : SESSION;
                op.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(scheme)));
            }
        }
        if (op.getOperationId() == null) {
            op.setOperationId(operationId(path, method));
        }
        WalkthroughExamples.addTo(method.name() + " " + path, op);
        if (method == PathItem.HttpMethod.GET && STATE_READS.contains(path) && op.getResponses() != null
                && op.getResponses().getAPIResponse("200") != null) {
            op.getResponses().getAPIResponse("200").addHeader(ObjectResource.WITHOUT_STORE_HEADER,
                    OASFactory.createHeader().description("Present, as 'unreachable', when the store could not be"
                            + " reached and the state was answered from the cache at the last head this process knew;"
                            + " absent otherwise").schema(string("unreachable")
                            .enumeration(List.of("unreachable"))));
        }
        boolean hasError = op.getResponses() != null && op.getResponses().getAPIResponses().keySet().stream()
                .anyMatch(code -> code.startsWith("4") || code.startsWith("5"));
        if (!hasError && op.getResponses() != null) {
            op.getResponses().addAPIResponse("4XX", OASFactory.createAPIResponse()
                    .description("The request was refused: RFC 9457 problem+json")
                    .content(OASFactory.createContent().addMediaType("application/problem+json",
                            OASFactory.createMediaType().schema(OASFactory.createSchema()
                                    .ref("#/components/schemas/Problem")))));
        }
    }

    private static org.eclipse.microprofile.openapi.models.media.Schema string(String description) {
        return OASFactory.createSchema().type(List.of(
                org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING)).description(description);
    }

    /**
     * {@code get /v1/projects/{projectId}/api-keys} → {@code getProjectsApiKeys}, {@code get /v1/objects/{id}} →
     * {@code getObjectsById}: stable, from the route alone (a trailing parameter tells one from the list).
     */
    static String operationId(String path, PathItem.HttpMethod method) {
        StringBuilder id = new StringBuilder(method.name().toLowerCase(Locale.ROOT));
        for (String part : path.split("[/\\-.]")) {
            if (part.isEmpty() || part.equals("v1") || part.startsWith("{")) {
                continue;
            }
            id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        if (last.startsWith("{")) {
            id.append("By").append(Character.toUpperCase(last.charAt(1))).append(last, 2, last.length() - 1);
        }
        return id.toString();
    }
}
