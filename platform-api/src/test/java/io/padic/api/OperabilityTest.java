package io.padic.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * What an operator relies on: readiness that checks the store and Redis, the OpenAPI document, and a ping
 * that needs no credentials.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class OperabilityTest {

    @Test
    void readinessChecksTheStoreAndRedis() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(equalTo("Store"), containsString("Redis")))
                .body("checks.find { it.name == 'Store' }.data.store", equalTo("up"))
                .body("checks.find { it.name == 'Store' }.data.mode", equalTo("normal"));
    }

    @Test
    void theOpenApiDocumentDescribesBothPlanes() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/v1/events'.post", notNullValue())
                .body("paths.'/v1/objects/{id}'.get", notNullValue())
                .body("paths.'/v1/auth/signup'.post", notNullValue())
                .body("paths.'/v1/projects/{projectId}/event-types/{name}'.put", notNullValue());
    }

    /** A client generated from the document must know each analytics route's query parameters. */
    @Test
    void theOpenApiDocumentNamesTheAnalyticsParameters() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/v1/projects/{projectId}/analytics/overview'.get.parameters.name",
                        hasItems("projectId", "from", "to", "interval"))
                .body("paths.'/v1/projects/{projectId}/analytics/active'.get.parameters.name",
                        hasItems("projectId", "objectType", "from", "to", "interval"))
                .body("paths.'/v1/projects/{projectId}/analytics/retention'.get.parameters.name",
                        hasItems("projectId", "objectType", "from", "to", "interval"))
                .body("paths.'/v1/projects/{projectId}/analytics/anomalies'.get.parameters.name",
                        hasItems("projectId", "from", "to", "series", "limit"))
                .body("paths.'/v1/projects/{projectId}/event-types/{name}/drift'.get.parameters.name",
                        hasItems("projectId", "name", "days"));
    }

    /**
     * metaData, concerns and a test run's state are any JSON to a client: found by OpenApiFuzzIT, the document
     * described them by Jackson's getters ({@code valueNode}, {@code containerNode}, ...) and metaData as an array.
     */
    @Test
    void theOpenApiDocumentDescribesAnyJsonAsJson() {
        String document = given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("components.schemas.NewEvent.properties.metaData.'$ref'", equalTo("#/components/schemas/JsonObject"))
                .body("components.schemas.JsonObject.type", equalTo("object"))
                .body("components.schemas.NewEvent.properties.concerns.'$ref'", equalTo("#/components/schemas/AnyValue"))
                .body("components.schemas.TestRun.properties.state.'$ref'", equalTo("#/components/schemas/AnyValue"))
                .extract().asString();
        assertFalse(document.contains("containerNode"), "Jackson's getters are described as members");
    }

    @Test
    void unknownPathsAreProblems() {
        given().get("/v1/nothing-here").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    void pingAnswersWithoutCredentials() {
        given().get("/v1/ping").then().statusCode(200).contentType("application/json").body("ok", equalTo(true));
    }
}
