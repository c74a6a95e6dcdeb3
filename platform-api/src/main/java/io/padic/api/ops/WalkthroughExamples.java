package io.padic.api.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Request and answer examples of the data plane in the OpenAPI document, taken from the README's walkthrough (steps
 * 5–11), so that a generated client's documentation and an API explorer show what the walkthrough does.
 */
final class WalkthroughExamples {

    /** A request body (null for none) and the success answer of one operation, as JSON. */
    private record Example(String request, String answer) {
    }

    private static final String CREATED = "2026-11-26T06:05:39.133Z";
    private static final Map<String, Example> EXAMPLES = Map.of(
            "POST /v1/objects", new Example("""
                    {"type": "customer", "id": "cust-1"}""", """
                    {"id": "cust-1", "type": "customer", "createdAt": "2026-11-26T06:05:38.684Z"}"""),
            "POST /v1/events", new Example("""
                    {"type": "customer.created", "concerns": "cust-1", "metaData": {"name": "Ada", "city": "London"}}""",
                    """
                    {"id": "evt_01m8b7b9xxfz3mbgeddemtyjmx", "type": "customer.created", "createdAt": "%s",
                     "pins": [{"objectId": "cust-1", "seq": 1}]}""".formatted(CREATED)),
            "POST /v1/events/batch", new Example("""
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
                            .formatted(CREATED)),
            "GET /v1/objects/{id}", new Example(null, """
                    {"id": "cust-1", "type": "customer", "state": {"name": "Ada Lovelace", "city": "London"}, "seq": 2,
                     "createdAt": "2026-11-26T06:05:38.684Z", "updatedAt": "2026-11-26T06:05:39.352Z"}"""),
            "GET /v1/objects/{id}/events", new Example(null, """
                    {"events": [{"id": "evt_01m8b7b9xxfz3mbgeddemtyjmx", "seq": 1, "type": "customer.created",
                                 "createdAt": "%s", "concerns": ["cust-1"], "metaData": {"name": "Ada", "city": "London"}}],
                     "next": 1}""".formatted(CREATED)),
            "POST /v1/events/{id}/hide", new Example(null, """
                    {"id": "hide_evt_01m8b7b9xxfz3mbgeddemtyjmx", "type": "$hide", "createdAt": "2026-11-26T06:05:46.539Z",
                     "pins": [{"objectId": "cust-1", "seq": 3}]}"""));

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
