package io.padic.dashboard.violations;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.padic.dashboard.support.BrowserTest;
import io.padic.dashboard.support.MemberPages;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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

    /**
     * Issue 16, point 2: a violation leads to its event (in its object's timeline) and its object, shows the
     * fields it broke and its metaData, filters by type and field, pages back keeping the filter; flagged events
     * carry a badge in recent events and in the timeline.
     */
    @Test
    void violationsLeadToTheirEventsFilterAndPageBackAndFlaggedEventsAreBadged() {
        ApiClient api = ApiClient.to(apiUrl());
        Account account = api.signUp();
        String projectId = api.createProject(account, "Actionable");
        api.flagUndeclaredEventTypes(account, projectId);
        api.declareEventType(account, projectId, "PhotoCreate", Map.of("objectType", "Photo", "unknownFields", "flag",
                "fields", photoFields()));
        String key = api.createKey(account, projectId, "owner");
        ApiClient data = api.as(key);
        data.createObjects("Photo", "photo-1", "photo-2");
        String lastCamera = null;
        for (int i = 1; i <= 52; i++) {
            lastCamera = data.sendEvent("PhotoCreate", "photo-1", Map.of("name", "Shot " + i, "camera", "X" + i))
                    .expect(201).path("id").asText();
        }
        String mystery = data.sendEvent("Mystery", "photo-2", Map.of("weight", 3)).expect(201).path("id").asText();
        String clean = data.sendEvent("PhotoCreate", "photo-1", Map.of("name", "Clean")).expect(201).path("id")
                .asText();
        MemberPages.logIn(page, account);
        String list = "/projects/" + projectId + "/violations";

        // Newest first: the Mystery event, with its object, the field it broke and its metaData.
        page.navigate(list);
        Locator rows = page.locator("#violations tbody tr");
        assertThat(rows).hasCount(50);
        Locator newest = rows.first();
        assertThat(newest).containsText(mystery);
        assertThat(newest.locator(".object-links a")).hasText("photo-2");
        newest.locator(".violation-data summary").click();
        assertThat(newest.locator(".violation-data pre")).containsText("\"weight\" : 3");
        Locator camera = rows.nth(1);
        assertThat(camera.locator(".violation-list")).containsText("metaData.camera");
        shot("violations");

        // Older: the three oldest entries.
        page.locator("#older-violations").click();
        assertThat(rows).hasCount(3);
        assertThat(page.locator("nav[aria-label='Violation pages']")).containsText("Newest");
        shot("older");

        // By type: the undeclared one alone.
        page.navigate(list);
        page.getByLabel("Event type", new Page.GetByLabelOptions().setExact(true)).selectOption("Mystery");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        assertThat(rows).hasCount(1);
        assertThat(rows.first()).containsText(mystery);
        assertThat(page.getByLabel("Event type", new Page.GetByLabelOptions().setExact(true))).hasValue("Mystery");
        shot("by-type");

        // By field, by its name under metaData; Older keeps the filter.
        page.getByLabel("Event type", new Page.GetByLabelOptions().setExact(true)).selectOption("");
        page.getByLabel("Field", new Page.GetByLabelOptions().setExact(true)).fill("camera");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        assertThat(rows).hasCount(50);
        assertThat(rows.first()).containsText(lastCamera);
        page.locator("#older-violations").click();
        assertThat(rows).hasCount(2);
        assertThat(page.locator("#violations")).not().containsText(mystery);
        assertThat(page.getByLabel("Field", new Page.GetByLabelOptions().setExact(true))).hasValue("camera");
        shot("by-field-older");

        // A filter platform-api refuses is named next to its box.
        page.navigate(list + "?field=" + "x".repeat(501));
        assertThat(page.locator("#field-error")).containsText("500");

        // The event link opens its object's timeline at that event, which carries the badge.
        page.navigate(list);
        rows.nth(1).locator("a.event-link").click();
        assertThat(page).hasURL(Pattern.compile(".*/objects/photo-1/timeline\\?to=52&seq=52#event-52$"));
        assertThat(page.locator("#event-52 .badge.flagged")).isVisible();
        assertThat(page.locator("#state-seq")).hasText("52");
        shot("event-in-timeline");

        // The timeline's newest page: the clean event has no badge, the flagged one before it has.
        page.navigate("/projects/" + projectId + "/objects/photo-1");
        assertThat(page.locator("#event-53")).isVisible();
        assertThat(page.locator("#event-53 .badge")).hasCount(0);
        assertThat(page.locator("#event-52 .badge.flagged")).hasText("flagged");
        page.setViewportSize(390, 844);
        assertEquals(0, horizontalOverflow(), "the object page at 390 px");
        shot("timeline-390");

        // Recent events: badges on the flagged, none on the clean one.
        page.setViewportSize(1280, 800);
        page.navigate("/projects/" + projectId + "/events");
        assertThat(page.locator("#recent-" + mystery + " .badge.flagged")).isVisible();
        assertThat(page.locator("#recent-" + clean + " .badge")).hasCount(0);
        assertThat(page.locator("#recent-events .badge.flagged")).hasCount(49);
        shot("recent-badges");
        page.locator("#recent-" + mystery + " .badge.flagged").click();
        assertThat(page).hasURL(Pattern.compile(".*/violations\\?type=Mystery$"));
        assertThat(rows).hasCount(1);

        page.setViewportSize(390, 844);
        page.navigate("/projects/" + projectId + "/events");
        assertEquals(0, horizontalOverflow(), "recent events at 390 px");
        shot("recent-390");
        page.navigate(list);
        assertEquals(0, horizontalOverflow(), "violations at 390 px");
        shot("violations-390");
        assertEquals(List.of(), MemberPages.scriptErrors(consoleErrors), "no script or CSP errors");

        // Another workspace's member cannot see this project's violations.
        Account stranger = api.signUp();
        context.clearCookies();
        MemberPages.logIn(page, stranger);
        assertEquals(404, page.navigate(list).status());
    }

    private static List<Map<String, Object>> photoFields() {
        return List.of(Map.of("name", "name", "type", "string", "required", true),
                Map.of("name", "image_url", "type", "string"));
    }
}
