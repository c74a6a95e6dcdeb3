package io.padic.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.padic.api.objects.ObjectResource;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document a running platform-api serves passes Redocly's recommended rules with no error and no
 * warning (issue 20): what client generators need, checked by an outside linter, pinned so CI is repeatable.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class OpenApiLintTest {

    static final String REDOCLY = "@redocly/cli@1.34.5";

    @Test
    void theServedDocumentPassesRedoclysRecommendedRules() throws Exception {
        String document = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        Path file = Path.of("target", "openapi.json").toAbsolutePath();
        Files.writeString(file, document, StandardCharsets.UTF_8);
        Path config = Path.of("..", "redocly.yaml").toAbsolutePath().normalize();
        Process lint = new ProcessBuilder("npx", "--yes", REDOCLY, "lint", "--config", config.toString(),
                "--format=json", file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!lint.waitFor(5, TimeUnit.MINUTES)) {
            lint.destroyForcibly();
        }
        JsonNode report = new ObjectMapper().readTree(out.substring(out.indexOf('{')));
        List<String> problems = new ArrayList<>();
        report.path("problems").forEach(p -> problems.add(p.path("severity").asText() + " " + p.path("ruleId").asText()
                + " " + p.path("message").asText() + " at " + p.path("location").path(0).path("pointer").asText()));
        assertEquals(List.of(), problems, "redocly lint on " + file);
    }

    /**
     * docs/openapi.json is the contract the clients are generated from (clients/java, and TypeScript in
     * GeneratedClientsTest): it must be what the app serves, so a change of a route shows in review as a change of
     * that file.
     */
    @Test
    void theServedDocumentIsTheContractInDocs() throws Exception {
        String served = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        ObjectMapper json = new ObjectMapper();
        Path contract = Path.of("..", "docs", "openapi.json").toAbsolutePath().normalize();
        Path fresh = Path.of("target", "openapi-pretty.json").toAbsolutePath();
        Files.writeString(fresh, json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(served)) + "\n",
                StandardCharsets.UTF_8);
        assertEquals(json.readTree(Files.readString(contract)), json.readTree(served),
                "the served OpenAPI document differs from " + contract + "; if the change is meant, cp " + fresh
                        + " " + contract);
    }

    /** A read answered while the store was away says so in a header (StoreOutageTest): the contract names it. */
    @Test
    void theStateReadsDeclareTheHeaderOfAnAnswerWithoutTheStore() throws Exception {
        JsonNode paths = new ObjectMapper().readTree(given().get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString()).path("paths");
        for (String path : List.of("/v1/objects/{id}", "/v1/projects/{projectId}/objects/{id}")) {
            JsonNode header = paths.path(path).path("get").path("responses").path("200").path("headers")
                    .path(ObjectResource.WITHOUT_STORE_HEADER);
            assertEquals("unreachable", header.path("schema").path("enum").path(0).asText(), path);
        }
    }
}
