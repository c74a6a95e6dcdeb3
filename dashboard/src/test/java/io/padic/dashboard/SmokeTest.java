package io.padic.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import io.padic.dashboard.support.BrowserTest;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SmokeTest extends BrowserTest {

    @Test
    void signUpAndCreateProject() {
        signUp("Ada");
        shot("projects");
        createProject("Photos");
        shot("home");
        assertThat(page.locator("#snippet-event")).containsText("PhotoCreate");
    }
}
