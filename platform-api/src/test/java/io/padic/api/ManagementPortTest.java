package io.padic.api;

import static io.padic.api.support.Api.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Metrics are not public: they answer only on the management port (127.0.0.1, its own port), while the API's
 * port keeps readiness and the OpenAPI document, which load balancers and API users need.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class ManagementPortTest {

    @Test
    void theApiPortDoesNotServeMetrics() {
        given().get("/q/metrics").then().statusCode(404).body(not(containsString("padic_")));
        given().get("/metrics").then().statusCode(404);
    }

    @Test
    void theManagementPortServesMetrics() {
        given().get("/v1/ping").then().statusCode(200);
        management().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
    }

    @Test
    void readinessAndOpenApiStayOnTheApiPort() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().accept("application/json").get("/q/openapi").then().statusCode(200);
    }
}
