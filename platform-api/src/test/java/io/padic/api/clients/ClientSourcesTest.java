package io.padic.api.clients;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.saveEventType;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.padic.api.support.Api;
import io.padic.api.support.Commands;
import io.padic.api.support.Commands.Result;
import io.padic.api.support.Api.Workspace;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Typed event clients (issue 20, docs/user-guide.md#typed-clients): the generated Java and TypeScript compile (javac,
 * {@code tsc --strict}), send events that a read then shows, refuse at compile time an event without a required
 * field or with a string for a number, follow a change of an event type on the next download, and show a project
 * only its own types.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
class ClientSourcesTest {

    static final String TYPESCRIPT = "typescript@5.9.3";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A description that tries to end the doc comment, open a tag and smuggle a unicode escape. */
    private static final String HOSTILE = "in euros */ <b>@see</b> \\u0022 & more";

    /** A project whose types exercise every field type, nesting, awkward names and a name clash. */
    private static Workspace shop() {
        Workspace shop = Api.workspace();
        saveEventType(shop, "order.placed", Map.of("objectType", "order", "unknownFields", "reject", "fields", List.of(
                Map.of("name", "total", "type", "number", "required", true, "description", HOSTILE),
                Map.of("name", "count", "type", "integer", "required", true),
                Map.of("name", "note", "type", "string"),
                Map.of("name", "placedAt", "type", "timestamp"),
                Map.of("name", "gift", "type", "boolean"),
                Map.of("name", "address", "type", "object", "fields", List.of(
                        Map.of("name", "city", "type", "string", "required", true),
                        Map.of("name", "zip-code", "type", "string"))),
                Map.of("name", "lines", "type", "array", "items", Map.of("type", "object", "fields", List.of(
                        Map.of("name", "sku", "type", "string", "required", true),
                        Map.of("name", "qty", "type", "integer")))),
                Map.of("name", "tags", "type", "array", "items", Map.of("type", "string")),
                Map.of("name", "extra", "type", "any")))).statusCode(201);
        // Names that are keywords, members or another type's name once made an identifier.
        saveEventType(shop, "order:placed", Map.of("objectType", "order", "fields", List.of(
                Map.of("name", "default", "type", "string", "required", true),
                Map.of("name", "send", "type", "integer"),
                Map.of("name", "$x", "type", "boolean")))).statusCode(201);
        saveEventType(shop, "class", Map.of("fields", List.of(
                Map.of("name", "class", "type", "object", "required", true, "fields", List.of(
                        Map.of("name", "class", "type", "string", "required", true)))))).statusCode(201);
        return shop;
    }

    private static Response download(Workspace workspace, String language, String query) {
        return as(workspace.account().token()).get("/v1/projects/" + workspace.projectId() + "/clients/" + language
                + (query == null ? "" : "?" + query));
    }

    private static String baseUrl() {
        return RestAssured.baseURI + ":" + RestAssured.port;
    }

    @Test
    void theJavaBuildersCompileAndSendEventsThatReadsShow() throws Exception {
        Workspace shop = shop();
        createObject(shop.key(), "order", "ord-1");
        createObject(shop.key(), "order", "ord-2");
        Response download = download(shop, "java", "package=com.example.shop");
        download.then().statusCode(200).header("Content-Disposition", "attachment; filename=\"PadicEvents.java\"")
                .header(ClientResource.VERSIONS_HEADER, "class v1, order.placed v1, order:placed v1");
        String source = download.asString();
        assertTrue(source.contains("in euros *&#47; &lt;b&gt;&#64;see&lt;/b&gt; &#92;u0022 &amp; more"), source);

        String use = """
                package com.example.shop;

                import java.time.Instant;
                import java.util.List;
                import java.util.Map;

                public class Use {
                    public static String run(String base, String key) throws Exception {
                        PadicEvents padic = new PadicEvents(base, key);
                        PadicEvents.OrderPlaced placed = padic.orderPlaced(42.5, 3).note("gift wrap")
                                .placedAt(Instant.parse("2026-11-30T10:15:30Z")).gift(true)
                                .address(new PadicEvents.OrderPlaced.Address("London").zipCode("N1 9GU"))
                                .lines(List.of(new PadicEvents.OrderPlaced.LinesItem("sku-\\"7\\"").qty(2L)))
                                .tags(List.of("a", "b")).extra(Map.of("k", 1))
                                .idempotencyKey("order-1-placed");
                        PadicEvents.Sent first = placed.send("ord-1");
                        PadicEvents.Sent again = placed.send("ord-1");
                        padic.orderPlaced2("express").send_(2L).x(true).send("ord-1", "ord-2");
                        padic.class_(new PadicEvents.Class_.Class_2("first")).send("ord-2");
                        return first.id() + " " + again.id();
                    }
                }
                """;
        Path dir = Files.createDirectories(Path.of("target", "java-client-" + UUID.randomUUID()));
        List<String> errors = compileJava(dir, source, use);
        assertEquals(List.of(), errors, "javac on the generated source and a use of it");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("classes").toUri().toURL()},
                getClass().getClassLoader())) {
            String ids = (String) loader.loadClass("com.example.shop.Use").getMethod("run", String.class, String.class)
                    .invoke(null, baseUrl(), shop.key());
            String[] both = ids.split(" ");
            assertEquals(both[0], both[1], "the same Idempotency-Key stored the event once");
        }
        JsonNode state = JSON.readTree(readObject(shop.key(), "ord-1", null).statusCode(200).body("seq", equalTo(2))
                .extract().asString()).path("state");
        assertEquals(JSON.readTree("""
                {"total": 42.5, "count": 3, "note": "gift wrap", "placedAt": "2026-11-30T10:15:30Z", "gift": true,
                 "address": {"city": "London", "zip-code": "N1 9GU"}, "lines": [{"sku": "sku-\\"7\\"", "qty": 2}],
                 "tags": ["a", "b"], "extra": {"k": 1}, "default": "express", "send": 2, "$x": true}"""), state);
        readObject(shop.key(), "ord-2", null).statusCode(200).body("seq", equalTo(2))
                .body("state.class.class", equalTo("first"));
    }

    @Test
    void javaThatLeavesOutARequiredFieldOrPassesAStringForANumberDoesNotCompile() throws Exception {
        Workspace shop = shop();
        String source = download(shop, "java", "package=com.example.shop").then().statusCode(200).extract().asString();
        Path dir = Files.createDirectories(Path.of("target", "java-client-" + UUID.randomUUID()));
        List<String> missing = compileJava(dir, source, """
                package com.example.shop;
                class Missing {
                    void run(PadicEvents padic) throws Exception {
                        padic.orderPlaced(42.5).send("ord-1");
                    }
                }
                """);
        assertTrue(missing.stream().anyMatch(e -> e.contains("Missing.java:4") && e.contains("orderPlaced")), missing.toString());
        List<String> wrongType = compileJava(dir, source, """
                package com.example.shop;
                class WrongType {
                    void run(PadicEvents padic) throws Exception {
                        padic.orderPlaced("42.5", 3).send("ord-1");
                    }
                }
                """);
        assertTrue(wrongType.stream().anyMatch(e -> e.contains("WrongType.java:4") && e.contains("String")),
                wrongType.toString());
    }

    @Test
    void theTypeScriptCompilesStrictAndSendsEventsThatReadsShow() throws Exception {
        Workspace shop = shop();
        createObject(shop.key(), "order", "ord-1");
        Response download = download(shop, "typescript", null);
        download.then().statusCode(200).header("Content-Disposition", "attachment; filename=\"padic-events.ts\"");
        Path dir = Files.createDirectories(Path.of("target", "ts-client-" + UUID.randomUUID()));
        Files.writeString(dir.resolve("padic-events.ts"), download.asString());
        Files.writeString(dir.resolve("use.ts"), """
                import { OrderPlaced, PadicEvents } from "./padic-events";

                async function main(): Promise<void> {
                  const padic = new PadicEvents({ baseUrl: %s, apiKey: %s });
                  const placed: OrderPlaced = {
                    total: 42.5, count: 3, note: "gift wrap", placedAt: new Date("2026-11-30T10:15:30Z"), gift: null,
                    address: { city: "London", "zip-code": "N1 9GU" }, lines: [{ sku: "sku-7", qty: 2 }], tags: ["a"],
                  };
                  const options = { idempotencyKey: "order-1-placed", occurredAt: "2026-11-30T10:00:00Z" };
                  const first = await padic.orderPlaced("ord-1", placed, options);
                  const again = await padic.orderPlaced("ord-1", placed, options);
                  await padic.orderPlaced2(["ord-1"], { default: "express", send: 2, $x: true });
                  console.log(JSON.stringify({ first: first.id, again: again.id, seq: first.pins[0].seq }));
                }
                main().catch((e) => { console.error(e); process.exitCode = 1; });
                """.formatted(JSON.writeValueAsString(baseUrl()), JSON.writeValueAsString(shop.key())));
        Files.writeString(dir.resolve("globals.d.ts"), "declare const process: { exitCode: number };\n");
        Result tsc = tsc(dir, "padic-events.ts", "use.ts", "globals.d.ts");
        assertEquals(0, tsc.exit(), tsc.output());
        Result node = Commands.run(dir, List.of("node", "use.js"));
        assertEquals(0, node.exit(), node.output());
        JsonNode sent = JSON.readTree(node.output().trim());
        assertEquals(sent.path("first").asText(), sent.path("again").asText(), node.output());
        JsonNode state = JSON.readTree(readObject(shop.key(), "ord-1", null).statusCode(200).body("seq", equalTo(2))
                .extract().asString()).path("state");
        assertEquals(JSON.readTree("""
                {"total": 42.5, "count": 3, "note": "gift wrap", "placedAt": "2026-11-30T10:15:30.000Z",
                 "address": {"city": "London", "zip-code": "N1 9GU"}, "lines": [{"sku": "sku-7", "qty": 2}],
                 "tags": ["a"], "default": "express", "send": 2, "$x": true}"""), state);
    }

    @Test
    void typeScriptThatLeavesOutARequiredFieldOrPassesAStringForANumberDoesNotCompile() throws Exception {
        Workspace shop = shop();
        Path dir = Files.createDirectories(Path.of("target", "ts-client-" + UUID.randomUUID()));
        Files.writeString(dir.resolve("padic-events.ts"), download(shop, "typescript", null).asString());
        Files.writeString(dir.resolve("missing.ts"), """
                import { PadicEvents } from "./padic-events";
                export const sent = new PadicEvents({ baseUrl: "", apiKey: "" }).orderPlaced("ord-1", { total: 1 });
                """);
        Files.writeString(dir.resolve("wrong.ts"), """
                import { PadicEvents } from "./padic-events";
                export const sent = new PadicEvents({ baseUrl: "", apiKey: "" }).orderPlaced("ord-1", { total: "1", count: 1 });
                """);
        Files.writeString(dir.resolve("unknown.ts"), """
                import { PadicEvents } from "./padic-events";
                export const sent = new PadicEvents({ baseUrl: "", apiKey: "" }).orderPlaced("ord-1", { total: 1, count: 1, totl: 2 });
                """);
        Result tsc = tsc(dir, "padic-events.ts", "missing.ts", "wrong.ts", "unknown.ts");
        assertNotEquals(0, tsc.exit(), tsc.output());
        assertTrue(tsc.output().contains("missing.ts(2,") && tsc.output().contains("Property 'count' is missing"),
                tsc.output());
        assertTrue(tsc.output().contains("wrong.ts(2,") && tsc.output().contains("Type 'string' is not assignable to type 'number'"),
                tsc.output());
        assertTrue(tsc.output().contains("unknown.ts(2,") && tsc.output().contains("'totl' does not exist"), tsc.output());
        assertFalse(tsc.output().contains("padic-events.ts("), "the generated module itself compiles: " + tsc.output());
    }

    @Test
    void aChangedTypeShowsInTheNextDownloadAndAProjectSeesOnlyItsOwnTypes() {
        Workspace shop = Api.workspace();
        saveEventType(shop, "order.placed", Map.of("fields", List.of(
                Map.of("name", "total", "type", "number", "required", true)))).statusCode(201);
        String before = download(shop, "java", null).then().statusCode(200)
                .header(ClientResource.VERSIONS_HEADER, "order.placed v1").extract().asString();
        assertTrue(before.startsWith("package io.padic.client;"), before);
        assertFalse(before.contains("coupon"), before);
        saveEventType(shop, "order.placed", Map.of("fields", List.of(
                Map.of("name", "total", "type", "number", "required", true),
                Map.of("name", "coupon", "type", "string", "required", true)))).statusCode(200);
        String after = download(shop, "typescript", null).then().statusCode(200)
                .header(ClientResource.VERSIONS_HEADER, "order.placed v2").extract().asString();
        assertTrue(after.contains("coupon: string;") && after.contains("\"order.placed\": 2"), after);

        Workspace other = Api.workspace();
        saveEventType(other, "invoice.sent", Map.of("fields", List.of())).statusCode(201);
        String theirs = download(other, "typescript", null).then().statusCode(200).extract().asString();
        assertTrue(theirs.contains("invoiceSent(") && !theirs.contains("order.placed"), theirs);
        // Another workspace's member cannot download this project's client (I5), nor can an API key.
        problem(as(other.account().token()).get("/v1/projects/" + shop.projectId() + "/clients/java").then(), 404);
        problem(as(shop.key()).get("/v1/projects/" + shop.projectId() + "/clients/java").then(), 401);
    }

    @Test
    void badRequestsAreNamed() {
        Workspace shop = Api.workspace();
        problem(download(shop, "cobol", null).then(), 404);
        problem(download(shop, "java", "package=Com.Example").then(), 422).body("errors[0].field", equalTo("package"));
        problem(download(shop, "java", "package=com.class.x").then(), 422).body("errors[0].field", equalTo("package"));
        problem(download(shop, "typescript", "package=com.example").then(), 422)
                .body("errors[0].field", equalTo("package"));
        // A project without event types still gets a module that compiles: an empty client.
        String empty = download(shop, "java", null).then().statusCode(200)
                .header(ClientResource.VERSIONS_HEADER, "none yet").extract().asString();
        assertTrue(empty.contains("Map.ofEntries()"), empty);
    }

    /** Compiles the generated class and one using it into {@code dir/classes}; the errors as {@code File.java:line message}. */
    private static List<String> compileJava(Path dir, String generated, String use) throws IOException {
        Path sources = Files.createDirectories(dir.resolve("src"));
        Files.writeString(sources.resolve("PadicEvents.java"), generated);
        String useName = use.lines().filter(l -> l.contains("class ")).findFirst().orElseThrow()
                .replaceAll(".*class (\\w+).*", "$1");
        Files.writeString(sources.resolve(useName + ".java"), use);
        Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            javac.getTask(null, files, diagnostics, List.of("--release", "17", "-Xlint:all", "-Werror", "-d",
                    dir.resolve("classes").toString()), null, files.getJavaFileObjects(
                            sources.resolve("PadicEvents.java"), sources.resolve(useName + ".java"))).call();
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR || d.getKind() == Diagnostic.Kind.WARNING
                    || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING) {
                String file = d.getSource() == null ? "?" : Path.of(d.getSource().toUri()).getFileName().toString();
                errors.add(file + ":" + d.getLineNumber() + " " + d.getMessage(Locale.ROOT));
            }
        }
        return errors;
    }

    /** {@code tsc --strict} on the files (pinned TypeScript through npx), CommonJS output next to them. */
    private static Result tsc(Path dir, String... files) throws Exception {
        List<String> command = new ArrayList<>(List.of("npx", "--yes", "-p", TYPESCRIPT, "tsc", "--strict",
                "--target", "es2022", "--module", "commonjs", "--lib", "es2022,dom",
                "--noUnusedLocals", "--noImplicitReturns", "--exactOptionalPropertyTypes", "--pretty", "false"));
        command.addAll(List.of(files));
        return Commands.run(dir, command);
    }
}
