package io.padic.api;

import static com.mongodb.client.model.Filters.eq;
import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.getEventType;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.saveEventType;
import static io.padic.api.support.Api.saveReducer;
import static io.padic.api.support.Api.sendEventId;
import static io.padic.api.support.Api.store;
import static io.padic.api.support.Api.workspace;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * JavaScript reducers end to end over HTTP: the seed's Photo example, access levels, RFC 7396 merges of
 * what a reducer returns, default and JavaScript types in one fold, and versions (docs/design.md#model).
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class ReducerExamplesTest {

    static final String PHOTO_CREATE = "return { name: event.metaData.name, image_url: event.metaData.image_url };";
    static final String PHOTO_MODIFY = "return { name: event.metaData.name };";

    private static void definePhoto(Workspace w) {
        saveEventType(w, "PhotoCreate", Map.of("objectType", "Photo", "applyEvent", PHOTO_CREATE)).statusCode(201)
                .body("name", equalTo("PhotoCreate")).body("version", equalTo(1))
                .body("objectType", equalTo("Photo")).body("applyEvent", equalTo(PHOTO_CREATE));
        saveEventType(w, "PhotoModify", Map.of("objectType", "Photo", "applyEvent", PHOTO_MODIFY)).statusCode(201)
                .body("version", equalTo(1));
    }

    @Test
    void thePhotoExampleFromTheSeed() {
        Workspace w = workspace();
        definePhoto(w);
        createObject(w.key(), "Photo", "p1");
        // "camera" is not picked by PhotoCreate: the state shows only what the reducer returned.
        String created = sendEventId(w.key(), "PhotoCreate", "p1",
                Map.of("name", "beach", "image_url", "https://img.example/1.jpg", "camera", "x100"));
        String renamed = sendEventId(w.key(), "PhotoModify", "p1", Map.of("name", "sunset"));

        readObject(w.key(), "p1", null).statusCode(200)
                .body("id", equalTo("p1")).body("type", equalTo("Photo")).body("seq", equalTo(2))
                .body("state", equalTo(Map.of("name", "sunset", "image_url", "https://img.example/1.jpg")));
        readObject(w.key(), "p1", "seq=1").statusCode(200).body("seq", equalTo(1))
                .body("state", equalTo(Map.of("name", "beach", "image_url", "https://img.example/1.jpg")));
        readObject(w.key(), "p1", "seq=0").statusCode(200).body("state", equalTo(Map.of()));
        as(w.key()).get("/v1/objects/p1/events").then().statusCode(200)
                .body("events.id", equalTo(List.of(created, renamed)))
                .body("events.type", equalTo(List.of("PhotoCreate", "PhotoModify")))
                .body("events.seq", equalTo(List.of(1, 2)))
                .body("events[0].metaData.camera", equalTo("x100"))
                .body("events[1].metaData.name", equalTo("sunset"));
    }

    @Test
    void aReducerHidesAFieldBelowOwner() {
        Workspace w = workspace();
        saveReducer(w, "ContactSet", """
                const visible = { name: event.metaData.name };
                if (accessLevel === 'owner') {
                  visible.email = event.metaData.email;
                }
                visible.seenAs = accessLevel;
                return visible;""");
        createObject(w.key(), "Contact", "c1");
        sendEventId(w.key(), "ContactSet", "c1", Map.of("name", "Ada", "email", "ada@example.com"));

        readObject(w.key(), "c1", null).statusCode(200).body("state",
                equalTo(Map.of("name", "Ada", "email", "ada@example.com", "seenAs", "owner")));
        for (String level : List.of("public", "member")) {
            String key = w.keyAt(level);
            readObject(key, "c1", null).statusCode(200).body("seq", equalTo(1))
                    .body("state", equalTo(Map.of("name", "Ada", "seenAs", level)));
            readObject(key, "c1", "seq=1").statusCode(200).body("state.email", nullValue());
        }
        // Owner again, after the lower levels were served: each level is its own fold.
        readObject(w.key(), "c1", null).statusCode(200).body("state.email", equalTo("ada@example.com"));
    }

    @Test
    void whatAReducerReturnsIsMergedAsRfc7396() {
        Workspace w = workspace();
        saveReducer(w, "Patch", "return event.metaData.patch;");
        createObject(w.key(), "User", "u1");
        sendEventId(w.key(), "Patch", "u1", Map.of("patch", Map.of("name", "Ada", "nick", "A",
                "address", Map.of("city", "Paris", "zip", "75001", "street", "Rue 1"), "tags", List.of("a", "b"))));
        Map<String, Object> address = new HashMap<>();
        address.put("city", "Lyon");
        address.put("street", null);
        Map<String, Object> second = new HashMap<>();
        second.put("nick", null);
        second.put("address", address);
        second.put("tags", List.of("c"));
        sendEventId(w.key(), "Patch", "u1", Map.of("patch", second));

        readObject(w.key(), "u1", null).statusCode(200).body("state", equalTo(Map.of("name", "Ada",
                "address", Map.of("city", "Lyon", "zip", "75001"), "tags", List.of("c"))));
        readObject(w.key(), "u1", "seq=1").statusCode(200).body("state.nick", equalTo("A"))
                .body("state.tags", equalTo(List.of("a", "b")));
    }

    @Test
    void typesWithoutCodeMergeTheirMetaDataInTheSameFold() {
        Workspace w = workspace();
        saveReducer(w, "Rename", "return { name: event.metaData.name.toUpperCase(), renames: (state.renames || 0) + 1 };");
        saveEventType(w, "Touch", Map.of("objectType", "Item")).statusCode(201).body("applyEvent", nullValue());
        createObject(w.key(), "Item", "i1");
        sendEventId(w.key(), "Touch", "i1", Map.of("name", "lower", "color", "red", "size", 1));
        sendEventId(w.key(), "Rename", "i1", Map.of("name", "bob", "ignored", true));
        Map<String, Object> touch = new HashMap<>();
        touch.put("color", null);
        touch.put("size", 2);
        sendEventId(w.key(), "Touch", "i1", touch);
        sendEventId(w.key(), "Rename", "i1", Map.of("name", "eve"));

        readObject(w.key(), "i1", null).statusCode(200).body("seq", equalTo(4))
                .body("state", equalTo(Map.of("name", "EVE", "size", 2, "renames", 2)));
        readObject(w.key(), "i1", "seq=1").statusCode(200)
                .body("state", equalTo(Map.of("name", "lower", "color", "red", "size", 1)));
        readObject(w.key(), "i1", "seq=2").statusCode(200)
                .body("state", equalTo(Map.of("name", "BOB", "color", "red", "size", 1, "renames", 1)));
    }

    @Test
    void readsUseTheCurrentVersionForTheWholeHistory() {
        Workspace w = workspace();
        definePhoto(w);
        createObject(w.key(), "Photo", "p1");
        sendEventId(w.key(), "PhotoCreate", "p1", Map.of("name", "beach", "image_url", "https://img.example/1.jpg"));
        sendEventId(w.key(), "PhotoModify", "p1", Map.of("name", "sunset"));
        sendEventId(w.key(), "PhotoModify", "p1", Map.of("name", "dusk"));
        readObject(w.key(), "p1", null).statusCode(200).body("state.name", equalTo("dusk"));
        readObject(w.key(), "p1", "seq=2").statusCode(200).body("state.name", equalTo("sunset"));

        String upper = "return { name: event.metaData.name.toUpperCase() };";
        saveEventType(w, "PhotoModify", Map.of("objectType", "Photo", "applyEvent", upper)).statusCode(200)
                .body("version", equalTo(2)).body("applyEvent", equalTo(upper));

        readObject(w.key(), "p1", null).statusCode(200).body("seq", equalTo(3))
                .body("state", equalTo(Map.of("name", "DUSK", "image_url", "https://img.example/1.jpg")));
        readObject(w.key(), "p1", "seq=2").statusCode(200).body("state.name", equalTo("SUNSET"));
        readObject(w.key(), "p1", "seq=1").statusCode(200).body("state.name", equalTo("beach"));

        // Back to the first code: a third version, and reads follow it again.
        saveEventType(w, "PhotoModify", Map.of("objectType", "Photo", "applyEvent", PHOTO_MODIFY)).statusCode(200)
                .body("version", equalTo(3));
        readObject(w.key(), "p1", null).statusCode(200).body("state.name", equalTo("dusk"));
    }

    @Test
    void everyChangeIsAVersionAndAnIdenticalSaveIsNot() {
        Workspace w = workspace();
        getEventType(w, "Tag").statusCode(404);
        Map<String, String> first = Map.of("objectType", "Note", "applyEvent", "return { tag: event.metaData.tag };");
        saveEventType(w, "Tag", first).statusCode(201).body("version", equalTo(1));
        String v1 = reducerVersion(w);
        saveEventType(w, "Tag", first).statusCode(200).body("version", equalTo(1));
        assertEquals(v1, reducerVersion(w), "an identical save keeps the reducerVersion");

        Map<String, String> second = Map.of("objectType", "Note",
                "applyEvent", "return { tag: String(event.metaData.tag).trim() };");
        saveEventType(w, "Tag", second).statusCode(200).body("version", equalTo(2));
        String v2 = reducerVersion(w);
        assertNotEquals(v1, v2, "a new version changes the reducerVersion");
        saveEventType(w, "Tag", second).statusCode(200).body("version", equalTo(2));
        assertEquals(v2, reducerVersion(w));
        // Only the policy changes: still a new version.
        Map<String, String> third = new HashMap<>(second);
        third.put("unknownFields", "flag");
        saveEventType(w, "Tag", third).statusCode(200).body("version", equalTo(3))
                .body("unknownFields", equalTo("flag"));
        assertNotEquals(v2, reducerVersion(w));

        getEventType(w, "Tag").statusCode(200)
                .body("name", equalTo("Tag")).body("version", equalTo(3))
                .body("applyEvent", equalTo(second.get("applyEvent")))
                .body("versions.version", equalTo(List.of(1, 2, 3)))
                .body("versions[0].applyEvent", equalTo(first.get("applyEvent")))
                .body("versions[1].applyEvent", equalTo(second.get("applyEvent")))
                .body("versions.unknownFields", equalTo(List.of("allow", "allow", "flag")));
        as(w.account().token()).get("/v1/projects/" + w.projectId() + "/event-types").then().statusCode(200)
                .body("eventTypes.name", equalTo(List.of("Tag"))).body("eventTypes[0].version", equalTo(3));
    }

    /** The project's reducerVersion as stored with its event-type heads (it is not part of the API). */
    private static String reducerVersion(Workspace w) {
        Document heads = store().getCollection("event_type_heads").find(eq("_id", w.projectId())).first();
        return heads == null ? null : heads.getString("reducerVersion");
    }
}
