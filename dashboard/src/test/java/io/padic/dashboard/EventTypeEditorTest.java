package io.padic.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.padic.dashboard.support.BrowserTest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event-type editor: syntax errors at their line, the version diff, user text rendered as text. */
@QuarkusTest
class EventTypeEditorTest extends BrowserTest {

    @Test
    void aSyntaxErrorIsMarkedAtItsLine() {
        signUp("Grace");
        String projectId = createProject("Errors");
        page.navigate("/projects/" + projectId + "/event-types/_new");
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true))
                .fill("PhotoCreate");
        typeCode("""
                const name = event.metaData.name;
                const size = 1;
                return { name: name,, size: size };
                """);
        page.locator("#save-type").click();

        // The server's message names line 3, and the editor marks that line (text and gutter).
        assertThat(page.locator("#applyEvent-error")).containsText("Line 3");
        Locator lines = page.locator(".cm-content .cm-line");
        assertThat(lines.nth(2).locator(".cm-lintRange-error")).hasCount(1);
        assertThat(lines.nth(0).locator(".cm-lintRange-error")).hasCount(0);
        assertThat(lines.nth(1).locator(".cm-lintRange-error")).hasCount(0);
        assertThat(page.locator(".cm-gutter-lint .cm-lint-marker-error")).hasCount(1);
        // The code typed is kept, so it can be fixed where it is.
        assertThat(lines.nth(2)).containsText("return { name: name,, size: size };");
        // CodeMirror lays its lines out once it is on screen.
        lines.nth(2).scrollIntoViewIfNeeded();
        shot("syntax-error");

        // Fixing it saves version 1 and clears the mark.
        typeCode("""
                const name = event.metaData.name;
                const size = 1;
                return { name: name, size: size };
                """);
        page.locator("#save-type").click();
        assertThat(page.locator("#saved-notice")).containsText("version 1");
        assertThat(page.locator(".cm-lintRange-error")).hasCount(0);
        assertTrue(consoleErrors.isEmpty(), () -> "the browser logged errors: " + consoleErrors);
    }

    @Test
    void versionsCanBeCompared() {
        signUp("Barbara");
        String projectId = createProject("Versions");
        defineEventType(projectId, "PhotoModify", "allow",
                List.of(new Field("name", "string", false, "The new name")), "return { name: event.metaData.name };");
        // Version 2: a required field more, and other code.
        page.locator("#add-field").click();
        Locator second = page.locator("#field-rows tr").nth(1);
        second.getByLabel("Field name").fill("caption");
        second.getByLabel("Required").selectOption("required");
        typeCode("return { name: event.metaData.name, caption: event.metaData.caption };");
        page.locator("#save-type").click();
        assertThat(page.locator("#saved-notice")).containsText("version 2");
        assertThat(page.locator("#save-type")).hasText("Save as version 3");

        page.waitForLoadState();
        page.locator("#show-diff").click();
        Locator diff = page.locator("#diff-lines");
        assertThat(diff.locator(".add")).containsText(new String[] {"caption: string, required",
                "return { name: event.metaData.name, caption: event.metaData.caption };"});
        assertThat(diff.locator(".del")).hasText("- " + "  return { name: event.metaData.name };");
        assertThat(diff.locator(".same").first()).containsText("objectType");
        shot("diff");

        // A field name the API refuses is shown on its own row, and nothing is saved.
        Locator secondRow = page.locator("#field-rows tr").nth(1);
        secondRow.getByLabel("Field name").fill("bad name!");
        page.locator("#save-type").click();
        assertThat(page.locator("#field-rows tr").nth(1).locator(".field-error")).containsText("letters, digits");
        assertThat(page.locator("#field-rows tr").nth(0).locator(".field-error")).hasCount(0);
        assertThat(page.locator("#field-rows tr").nth(1).getByLabel("Field name")).hasValue("bad name!");
        shot("row-error");
        page.navigate("/projects/" + projectId + "/event-types/PhotoModify");

        // The test panel runs the draft in the editor: a broken draft fails at its line, unsaved.
        typeCode("const x = 1;\nreturn { x: };");
        page.locator("#run-test").click();
        assertThat(page.locator("#test-failure")).containsText("Line 2");
        shot("test-failure");
        page.navigate("/projects/" + projectId + "/event-types/PhotoModify");

        // Removing a field and saving makes version 3 without it.
        page.locator("#field-rows tr").nth(1).getByRole(AriaRole.BUTTON).click();
        page.locator("#save-type").click();
        assertThat(page.locator("#saved-notice")).containsText("version 3");
        assertThat(page.locator("#field-rows tr")).hasCount(1);
    }

    @Test
    void userTextIsShownAsText() {
        signUp("Mallory");
        String projectId = createProject("<b>Bold</b> & co");
        List<String> dialogs = new ArrayList<>();
        page.onDialog(dialog -> {
            dialogs.add(dialog.message());
            dialog.dismiss();
        });
        String script = "<script>alert(1)</script>";
        defineEventType(projectId, "PhotoCreate", "allow", List.of(new Field("name", "string", true, script)),
                "return event.metaData;");
        assertThat(page.locator("#field-rows tr").first().getByLabel("Field description")).hasValue(script);

        page.navigate("/projects/" + projectId + "/event-types");
        assertThat(page.locator(".field-description")).hasText(script);
        assertThat(page.locator(".project-name")).hasText("<b>Bold</b> & co");
        assertEquals(0, page.locator(".field-description script").count(), "no script element was made");
        shot("escaped");
        assertEquals(List.of(), dialogs, "no script ran");
    }
}
