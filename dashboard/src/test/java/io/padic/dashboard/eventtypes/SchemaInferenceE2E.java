package io.padic.dashboard.eventtypes;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.AriaRole;
import io.padic.dashboard.support.BrowserTest;
import io.padic.dashboard.support.MemberPages;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Schema inference in the browser (issue 16): a declared type's page lists the fields its flagged events held
 * beyond it, with how often, and one click saves them as its next version; a type never declared shows on the
 * event-types list with the fields its events held, and one click declares it with them.
 */
@QuarkusTest
class SchemaInferenceE2E extends BrowserTest {

    @Test
    void suggestedFieldsShowTheirRatesAndOneClickAdoptsThem() {
        ApiClient api = ApiClient.to(apiUrl());
        Account account = api.signUp();
        String projectId = api.createProject(account, "Inferring");
        api.flagUndeclaredEventTypes(account, projectId);
        api.declareEventType(account, projectId, "PhotoCreate", Map.of("objectType", "Photo", "unknownFields", "flag",
                "invalidEvents", "flag", "fields", List.of(Map.of("name", "name", "type", "string", "required", true))));
        String key = api.createKey(account, projectId, "owner");
        ApiClient data = api.as(key);
        data.createObjects("Photo", "photo-1");
        for (int i = 0; i < 4; i++) {
            Map<String, Object> metaData = new LinkedHashMap<>(Map.of("name", "Shot " + i, "lens", "35mm"));
            if (i == 0) {
                metaData.put("camera", "X100");
            }
            data.sendEvent("PhotoCreate", "photo-1", metaData).expect(201);
        }
        for (int i = 0; i < 3; i++) {
            Map<String, Object> metaData = new LinkedHashMap<>(Map.of("weight", i + 1));
            if (i < 2) {
                metaData.put("color", "red");
            }
            data.sendEvent("PhotoWeighed", "photo-1", metaData).expect(201);
        }
        MemberPages.logIn(page, account);
        String types = "/projects/" + projectId + "/event-types";

        // The list: the declared type says new fields were seen; the undeclared one shows its fields and rates.
        page.navigate(types);
        assertThat(page.locator(".suggestion-link")).hasText("2 new field(s) seen");
        Locator weighed = page.locator("#undeclared-PhotoWeighed");
        assertThat(weighed).containsText("3 flagged events");
        assertThat(row(weighed, "weight")).containsText("integer, required");
        assertThat(row(weighed, "weight")).containsText("100%");
        assertThat(row(weighed, "color")).containsText("string, optional");
        assertThat(row(weighed, "color")).containsText("67%");
        assertThat(row(weighed, "color")).containsText("(2 of 3)");
        shot("list");
        page.setViewportSize(390, 844);
        assertEquals(0, horizontalOverflow(), this::overflowing);
        shot("list-390");
        page.setViewportSize(1280, 800);

        // The declared type's page: its suggested fields with their rates; one click saves version 2.
        page.locator(".suggestion-link").click();
        Locator suggested = page.locator("#suggested-fields");
        assertThat(suggested).containsText("4 flagged events of version 1");
        assertThat(row(suggested, "camera")).containsText("25%");
        assertThat(row(suggested, "camera")).containsText("(1 of 4)");
        assertThat(row(suggested, "lens")).containsText("100%");
        shot("editor-suggestion");
        page.setViewportSize(390, 844);
        assertEquals(0, horizontalOverflow(), this::overflowing);
        shot("editor-suggestion-390");
        page.setViewportSize(1280, 800);
        page.locator("#adopt-suggestion").click();
        assertThat(page.locator("#saved-notice")).containsText("version 2");
        assertThat(page.locator("#suggested-fields")).hasCount(0);
        assertThat(page.locator("#field-rows tr")).hasCount(3);
        assertThat(page.getByLabel("Events that break the fields below")).hasValue("flag");
        JsonNode photo = api.as(account.token()).get(types.replace("/projects/", "/v1/projects/") + "/PhotoCreate")
                .expect(200);
        assertEquals(2, photo.path("version").asInt());
        assertEquals("flag", photo.path("invalidEvents").asText(), "adopting keeps the type's policies");
        assertEquals(Set.of("name", "lens", "camera"), Set.copyOf(names(photo)), photo.toString());
        shot("adopted");

        // The undeclared type: one click declares it with its fields.
        page.navigate(types);
        weighed.getByRole(AriaRole.BUTTON).click();
        assertThat(page).hasURL(Pattern.compile(".*/event-types/PhotoWeighed\\?saved=1$"));
        assertThat(page.locator("#saved-notice")).containsText("version 1");
        JsonNode declared = api.as(account.token()).get(types.replace("/projects/", "/v1/projects/")
                + "/PhotoWeighed").expect(200);
        assertEquals(List.of("weight", "color"), names(declared), declared.toString());
        assertEquals(true, declared.path("fields").path(0).path("required").asBoolean());
        page.navigate(types);
        assertThat(page.locator("#undeclared-types")).hasCount(0);
        assertThat(page.locator(".suggestion-link")).hasCount(0);
        shot("all-declared");
        assertEquals(List.of(), MemberPages.scriptErrors(consoleErrors), "no script or CSP errors");

        // Another workspace cannot adopt this project's suggestions, nor see them.
        data.sendEvent("PhotoSold", "photo-1", Map.of("price", 10)).expect(201);
        assertEquals(404, postAsStranger(api, types + "/PhotoSold/adopt"));
        assertEquals(404, page.navigate(types).status());
        assertEquals(404, api.as(account.token()).get(types.replace("/projects/", "/v1/projects/") + "/PhotoSold")
                .status(), "nothing was declared");
    }

    /** What sticks out past the window's right edge (the innermost elements), to say what to fix. */
    private String overflowing() {
        return "sticking out at " + page.viewportSize().width + " px: " + page.evaluate("""
                () => [...document.querySelectorAll('body *')]
                  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                  .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1))
                  .slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + e.getBoundingClientRect().right)
                  .join(', ')""");
    }

    private static Locator row(Locator table, String field) {
        return table.locator("tr:has(td:first-child code:text-is('" + field + "'))");
    }

    private static List<String> names(JsonNode type) {
        return type.path("fields").findValuesAsText("name").stream().toList();
    }
}
