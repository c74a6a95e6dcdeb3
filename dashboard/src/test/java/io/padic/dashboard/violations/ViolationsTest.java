package io.padic.dashboard.violations;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import io.padic.dashboard.support.BrowserTest;
import io.padic.dashboard.support.MemberPages;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Violations: an event that breaks its type is stored and listed with the field it broke when the type flags
 * (an unknown field under {@code unknownFields: flag}, a missing required field under {@code invalidEvents:
 * flag}), and refused with 422, never listed, when the type rejects.
 */
@QuarkusTest
class ViolationsTest extends BrowserTest {

    private static final String INVALID_EVENTS = "Events that break the fields below";

    @Test
    void aFlaggedEventShowsWithItsFieldAndARefusedOneDoesNot() {
        ApiClient api = ApiClient.to(apiUrl());
        Account account = api.signUp();
        String projectId = api.createProject(account, "Checked");
        api.declareEventType(account, projectId, "PhotoCreate", Map.of("objectType", "Photo", "unknownFields", "flag",
                "fields", photoFields()));
        String key = api.createKey(account, projectId, "owner");
        api.as(key).createObjects("Photo", "photo-1");
        MemberPages.logIn(page, account);

        page.navigate("/projects/" + projectId + "/violations");
        assertThat(page.locator("p.empty").first()).containsText("No violations");
        shot("no-violations");

        String flagged = api.as(key).sendEvent("PhotoCreate", "photo-1", Map.of("name", "Sunset", "camera", "X100"))
                .expect(201).path("id").asText();
        // invalidEvents was left out, so it is reject: a missing required field is refused.
        var refused = api.as(key).sendEvent("PhotoCreate", "photo-1", Map.of("image_url", "https://img.example/2.jpg"))
                .expect(422);
        assertEquals("metaData.name", refused.path("errors").path(0).path("field").asText(), refused.toString());

        page.reload();
        Locator rows = page.locator("#violations tbody tr");
        assertThat(rows).hasCount(1);
        assertThat(rows.first()).containsText(flagged);
        assertThat(rows.first()).containsText("PhotoCreate");
        assertThat(rows.first()).containsText("camera");
        assertThat(page.locator("#violations-chart")).isVisible();
        assertThat(page.locator("#violation-counts tbody tr")).hasCount(1);
        shot("one-violation");
        assertEquals(List.of(), MemberPages.scriptErrors(consoleErrors), "the chart draws without script or CSP errors");
    }

    @Test
    void theEditorChoosesWhetherAnEventMissingARequiredFieldIsFlaggedOrRefused() {
        ApiClient api = ApiClient.to(apiUrl());
        Account account = api.signUp();
        String projectId = api.createProject(account, "Policies");
        api.declareEventType(account, projectId, "PhotoCreate", Map.of("objectType", "Photo", "fields", photoFields()));
        String key = api.createKey(account, projectId, "owner");
        api.as(key).createObjects("Photo", "photo-1");
        Map<String, String> missingName = Map.of("image_url", "https://img.example/1.jpg");
        MemberPages.logIn(page, account);

        // The editor shows the version's policy (platform-api's default), one Tab after the unknownFields one.
        String editor = "/projects/" + projectId + "/event-types/PhotoCreate";
        page.navigate(editor);
        Locator policy = page.getByLabel(INVALID_EVENTS);
        assertThat(policy).hasValue("reject");
        page.getByLabel("Fields not declared below").focus();
        page.keyboard().press("Tab");
        assertThat(policy).isFocused();
        policy.selectOption("flag");
        shot("flag-chosen");
        page.locator("#save-type").click();
        assertThat(page.locator("#saved-notice")).containsText("version 2");
        assertThat(page.getByLabel(INVALID_EVENTS)).hasValue("flag");

        // Flagged: the event missing its required name is stored, and listed with that field.
        String flagged = api.as(key).sendEvent("PhotoCreate", "photo-1", missingName).expect(201).path("id").asText();
        page.navigate("/projects/" + projectId + "/violations");
        Locator rows = page.locator("#violations tbody tr");
        assertThat(rows).hasCount(1);
        assertThat(rows.first()).containsText(flagged);
        assertThat(rows.first().locator(".violation-list li")).hasCount(1);
        assertThat(rows.first().locator(".violation-list li")).containsText("metaData.name");
        shot("missing-field-flagged");

        // Back to reject: the same event is refused with 422 naming the field, and the list does not grow.
        page.navigate(editor);
        page.getByLabel(INVALID_EVENTS).selectOption("reject");
        page.locator("#save-type").click();
        assertThat(page.locator("#saved-notice")).containsText("version 3");
        assertThat(page.getByLabel(INVALID_EVENTS)).hasValue("reject");
        JsonNode refused = api.as(key).sendEvent("PhotoCreate", "photo-1", missingName).expect(422);
        assertEquals("metaData.name", refused.path("errors").path(0).path("field").asText(), refused.toString());
        page.navigate("/projects/" + projectId + "/violations");
        assertThat(page.locator("#violations tbody tr")).hasCount(1);

        // The version diff shows the policy change.
        page.navigate(editor);
        page.waitForLoadState();
        page.locator("#show-diff").click();
        Locator diff = page.locator("#diff-lines");
        assertThat(diff.locator(".del")).hasText("- invalidEvents: flag");
        assertThat(diff.locator(".add")).hasText("+ invalidEvents: reject");
        shot("policy-diff");

        // A value platform-api refuses is named next to the control, and nothing is saved.
        page.getByLabel(INVALID_EVENTS).evaluate(
                "s => { const o = document.createElement('option'); o.value = 'ignore'; o.text = 'ignore';"
                        + " s.add(o); s.value = 'ignore'; }");
        page.locator("#save-type").click();
        assertThat(page.locator("#invalidEvents-error")).containsText("reject, flag");
        assertThat(page.getByLabel(INVALID_EVENTS)).hasAttribute("aria-invalid", "true");
        shot("policy-error");
        page.navigate(editor);
        assertThat(page.locator("#save-type")).hasText("Save as version 4");
        assertEquals(List.of(), MemberPages.scriptErrors(consoleErrors), "no script or CSP errors");
    }

    private static List<Map<String, Object>> photoFields() {
        return List.of(Map.of("name", "name", "type", "string", "required", true),
                Map.of("name", "image_url", "type", "string"));
    }
}
