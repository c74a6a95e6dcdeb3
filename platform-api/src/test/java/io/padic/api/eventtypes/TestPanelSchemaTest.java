package io.padic.api.eventtypes;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.getEventType;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.saveEventType;
import static io.padic.api.support.Api.workspace;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The editor's test panel checks its sample event against the fields as the editor has them, saved or not, and
 * says what the store would do with it (stored, flagged, refused) next to the reducer's result; testing saves
 * nothing.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class TestPanelSchemaTest {

    private static final List<Map<String, Object>> FIELDS = List.of(
            Map.of("name", "amount", "type", "number", "required", true),
            Map.of("name", "note", "type", "string"));

    private static ValidatableResponse test(Workspace w, String type, Map<String, Object> body) {
        return as(w.account().token()).body(body).post("/v1/projects/" + w.projectId() + "/event-types/" + type
                + "/test").then();
    }

    private static Map<String, Object> draft(Map<String, Object> metaData, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("state", Map.of(), "event", Map.of("metaData", metaData),
                "applyEvent", "return { total: (state.total || 0) + (event.metaData.amount || 0) };",
                "fields", FIELDS));
        body.putAll(extra);
        return body;
    }

    @Test
    void aDraftIsTestedBeforeItsFirstSaveAndSaysWhichFieldTheSampleBreaks() {
        Workspace w = workspace();
        test(w, "Deposit", draft(Map.of("amount", 5), Map.of())).statusCode(200)
                .body("state.total", equalTo(5)).body("schema.outcome", equalTo("stored"))
                .body("schema.violations", hasSize(0));
        test(w, "Deposit", draft(Map.of("amount", "five"), Map.of())).statusCode(200)
                .body("schema.outcome", equalTo("refused"))
                .body("schema.violations", hasSize(1)).body("schema.violations[0].field", equalTo("metaData.amount"))
                .body("schema.violations[0].message", equalTo("must be number, not string"));
        test(w, "Deposit", draft(Map.of(), Map.of("invalidEvents", "flag"))).statusCode(200)
                .body("schema.outcome", equalTo("flagged")).body("schema.violations[0].field", equalTo("metaData.amount"))
                .body("schema.violations[0].message", equalTo("is required"));
        test(w, "Deposit", draft(Map.of("amount", 1, "extra", true), Map.of("unknownFields", "reject")))
                .statusCode(200).body("schema.outcome", equalTo("refused"))
                .body("schema.violations[0].field", equalTo("metaData.extra"));
        getEventType(w, "Deposit").statusCode(404);
    }

    @Test
    void withoutFieldsTheSavedVersionsAreCheckedAndWithNoneSavedNothingIs() {
        Workspace w = workspace();
        Map<String, Object> codeOnly = Map.of("event", Map.of("metaData", Map.of("note", 3)),
                "applyEvent", "return {};");
        test(w, "Deposit", codeOnly).statusCode(200).body("schema", nullValue());
        saveEventType(w, "Deposit", Map.of("fields", FIELDS)).statusCode(201);
        test(w, "Deposit", codeOnly).statusCode(200).body("schema.outcome", equalTo("refused"))
                .body("schema.violations.field", equalTo(List.of("metaData.amount", "metaData.note")));
        test(w, "Deposit", Map.of("event", Map.of("metaData", Map.of("amount", 2)))).statusCode(200)
                .body("schema.outcome", equalTo("stored"));
    }

    @Test
    void aBrokenDraftFieldOrPolicyIsNamed() {
        Workspace w = workspace();
        problem(test(w, "Deposit", draft(Map.of(), Map.of("fields", List.of(Map.of("name", "a", "type", "date"))))),
                422).body("errors[0].field", equalTo("fields[0].type"));
        problem(test(w, "Deposit", draft(Map.of(), Map.of("unknownFields", "sometimes"))), 422)
                .body("errors[0].field", equalTo("unknownFields"));
        getEventType(w, "Deposit").statusCode(404);
    }
}
