package io.padic.api.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Request and answer examples in the OpenAPI document, taken from the README's walkthrough (steps 1–11: sign-up,
 * project, key, event type, then the data plane), so that a generated client's documentation and an API explorer
 * show what the walkthrough does.
 */
final class WalkthroughExamples {

    /** A request body (null for none) and the success answer of one operation, as JSON. */
    private record Example(String request, String answer) {
    }

    private static final String CREATED = "2026-11-26T06:05:39.133Z";
    private static final Map<String, Example> EXAMPLES = Map.ofEntries(
            Map.entry("POST /v1/auth/signup", new Example("""
                    {"email": "ada@example.com", "password": "correct horse battery staple", "name": "Ada"}""", """
                    {"user": {"id": "usr_01m8b7a1qd0c4s6v8x2z4b6d8f", "email": "ada@example.com", "name": "Ada",
                              "emailVerified": false},
                     "token": "pds_…",
                     "tenant": {"id": "ten_01m8b7a1qd9k3m5p7r9t1v3x5z", "name": "Ada's workspace", "role": "owner"}}""")),
            Map.entry("POST /v1/projects", new Example("""
                    {"name": "Shop"}""", """
                    {"id": "prj_01m8b7a4c2e4g6j8l0n2q4s6u8", "name": "Shop", "tenantId": "ten_01m8b7a1qd9k3m5p7r9t1v3x5z",
                     "accessLevels": ["public", "member", "owner"], "undeclaredEventTypes": "reject", "timeZone": "UTC",
                     "createdAt": "2026-11-26T06:05:37.455Z"}""")),
            Map.entry("POST /v1/projects/{projectId}/api-keys", new Example("""
                    {"name": "backend", "scopes": ["objects:read", "objects:write", "events:read", "events:write"],
                     "accessLevel": "owner"}""", """
                    {"id": "key_01m8b7a6x0z2b4d6f8h0k2m4p6", "name": "backend", "key": "pdk_…",
                     "scopes": ["objects:read", "objects:write", "events:read", "events:write"], "accessLevel": "owner",
                     "createdAt": "2026-11-26T06:05:37.912Z"}""")),
            Map.entry("PUT /v1/projects/{projectId}/event-types/{name}", new Example("""
                    {"objectType": "customer", "fields": [{"name": "name", "type": "string", "required": true},
                                                          {"name": "city", "type": "string"}]}""", """
                    {"name": "customer.created", "version": 1, "objectType": "customer",
                     "fields": [{"name": "name", "type": "string", "required": true}, {"name": "city", "type": "string"}],
                     "unknownFields": "allow", "invalidEvents": "reject", "createdAt": "2026-11-26T06:05:38.201Z"}""")),
            Map.entry("POST /v1/objects", new Example("""
                    {"type": "customer", "id": "cust-1"}""", """
                    {"id": "cust-1", "type": "customer", "createdAt": "2026-11-26T06:05:38.684Z"}""")),
            Map.entry("POST /v1/events", new Example("""
                    {"type": "customer.created", "concerns": "cust-1", "metaData": {"name": "Ada", "city": "London"}}""",
                    """
                    {"id": "evt_01m8b7b9xxfz3mbgeddemtyjmx", "type": "customer.created", "createdAt": "%s",
                     "pins": [{"objectId": "cust-1", "seq": 1}]}""".formatted(CREATED))),
            Map.entry("POST /v1/events/batch", new Example("""
                    {"events": [{"type": "customer.renamed", "concerns": "cust-1", "metaData": {"name": "Ada Lovelace"}},
                                {"type": "customer.renamed", "concerns": "ghost", "metaData": {"name": "Nobody"}}]}""",
                    """
                    {"results": [
                      {"status": 201, "event": {"id": "evt_01m8b7c8aj2q.0", "type": "customer.renamed", "createdAt": "%s",
                                                "pins": [{"objectId": "cust-1", "seq": 2}]}},
                      {"status": 422, "problem": {"type": "https://padic.io/problems/validation",
                        "title": "The request is invalid", "status": 422,
                        "detail": "concerns: object 'ghost' does not exist; create it with POST /v1/objects first",
                        "errors": [{"field": "concerns",
                                    "message": "object 'ghost' does not exist; create it with POST /v1/objects first"}]}}]}"""
                            .formatted(CREATED))),
            Map.entry("GET /v1/objects/{id}", new Example(null, """
                    {"id": "cust-1", "type": "customer", "state": {"name": "Ada Lovelace", "city": "London"}, "seq": 2,
                     "createdAt": "2026-11-26T06:05:38.684Z", "updatedAt": "2026-11-26T06:05:39.352Z"}""")),
            Map.entry("GET /v1/objects/{id}/events", new Example(null, """
                    {"events": [{"id": "evt_01m8b7b9xxfz3mbgeddemtyjmx", "seq": 1, "type": "customer.created",
                                 "createdAt": "%s", "concerns": ["cust-1"], "metaData": {"name": "Ada", "city": "London"}}],
                     "next": 1}""".formatted(CREATED))),
            Map.entry("POST /v1/events/{id}/hide", new Example(null, """
                    {"id": "hide_evt_01m8b7b9xxfz3mbgeddemtyjmx", "type": "$hide", "createdAt": "2026-11-26T06:05:46.539Z",
                     "pins": [{"objectId": "cust-1", "seq": 3}]}""")));

    private static final ObjectMapper JSON = new ObjectMapper();

    private WalkthroughExamples() {
    }

    /** Puts the operation's examples on its JSON request body and its first successful JSON answer, if it has some. */
    static void addTo(String route, Operation op) {
        Example example = EXAMPLES.get(route);
        if (example == null) {
            return;
        }
        if (example.request() != null && op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
            MediaType body = op.getRequestBody().getContent().getMediaType("application/json");
            if (body != null) {
                body.setExample(parse(example.request()));
            }
        }
        if (op.getResponses() == null) {
            return;
        }
        op.getResponses().getAPIResponses().entrySet().stream().filter(e -> e.getKey().startsWith("2")).findFirst()
                .map(Map.Entry::getValue).map(APIResponse::getContent)
                .map(content -> content.getMediaType("application/json"))
                .ifPresent(answer -> answer.setExample(parse(example.answer())));
    }

    private static Object parse(String json) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an example of the walkthrough is not JSON: " + json, e);
        }
    }
}
