package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.projectKey;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.sendEvent;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/objects} without an id: the server generates one ({@code obj_01m8b7c8aj…}, docs/api.md,
 * Objects), unique, in the shape of a client-chosen id, so it works wherever an object id goes.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class GeneratedIdsTest {

    /** {@code obj_}, then 26 characters of lowercase Crockford base32 (no i, l, o, u). */
    private static final Pattern GENERATED = Pattern.compile("obj_[0-9a-hjkmnp-tv-z]{26}");
    private static final Pattern CLIENT_ID_RULE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Test
    void objectsCreatedWithoutAnIdGetUniqueIdsOfTheDocumentedShape() {
        String key = projectKey();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = as(key).body(Map.of("type", "Visit")).post("/v1/objects").then().statusCode(201)
                    .body("type", equalTo("Visit")).extract().path("id");
            assertTrue(GENERATED.matcher(id).matches(), "a generated id looks like obj_01m8b7c8aj…: " + id);
            assertTrue(CLIENT_ID_RULE.matcher(id).matches(), "a generated id is a valid object id: " + id);
            ids.add(id);
        }
        assertEquals(ids.size(), new HashSet<>(ids).size(), "generated ids are unique: " + ids);

        // A generated id is an object id like any other: it is read, listed, and events concern it.
        String first = ids.get(0);
        sendEvent(key, "Viewed", List.of(first, ids.get(1)), Map.of("page", "home")).statusCode(201);
        readObject(key, first, null).statusCode(200).body("id", equalTo(first)).body("state.page", equalTo("home"));
        as(key).get("/v1/objects?type=Visit").then().statusCode(200).body("objects.id", equalTo(ids));
    }
}
