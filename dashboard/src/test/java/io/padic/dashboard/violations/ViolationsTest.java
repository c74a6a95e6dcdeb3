package io.padic.dashboard.violations;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import io.padic.dashboard.support.ApiSetup;
import io.padic.dashboard.support.BrowserTest;
import io.padic.dashboard.support.MemberPages;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Violations: an event of a type that flags unknown fields is stored and listed with the field it broke, and
 * counted in the per-day chart; an event missing a required field is refused with 422 and never listed.
 */
@QuarkusTest
class ViolationsTest extends BrowserTest {

    @Test
    void aFlaggedEventShowsWithItsFieldAndARefusedOneDoesNot() {
        ApiSetup api = new ApiSetup(apiUrl());
        ApiSetup.Account account = api.signUp();
        String projectId = api.createProject(account, "Checked");
        api.saveEventType(account, projectId, "PhotoCreate", Map.of("objectType", "Photo", "unknownFields", "flag",
                "fields", List.of(Map.of("name", "name", "type", "string", "required", true),
                        Map.of("name", "image_url", "type", "string"))));
        String key = api.createKey(account, projectId, "owner");
        api.createObject(key, "Photo", "photo-1");
        MemberPages.logIn(page, account);

        page.navigate("/projects/" + projectId + "/violations");
        assertThat(page.locator("p.empty").first()).containsText("No violations");
        shot("no-violations");

        String flagged = api.sendEvent(key, "PhotoCreate", "photo-1", Map.of("name", "Sunset", "camera", "X100"), 201)
                .path("id").asText();
        var refused = api.sendEvent(key, "PhotoCreate", "photo-1", Map.of("image_url", "https://img.example/2.jpg"),
                422);
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
}
