package io.padic.dashboard.typedclients;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.options.AriaRole;
import io.padic.dashboard.support.BrowserTest;
import io.padic.dashboard.support.Mailbox;
import io.padic.dashboard.support.MemberPages;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Client page (issue 20, point 3): the file downloaded through the dashboard is the one platform-api generates
 * for the project (TypeScript, and Java in the package typed), a package platform-api refuses is named on its
 * field, the snippets use the project's first event type, the browser lists what changed in the event types since
 * its last download, a viewer may use the page and a stranger finds nothing.
 */
@QuarkusTest
class ClientPageE2E extends BrowserTest {

    private static final Map<String, Object> ORDER_PLACED = Map.of("objectType", "Order",
            "fields", List.of(Map.of("name", "total", "type", "number", "required", true)));

    @Test
    void downloadsAreWhatPlatformApiGeneratesAndTheBrowserListsWhatChanged() throws IOException {
        ApiClient api = ApiClient.to(apiUrl());
        Account owner = api.signUp();
        String projectId = api.createProject(owner, "Shop");
        String client = "/projects/" + projectId + "/client";
        MemberPages.logIn(page, owner);
        page.navigate(client);
        assertThat(page.locator(".project-nav a[aria-current=page]")).hasText("Client");
        assertThat(page.locator("#no-types")).containsText("no event types yet");
        assertThat(page.locator("#no-types a")).hasAttribute("href", "/projects/" + projectId + "/event-types");
        assertThat(page.locator("#snippet-example")).containsText("each event type becomes a method");
        shot("empty");

        api.declareEventType(owner, projectId, "order.placed", ORDER_PLACED);
        api.declareEventType(owner, projectId, "user.signed_up", Map.of("fields", List.of()));
        page.reload();
        assertThat(page.locator("#current-versions li")).hasText(new String[] {"order.placed version 1",
            "user.signed_up version 1"});
        assertThat(page.locator("#snippet-example")).containsText("await padic.orderPlaced(\"order-1\", {");
        assertThat(page.locator("#save-to")).hasText("src/padic-events.ts");
        assertThat(page.locator("#snippet-curl")).containsText("/v1/projects/" + projectId + "/clients/typescript");
        assertThat(page.locator("#what-changed")).isHidden();
        assertEquals(generated(api, owner, projectId, "typescript"), downloaded("padic-events.ts"));
        assertThat(page.locator("#what-changed-summary")).containsText("Nothing changed since your last download");

        // A new version of one type and a new type: the next visit lists both.
        api.as(owner.token()).call("PUT", "/v1/projects/" + projectId + "/event-types/order.placed", Map.of(
                "objectType", "Order", "fields", List.of(Map.of("name", "total", "type", "number", "required", true),
                        Map.of("name", "coupon", "type", "string", "required", false))), null).expect(200);
        api.declareEventType(owner, projectId, "order.shipped", ORDER_PLACED);
        page.reload();
        assertThat(page.locator("#what-changed-summary")).containsText("download it again");
        assertThat(page.locator("#what-changed-list li")).hasText(new String[] {
            "order.placed changed: version 1 → 2", "order.shipped added (version 1)"});
        shotAtBothWidths("what-changed");

        // Java remembers its own downloads; its package is checked by platform-api and named on the field.
        page.getByRole(AriaRole.LINK, named("Java")).click();
        assertThat(page.locator("#what-changed")).isHidden();
        page.getByLabel("Package").fill("Com.Example");
        page.locator("#download").click();
        assertThat(page.locator("#package-error")).containsText("Java package name");
        assertThat(page.getByLabel("Package")).hasAttribute("aria-invalid", "true");
        page.getByLabel("Package").fill("com.example.shop");
        page.getByRole(AriaRole.BUTTON, named("Show the commands for this package")).click();
        assertThat(page.locator("#save-to")).hasText("src/main/java/com/example/shop/PadicEvents.java");
        assertThat(page.locator("#snippet-example")).containsText("import com.example.shop.PadicEvents;");
        assertThat(page.locator("#snippet-example")).containsText("padic.orderPlaced(total).send(\"order-1\");");
        assertEquals(generated(api, owner, projectId, "java?package=com.example.shop"),
                downloaded("PadicEvents.java"));
        shot("java");

        // Without script the route itself answers the file, named as platform-api names it.
        APIResponse plain = page.request().get(client + "/download?language=java&package=com.example.shop");
        assertEquals(200, plain.status());
        assertEquals("attachment; filename=\"PadicEvents.java\"", plain.headers().get("content-disposition"));
        assertEquals(generated(api, owner, projectId, "java?package=com.example.shop"), withoutTime(plain.text()));
        assertEquals(List.of(), MemberPages.scriptErrors(consoleErrors), "no script or CSP errors");
    }

    @Test
    void aViewerUsesThePageAndAStrangerFindsNothing() throws IOException {
        ApiClient api = ApiClient.to(apiUrl());
        Account owner = api.signUp();
        String projectId = api.createProject(owner, "Shared");
        api.declareEventType(owner, projectId, "order.placed", ORDER_PLACED);
        String email = newEmail();
        api.as(owner.token()).post("/v1/workspaces/" + owner.tenantId() + "/invitations",
                Map.of("email", email, "role", "viewer"), null).expect(201);
        Account viewer = api.signUp(email, ApiClient.PASSWORD, "Vera Viewer");
        String token = Mailbox.await(email, "invited you").linkPath().replaceFirst(".*[?&]token=", "");
        api.as(viewer.token()).post("/v1/invitations/accept", Map.of("token", token), null).expect(200);

        MemberPages.logIn(page, viewer);
        page.navigate("/projects/" + projectId + "/client");
        assertEquals(generated(api, owner, projectId, "typescript"), downloaded("padic-events.ts"));

        context.clearCookies();
        MemberPages.logIn(page, api.signUp());
        page.navigate("/projects/" + projectId + "/client");
        assertThat(page.locator("h1")).hasText("Not found");
        assertEquals(404, page.request().get("/projects/" + projectId + "/client/download?language=typescript")
                .status());
    }

    /** What the page's Download button saves, after checking the file's name. */
    private String downloaded(String fileName) throws IOException {
        Download download = page.waitForDownload(() -> page.locator("#download").click());
        assertEquals(fileName, download.suggestedFilename());
        return withoutTime(Files.readString(download.path()));
    }

    /** platform-api's own answer to {@code GET …/clients/<language>}. */
    private static String generated(ApiClient api, Account owner, String projectId, String languageAndQuery) {
        return withoutTime(api.as(owner.token()).getText("/v1/projects/" + projectId + "/clients/" + languageAndQuery)
                .expect(200));
    }

    /** The file's header says when it was generated, to the second: two downloads differ only there. */
    private static String withoutTime(String source) {
        return source.replaceFirst("generated \\S+ by", "generated … by");
    }
}
