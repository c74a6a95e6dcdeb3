package io.padic.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.padic.dashboard.support.BrowserTest;
import io.padic.testkit.ApiClient;
import io.padic.testkit.ApiClient.Reply;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The path a new user takes: sign up, create a project, define event types with JavaScript reducers, try them in
 * the test panel, create an API key and copy it, send events with it over HTTP, revoke it.
 */
@QuarkusTest
class SignupToKeyE2E extends BrowserTest {

    private static final String PHOTO_CREATE = """
            // A new photo: its name, and where the image is for every level above public.
            const delta = { name: event.metaData.name };
            if (accessLevel !== 'public') {
              delta.image_url = event.metaData.image_url;
            }
            return delta;""";
    private static final String PHOTO_MODIFY = """
            const delta = {};
            if (event.metaData.name !== undefined) {
              delta.name = event.metaData.name;
            }
            return delta;""";

    @Test
    void fromSignUpToARevokedKey() {
        signUp("Ada");
        shot("signed-up");
        String projectId = createProject("Photo app");
        shot("project-home");

        page.getByRole(AriaRole.LINK,
                new Page.GetByRoleOptions().setName("Event types").setExact(true)).click();
        assertThat(page.locator(".empty")).containsText("No event types yet");
        shot("no-event-types");

        defineEventType(projectId, "PhotoCreate", "reject", List.of(
                new Field("name", "string", true, "What the gallery shows"),
                new Field("image_url", "string", false, "Where the image is")), PHOTO_CREATE);
        shot("photo-create-saved");
        defineEventType(projectId, "PhotoModify", "reject", List.of(
                new Field("name", "string", false, "The new name")), PHOTO_MODIFY);
        shot("photo-modify-saved");

        // The test panel runs the editor's code on a sample state and event.
        page.getByLabel("State before").fill("{\"name\": \"Sunset\", \"image_url\": \"https://img.example/1.jpg\"}");
        page.getByLabel("Event", new Page.GetByLabelOptions().setExact(true))
                .fill("{\"metaData\": {\"name\": \"Sunrise\"}}");
        page.locator("#run-test").click();
        assertThat(page.locator("#test-delta")).containsText("\"name\" : \"Sunrise\"");
        assertThat(page.locator("#test-new-state")).containsText("\"name\" : \"Sunrise\"");
        assertThat(page.locator("#test-new-state")).containsText("https://img.example/1.jpg");
        shot("test-panel");

        page.navigate("/projects");
        assertThat(page.locator("table")).containsText("Photo app");
        page.navigate("/projects/" + projectId + "/event-types");
        assertThat(page.locator("table")).containsText("PhotoCreate");
        assertThat(page.locator("table")).containsText("PhotoModify");
        shot("event-types");

        // An owner key with every scope; its secret is shown once and copied with the button.
        page.getByRole(AriaRole.LINK,
                new Page.GetByRoleOptions().setName("API keys").setExact(true)).click();
        assertThat(page.locator("#keys-area .empty")).containsText("No API keys yet");
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("backend");
        for (String scope : List.of("objects:read", "objects:write", "events:read", "events:write")) {
            page.getByLabel(scope).check();
        }
        page.getByLabel("Access level").selectOption("owner");
        page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Create key")).click();
        Locator secret = page.locator("#new-key-secret");
        assertThat(secret).hasValue(Pattern.compile("^pdk_.+"));
        page.locator("#copy-new-key").click();
        assertThat(page.locator("#copy-new-key")).hasText("Copied");
        String key = (String) page.evaluate("() => navigator.clipboard.readText()");
        assertEquals(secret.inputValue(), key, "the copy button puts the secret on the clipboard");
        shot("key-created");

        // The application sends events with the key.
        ApiClient app = ApiClient.to(apiUrl()).as(key);
        assertEquals(201, app.post("/v1/objects", "{\"type\": \"Photo\", \"id\": \"photo-1\"}", null).status());
        assertEquals(201, app.post("/v1/events", """
                {"type": "PhotoCreate", "concerns": "photo-1",
                 "metaData": {"name": "Sunset", "image_url": "https://img.example/1.jpg"}}""", null).status());
        assertEquals(201, app.post("/v1/events",
                "{\"type\": \"PhotoModify\", \"concerns\": \"photo-1\", \"metaData\": {\"name\": \"Sunrise\"}}", null)
                .status());
        Reply photo = app.get("/v1/objects/photo-1");
        assertEquals(200, photo.status());
        assertEquals("Sunrise", photo.body().path("state").path("name").asText());
        assertEquals("https://img.example/1.jpg", photo.body().path("state").path("image_url").asText(),
                "an owner key sees the image");

        // PhotoCreate requires a name and rejects unknown fields: such an event is refused, naming the field.
        Reply missingName = app.post("/v1/events",
                "{\"type\": \"PhotoCreate\", \"concerns\": \"photo-1\", \"metaData\": {\"image_url\": \"x\"}}", null);
        assertEquals(422, missingName.status());
        assertTrue(missingName.body().path("errors").toString().contains("metaData.name"), missingName.body()::toString);

        // The object explorer: photo-1's state and timeline, the older name one step back, and as `public`
        // without the image, which PhotoCreate hides from that level.
        page.getByRole(AriaRole.LINK,
                new Page.GetByRoleOptions().setName("Objects").setExact(true)).click();
        page.getByLabel("Object id").fill("photo-1");
        page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Open")).click();
        Locator state = page.locator("#state-json");
        assertThat(state).containsText("\"name\" : \"Sunrise\"");
        assertThat(state).containsText("https://img.example/1.jpg");
        Locator timeline = page.locator("#timeline > li");
        assertThat(timeline).hasCount(2);
        assertThat(timeline.first()).containsText("PhotoModify");
        assertThat(timeline.first().locator("pre.diff .add")).hasText("+ name: \"Sunrise\"");
        shot("explorer");
        page.getByLabel("Step back in time").fill("1");
        assertThat(page.locator("#state-seq")).hasText("1");
        assertThat(state).containsText("\"name\" : \"Sunset\"");
        shot("explorer-one-step-back");
        page.getByLabel("View as access level").selectOption("public");
        // The step-back position is kept across access levels (issue 16): still after one event, as public sees it.
        assertThat(page.locator("#state-seq")).hasText("1");
        assertThat(state).containsText("\"name\" : \"Sunset\"");
        assertThat(state).not().containsText("image_url");
        shot("explorer-as-public");

        // Revoking the key in the dashboard stops it at once.
        page.navigate("/projects/" + projectId + "/api-keys");
        page.onceDialog(dialog -> dialog.accept());
        page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Revoke backend")).click();
        assertThat(page.locator("#keys-area .empty")).containsText("No API keys yet");
        shot("key-revoked");
        assertEquals(401, app.post("/v1/events",
                "{\"type\": \"PhotoModify\", \"concerns\": \"photo-1\", \"metaData\": {\"name\": \"Dusk\"}}", null)
                .status());
        assertTrue(consoleErrors.isEmpty(), () -> "the browser logged errors: " + consoleErrors);
    }
}
