package io.padic.dashboard.projects;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.dashboard.support.BrowserTest;
import io.padic.dashboard.support.MemberPages;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The project home's quick start works when pasted (issue 16): its commands, as the page shows them with the key
 * put in place of the placeholder, run in bash against the test stack; every request is answered 2xx and the
 * event they send is stored, unflagged, with the values they gave it.
 */
@QuarkusTest
class QuickStartE2E extends BrowserTest {

    private static final Pattern STATUS = Pattern.compile("^HTTP (\\d{3})$", Pattern.MULTILINE);

    @Test
    void theCommandsSendAnEventOfTheProjectsOwnTypeThatValidates() throws Exception {
        ApiClient api = ApiClient.to(apiUrl());
        Account account = api.signUp();
        String projectId = api.createProject(account, "Shop");
        // Strict on both counts: an event with a missing, mistyped or unknown field would be refused.
        Map<String, Object> placed = Map.of("objectType", "Order", "unknownFields", "reject", "invalidEvents", "reject",
                "fields", List.of(
                        Map.of("name", "sku", "type", "string", "required", true),
                        Map.of("name", "qty", "type", "integer", "required", true),
                        Map.of("name", "total", "type", "number", "required", true),
                        Map.of("name", "gift", "type", "boolean"),
                        Map.of("name", "placedAt", "type", "timestamp", "required", true),
                        Map.of("name", "shipping", "type", "object", "required", true, "fields",
                                List.of(Map.of("name", "city", "type", "string", "required", true))),
                        Map.of("name", "lines", "type", "array", "required", true, "items", Map.of("type", "object",
                                "fields", List.of(Map.of("name", "sku", "type", "string", "required", true))))));
        api.declareEventType(account, projectId, "order.placed", placed);
        api.declareEventType(account, projectId, "order.shipped", placed);
        String key = api.createKey(account, projectId, "owner");
        MemberPages.logIn(page, account);

        page.navigate("/projects/" + projectId);
        assertThat(page.locator("#quick-start")).isVisible();
        assertThat(page.locator("main")).containsText("putting the key where the first one says <your-api-key>");
        assertThat(page.locator("#snippet-event")).containsText("\"type\":\"order.");
        assertThat(page.locator("#snippet-object")).containsText("\"type\":\"Order\"");
        shot("quick-start");

        String output = paste(snippets(), key);
        assertAllAccepted(output, 4);
        JsonNode events = api.as(key).get("/v1/objects/order-1/events").expect(200).path("events");
        assertEquals(1, events.size(), output);
        assertTrue(events.path(0).path("type").asText().startsWith("order."), events.toString());
        assertEquals(1, events.path(0).path("metaData").path("qty").asInt(), events.toString());
        assertEquals("example", events.path(0).path("metaData").path("shipping").path("city").asText());
        assertEquals(0, api.as(account.token()).get("/v1/projects/" + projectId + "/violations").expect(200)
                .path("violations").size(), "the event they send breaks nothing");
        assertEquals("example", api.as(key).readObject("order-1", null).expect(200).path("state").path("sku")
                .asText(), output);

        page.setViewportSize(390, 844);
        page.reload();
        assertEquals(0, horizontalOverflow(), "the commands scroll inside their box at 390 px");
        shot("quick-start-390");
    }

    @Test
    void aProjectWithoutTypesDeclaresOneFirstAndThenTheCommandsWork() throws Exception {
        ApiClient api = ApiClient.to(apiUrl());
        Account account = api.signUp();
        String projectId = api.createProject(account, "Empty");
        String key = api.createKey(account, projectId, "owner");
        MemberPages.logIn(page, account);

        page.navigate("/projects/" + projectId);
        assertThat(page.locator("#no-types")).containsText("declares no event type yet");
        assertThat(page.locator("pre.snippet")).hasCount(0);
        page.setViewportSize(390, 844);
        assertEquals(0, horizontalOverflow());
        shot("no-types-390");
        page.setViewportSize(1280, 800);

        page.locator("#declare-example").click();
        assertThat(page.locator("#snippet-event")).containsText("\"type\":\"PhotoCreate\"");
        shot("example-declared");
        assertEquals("Photo", api.as(account.token()).get("/v1/projects/" + projectId + "/event-types/PhotoCreate")
                .expect(200).path("objectType").asText());

        String output = paste(snippets(), key);
        assertAllAccepted(output, 4);
        assertEquals("example", api.as(key).readObject("photo-1", null).expect(200).path("state").path("name")
                .asText(), output);
        assertEquals(List.of(), MemberPages.scriptErrors(consoleErrors));

        // Another workspace cannot declare the example in a project that is not theirs.
        String untouched = api.createProject(account, "Untouched");
        assertEquals(404, postAsStranger(api, "/projects/" + untouched + "/example-type"));
        assertEquals(0, api.as(account.token()).get("/v1/projects/" + untouched + "/event-types").expect(200)
                .path("eventTypes").size(), "nothing was declared");
    }

    /** The commands as the page shows them, in order. */
    private List<String> snippets() {
        return page.locator("pre.snippet").allInnerTexts();
    }

    /**
     * Runs the commands in bash as a user would paste them, with the key in place of the placeholder; curl is
     * wrapped to print each answer's status on a line of its own.
     */
    private static String paste(List<String> snippets, String key) throws IOException, InterruptedException {
        String pasted = String.join("\n", snippets).replace(QuickStart.KEY_PLACEHOLDER, key);
        assertTrue(pasted.contains("export KEY='" + key + "'"), pasted);
        String script = "curl() { command curl -w '\\nHTTP %{http_code}\\n' \"$@\"; }\n" + pasted + "\n";
        Process bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        assertTrue(bash.waitFor(60, TimeUnit.SECONDS), "the commands finish");
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, bash.exitValue(), output);
        return script + "\n---\n" + output;
    }

    private static void assertAllAccepted(String output, int requests) {
        List<Integer> statuses = new ArrayList<>();
        Matcher matcher = STATUS.matcher(output);
        while (matcher.find()) {
            statuses.add(Integer.parseInt(matcher.group(1)));
        }
        assertEquals(requests, statuses.size(), output);
        assertTrue(statuses.stream().allMatch(status -> status / 100 == 2), output);
    }
}
