package io.padic.api.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.testkit.ApiClient;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-account limit on failed log-ins lives in Redis, so it holds across platform-api processes: wrong
 * passwords sent alternately to two processes are refused at the same total count as on one process, and
 * then by both, also for the right password.
 */
class SharedLoginLimitsIT {

    private static final String PASSWORD = "correct horse battery";
    private static final Map<String, String> TEN_PER_MINUTE = Map.of(
            "PADIC_AUTH_LIMITS_LOGIN_PER_ACCOUNT_ATTEMPTS", "10",
            "PADIC_AUTH_LIMITS_LOGIN_PER_ACCOUNT_WINDOW", "PT1M");

    private static TwoApps apps;

    @BeforeAll
    static void startTwoProcessesOnOneStoreAndRedis() {
        apps = TwoApps.start("limits", TEN_PER_MINUTE);
    }

    @AfterAll
    static void stop() {
        if (apps != null) {
            apps.close();
        }
    }

    @Test
    void wrongPasswordsAlternatedAcrossTwoProcessesTripTheLimitAtTheSameTotalCount() {
        String email = "limits-" + UUID.randomUUID() + "@example.com";
        ApiClient.to(apps.app(0).uri()).signUp(email, PASSWORD, "IT user");

        for (int i = 1; i <= 10; i++) {
            logIn(apps.app(i), email, "wrong horse battery " + i).expect(401);
        }
        for (int i = 11; i <= 14; i++) {
            JsonNode refused = logIn(apps.app(i), email, "wrong horse battery " + i).expect(429);
            assertEquals("login-per-account", refused.path("limit").asText(), refused.toString());
        }
        for (AppProcess app : apps.both()) {
            ApiClient.Reply right = logIn(app, email, PASSWORD);
            assertEquals(429, right.status(), "the right password waits for the window too: " + right.body());
            assertTrue(right.body().path("detail").asText().contains("at most 10 in 1 minute"), right.body().toString());
        }
    }

    private static ApiClient.Reply logIn(AppProcess app, String email, String password) {
        return ApiClient.to(app.uri()).post("/v1/auth/login", Map.of("email", email, "password", password), null);
    }
}
