package io.padic.api.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.api.support.TestIdentityProvider;
import io.padic.testkit.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * First sign-ins through single sign-on racing each other, and a password sign-up, across two platform-api processes
 * on one store: one identity makes one account (the link's computed {@code _id} and the unique e-mail settle it), and
 * a sign-up and a sign-in of one e-mail never both get an account.
 */
class SingleSignOnRacesIT {

    private static final int TRIES = 8;

    private static TestIdentityProvider provider;
    private static TwoApps apps;

    @BeforeAll
    static void startTwoProcessesTrustingOneProvider() {
        provider = new TestIdentityProvider();
        Map<String, String> sso = provider.start();
        apps = TwoApps.start("sso", Map.of(
                "PADIC_AUTH_SSO_ISSUER", sso.get("padic.auth.sso.issuer"),
                "PADIC_AUTH_SSO_CLIENT_ID", sso.get("padic.auth.sso.client-id")));
    }

    @AfterAll
    static void stop() {
        if (apps != null) {
            apps.close();
        }
        if (provider != null) {
            provider.stop();
        }
    }

    private static ApiClient via(int i) {
        return ApiClient.to(apps.app(i).uri());
    }

    /** Runs the tasks at the same moment; answers what each returned, in order. */
    private static <T> List<T> atOnce(List<Callable<T>> tasks) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(tasks.size())) {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        }
    }

    @Test
    void twinFirstSignInsThroughTwoProcessesMakeOneAccount() throws Exception {
        for (int round = 0; round < 4; round++) {
            String subject = "sub-" + UUID.randomUUID();
            String email = "twins-" + UUID.randomUUID() + "@example.com";
            List<Callable<ApiClient.Reply>> tasks = new ArrayList<>();
            for (int i = 0; i < TRIES; i++) {
                int n = i;
                String token = TestIdentityProvider.idToken(subject, email, true);
                tasks.add(() -> via(n).post("/v1/auth/sso", Map.of("idToken", token), null));
            }
            List<ApiClient.Reply> replies = atOnce(tasks);
            String userId = replies.get(0).expect(200).path("user").path("id").asText();
            for (ApiClient.Reply reply : replies) {
                assertEquals(userId, reply.expect(200).path("user").path("id").asText(), "one account: " + replies);
            }
            String token = replies.get(1).body().path("token").asText();
            assertEquals(1, via(0).as(token).get("/v1/me").expect(200).path("tenants").size(),
                    "one personal workspace");
        }
    }

    @Test
    void aFirstSignInAndAPasswordSignUpOfOneEmailNeverBothGetAnAccount() throws Exception {
        for (int round = 0; round < TRIES; round++) {
            String email = "both-" + UUID.randomUUID() + "@example.com";
            String token = TestIdentityProvider.idToken("sub-" + UUID.randomUUID(), email, true);
            int r = round;
            List<ApiClient.Reply> replies = atOnce(List.of(
                    () -> via(r).post("/v1/auth/signup", Map.of("email", email, "password", ApiClient.PASSWORD,
                            "name", "Racer"), null),
                    () -> via(r + 1).post("/v1/auth/sso", Map.of("idToken", token), null)));
            List<Integer> statuses = replies.stream().map(ApiClient.Reply::status).toList();
            assertEquals(1, statuses.stream().filter(s -> s / 100 == 2).count(), "one of them wins: " + replies);
            assertTrue(statuses.contains(409), "the other is told the e-mail has an account: " + replies);
            // Whoever won, the account works through either process, and there is one.
            ApiClient.Reply winner = replies.stream().filter(rep -> rep.status() / 100 == 2).findFirst().orElseThrow();
            String session = winner.body().path("token").asText();
            assertEquals(email, via(r + 1).as(session).get("/v1/me").expect(200).path("user").path("email").asText());
        }
    }
}
