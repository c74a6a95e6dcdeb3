package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.sendEvent;
import static io.padic.api.support.Api.workspace;
import static io.padic.api.support.Schemas.array;
import static io.padic.api.support.Schemas.declare;
import static io.padic.api.support.Schemas.meta;
import static io.padic.api.support.Schemas.object;
import static io.padic.api.support.Schemas.objectItems;
import static io.padic.api.support.Schemas.optional;
import static io.padic.api.support.Schemas.required;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.erosb.jsonsKema.FormatValidationPolicy;
import com.github.erosb.jsonsKema.JsonParser;
import com.github.erosb.jsonsKema.Keyword;
import com.github.erosb.jsonsKema.SchemaLoader;
import com.github.erosb.jsonsKema.ValidationFailure;
import com.github.erosb.jsonsKema.Validator;
import com.github.erosb.jsonsKema.ValidatorConfig;
import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The schema exported at {@code schema.json} is real JSON Schema 2020-12: an independent validator
 * (json-sKema, not the networknt library the server uses) reaches the same verdict as ingest on valid and
 * invalid samples, and finds each violation where the server says it is.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class ExportedSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, Object> CUSTOMER = Map.of("name", "Ada");
    private static final List<Object> LINES = List.of(Map.of("sku", "a", "qty", 1));

    @Test
    void theExportedSchemaAgreesWithIngestInAnIndependentValidator() {
        Workspace w = workspace();
        declare(w, "OrderPlaced", "reject", required("id", "string"), required("total", "number"),
                optional("count", "integer"), optional("paid", "boolean"), required("at", "timestamp"),
                object("customer", true, required("name", "string"), optional("email", "string")),
                array("lines", true, objectItems(required("sku", "string"), required("qty", "integer"))),
                array("tags", false, Map.of("type", "string")), optional("extra", "any"),
                optional("free", "object"));
        createObject(w.key(), "Order", "o1");
        String schemaText = as(w.account().token())
                .get("/v1/projects/" + w.projectId() + "/event-types/OrderPlaced/schema.json").then()
                .statusCode(200).contentType(startsWith("application/schema+json"))
                .body("$schema", equalTo("https://json-schema.org/draft/2020-12/schema"))
                .body("title", equalTo("OrderPlaced"))
                .body("$id", startsWith("https://")).extract().asString();
        Validator independent = validatorFor(schemaText);

        List<Map<String, Object>> valid = List.of(
                base(),
                with(base(), "total", 9.5, "count", 3, "paid", true, "at", "2026-01-31T12:00:00.5+02:00",
                        "customer", Map.of("name", "Ada", "email", "ada@example.com"),
                        "lines", List.of(Map.of("sku", "a", "qty", 1), Map.of("sku", "b", "qty", 2)),
                        "tags", List.of("gift"), "extra", Map.of("any", List.of(1)), "free", Map.of("k", 1)),
                with(base(), "count", null, "paid", null, "tags", null, "extra", null, "free", null,
                        "customer", meta("name", "Ada", "email", null)),
                with(base(), "lines", List.of(), "total", 2));
        for (Map<String, Object> sample : valid) {
            sendEvent(w.key(), "OrderPlaced", "o1", sample).statusCode(201);
            assertNull(independent.validate(new JsonParser(text(sample)).parse()), () -> "valid: " + sample);
        }

        List<Map<String, Object>> invalid = List.of(
                without(base(), "id"),
                with(base(), "id", null),
                with(base(), "count", 1.5),
                with(base(), "at", "yesterday"),
                with(base(), "at", "2026-13-01"),
                with(base(), "at", "2026-01-31T12:00:00"),
                with(base(), "customer", Map.of("email", "ada@example.com")),
                with(base(), "lines", List.of(Map.of("sku", "a", "qty", 1), Map.of("sku", "b", "qty", 1),
                        Map.of("qty", 1))),
                with(base(), "color", "red"),
                with(base(), "customer", Map.of("name", "Ada", "vip", true)),
                with(base(), "paid", "yes", "tags", List.of("ok", 1), "lines", List.of(Map.of("sku", "a",
                        "qty", "1")), "total", "12"));
        for (Map<String, Object> sample : invalid) {
            List<String> named = sendEvent(w.key(), "OrderPlaced", "o1", sample).statusCode(422).extract()
                    .jsonPath().getList("errors.field");
            assertFalse(named.isEmpty(), () -> "the server names what is wrong with " + sample);
            ValidationFailure failure = independent.validate(new JsonParser(text(sample)).parse());
            assertNotNull(failure, () -> "invalid: " + sample);
            Set<String> found = failure.flatten().stream().map(ExportedSchemaTest::located)
                    .collect(Collectors.toSet());
            for (String field : named) {
                String pointer = pointerOf(field);
                assertTrue(found.contains(pointer) || found.contains("required@" + parentOf(pointer)),
                        () -> field + " of " + sample + " is not among " + found);
            }
        }
        as(w.key()).get("/v1/objects/o1").then().statusCode(200).body("seq", equalTo(valid.size()));
    }

    /**
     * Found by OpenApiFuzzIT: an Accept header refusing both types the route offers got the schema labelled
     * application/octet-stream. It is JSON Schema unless the client asks for plain JSON.
     */
    @Test
    void theSchemaIsLabelledAsJsonWhateverTheClientAccepts() {
        Workspace w = workspace();
        declare(w, "Rated", "allow", required("stars", "integer"));
        String path = "/v1/projects/" + w.projectId() + "/event-types/Rated/schema.json";
        for (String accept : List.of("application/*;q=0", "*/*", "application/schema+json, application/json")) {
            as(w.account().token()).accept(accept).get(path).then().statusCode(200)
                    .contentType(startsWith("application/schema+json")).body("title", equalTo("Rated"));
        }
        as(w.account().token()).accept("application/json").get(path).then().statusCode(200)
                .contentType(startsWith("application/json")).body("title", equalTo("Rated"));
        as(w.account().token()).accept("text/html").get(path).then().statusCode(406)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void eachVersionHasItsOwnSchema() {
        Workspace w = workspace();
        declare(w, "Rated", "allow", required("stars", "integer"));
        declare(w, "Rated", "allow", required("stars", "integer"), required("by", "string"));
        String base = "/v1/projects/" + w.projectId() + "/event-types/Rated/schema.json";
        Validator v1 = validatorFor(as(w.account().token()).get(base + "?version=1").then().statusCode(200)
                .body("$id", equalTo(idOf(w, 1))).extract().asString());
        Validator v2 = validatorFor(as(w.account().token()).get(base).then().statusCode(200)
                .body("$id", equalTo(idOf(w, 2))).extract().asString());
        String old = text(Map.of("stars", 4, "comment", "unknown fields are allowed"));
        assertNull(v1.validate(new JsonParser(old).parse()));
        ValidationFailure missing = v2.validate(new JsonParser(old).parse());
        assertNotNull(missing);
        assertEquals(Keyword.REQUIRED, missing.getKeyword());
        assertNull(v2.validate(new JsonParser(text(Map.of("stars", 4, "by", "Ada"))).parse()));
        as(w.account().token()).get(base + "?version=3").then().statusCode(404);
        as(w.account().token()).get("/v1/projects/" + w.projectId() + "/event-types/Nope/schema.json").then()
                .statusCode(404);
    }

    /** The validator json-sKema builds from the exported text, asserting formats as the server does. */
    private static Validator validatorFor(String schemaText) {
        return Validator.create(new SchemaLoader(new JsonParser(schemaText).parse()).load(),
                new ValidatorConfig(FormatValidationPolicy.ALWAYS));
    }

    private static String idOf(Workspace w, int version) {
        return "https://padic.io/schemas/" + w.projectId() + "/Rated/v" + version;
    }

    /** Where a leaf failure is: its instance's pointer, or for {@code required} the object missing a member. */
    private static String located(ValidationFailure failure) {
        String pointer = failure.getInstance().getLocation().getPointer().toString();
        return failure.getKeyword() == Keyword.REQUIRED ? "required@" + pointer : pointer;
    }

    /** {@code metaData.lines[2].sku} → {@code #/lines/2/sku}. */
    private static String pointerOf(String field) {
        return "#" + field.substring("metaData".length()).replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
    }

    private static String parentOf(String pointer) {
        return pointer.substring(0, pointer.lastIndexOf('/')).transform(p -> p.isEmpty() ? "#" : p);
    }

    private static Map<String, Object> base() {
        return meta("id", "o-1", "total", 2, "at", "2026-01-31T12:00:00Z", "customer", CUSTOMER, "lines", LINES);
    }

    private static Map<String, Object> with(Map<String, Object> sample, Object... keysAndValues) {
        sample.putAll(meta(keysAndValues));
        return sample;
    }

    private static Map<String, Object> without(Map<String, Object> sample, String name) {
        sample.remove(name);
        return sample;
    }

    private static String text(Map<String, Object> sample) {
        try {
            return JSON.writeValueAsString(sample);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
