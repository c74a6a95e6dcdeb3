package io.padic.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
}
