package io.padic.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.padic.dashboard.support.BrowserTest;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The event-type editor's test panel (issue 16, point 8): there before the first save, warning when the sample event
 * breaks the fields in the editor, keeping its inputs through a failed save; and the fields table's labels say which
 * row they belong to.
 */
@QuarkusTest
class TestPanelE2E extends BrowserTest {

    private static final String CODE = "return { total: (state.total || 0) + event.metaData.amount };";

    private void newDepositType(String projectId) {
        page.navigate("/projects/" + projectId + "/event-types/_new");
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Deposit");
        Locator row = page.locator("#field-rows tr").first();
        row.getByLabel("Field name").fill("amount");
        row.getByLabel("Field type").selectOption("number");
        row.getByLabel("Required").selectOption("required");
        typeCode(CODE);
        page.waitForLoadState();
    }

    @Test
    void aNewTypeIsTriedBeforeItsFirstSaveAndASampleThatBreaksTheFieldsIsSaidSo() {
        signUp("Tess");
        String projectId = createProject("Tried");
        newDepositType(projectId);

        page.getByLabel("State before").fill("{\"total\": 10}");
        page.getByLabel("Event", new Page.GetByLabelOptions().setExact(true))
                .fill("{\"metaData\": {\"amount\": \"five\"}}");
        page.locator("#run-test").click();
        Locator schema = page.locator("#test-schema");
        assertThat(schema).containsText("would be refused");
        assertThat(schema).containsText("metaData.amount");
        assertThat(schema).containsText("must be number, not string");
        assertThat(page.locator("#test-new-state")).containsText("\"total\" : \"10five\"");
        shot("test-panel-warning");

        // Under "flag" the same event would be stored, flagged.
        page.getByLabel("Events that break the fields below").selectOption("flag");
        page.locator("#run-test").click();
        assertThat(schema).containsText("store it flagged as a violation");

        page.getByLabel("Event", new Page.GetByLabelOptions().setExact(true))
                .fill("{\"metaData\": {\"amount\": 5}}");
        page.locator("#run-test").click();
        assertThat(schema).containsText("matches the fields");
        assertThat(page.locator("#test-new-state")).containsText("\"total\" : 15");
        shot("test-panel-matches");

        // Trying stored nothing: the type is still not in the list.
        page.navigate("/projects/" + projectId + "/event-types");
        assertThat(page.locator("main")).not().containsText("Deposit");
        assertTrue(consoleErrors.isEmpty(), () -> "the browser logged errors: " + consoleErrors);
    }

    @Test
    void aFailedSaveKeepsTheSampleAndTheAccessLevel() {
        signUp("Kept");
        String projectId = createProject("Kept");
        newDepositType(projectId);
        String state = "{\"total\": 1}";
        String event = "{\"metaData\": {\"amount\": 2}}";
        page.getByLabel("State before").fill(state);
        page.getByLabel("Event", new Page.GetByLabelOptions().setExact(true)).fill(event);
        String lowest = page.locator("#test-level option").first().getAttribute("value");
        page.getByLabel("Access level").selectOption(lowest);
        typeCode("return { total: };");
        page.locator("#save-type").click();

        assertThat(page.locator("#applyEvent-error")).containsText("Line 1");
        assertThat(page.getByLabel("State before")).hasValue(state);
        assertThat(page.getByLabel("Event", new Page.GetByLabelOptions().setExact(true))).hasValue(event);
        assertThat(page.getByLabel("Access level")).hasValue(lowest);
        shot("test-panel-after-failed-save");

        // Fixed, it runs with the kept sample and saves.
        page.waitForLoadState();
        typeCode(CODE);
        page.locator("#run-test").click();
        assertThat(page.locator("#test-new-state")).containsText("\"total\" : 3");
        page.locator("#save-type").click();
        assertThat(page.locator("#saved-notice")).containsText("version 1");
    }

    @Test
    void eachRowsLabelsSayWhichRowTheyAreIn() {
        signUp("Rows");
        String projectId = createProject("Rows");
        newDepositType(projectId);
        page.locator("#add-field").click();
        page.locator("#add-field").click();
        Locator rows = page.locator("#field-rows tr");
        for (int row = 0; row < 3; row++) {
            String n = ", row " + (row + 1);
            Locator controls = rows.nth(row);
            assertThat(controls.locator("[name=fieldName]")).hasAttribute("aria-label", "Field name" + n);
            assertThat(controls.locator("[name=fieldType]")).hasAttribute("aria-label", "Field type" + n);
            assertThat(controls.locator("[name=fieldRequired]")).hasAttribute("aria-label", "Required" + n);
            assertThat(controls.locator("[name=fieldDescription]")).hasAttribute("aria-label", "Field description" + n);
            assertThat(controls.locator("[data-remove-row]")).hasAttribute("aria-label", "Remove field" + n);
        }
        // Removing the first row renumbers the rest; so does a page rendered by the server.
        rows.nth(1).locator("[name=fieldName]").fill("note");
        rows.first().locator("[data-remove-row]").click();
        assertThat(page.getByLabel("Field name, row 1", new Page.GetByLabelOptions().setExact(true))).hasValue("note");
        assertThat(page.getByLabel("Field name, row 3", new Page.GetByLabelOptions().setExact(true))).hasCount(0);
        page.locator("#field-rows tr").first().locator("[name=fieldName]").fill("amount");
        page.locator("#field-rows tr").nth(1).locator("[name=fieldName]").fill("note");
        page.locator("#save-type").click();
        assertThat(page.locator("#saved-notice")).containsText("version 1");
        assertThat(page.getByLabel("Field name, row 2", new Page.GetByLabelOptions().setExact(true))).hasValue("note");
    }
}
