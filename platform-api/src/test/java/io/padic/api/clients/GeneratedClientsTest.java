package io.padic.api.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.padic.api.support.Api;
import io.padic.api.support.Commands;
import io.padic.api.support.Commands.Result;
import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.client.ApiClient;
import io.padic.client.ApiException;
import io.padic.client.api.EventsApi;
import io.padic.client.api.ObjectsApi;
import io.padic.client.model.BatchAnswer;
import io.padic.client.model.BatchRequest;
import io.padic.client.model.CreateObject;
import io.padic.client.model.NewEvent;
import io.padic.client.model.ObjectView;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Clients generated from the contract, docs/openapi.json, work against the app as a user would use them: the Java
 * client OpenAPI Generator builds (module clients/java) and a TypeScript one (the types openapi-typescript builds in
 * module clients/typescript, with openapi-fetch, compiled by {@code tsc --strict}) create an object, send an event and a batch, read the state, and
 * get a refusal with its problem; a TypeScript call that leaves out a required member does not compile.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class GeneratedClientsTest {

    static final String OPENAPI_FETCH = "openapi-fetch@0.17.0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ApiClient client(String key) {
        URI base = URI.create(RestAssured.baseURI + ":" + RestAssured.port);
        return new ApiClient().setScheme(base.getScheme()).setHost(base.getHost()).setPort(base.getPort())
                .setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
    }

    @Test
    void createSendBatchAndReadWithTheGeneratedClient() throws Exception {
        Workspace shop = Api.workspace();
        ApiClient client = client(shop.key());
        ObjectsApi objects = new ObjectsApi(client);
        EventsApi events = new EventsApi(client);

        objects.postObjects(new CreateObject().type("customer").id("cust-1"));
        events.postEvents(new NewEvent().type("customer.created").concerns("cust-1")
                .metaData(Map.of("name", "Ada", "city", "London")), "created-1");
        BatchAnswer batch = events.postEventsBatch(new BatchRequest().events(List.of(
                new NewEvent().type("customer.moved").concerns("cust-1").metaData(Map.of("city", "Paris")),
                new NewEvent().type("customer.moved").concerns("ghost").metaData(Map.of("city", "Rome")))));
        assertEquals(List.of(201, 422), batch.getResults().stream().map(r -> r.getStatus()).toList());

        ObjectView read = objects.getObjectsById("cust-1", null, null);
        assertEquals(2L, read.getSeq());
        assertEquals(Map.of("name", "Ada", "city", "Paris"), read.getState());

        ApiException refused = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                () -> objects.getObjectsById("nobody", null, null));
        assertEquals(404, refused.getCode());
    }

    @Test
    void createSendBatchAndReadWithATypeScriptClientFromTheContract() throws Exception {
        Workspace shop = Api.workspace();
        Path dir = Files.createDirectories(Path.of("target", "ts-api-" + UUID.randomUUID()).toAbsolutePath());
        // The build's types (module clients/typescript, openapi-typescript on docs/openapi.json), as a user takes them.
        Path types = Path.of("..", "clients", "typescript", "target", "padic-api.d.ts").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(types), types + " is missing: build clients/typescript first");
        Files.copy(types, dir.resolve("padic-api.d.ts"));
        Result install = Commands.run(dir, List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                OPENAPI_FETCH, ClientSourcesTest.TYPESCRIPT));
        assertEquals(0, install.exit(), install.output());
        Files.writeString(dir.resolve("use.ts"), """
                import createClient from "openapi-fetch";
                import type { paths } from "./padic-api";

                const api = createClient<paths>({ baseUrl: %s, headers: { Authorization: "Bearer " + %s } });

                async function main(): Promise<void> {
                  await api.POST("/v1/objects", { body: { type: "customer", id: "cust-1" } });
                  await api.POST("/v1/events", { body: { type: "customer.created", concerns: "cust-1",
                    metaData: { name: "Ada", city: "London" } }, params: { header: { "Idempotency-Key": "created-1" } } });
                  const batch = await api.POST("/v1/events/batch", { body: { events: [
                    { type: "customer.moved", concerns: ["cust-1"], metaData: { city: "Paris" } },
                    { type: "customer.moved", concerns: "ghost" }] } });
                  const read = await api.GET("/v1/objects/{id}", { params: { path: { id: "cust-1" } } });
                  const missing = await api.GET("/v1/objects/{id}", { params: { path: { id: "nobody" } } });
                  console.log(JSON.stringify({ batch: batch.data?.results?.map((r) => r.status), seq: read.data?.seq,
                    state: read.data?.state, missing: missing.response.status, problem: missing.error?.title }));
                }
                main().catch((e) => { console.error(e); process.exitCode = 1; });
                """.formatted(JSON.writeValueAsString(RestAssured.baseURI + ":" + RestAssured.port),
                JSON.writeValueAsString(shop.key())));
        Files.writeString(dir.resolve("globals.d.ts"), "declare const process: { exitCode: number };\n");
        Files.writeString(dir.resolve("missing.ts"), """
                import createClient from "openapi-fetch";
                import type { paths } from "./padic-api";
                export const sent = createClient<paths>({ baseUrl: "" }).POST("/v1/events", { body: { concerns: "c" } });
                """);
        Result bad = Commands.run(dir, tsc("missing.ts", "globals.d.ts"));
        assertTrue(bad.exit() != 0 && bad.output().contains("missing.ts(3,")
                && bad.output().contains("Property 'type' is missing"), bad.output());
        Result tsc = Commands.run(dir, tsc("use.ts", "globals.d.ts"));
        assertEquals(0, tsc.exit(), tsc.output());
        Result node = Commands.run(dir, List.of("node", "use.js"));
        assertEquals(0, node.exit(), node.output());
        assertEquals(JSON.readTree("""
                {"batch": [201, 422], "seq": 2, "state": {"name": "Ada", "city": "Paris"}, "missing": 404,
                 "problem": "Not found"}"""), JSON.readTree(node.output().trim()));
    }

    private static List<String> tsc(String... files) {
        List<String> command = new ArrayList<>(List.of("node_modules/.bin/tsc", "--strict", "--target", "es2022",
                "--module", "commonjs", "--moduleResolution", "node10", "--lib", "es2022,dom", "--skipLibCheck",
                "--pretty", "false"));
        command.addAll(List.of(files));
        return command;
    }

}
