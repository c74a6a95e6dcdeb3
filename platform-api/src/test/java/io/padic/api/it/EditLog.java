package io.padic.api.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.testkit.ApiClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One object's edit log as the API returns it, in the order it was read, with the checks of invariant I1. */
record EditLog(String objectId, List<JsonNode> events) {

    /** The object's whole edit log, read with {@code after}/{@code limit} pages of {@code pageSize}. */
    static EditLog read(ApiClient client, String objectId, int pageSize) {
        List<JsonNode> events = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = client.get("/v1/objects/" + objectId + "/events?after=" + after + "&limit=" + pageSize)
                    .expect(200);
            if (page.path("events").size() > pageSize) {
                throw new AssertionError("a page of limit " + pageSize + " held " + page.path("events").size());
            }
            page.path("events").forEach(events::add);
            if (page.path("next").isNull() || page.path("next").isMissingNode()) {
                return new EditLog(objectId, events);
            }
            after = page.path("next").asLong();
        }
    }

    List<String> ids() {
        return events.stream().map(e -> e.path("id").asText()).toList();
    }

    /** I1: seqs are exactly 1..n in order, and createdAt never decreases as seq grows. */
    EditLog assertGapFreeAndOrdered() {
        Instant previous = Instant.MIN;
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            assertEquals(i + 1, event.path("seq").asLong(), objectId + ": seq at position " + i + " of " + event);
            Instant createdAt = Instant.parse(event.path("createdAt").asText());
            assertFalse(createdAt.isBefore(previous), objectId + ": createdAt went back at seq " + (i + 1)
                    + " from " + previous + " to " + createdAt);
            previous = createdAt;
        }
        return this;
    }

    /** How many times the event is in this log (never more than once under I1). */
    long count(String eventId) {
        return events.stream().filter(e -> e.path("id").asText().equals(eventId)).count();
    }

    /** The seq of the event in this log, or -1 if it is not there. */
    long seqOf(String eventId) {
        return events.stream().filter(e -> e.path("id").asText().equals(eventId))
                .mapToLong(e -> e.path("seq").asLong()).findFirst().orElse(-1);
    }
}
