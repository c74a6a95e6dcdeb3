package io.padic.api;

import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.getEventType;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.saveEventType;
import static io.padic.api.support.Api.sendEvent;
import static io.padic.api.support.Api.workspace;
import static io.padic.api.support.Schemas.countInStore;
import static io.padic.api.support.Schemas.optional;
import static io.padic.api.support.Schemas.required;
import static io.padic.api.support.Schemas.violations;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-type {@code invalidEvents} policy: an event that breaks its type's fields (a required field
 * missing, a wrong type) is refused with 422 by default, or stored and listed in the violations feed
 * when the type flags.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class InvalidEventsPolicyTest {

    @Test
    void byDefaultAnEventMissingARequiredFieldIsRefusedAndNothingIsStored() {
        Workspace w = photoType(null);
        problem(sendEvent(w.key(), "PhotoCreate", "p1", Map.of("image_url", "https://x/1.png")), 422)
                .body("errors.field", equalTo(List.of("metaData.name")));
        assertEquals(0, countInStore("events", w.projectId()));
        getEventType(w, "PhotoCreate").body("invalidEvents", equalTo("reject"));
    }

    @Test
    void aFlaggingTypeStoresTheEventAndListsWhatWasWrong() {
        Workspace w = photoType("flag");
        String id = sendEvent(w.key(), "PhotoCreate", "p1", Map.of("image_url", "https://x/1.png", "size", "big"))
                .statusCode(201).extract().path("id");
        readObject(w.key(), "p1", null).body("seq", equalTo(1)).body("state.image_url", equalTo("https://x/1.png"));
        violations(w, null).statusCode(200).body("violations", hasSize(1))
                .body("violations[0].eventId", equalTo(id))
                .body("violations[0].violations.field", equalTo(List.of("metaData.name", "metaData.size")));

        // A valid event of the same type records nothing.
        sendEvent(w.key(), "PhotoCreate", "p1", Map.of("name", "Sunset")).statusCode(201);
        violations(w, null).body("violations", hasSize(1));
    }

    @Test
    void flaggingInvalidEventsStillRefusesUnknownFieldsWhenThatPolicyRejects() {
        Workspace w = workspace();
        saveEventType(w, "PhotoCreate", Map.of("unknownFields", "reject", "invalidEvents", "flag",
                "fields", List.of(required("name", "string")))).statusCode(201);
        createObject(w.key(), "Photo", "p1");
        problem(sendEvent(w.key(), "PhotoCreate", "p1", Map.of("extra", 1)), 422)
                .body("errors.field", equalTo(List.of("metaData.extra", "metaData.name")));
        violations(w, null).body("violations", empty());
    }

    @Test
    void thePolicyIsPartOfTheVersionAndAnUnknownValueIsNamed() {
        Workspace w = photoType(null);
        Map<String, Object> flagging = Map.of("invalidEvents", "flag", "fields", List.of(required("name", "string"),
                optional("size", "integer")));
        saveEventType(w, "PhotoCreate", flagging).statusCode(200).body("version", equalTo(2))
                .body("invalidEvents", equalTo("flag"));
        saveEventType(w, "PhotoCreate", flagging).statusCode(200).body("version", equalTo(2));
        problem(saveEventType(w, "PhotoCreate", Map.of("invalidEvents", "ignore")), 422)
                .body("errors[0].field", equalTo("invalidEvents"));
    }

    private static Workspace photoType(String invalidEvents) {
        Workspace w = workspace();
        Map<String, Object> definition = new HashMap<>(Map.of("fields", List.of(required("name", "string"),
                optional("size", "integer"))));
        if (invalidEvents != null) {
            definition.put("invalidEvents", invalidEvents);
        }
        saveEventType(w, "PhotoCreate", definition).statusCode(201);
        createObject(w.key(), "Photo", "p1");
        return w;
    }
}
