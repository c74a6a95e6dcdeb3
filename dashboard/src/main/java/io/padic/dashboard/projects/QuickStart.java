package io.padic.dashboard.projects;

import java.util.List;

/** The curl commands of a project's quick start, filled with the API's address and an event type of the project. */
public final class QuickStart {

    public record Snippet(String id, String title, String code) {
    }

    private QuickStart() {
    }

    static List<Snippet> snippets(String apiUrl, String eventType) {
        return List.of(
                new Snippet("env", "Where to send, and with which key",
                        "export API=" + apiUrl + "\nexport KEY=pdk_...   # from API keys"),
                new Snippet("object", "Create an object",
                        "curl -s -X POST \"$API/v1/objects\" -H \"Authorization: Bearer $KEY\" \\\n"
                                + "  -H 'Content-Type: application/json' -d '{\"type\": \"Photo\", \"id\": \"photo-1\"}'"),
                new Snippet("event", "Send an event about it",
                        "curl -s -X POST \"$API/v1/events\" -H \"Authorization: Bearer $KEY\" \\\n"
                                + "  -H 'Content-Type: application/json' \\\n"
                                + "  -d '{\"type\": \"" + eventType + "\", \"concerns\": \"photo-1\", \"metaData\": {\"name\": \"Sunset\"}}'"),
                new Snippet("read", "Read its state (and its history)",
                        "curl -s \"$API/v1/objects/photo-1\" -H \"Authorization: Bearer $KEY\"\n"
                                + "curl -s \"$API/v1/objects/photo-1/events\" -H \"Authorization: Bearer $KEY\""));
    }
}
